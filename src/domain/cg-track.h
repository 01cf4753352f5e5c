/* cg-track.h: statistics of a recorded track (distance, moving time, stops) for replay
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Thresholds (documented defaults of CgTrackParams):
 * - a segment between two fixes is "moving" when its average speed is at least
 *   CG_TRACK_MOVING_KMH (1.5 km/h: well under walking pace, well over the drift of a
 *   stationary GPS, about 10 m a minute);
 * - a stop is a run of non-moving segments lasting at least CG_TRACK_STOP_MIN_S (3 min);
 * - a segment longer than CG_TRACK_MAX_GAP_S (10 min) is a gap in the data: it counts as
 *   neither distance nor moving time (nor as a stop: nobody knows what happened).
 * Distance only adds moving segments, so GPS drift while standing does not inflate it. */
#define CG_TRACK_MOVING_KMH   1.5
#define CG_TRACK_STOP_MIN_S   180
#define CG_TRACK_MAX_GAP_S    600

typedef struct
{
  gint64  t;                  /* unix seconds */
  double  lon;                /* WGS-84 */
  double  lat;
} CgTrackPoint;

typedef struct
{
  double  moving_kmh;         /* default CG_TRACK_MOVING_KMH */
  gint64  stop_min_s;         /* default CG_TRACK_STOP_MIN_S */
  gint64  max_gap_s;          /* default CG_TRACK_MAX_GAP_S */
} CgTrackParams;

typedef struct
{
  gint64  start;              /* first fix of the stop */
  gint64  end;                /* last fix of the stop */
  double  lon;                /* where (the first fix) */
  double  lat;
} CgTrackStop;

typedef struct
{
  guint   n_points;
  double  distance_m;         /* moving segments only */
  gint64  duration_s;         /* first to last fix */
  gint64  moving_s;
  gint64  stopped_s;          /* time in stops (runs >= stop_min_s) */
  gint64  gap_s;              /* time in gaps */
  double  max_speed_kmh;      /* over single segments */
  double  avg_moving_kmh;     /* distance / moving time, 0 when never moving */
  GArray *stops;              /* CgTrackStop */
} CgTrackStats;

void          cg_track_params_init     (CgTrackParams      *params);

/* @points in time order (out-of-order or duplicate times are ignored); @params nullable. */
CgTrackStats *cg_track_compute_stats   (const CgTrackPoint *points,
                                        guint               n_points,
                                        const CgTrackParams *params);
void          cg_track_stats_free      (CgTrackStats       *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgTrackStats, cg_track_stats_free)

/* Replay: where the track is at @t (unix seconds, fractions allowed), linear between the two
 * fixes around it; before the first fix the first, after the last the last. @points in time
 * order. FALSE for an empty track. */
gboolean      cg_track_position_at     (const CgTrackPoint *points,
                                        guint               n_points,
                                        double              t,
                                        double             *lon,
                                        double             *lat);

G_END_DECLS
