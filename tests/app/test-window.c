/* test-window.c: the main window on a simulated district, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulator (small, with a pinned clock, in its own thread) serves the city API; the app syncs
 * it into a temporary cache; the window's pixels at the projected positions of known objects
 * must have the objects' colours. Then the server goes away: the offline bar appears and the
 * objects stay on the map.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-application.h"
#include "cg-poi-symbols.h"
#include "cg-sim-server.h"
#include "cg-test-window.h"
#include "cg-window.h"

#define N_MERCHANTS 400
#define N_SITES     25
#define N_POINTS    20
#define TIMEOUT_S   30

static struct
{
  char          *tmpdir;
  CgSimThread   *server;      /* in a thread of its own, as the app runs the demo */
  CgApplication *app;
  CgWindow      *window;
} fx;

static gboolean
synced_and_loaded (void)
{
  return cg_test_window_synced_and_loaded (fx.window, N_MERCHANTS + N_SITES + N_POINTS);
}

static gboolean
error_shown (void)
{
  return cg_window_get_error_revealed (fx.window);
}

/* Pixels */

static void
render (CgTestPixels *out)
{
  g_autoptr(GdkTexture) texture = cg_window_render_texture (fx.window);

  g_assert_nonnull (texture);
  cg_test_pixels_download (out, texture);   /* cairo ARGB32: B G R A on LE */
  cg_test_save_png (texture);
}

/* Where a point is in window coordinates */
static gboolean
point_in_window (const CgMapPoint *mp,
                 double           *wx,
                 double           *wy)
{
  CgMapView *view = cg_window_get_map_view (fx.window);
  GtkWidget *map = GTK_WIDGET (cg_map_view_get_map (view));
  double x, y;

  shumate_viewport_location_to_widget_coords (cg_map_view_get_viewport (view), map,
                                              mp->lat, mp->lon, &x, &y);
  if (x < 0 || y < 0 || x >= gtk_widget_get_width (map) || y >= gtk_widget_get_height (map))
    return FALSE;

  return gtk_widget_translate_coordinates (map, GTK_WIDGET (fx.window), x, y, wx, wy);
}

/* Street names are drawn above the points: is (wx, wy) under one? */
static gboolean
under_label (double wx,
             double wy)
{
  CgDistrict *district = cg_application_get_district (fx.app);
  CgMapView *view = cg_window_get_map_view (fx.window);
  GtkWidget *map = GTK_WIDGET (cg_map_view_get_map (view));

  for (guint s = 0; s < cg_district_get_n_streets (district); s++)
    {
      const CgStreet *street = cg_district_get_street (district, s);
      double x, y, lx, ly;

      shumate_viewport_location_to_widget_coords (cg_map_view_get_viewport (view), map,
                                                  street->center.lat, street->center.lon, &x, &y);
      gtk_widget_translate_coordinates (map, GTK_WIDGET (fx.window), x, y, &lx, &ly);
      if (fabs (wx - lx) < 70 && fabs (wy - ly) < 16)
        return TRUE;
    }

  return FALSE;
}

static gboolean
on_map (double wx,
        double wy)
{
  CgMapView *view = cg_window_get_map_view (fx.window);
  GtkWidget *map = GTK_WIDGET (cg_map_view_get_map (view));
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (fx.window), wx, wy, GTK_PICK_DEFAULT);

  return picked != NULL && (picked == map || gtk_widget_is_ancestor (picked, map));
}

/* The dominant grade of a cluster and where the middle of its arc is (the ring starts at the
 * top and runs clockwise: high, medium, low, not graded) */
static guint8
cluster_ring_sample (const CgPoiHit *hit,
                     double          cx,
                     double          cy,
                     double         *sx,
                     double         *sy)
{
  static const guint8 order[4] = { CG_RISK_HIGH, CG_RISK_MEDIUM, CG_RISK_LOW, CG_RISK_UNKNOWN };
  double angle = -G_PI / 2, r = cg_poi_cluster_get_radius (hit->count) - 2;
  guint best = 0;

  for (int k = 1; k < 4; k++)
    if (hit->risk_counts[order[k]] > hit->risk_counts[order[best]])
      best = k;
  for (guint k = 0; k < best; k++)
    angle += 2 * G_PI * hit->risk_counts[order[k]] / hit->count;
  angle += G_PI * hit->risk_counts[order[best]] / hit->count;

  *sx = cx + r * cos (angle);
  *sy = cy + r * sin (angle);
  return order[best];
}

