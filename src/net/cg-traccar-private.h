/* cg-traccar-private.h: what the Traccar decoder and its fast scanner share
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-json-util.h"
#include "cg-traccar.h"

G_BEGIN_DECLS

/* The members of a position that the decoder reads */
typedef enum
{
  CG_POS_ID,
  CG_POS_DEVICE_ID,
  CG_POS_LATITUDE,
  CG_POS_LONGITUDE,
  CG_POS_SPEED,
  CG_POS_COURSE,
  CG_POS_ALTITUDE,
  CG_POS_ACCURACY,
  CG_POS_VALID,
  CG_POS_FIX_TIME,
  CG_POS_DEVICE_TIME,
  CG_POS_SERVER_TIME,
  CG_N_POS_MEMBERS
} CgPosMember;

extern const char * const _cg_traccar_position_members[CG_N_POS_MEMBERS];

/* The checks and conversions of one position, whichever parser read it */
gboolean          _cg_traccar_decode_position_raw (const CgJsonValue     *values,
                                                   const CgTraccarCheck  *check,
                                                   gint64                 now,
                                                   CgTraccarPosition     *p,
                                                   CgTraccarSkip         *reason);
void              _cg_traccar_count_skip          (CgTraccarMessage      *message,
                                                   CgTraccarSkip          reason,
                                                   const char            *what,
                                                   guint                  index);
gint64            _cg_traccar_check_now           (const CgTraccarCheck  *check);

/* The general decoder (json-glib), for every message */
CgTraccarMessage *_cg_traccar_decode_message_tree (const char            *data,
                                                   gsize                  length,
                                                   const CgTraccarCheck  *check);
/* The fast path for the message a live feed sends every second, {"positions": [...]}:
 * NULL (nothing decided) for anything else or anything unusual in it, which the general
 * decoder then reads. Where it answers, it answers exactly as the general decoder. */
CgTraccarMessage *_cg_traccar_scan_positions      (const char            *data,
                                                   gsize                  length,
                                                   const CgTraccarCheck  *check);

G_END_DECLS
