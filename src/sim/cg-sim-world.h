/* cg-sim-world.h: the deterministic synthetic district behind chengguan-citysim
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-district.h"
#include "cg-sim-server.h"

G_BEGIN_DECLS

/* xoshiro256** seeded through splitmix64: the only randomness of the simulator */
typedef struct
{
  guint64 s[4];
} CgSimRng;

void     cg_sim_rng_init    (CgSimRng *rng,
                             guint64   seed,
                             guint64   stream);
guint64  cg_sim_rng_next    (CgSimRng *rng);
double   cg_sim_rng_double  (CgSimRng *rng);          /* [0, 1) */
guint32  cg_sim_rng_range   (CgSimRng *rng,
                             guint32   n);            /* [0, n) */

typedef enum
{
  CG_SIM_MERCHANTS,
  CG_SIM_SITES,
  CG_SIM_POINTS,
  CG_SIM_INSPECTIONS,
  CG_SIM_CASES,
  CG_SIM_OFFICERS,
  CG_SIM_COMPLAINTS,
  CG_SIM_DISPATCHES,
  CG_SIM_N_COLLECTIONS
} CgSimCollection;

/* How a page's records are spoiled on purpose (faults) */
typedef enum
{
  CG_SIM_SPOIL_NONE        = 0,
  CG_SIM_SPOIL_WRONG_TYPES = 1 << 0,
  CG_SIM_SPOIL_BAD_COORDS  = 1 << 1,
} CgSimSpoil;

typedef struct _CgSimWorld CgSimWorld;

CgSimWorld  *cg_sim_world_new            (const CgSimConfig *config,
                                          GError           **error);
void         cg_sim_world_free           (CgSimWorld        *world);

CgDistrict  *cg_sim_world_get_district   (CgSimWorld        *world);
gint64       cg_sim_world_get_now        (CgSimWorld        *world);
/* Number of live (not deleted) objects */
guint        cg_sim_world_count          (CgSimWorld        *world,
                                          CgSimCollection    collection);
/* The change sequence number of the collection's latest change */
guint64      cg_sim_world_last_seq       (CgSimWorld        *world,
                                          CgSimCollection    collection);

/* Moves time on by @seconds: merchants change, complaints arrive and get closed */
void         cg_sim_world_advance        (CgSimWorld        *world,
                                          guint              seconds);

/* A page of changes after @since (a change sequence number), at most @limit.
 * Appends the whole JSON document to @out; returns whether more waits. */
gboolean     cg_sim_world_write_page     (CgSimWorld        *world,
                                          CgSimCollection    collection,
                                          guint64            since,
                                          guint              limit,
                                          CgSimSpoil         spoil,
                                          GString           *out);

/* Open311 */
void         cg_sim_world_write_services (CgSimWorld        *world,
                                          GString           *out);
typedef struct
{
  gint64       start_date;     /* 0 = none */
  gint64       end_date;       /* 0 = none */
  int          status;         /* -1 any, 0 open, 1 closed */
  gint64       updated_after;  /* -1 = not given */
  guint        page_size;      /* 0 = not given */
} CgSimRequestQuery;

void         cg_sim_world_write_requests (CgSimWorld              *world,
                                          const CgSimRequestQuery *query,
                                          CgSimSpoil               spoil,
                                          GString                 *out);
/* FALSE if no such request */
gboolean     cg_sim_world_write_request  (CgSimWorld        *world,
                                          const char        *id,
                                          GString           *out);

/* Dispatch: creates the dispatch for @key, or finds the one made earlier with it
 * (*created = FALSE). Appends its JSON to @out. FALSE + G_IO_ERROR_INVALID_ARGUMENT when the
 * complaint, an officer ("o-NNNN") or a vehicle ("v-NNNN") does not exist, or when no unit is
 * given. @vehicle_ids may be NULL. */
gboolean     cg_sim_world_dispatch       (CgSimWorld         *world,
                                          const char         *key,
                                          const char         *complaint_id,
                                          const char * const *officer_ids,
                                          const char * const *vehicle_ids,
                                          const char         *note,
                                          gboolean           *created,
                                          GString            *out,
                                          GError            **error);

/* Traccar */
void         cg_sim_world_write_devices  (CgSimWorld        *world,
                                          GString           *out);
void         cg_sim_world_write_groups   (CgSimWorld        *world,
                                          GString           *out);
/* @device_id 0 = all devices */
void         cg_sim_world_write_positions (CgSimWorld       *world,
                                           guint             device_id,
                                           GString          *out);
/* device_id or group_id (0 = not given); positions every 60 s between from and to */
void         cg_sim_world_write_route    (CgSimWorld        *world,
                                          guint              device_id,
                                          guint              group_id,
                                          gint64             from,
                                          gint64             to,
                                          GString           *out);

/* Traccar events with an id above @after_id, as a JSON array; returns the last id written
 * (@after_id when none) */
guint64      cg_sim_world_write_events   (CgSimWorld        *world,
                                          guint64            after_id,
                                          GString           *out);
guint64      cg_sim_world_last_event_id  (CgSimWorld        *world);

/* "2026-11-23T09:30:00+08:00" (Shanghai time), into @buf of at least 32 bytes */
void         cg_sim_format_time          (gint64             t,
                                          char              *buf);

G_END_DECLS
