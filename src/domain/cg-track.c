/* cg-track.c: statistics of a recorded track (distance, moving time, stops) for replay
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <math.h>

#include "cg-coords.h"
#include "cg-track.h"

void
cg_track_params_init (CgTrackParams *params)
{
  g_return_if_fail (params != NULL);

  params->moving_kmh = CG_TRACK_MOVING_KMH;
  params->stop_min_s = CG_TRACK_STOP_MIN_S;
  params->max_gap_s = CG_TRACK_MAX_GAP_S;
}

void
cg_track_stats_free (CgTrackStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->stops, g_array_unref);
  g_free (stats);
}

/* Closes the current run of still segments: a stop if long enough */
static void
end_still_run (CgTrackStats        *stats,
               const CgTrackParams *params,
               const CgTrackPoint  *first,
               gint64               end)
{
  CgTrackStop stop;

  if (first == NULL || end - first->t < params->stop_min_s)
    return;
  stop.start = first->t;
  stop.end = end;
  stop.lon = first->lon;
  stop.lat = first->lat;
  g_array_append_val (stats->stops, stop);
  stats->stopped_s += end - first->t;
}

CgTrackStats *
cg_track_compute_stats (const CgTrackPoint  *points,
                        guint                n_points,
                        const CgTrackParams *params)
{
  CgTrackStats *stats = g_new0 (CgTrackStats, 1);
  CgTrackParams defaults;
  const CgTrackPoint *prev = NULL;
  const CgTrackPoint *still_start = NULL;   /* first point of the current still run */

  stats->stops = g_array_new (FALSE, FALSE, sizeof (CgTrackStop));
  g_return_val_if_fail (points != NULL || n_points == 0, stats);

  if (params == NULL)
    {
      cg_track_params_init (&defaults);
      params = &defaults;
    }

  for (guint i = 0; i < n_points; i++)
    {
      const CgTrackPoint *p = &points[i];
      gint64 dt;
      double d, kmh;

      if (!isfinite (p->lon) || !isfinite (p->lat))
        continue;
      if (prev == NULL)
        {
          prev = p;
          stats->n_points++;
          continue;
        }
      dt = p->t - prev->t;
      if (dt <= 0)
        continue;                           /* out of order or duplicate */
      stats->n_points++;
      d = cg_coords_distance_m (prev->lon, prev->lat, p->lon, p->lat);
      kmh = d / dt * 3.6;

      if (dt > params->max_gap_s)
        {
          end_still_run (stats, params, still_start, prev->t);
          still_start = NULL;
          stats->gap_s += dt;
        }
      else if (kmh >= params->moving_kmh)
        {
          end_still_run (stats, params, still_start, prev->t);
          still_start = NULL;
          stats->distance_m += d;
          stats->moving_s += dt;
          stats->max_speed_kmh = MAX (stats->max_speed_kmh, kmh);
        }
      else if (still_start == NULL)
        still_start = prev;
      prev = p;
    }
  if (prev != NULL)
    end_still_run (stats, params, still_start, prev->t);

  if (stats->n_points > 0)
    {
      const CgTrackPoint *first = NULL;

      for (guint i = 0; i < n_points && first == NULL; i++)
        if (isfinite (points[i].lon) && isfinite (points[i].lat))
          first = &points[i];
      stats->duration_s = prev->t - first->t;
    }
  stats->avg_moving_kmh = stats->moving_s > 0 ? stats->distance_m / stats->moving_s * 3.6 : 0;
  return stats;
}

gboolean
cg_track_position_at (const CgTrackPoint *points,
                      guint               n_points,
                      double              t,
                      double             *lon,
                      double             *lat)
{
  guint lo = 0, hi;
  double f;

  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  if (points == NULL || n_points == 0)
    return FALSE;
  if (t <= points[0].t || n_points == 1)
    {
      *lon = points[0].lon;
      *lat = points[0].lat;
      return TRUE;
    }
  if (t >= points[n_points - 1].t)
    {
      *lon = points[n_points - 1].lon;
      *lat = points[n_points - 1].lat;
      return TRUE;
    }
  /* the last fix at or before t */
  hi = n_points - 1;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (points[mid].t <= t)
        lo = mid;
      else
        hi = mid;
    }
  f = points[hi].t > points[lo].t ? (t - points[lo].t) / (double) (points[hi].t - points[lo].t) : 0.0;
  *lon = points[lo].lon + (points[hi].lon - points[lo].lon) * f;
  *lat = points[lo].lat + (points[hi].lat - points[lo].lat) * f;
  return TRUE;
}
