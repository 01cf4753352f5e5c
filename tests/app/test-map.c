/* test-map.c: the plain-C parts of the map and the status texts (no display needed)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cg-mercator.h"
#include "cg-place-labels.h"
#include "cg-point-grid.h"
#include "cg-poi-symbols.h"
#include "cg-status-text.h"
#include "cg-store.h"

static void
test_mercator_round_trip (void)
{
  g_assert_cmpfloat_with_epsilon (cg_mercator_x_from_lon (0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (cg_mercator_y_from_lat (0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (cg_mercator_x_from_lon (-180), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (cg_mercator_y_from_lat (CG_MERCATOR_MAX_LATITUDE), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (cg_mercator_y_from_lat (-90), 1.0, 1e-9);   /* clamped */

  for (double lat = -80; lat <= 80; lat += 3.7)
    for (double lon = -179; lon <= 179; lon += 11.3)
      {
        double x = cg_mercator_x_from_lon (lon);
        double y = cg_mercator_y_from_lat (lat);

        g_assert_cmpfloat (x, >=, 0.0);
        g_assert_cmpfloat (x, <=, 1.0);
        g_assert_cmpfloat_with_epsilon (cg_mercator_lon_from_x (x), lon, 1e-9);
        g_assert_cmpfloat_with_epsilon (cg_mercator_lat_from_y (y), lat, 1e-9);
      }

  /* Shanghai: north of the equator is above (smaller y) */
  g_assert_cmpfloat (cg_mercator_y_from_lat (31.25), <, 0.5);
  g_assert_cmpfloat (cg_mercator_x_from_lon (121.4), >, 0.5);
}

static void
test_mercator_fit_zoom (void)
{
  /* a box 1/1024 of the world wide into 512 px: world = 512 * 1024 px = 256 * 2^11 */
  double z = cg_mercator_fit_zoom (0.5, 0.5, 0.5 + 1.0 / 1024, 0.5 + 1.0 / 4096,
                                   512, 512, 0, 256);

  g_assert_cmpfloat_with_epsilon (z, 11.0, 1e-9);

  /* the limiting side wins, and padding reduces the room */
  z = cg_mercator_fit_zoom (0.5, 0.5, 0.5 + 1.0 / 4096, 0.5 + 1.0 / 1024,
                            2000, 512, 0, 256);
  g_assert_cmpfloat_with_epsilon (z, 11.0, 1e-9);
  g_assert_cmpfloat (cg_mercator_fit_zoom (0.5, 0.5, 0.5 + 1.0 / 1024, 0.5, 512, 512, 20, 256),
                     <, 11.0);
}

static GTimeZone *
utc (void)
{
  return g_time_zone_new_utc ();
}

static void
test_status_text (void)
{
  g_autoptr(GTimeZone) tz = utc ();
  gint64 now = 1795430520;   /* 2026-11-23 10:42:00 UTC */
  g_autofree char *updated = cg_status_format_updated (now - 60, now, tz);
  g_autofree char *never = cg_status_format_updated (0, now, tz);
  g_autofree char *offline = cg_status_format_offline (now - 120, "Connection refused", now, tz);
  g_autofree char *offline_empty = cg_status_format_offline (0, "Timeout", now, tz);
  g_autofree char *next_soon = cg_status_format_next_attempt (now + 25, now, tz);
  g_autofree char *next_one = cg_status_format_next_attempt (now + 1, now, tz);
  g_autofree char *next_later = cg_status_format_next_attempt (now + 180, now, tz);
  g_autofree char *yesterday = cg_status_format_time (now - 86400, now, tz);
  g_autofree char *syncing = cg_status_format_syncing (0.456);
  g_autofree char *syncing_unknown = cg_status_format_syncing (-1);

  g_assert_cmpstr (updated, ==, "Updated 10:41");
  g_assert_cmpstr (never, ==, "Not synced yet");
  g_assert_cmpstr (offline, ==, "Offline — showing cached data from 10:40. Connection refused");
  g_assert_cmpstr (offline_empty, ==, "Offline — no data cached yet. Timeout");
  g_assert_cmpstr (next_soon, ==, "Next attempt in 25 seconds");
  g_assert_cmpstr (next_one, ==, "Next attempt in 1 second");
  g_assert_cmpstr (next_later, ==, "Next attempt at 10:45");
  g_assert_null (cg_status_format_next_attempt (0, now, tz));
  g_assert_cmpstr (yesterday, ==, "Nov 22 10:42");
  g_assert_cmpstr (syncing, ==, "Syncing… 45%");
  g_assert_cmpstr (syncing_unknown, ==, "Syncing…");
}