/* Checks the colour of every single object that no other symbol can cover, and the ring of
 * every cluster; counts the singles checked per kind, and the clusters (counts[3]). */
static void
check_point_colors (guint counts[4])
{
  CgMapView *view = cg_window_get_map_view (fx.window);
  CgPoiLayer *layer = cg_map_view_get_poi_layer (view);
  GArray *points = cg_poi_layer_get_points (layer);
  g_autofree double *xs = g_new (double, points->len);
  g_autofree double *ys = g_new (double, points->len);
  g_autofree gboolean *on_screen = g_new0 (gboolean, points->len);
  g_autofree gboolean *single = g_new0 (gboolean, points->len);
  g_autoptr(GArray) clusters = g_array_new (FALSE, FALSE, sizeof (CgPoiHit));
  CgTestPixels pixels = { 0 };
  guint failed = 0;

  render (&pixels);
  counts[0] = counts[1] = counts[2] = counts[3] = 0;

  /* what is drawn where: the layer's items in view, single objects and clusters */
  for (guint i = 0; i < points->len; i++)
    on_screen[i] = point_in_window (&g_array_index (points, CgMapPoint, i), &xs[i], &ys[i]);
  {
    g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (CgPoiHit));

    cg_poi_layer_get_visible (layer, items);
    for (guint k = 0; k < items->len; k++)
      {
        CgPoiHit hit = g_array_index (items, CgPoiHit, k);

        if (hit.point >= 0)
          single[hit.point] = TRUE;
        else
          {
            gtk_widget_translate_coordinates (GTK_WIDGET (layer), GTK_WIDGET (fx.window),
                                              hit.x, hit.y, &hit.x, &hit.y);
            g_array_append_val (clusters, hit);
          }
      }
  }

  for (guint i = 0; i < points->len; i++)
    {
      const CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);
      guint32 want = cg_poi_symbol_get_color (mp->collection, mp->risk, mp->flags);
      gboolean alone = TRUE;
      guint32 got;

      if (!single[i] || !on_screen[i])
        continue;

      /* another symbol within reach could be on top: skip those */
      for (guint j = 0; j < points->len && alone; j++)
        if (j != i && single[j] && fabs (xs[j] - xs[i]) < 14 && fabs (ys[j] - ys[i]) < 14)
          alone = FALSE;
      /* an overdue badge (top right of its symbol: over the centre of a small one, and
       * reaching further than the symbol) may cover the sample */
      for (guint j = 0; j < points->len && alone; j++)
        if (single[j] && cg_poi_layer_is_overdue (layer, j) &&
            fabs (xs[j] - xs[i]) < 26 && fabs (ys[j] - ys[i]) < 26)
          alone = FALSE;
      for (guint c = 0; c < clusters->len && alone; c++)
        {
          const CgPoiHit *h = &g_array_index (clusters, CgPoiHit, c);

          if (hypot (h->x - xs[i], h->y - ys[i]) < cg_poi_cluster_get_radius (h->count) + 8)
            alone = FALSE;
        }
      if (!alone || under_label (xs[i], ys[i]) || !on_map (xs[i], ys[i]))
        continue;

      got = cg_test_pixels_get_rgb (&pixels, (int) floor (xs[i]), (int) floor (ys[i]));
      if (!cg_test_color_near (got, want, 6))
        {
          g_test_message ("point %u (kind %u risk %u%s) at %.1f,%.1f: got %06x, want %06x",
                          i, mp->collection, mp->risk,
                          cg_poi_layer_is_overdue (layer, i) ? " overdue" : "",
                          xs[i], ys[i], got, want);
          failed++;
        }
      counts[MIN (mp->collection, 2)]++;
    }

  for (guint c = 0; c < clusters->len; c++)
    {
      const CgPoiHit *h = &g_array_index (clusters, CgPoiHit, c);
      double sx, sy;
      guint8 risk = cluster_ring_sample (h, h->x, h->y, &sx, &sy);
      gboolean alone = TRUE;
      guint32 got;

      for (guint d = 0; d < clusters->len && alone; d++)
        if (d != c && hypot (g_array_index (clusters, CgPoiHit, d).x - h->x,
                             g_array_index (clusters, CgPoiHit, d).y - h->y) < 2 * 26)
          alone = FALSE;
      if (!alone || under_label (sx, sy) || !on_map (sx, sy) || h->count < 3)
        continue;

      got = cg_test_pixels_get_rgb (&pixels, (int) floor (sx), (int) floor (sy));
      if (!cg_test_color_near (got, cg_risk_get_color (risk), 6))
        {
          g_test_message ("cluster of %u at %.1f,%.1f: ring got %06x, want %06x", h->count,
                          h->x, h->y, got, cg_risk_get_color (risk));
          failed++;
        }
      counts[3]++;
    }

  /* and away from every object, no symbol colour: the layer paints only where points are */
  {
    const guint32 symbol_colors[] = { CG_COLOR_RISK_HIGH, CG_COLOR_RISK_MEDIUM, CG_COLOR_RISK_LOW,
                                      CG_COLOR_POINT };
    guint n_empty = 0;

    for (int y = 5; y < pixels.height; y += 23)
      for (int x = 5; x < pixels.width; x += 23)
        {
          gboolean near = FALSE;

          if (!on_map (x, y))
            continue;
          for (guint i = 0; i < points->len && !near; i++)
            near = on_screen[i] && fabs (xs[i] - x) < 12 && fabs (ys[i] - y) < 12;
          for (guint c = 0; c < clusters->len && !near; c++)
            {
              const CgPoiHit *h = &g_array_index (clusters, CgPoiHit, c);

              near = hypot (h->x - x, h->y - y) < cg_poi_cluster_get_radius (h->count) + 3;
            }
          if (near || under_label (x, y))
            continue;

          for (guint c = 0; c < G_N_ELEMENTS (symbol_colors); c++)
            g_assert_false (cg_test_color_near (cg_test_pixels_get_rgb (&pixels, x, y), symbol_colors[c], 6));
          n_empty++;
        }
    g_assert_cmpuint (n_empty, >, 100);
  }

  cg_test_pixels_clear (&pixels);
  g_assert_cmpuint (failed, ==, 0);
}

