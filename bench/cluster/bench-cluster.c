/* bench-cluster.c: build and query times of CgClusterIndex on 200,000 Shanghai points
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-cluster [--points N] [--reps R] [--seed S] OUT_DIR
 * Writes OUT_DIR/points.json ([[lon, lat, risk], ...], read by supercluster.mjs)
 * and OUT_DIR/cg-results.json, and prints the figures.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cg-cluster.h"
#include "../common/cg-bench-stats.h"

#define CENTER_LON 121.47
#define CENTER_LAT 31.23
#define VIEW_W 1920.0
#define VIEW_H 1080.0

static const int query_zooms[] = { 10, 13, 16 };

static double
merc_x (double lon)
{
  return (lon + 180.0) / 360.0;
}

static double
merc_y (double lat)
{
  double s = sin (lat * G_PI / 180.0);

  return 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
}

/* Uniform over the Shanghai box plus hot spots around real centres (the
 * merchants crowd the old town, the districts' centres and the new towns). */
static void
generate (guint    n,
          guint32  seed,
          double  *lon,
          double  *lat,
          guint8  *risk)
{
  static const double spots[][3] = {
    /* lon, lat, radius in degrees */
    { 121.475, 31.232, 0.045 },   /* Huangpu / People's Square */
    { 121.437, 31.223, 0.030 },   /* Jing'an */
    { 121.397, 31.249, 0.030 },   /* Putuo */
    { 121.525, 31.227, 0.040 },   /* Lujiazui / Pudong */
    { 121.445, 31.190, 0.030 },   /* Xuhui */
    { 121.483, 31.287, 0.030 },   /* Hongkou / Zhabei */
    { 121.525, 31.300, 0.030 },   /* Yangpu */
    { 121.380, 31.115, 0.035 },   /* Minhang */
    { 121.489, 31.405, 0.030 },   /* Baoshan */
    { 121.250, 31.375, 0.030 },   /* Jiading */
    { 121.227, 31.032, 0.030 },   /* Songjiang */
    { 121.759, 31.053, 0.030 },   /* Nanhui / Lingang */
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      double u = g_rand_double (rand);

      if (u < 0.25)
        {
          lon[i] = g_rand_double_range (rand, 120.85, 122.2);
          lat[i] = g_rand_double_range (rand, 30.68, 31.87);
        }
      else
        {
          guint s = g_rand_int_range (rand, 0, G_N_ELEMENTS (spots));
          double r = spots[s][2] * sqrt (-log (1.0 - g_rand_double (rand))) / 2.0;
          double a = g_rand_double_range (rand, 0, 2 * G_PI);

          lon[i] = spots[s][0] + r * cos (a);
          lat[i] = spots[s][1] + r * sin (a);
        }

      /* 89.4% low risk citywide (domain.md); grade 0 high, 1 medium, 2 low, 3 unknown */
      u = g_rand_double (rand);
      risk[i] = u < 0.02 ? 0 : u < 0.09 ? 1 : u < 0.984 ? 2 : 3;
    }
}

/* Resident set size in MiB, from /proc (0 elsewhere) */
static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : 0;
}

static gboolean
write_points (const char   *path,
              const double *lon,
              const double *lat,
              const guint8 *risk,
              guint         n,
              GError      **error)
{
  g_autoptr(GString) s = g_string_sized_new (n * 28);

  g_string_append_c (s, '[');
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s[%.7f,%.7f,%u]", i ? "," : "", lon[i], lat[i], risk[i]);
  g_string_append (s, "]\n");

  return g_file_set_contents (path, s->str, s->len, error);
}