static void
test_status_text_timezone (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("+08:00");
  gint64 now = 1795430520;   /* 18:42 in Shanghai */
  g_autofree char *updated = cg_status_format_updated (now, now, shanghai);

  g_assert_nonnull (shanghai);
  g_assert_cmpstr (updated, ==, "Updated 18:42");
}

static CgProjPoint
proj (double x,
      double y,
      guint8 kind,
      guint8 risk)
{
  return (CgProjPoint) { .x = x, .y = y, .kind = kind, .risk = risk };
}

static void
test_thin_keeps_highest_risk (void)
{
  g_autoptr(CgThinGrid) grid = cg_thin_grid_new ();
  /* world = 1000 px; cells of 10 px: points 0..2 share the cell [500,510) x [500,510) */
  CgProjPoint points[] = {
    proj (0.5011, 0.5011, CG_COLLECTION_MERCHANTS, CG_RISK_LOW),
    proj (0.5052, 0.5033, CG_COLLECTION_MERCHANTS, CG_RISK_HIGH),
    proj (0.5091, 0.5091, CG_COLLECTION_MERCHANTS, CG_RISK_MEDIUM),
    proj (0.5201, 0.5011, CG_COLLECTION_MERCHANTS, CG_RISK_LOW),      /* another cell */
    proj (0.5012, 0.5012, CG_COLLECTION_SITES, CG_RISK_UNKNOWN),     /* same cell, other kind */
    proj (0.9, 0.9, CG_COLLECTION_MERCHANTS, CG_RISK_HIGH),          /* off screen */
  };
  CgGridView view = { .world = 1000, .ox = -400, .oy = -400, .width = 300, .height = 300,
                      .cell = 10, .margin = 5 };
  const guint32 *kept;
  guint n = 0;

  kept = cg_thin_grid_run (grid, points, G_N_ELEMENTS (points), &view, 0x7, &n);
  g_assert_cmpuint (n, ==, 3);
  /* ordered by kind, then rising risk: merchant low (3), merchant high (1), site (4) */
  g_assert_cmpuint (kept[0], ==, 3);
  g_assert_cmpuint (kept[1], ==, 1);
  g_assert_cmpuint (kept[2], ==, 4);

  /* hiding sites leaves the merchants */
  kept = cg_thin_grid_run (grid, points, G_N_ELEMENTS (points), &view,
                           1u << CG_COLLECTION_MERCHANTS, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (kept[1], ==, 1);

  /* ties keep the first point */
  points[2].risk = CG_RISK_HIGH;
  kept = cg_thin_grid_run (grid, points, G_N_ELEMENTS (points), &view, 0x1, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (kept[1], ==, 1);

  /* nothing visible */
  view.ox = 5000;
  kept = cg_thin_grid_run (grid, points, G_N_ELEMENTS (points), &view, 0x7, &n);
  g_assert_cmpuint (n, ==, 0);
  (void) kept;
}

static void
test_thin_map_anchored (void)
{
  g_autoptr(CgThinGrid) grid = cg_thin_grid_new ();
  /* two points 4 px apart that straddle no cell border in world coordinates */
  CgProjPoint points[] = {
    proj (0.5021, 0.5021, CG_COLLECTION_MERCHANTS, CG_RISK_LOW),
    proj (0.5025, 0.5025, CG_COLLECTION_MERCHANTS, CG_RISK_MEDIUM),
  };
  CgGridView view = { .world = 1000, .ox = -400, .oy = -400, .width = 300, .height = 300,
                      .cell = 10, .margin = 5 };

  /* panning by fractions of a cell never splits or merges them */
  for (double shift = 0; shift < 20; shift += 0.7)
    {
      const guint32 *kept;
      guint n = 0;

      view.ox = -400 + shift;
      view.oy = -400 - shift;
      kept = cg_thin_grid_run (grid, points, G_N_ELEMENTS (points), &view, 0x7, &n);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpuint (kept[0], ==, 1);
    }
}

static void
test_thin_many (void)
{
  g_autoptr(CgThinGrid) grid = cg_thin_grid_new ();
  g_autofree CgProjPoint *points = g_new (CgProjPoint, 100000);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  CgGridView view = { .world = 256 * 4096, .width = 1600, .height = 1000, .cell = 3, .margin = 10 };
  guint n = 0;

  for (guint i = 0; i < 100000; i++)
    points[i] = proj (0.83 + g_rand_double (rand) * 0.001, 0.40 + g_rand_double (rand) * 0.0006,
                      g_rand_int_range (rand, 0, 3), g_rand_int_range (rand, 0, 4));
  view.ox = 800 - 0.8305 * view.world;
  view.oy = 500 - 0.4003 * view.world;

  cg_thin_grid_run (grid, points, 100000, &view, 0x7, &n);
  g_assert_cmpuint (n, >, 1000);
  g_assert_cmpuint (n, <, 100000);
}

static void
test_hit_index (void)
{
  CgProjPoint points[] = {
    proj (0.10, 0.10, CG_COLLECTION_MERCHANTS, CG_RISK_LOW),
    proj (0.11, 0.10, CG_COLLECTION_SITES, CG_RISK_HIGH),
    proj (0.50, 0.50, CG_COLLECTION_POINTS, CG_RISK_UNKNOWN),
    proj (0.90, 0.20, CG_COLLECTION_MERCHANTS, CG_RISK_MEDIUM),
  };
  g_autoptr(CgPointIndex) index = cg_point_index_new (points, G_N_ELEMENTS (points));
  g_autoptr(CgPointIndex) empty = cg_point_index_new (NULL, 0);

  g_assert_cmpint (cg_point_index_nearest (index, 0.101, 0.10, 0.01, 0x7), ==, 0);
  g_assert_cmpint (cg_point_index_nearest (index, 0.108, 0.10, 0.01, 0x7), ==, 1);
  g_assert_cmpint (cg_point_index_nearest (index, 0.108, 0.10, 0.01,
                                           1u << CG_COLLECTION_MERCHANTS), ==, 0);
  g_assert_cmpint (cg_point_index_nearest (index, 0.5, 0.5005, 0.001, 0x7), ==, 2);
  g_assert_cmpint (cg_point_index_nearest (index, 0.5, 0.51, 0.001, 0x7), ==, -1);
  g_assert_cmpint (cg_point_index_nearest (index, 0.9, 0.2, 1e-9, 0x7), ==, 3);
  g_assert_cmpint (cg_point_index_nearest (index, 0.95, 0.95, 0.01, 0x7), ==, -1);
  g_assert_cmpint (cg_point_index_nearest (index, 0.5, 0.5, 0.01, 0), ==, -1);
  g_assert_cmpint (cg_point_index_nearest (empty, 0.5, 0.5, 0.5, 0x7), ==, -1);
}

static void
test_hit_index_matches_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree CgProjPoint *points = g_new (CgProjPoint, 5000);
  g_autoptr(CgPointIndex) index = NULL;

  for (guint i = 0; i < 5000; i++)
    points[i] = proj (0.8 + g_rand_double (rand) * 0.01, 0.4 + g_rand_double (rand) * 0.01,
                      g_rand_int_range (rand, 0, 3), g_rand_int_range (rand, 0, 4));
  index = cg_point_index_new (points, 5000);

  for (guint q = 0; q < 500; q++)
    {
      double x = 0.8 + g_rand_double (rand) * 0.01;
      double y = 0.4 + g_rand_double (rand) * 0.01;
      double r = 0.0002;
      gint64 found = cg_point_index_nearest (index, x, y, r, 0x5);
      gint64 best = -1;
      double best_d2 = r * r;

      for (guint i = 0; i < 5000; i++)
        {
          double d2 = (points[i].x - x) * (points[i].x - x) + (points[i].y - y) * (points[i].y - y);

          if (!((1u << points[i].kind) & 0x5))
            continue;
          if (d2 <= best_d2)
            {
              best_d2 = d2;
              best = i;
            }
        }

      if (best < 0)
        g_assert_cmpint (found, ==, -1);
      else
        {
          double fd2;

          g_assert_cmpint (found, >=, 0);
          fd2 = (points[found].x - x) * (points[found].x - x) + (points[found].y - y) * (points[found].y - y);
          g_assert_cmpfloat (fd2, ==, best_d2);
        }
    }
}

static void
test_symbol_colors (void)
{
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_MERCHANTS, CG_RISK_HIGH, 0), ==, 0xe01b24);
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_SITES, CG_RISK_MEDIUM, 0), ==, 0xff7800);
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_MERCHANTS, CG_RISK_LOW, 0), ==, 0x2ec27e);
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_MERCHANTS, CG_RISK_UNKNOWN, 0), ==, 0x9a9996);
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_POINTS, CG_RISK_UNKNOWN,
                                            CG_MAP_POINT_CAMERA), ==, 0x1c71d8);
  g_assert_cmphex (cg_poi_symbol_get_color (CG_COLLECTION_POINTS, CG_RISK_UNKNOWN,
                                            CG_MAP_POINT_OFFLINE), ==, 0x99c1f1);
}