static void
test_window_sync (void)
{
  g_autoptr(GError) error = NULL;
  CgSimConfig config;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;

  fx.tmpdir = g_dir_make_tmp ("cg-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fx.tmpdir, "cache.db", NULL);

  cg_sim_config_init (&config);
  config.seed = 3;
  config.merchants = N_MERCHANTS;
  config.sites = N_SITES;
  config.points = N_POINTS;
  config.officers = 10;
  config.vehicles = 2;
  config.history_days = 3;
  config.now = 1795430520;   /* pinned: the same district every run */
  fx.server = cg_sim_thread_start (&config, &error);
  cg_sim_config_clear (&config);
  g_assert_no_error (error);
  url = g_strdup (cg_sim_thread_get_url (fx.server));

  g_setenv ("CG_CACHE_DB", db, TRUE);
  g_setenv ("CG_SERVER_URL", url, TRUE);
  g_unsetenv ("CG_SCREENSHOT");

  /* the map shares the window with the live panel: a window as large as the screen keeps
   * the map as wide as the checks below expect */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.chengguan.Command");

    g_settings_set_int (settings, "window-width", 1600);
    g_settings_set_int (settings, "window-height", 1000);
  }

  fx.window = cg_test_app_start (&fx.app);
  cg_poi_layer_set_animate (cg_map_view_get_poi_layer (cg_window_get_map_view (fx.window)), FALSE);
  g_assert_false (cg_window_get_demo (fx.window));

  g_assert_true (cg_test_wait_for (synced_and_loaded, TIMEOUT_S, "the first sync"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));

  g_assert_true (g_str_has_prefix (cg_window_get_status_text (fx.window), "Updated "));
  g_assert_false (cg_window_get_error_revealed (fx.window));
}