int
main (int   argc,
      char *argv[])
{
  gint n = 200000, reps = 7, seed = 20261123;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("OUT_DIR");
  GOptionEntry entries[] = {
    { "points", 'n', 0, G_OPTION_ARG_INT, &n, "Number of points (200000)", "N" },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "Repetitions for medians (7)", "R" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree double *lon = NULL, *lat = NULL, *x = NULL, *y = NULL;
  g_autofree double *t_build = NULL, *t_total = NULL;
  g_autofree guint8 *risk = NULL;
  g_autofree char *points_path = NULL, *results_path = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  CgClusterIndex *idx = NULL;
  double cx = merc_x (CENTER_LON), cy = merc_y (CENTER_LAT);
  double rss_before = 0, rss_index = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : "usage: bench-cluster [OPTION…] OUT_DIR");
      return 2;
    }
  n = MAX (n, 1);
  reps = MAX (reps, 1);

  g_mkdir_with_parents (argv[1], 0755);
  points_path = g_build_filename (argv[1], "points.json", NULL);
  results_path = g_build_filename (argv[1], "cg-results.json", NULL);

  lon = g_new (double, n);
  lat = g_new (double, n);
  x = g_new (double, n);
  y = g_new (double, n);
  risk = g_new (guint8, n);
  generate (n, seed, lon, lat, risk);
  if (!write_points (points_path, lon, lat, risk, n, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  t_build = g_new (double, reps);
  t_total = g_new (double, reps);

  /* One untimed warm-up run, then the timed ones */
  for (int r = -1; r < reps; r++)
    {
      gint64 t0, t1, t2;

      g_clear_pointer (&idx, cg_cluster_index_unref);
      if (r < 0)
        rss_before = rss_mib ();
      t0 = g_get_monotonic_time ();
      for (int i = 0; i < n; i++)
        {
          x[i] = merc_x (lon[i]);
          y[i] = merc_y (lat[i]);
        }
      t1 = g_get_monotonic_time ();
      idx = cg_cluster_index_new (x, y, risk, n, NULL);
      t2 = g_get_monotonic_time ();
      if (r < 0)
        rss_index = rss_mib () - rss_before;
      if (r >= 0)
        {
          t_build[r] = (t2 - t1) / 1000.0;
          t_total[r] = (t2 - t0) / 1000.0;
        }
    }

  g_print ("CgClusterIndex: %d points, %u clusters, radius 40 px at 256-px tiles, max zoom 16\n",
           n, cg_cluster_index_get_n_clusters (idx));
  g_print ("  build (pre-projected)       median %7.1f ms\n", cg_bench_median (t_build, reps));
  g_print ("  project + build             median %7.1f ms\n", cg_bench_median (t_total, reps));
  g_print ("  memory of one index (RSS)          %7.1f MiB\n", rss_index);
  g_string_append_printf (json, "{\"points\": %d, \"build_ms\": %.3f, \"project_build_ms\": %.3f,"
                          " \"queries\": [", n, cg_bench_median (t_build, reps), cg_bench_median (t_total, reps));

  for (guint q = 0; q < G_N_ELEMENTS (query_zooms); q++)
    {
      int z = query_zooms[q];
      double world = 256.0 * ldexp (1.0, z);
      double hw = VIEW_W / 2 / world, hh = VIEW_H / 2 / world;
      const int inner = 200;
      g_autofree double *t = g_new (double, reps);
      g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (CgClusterItem), 4096);
      guint n_items = 0;

      for (int r = -1; r < reps; r++)
        {
          gint64 t0 = g_get_monotonic_time ();

          for (int k = 0; k < inner; k++)
            {
              g_array_set_size (items, 0);
              n_items = cg_cluster_index_query (idx, z, cx - hw, cy - hh, cx + hw, cy + hh, items);
            }
          if (r >= 0)
            t[r] = (g_get_monotonic_time () - t0) / 1000.0 / inner;
        }

      g_print ("  query zoom %2d 1920x1080     median %7.4f ms  (%u items)\n",
               z, cg_bench_median (t, reps), n_items);
      g_string_append_printf (json, "%s{\"zoom\": %d, \"ms\": %.5f, \"items\": %u}",
                              q ? ", " : "", z, cg_bench_median (t, reps), n_items);
    }
  g_string_append (json, "]}\n");

  cg_cluster_index_unref (idx);

  if (!g_file_set_contents (results_path, json->str, json->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  return 0;
}