static void
test_labels (void)
{
  g_assert_cmpstr (cg_label_category (CG_COLLECTION_MERCHANTS, "car_wash"), ==, "Car wash");
  g_assert_cmpstr (cg_label_category (CG_COLLECTION_MERCHANTS, "spaceport"), ==, "spaceport");
  g_assert_null (cg_label_category (CG_COLLECTION_MERCHANTS, NULL));
  g_assert_cmpstr (cg_label_site_stage ("finishing"), ==, "Finishing");
  g_assert_cmpstr (cg_label_point_scenario ("muck_truck"), ==, "Muck trucks");
  g_assert_cmpstr (cg_label_point_status ("offline"), ==, "Offline");
  g_assert_cmpstr (cg_label_risk (CG_RISK_HIGH), ==, "High risk");
  g_assert_cmpstr (cg_label_kind (CG_COLLECTION_POINTS, "checkpoint"), ==, "Enforcement checkpoint");
}

int
main (int   argc,
      char *argv[])
{
  /* no files touched: no G_TEST_OPTION_ISOLATE_DIRS (GLib 2.74 leaks its strings,
   * which LeakSanitizer reports) */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/map/mercator/round-trip", test_mercator_round_trip);
  g_test_add_func ("/cg/map/mercator/fit-zoom", test_mercator_fit_zoom);
  g_test_add_func ("/cg/app/status-text", test_status_text);
  g_test_add_func ("/cg/app/status-text/timezone", test_status_text_timezone);
  g_test_add_func ("/cg/map/thin/highest-risk", test_thin_keeps_highest_risk);
  g_test_add_func ("/cg/map/thin/map-anchored", test_thin_map_anchored);
  g_test_add_func ("/cg/map/thin/many", test_thin_many);
  g_test_add_func ("/cg/map/hit/nearest", test_hit_index);
  g_test_add_func ("/cg/map/hit/brute-force", test_hit_index_matches_brute_force);
  g_test_add_func ("/cg/map/symbols/colors", test_symbol_colors);
  g_test_add_func ("/cg/map/labels", test_labels);

  return g_test_run ();
}