static void
test_window_pixels (void)
{
  CgMapView *view = cg_window_get_map_view (fx.window);
  CgPoiLayer *layer = cg_map_view_get_poi_layer (view);
  ShumateViewport *viewport = cg_map_view_get_viewport (view);
  GArray *points = cg_poi_layer_get_points (layer);
  guint counts[4];
  const CgMapPoint *site = NULL;
  double x, y;
  gint64 hit;

  if (points == NULL)
    {
      g_test_skip ("no points (the sync test failed)");
      return;
    }

  /* the whole district: every object inside the view */
  g_assert_cmpuint (cg_poi_layer_get_n_drawn (layer) + cg_poi_layer_get_n_clusters_drawn (layer), >, 0);
  check_point_colors (counts);
  g_test_message ("checked %u merchants, %u sites, %u points, %u clusters", counts[0], counts[1],
                  counts[2], counts[3]);
  g_assert_cmpuint (counts[3], >=, 20);

  /* close in on one site (without an overdue badge, which check_point_colors() skips): its
   * square must be there, and hit testing must find it */
  for (guint i = 0; i < points->len && site == NULL; i++)
    if (g_array_index (points, CgMapPoint, i).collection == CG_COLLECTION_SITES &&
        !cg_poi_layer_is_overdue (layer, i))
      site = &g_array_index (points, CgMapPoint, i);
  g_assert_nonnull (site);

  shumate_viewport_set_zoom_level (viewport, 17);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), site->lat, site->lon);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  check_point_colors (counts);
  g_assert_cmpuint (counts[1], >=, 1);

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), site->lat, site->lon,
                                              &x, &y);
  hit = cg_poi_layer_get_point_at (layer, x + 1, y - 1);
  g_assert_cmpint (hit, >=, 0);
  g_assert_true (cg_poi_layer_get_point (layer, hit) == site);
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, x + 200, y + 200), ==, -1);

  /* hiding sites hides it from hit tests too */
  cg_poi_layer_set_show_sites (layer, FALSE);
  g_assert_true (cg_poi_layer_get_point_at (layer, x, y) != hit);
  cg_poi_layer_set_show_sites (layer, TRUE);

  /* the tooltip names it, from the cache */
  {
    g_autofree char *tooltip = cg_map_view_describe_point (view, hit);

    g_assert_nonnull (tooltip);
    g_assert_nonnull (strstr (tooltip, "\nConstruction site · "));
    g_assert_false (g_str_has_prefix (tooltip, "Unnamed place"));
  }

  /* selection shows the details from the cache */
  cg_map_view_select (view, hit);
  g_assert_cmpint (cg_poi_layer_get_selected (layer), ==, hit);
  cg_map_view_select (view, -1);

  /* switching the base map keeps the layers */
  cg_map_view_set_tile_source (view, CG_TILE_SOURCE_OSM);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, CG_TILE_SOURCE_OSM);
  cg_map_view_set_tile_source (view, "bogus");
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, CG_TILE_SOURCE_NONE);
  g_assert_cmpuint (cg_poi_layer_get_n_points (layer), ==, points->len);

  cg_map_view_fit_district (view);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
}

static void
test_window_offline (void)
{
  CgMapView *view = cg_window_get_map_view (fx.window);
  CgPoiLayer *layer = cg_map_view_get_poi_layer (view);
  guint n_before = cg_poi_layer_get_n_points (layer);
  guint counts[4];

  if (n_before == 0)
    {
      g_test_skip ("no points (the sync test failed)");
      return;
    }

  /* the server goes away */
  g_clear_pointer (&fx.server, cg_sim_thread_stop);
  cg_sync_trigger (cg_window_get_sync (fx.window));

  g_assert_true (cg_test_wait_for (error_shown, 60, "the offline bar"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));

  g_test_message ("error bar: %s", cg_window_get_error_text (fx.window));
  g_assert_true (g_str_has_prefix (cg_window_get_error_text (fx.window),
                                   "Offline — showing cached data from "));
  g_assert_cmpstr (cg_window_get_status_text (fx.window), ==, "Offline");

  /* the cached objects stay on the map */
  g_assert_cmpuint (cg_poi_layer_get_n_points (layer), ==, n_before);
  check_point_colors (counts);
  g_assert_cmpuint (counts[3], >=, 20);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* the isolated XDG dirs hide the system schemas, which glib-networking's GNOME proxy
   * resolver needs: the test talks to 127.0.0.1 only */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();

  g_test_add_func ("/cg/app/window/sync", test_window_sync);
  g_test_add_func ("/cg/app/window/pixels", test_window_pixels);
  g_test_add_func ("/cg/app/window/offline", test_window_offline);

  ret = g_test_run ();

  cg_test_app_stop (&fx.app, fx.window);
  g_clear_pointer (&fx.server, cg_sim_thread_stop);
  if (fx.tmpdir != NULL)
    {
      cg_test_remove_cache_dir (fx.tmpdir);
      g_free (fx.tmpdir);
    }

  return ret;
}
