/* test-track.c: track statistics on a known track
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cg-coords.h"
#include "cg-track.h"

#define T0 1795397400

/* A known track, one fix a minute: walks north 10 minutes at 80 m/min, stands 5 minutes
 * (with 3 m of GPS drift), walks 4 more minutes, a 20-minute gap, stands 2 minutes. */
static GArray *
known_track (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (CgTrackPoint));
  double lat = 31.25;
  double step = 80.0 / 111194.93;      /* 80 m of latitude at the haversine radius */
  gint64 t = T0;
  CgTrackPoint p = { t, 121.40, lat };

  g_array_append_val (a, p);
  for (int i = 0; i < 10; i++)
    {
      t += 60;
      lat += step;
      p = (CgTrackPoint) { t, 121.40, lat };
      g_array_append_val (a, p);
    }
  for (int i = 0; i < 5; i++)
    {
      t += 60;
      p = (CgTrackPoint) { t, 121.40 + (i % 2 ? 3.0 / 95000 : 0), lat };
      g_array_append_val (a, p);
    }
  /* a duplicate fix is ignored */
  g_array_append_val (a, p);
  for (int i = 0; i < 4; i++)
    {
      t += 60;
      lat += step;
      p = (CgTrackPoint) { t, 121.40, lat };
      g_array_append_val (a, p);
    }
  t += 20 * 60;
  p = (CgTrackPoint) { t, 121.40, lat };
  g_array_append_val (a, p);
  for (int i = 0; i < 2; i++)
    {
      t += 60;
      g_array_append_val (a, p);
      g_array_index (a, CgTrackPoint, a->len - 1).t = t;
    }
  return a;
}

static void
test_track_known (void)
{
  g_autoptr(GArray) track = known_track ();
  g_autoptr(CgTrackStats) s = cg_track_compute_stats ((CgTrackPoint *) track->data, track->len, NULL);
  CgTrackStop *stop;

  g_assert_cmpuint (s->n_points, ==, track->len - 1);
  g_assert_cmpfloat_with_epsilon (s->distance_m, 14 * 80.0, 0.5);
  g_assert_cmpint (s->moving_s, ==, 14 * 60);
  g_assert_cmpint (s->gap_s, ==, 20 * 60);
  g_assert_cmpint (s->duration_s, ==, (10 + 5 + 4 + 20 + 2) * 60);
  /* the 5-minute stand is a stop; the final 2 minutes are too short */
  g_assert_cmpuint (s->stops->len, ==, 1);
  stop = &g_array_index (s->stops, CgTrackStop, 0);
  g_assert_cmpint (stop->start, ==, T0 + 600);
  g_assert_cmpint (stop->end, ==, T0 + 900);
  g_assert_cmpint (s->stopped_s, ==, 300);
  g_assert_cmpfloat_with_epsilon (s->avg_moving_kmh, 4.8, 0.01);
  g_assert_cmpfloat_with_epsilon (s->max_speed_kmh, 4.8, 0.01);
}

static void
test_track_params_and_empty (void)
{
  g_autoptr(GArray) track = known_track ();
  g_autoptr(CgTrackStats) empty = cg_track_compute_stats (NULL, 0, NULL);
  g_autoptr(CgTrackStats) strict = NULL;
  CgTrackParams params;

  g_assert_cmpuint (empty->n_points, ==, 0);
  g_assert_cmpfloat (empty->distance_m, ==, 0);
  g_assert_cmpuint (empty->stops->len, ==, 0);

  /* a 2-minute stop threshold also finds the final stand */
  cg_track_params_init (&params);
  params.stop_min_s = 120;
  strict = cg_track_compute_stats ((CgTrackPoint *) track->data, track->len, &params);
  g_assert_cmpuint (strict->stops->len, ==, 2);
  g_assert_cmpint (strict->stopped_s, ==, 300 + 120);
}

static void
test_track_position_at (void)
{
  const CgTrackPoint pts[] = {
    { T0, 121.40, 31.20 },
    { T0 + 60, 121.41, 31.20 },
    { T0 + 120, 121.41, 31.22 },
  };
  double lon, lat;

  g_assert_false (cg_track_position_at (NULL, 0, T0, &lon, &lat));
  g_assert_true (cg_track_position_at (pts, 3, T0 - 10, &lon, &lat));
  g_assert_cmpfloat (lon, ==, 121.40);
  g_assert_true (cg_track_position_at (pts, 3, T0 + 30, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 121.405, 1e-12);
  g_assert_cmpfloat_with_epsilon (lat, 31.20, 1e-12);
  g_assert_true (cg_track_position_at (pts, 3, T0 + 90.5, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 121.41, 1e-12);
  g_assert_cmpfloat_with_epsilon (lat, 31.20 + 0.02 * 30.5 / 60, 1e-12);
  g_assert_true (cg_track_position_at (pts, 3, T0 + 120, &lon, &lat));
  g_assert_cmpfloat (lat, ==, 31.22);
  g_assert_true (cg_track_position_at (pts, 3, T0 + 9999, &lon, &lat));
  g_assert_cmpfloat (lat, ==, 31.22);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/track/known", test_track_known);
  g_test_add_func ("/cg/track/params", test_track_params_and_empty);
  g_test_add_func ("/cg/track/position-at", test_track_position_at);
  return g_test_run ();
}
