/* cg-sim-private.h: pieces shared by the simulator's files
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "cg-sim-server.h"
#include "cg-sim-world.h"

G_BEGIN_DECLS

/* The faults one data request gets, drawn from the fault stream */
typedef struct
{
  guint slow : 1;
  guint error_500 : 1;
  guint error_503 : 1;
  guint truncate : 1;
  guint malformed : 1;
  guint wrong_types : 1;
  guint bad_coords : 1;
  guint drop : 1;
} CgSimFaults;

void   _cg_sim_faults_draw     (const CgSimConfig *config,
                                CgSimRng          *rng,
                                CgSimFaults       *faults);
/* Replaces @body (a JSON document) by something that is not JSON */
void   _cg_sim_faults_malform  (GString           *body);
void   _cg_sim_config_copy     (CgSimConfig       *dest,
                                const CgSimConfig *src);

CgSimWorld *_cg_sim_server_get_world (CgSimServer *self);

/* The Traccar WebSocket feed */
typedef struct _CgSimLive CgSimLive;

CgSimLive *_cg_sim_live_new   (CgSimWorld              *world,
                               GMainContext            *context,
                               guint                    interval_ms);
void       _cg_sim_live_free  (CgSimLive               *live);
void       _cg_sim_live_add   (CgSimLive               *live,
                               SoupWebsocketConnection *conn);

G_END_DECLS
