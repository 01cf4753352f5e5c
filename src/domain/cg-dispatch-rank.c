/* cg-dispatch-rank.c: which officers and vehicles to send, nearest arrival first
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <math.h>

#include "cg-coords.h"
#include "cg-dispatch-rank.h"

const char *
cg_unit_kind_to_string (CgUnitKind kind)
{
  return kind == CG_UNIT_VEHICLE ? "vehicle" : "officer";
}

const char *
cg_unit_state_to_string (CgUnitState state)
{
  switch (state)
    {
    case CG_UNIT_ONLINE:
      return "online";
    case CG_UNIT_STALE:
      return "stale";
    case CG_UNIT_OFFLINE:
    default:
      return "offline";
    }
}

double
cg_dispatch_eta_s (CgUnitKind kind,
                   double     distance_m)
{
  double road = MAX (distance_m, 0.0) * CG_RANK_DETOUR_FACTOR;

  if (kind == CG_UNIT_VEHICLE)
    return CG_RANK_VEHICLE_START_S + road / CG_RANK_DRIVE_SPEED_MS;
  return road / CG_RANK_WALK_SPEED_MS;
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const CgRankResult *ra = a;
  const CgRankResult *rb = b;

  if (ra->eta_s != rb->eta_s)
    return ra->eta_s < rb->eta_s ? -1 : 1;
  if (ra->distance_m != rb->distance_m)
    return ra->distance_m < rb->distance_m ? -1 : 1;
  return ra->device_id < rb->device_id ? -1 : ra->device_id > rb->device_id;
}

GArray *
cg_dispatch_rank (const CgRankCandidate *candidates,
                  guint                  n_candidates,
                  double                 lon,
                  double                 lat,
                  guint                  kinds_mask,
                  guint                  max_results)
{
  GArray *results = g_array_new (FALSE, FALSE, sizeof (CgRankResult));

  g_return_val_if_fail (candidates != NULL || n_candidates == 0, results);

  if (!isfinite (lon) || !isfinite (lat))
    return results;

  for (guint i = 0; i < n_candidates; i++)
    {
      const CgRankCandidate *c = &candidates[i];
      CgRankResult r;

      if (c->state != CG_UNIT_ONLINE || c->dispatched)
        continue;
      if (kinds_mask != 0 && (kinds_mask & (1u << c->kind)) == 0)
        continue;
      if (!isfinite (c->lon) || !isfinite (c->lat))
        continue;

      r.index = i;
      r.device_id = c->device_id;
      r.kind = c->kind;
      r.distance_m = cg_coords_distance_m (c->lon, c->lat, lon, lat);
      r.eta_s = cg_dispatch_eta_s (c->kind, r.distance_m);
      g_array_append_val (results, r);
    }

  g_array_sort (results, compare_results);
  if (max_results > 0 && results->len > max_results)
    g_array_set_size (results, max_results);
  return results;
}
