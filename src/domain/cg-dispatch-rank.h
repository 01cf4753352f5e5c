/* cg-dispatch-rank.h: which officers and vehicles to send, nearest arrival first
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CG_UNIT_OFFICER,             /* 执法队员: walks */
  CG_UNIT_VEHICLE,             /* 执法车辆: drives */
} CgUnitKind;

typedef enum
{
  CG_UNIT_ONLINE,              /* recent fix */
  CG_UNIT_STALE,               /* no fix for longer than the stale threshold */
  CG_UNIT_OFFLINE,             /* device offline, or never had a fix */
} CgUnitState;

/* "officer" | "vehicle"; "online" | "stale" | "offline" */
const char *cg_unit_kind_to_string  (CgUnitKind  kind);
const char *cg_unit_state_to_string (CgUnitState state);

/* ETA model. Distances on the street network are longer than great-circle ones: Shanghai's
 * street grid gives about 1.3 times the straight line (Manhattan distance is at most 1.41x).
 * Officers walk at 4.5 km/h; vehicles average 20 km/h in central-district traffic and need
 * 60 s to get going (crew in, engine on). */
#define CG_RANK_DETOUR_FACTOR      1.3
#define CG_RANK_WALK_SPEED_MS      1.25    /* 4.5 km/h */
#define CG_RANK_DRIVE_SPEED_MS     5.5556  /* 20 km/h */
#define CG_RANK_VEHICLE_START_S    60.0

typedef struct
{
  gint64       device_id;      /* the caller's key (Traccar device id) */
  CgUnitKind   kind;
  CgUnitState  state;
  gboolean     dispatched;     /* already on an unresolved dispatch */
  double       lon;            /* WGS-84 degrees; NAN = no position (never ranked) */
  double       lat;
} CgRankCandidate;

typedef struct
{
  guint        index;          /* into the candidates */
  gint64       device_id;
  CgUnitKind   kind;
  double       distance_m;     /* great circle */
  double       eta_s;          /* estimated arrival, see the model above */
} CgRankResult;

/* Estimated seconds to cover @distance_m (great circle) for @kind. */
double  cg_dispatch_eta_s (CgUnitKind kind,
                           double     distance_m);

/* Ranks the available candidates (online, not dispatched, with a position) for the target
 * (@lon, @lat), by ETA, then distance, then device id; at most @max_results (0 = all).
 * @kinds_mask: bit (1 << CgUnitKind) per kind to include; 0 = all.
 * Returns a GArray of CgRankResult (transfer full). */
GArray *cg_dispatch_rank  (const CgRankCandidate *candidates,
                           guint                  n_candidates,
                           double                 lon,
                           double                 lat,
                           guint                  kinds_mask,
                           guint                  max_results);

G_END_DECLS
