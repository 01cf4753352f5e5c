/* test-map-datum.c: objects are drawn in the datum of the tile source (GUI, under Xvfb)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "cg-coords.h"
#include "cg-resources.h"
#include "cg-map-private.h"
#include "cg-map-view.h"
#include "cg-mercator.h"

/* People's Square, WGS-84 */
#define LON 121.4737
#define LAT 31.2304
#define ZOOM 15.0

static GtkWindow *window;
static CgMapView *view;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Renders the POI layer alone and returns the centre of its drawn pixels */
static gboolean
drawn_centre (double *cx,
              double *cy)
{
  GtkWidget *layer = GTK_WIDGET (cg_map_view_get_poi_layer (view));
  int w = gtk_widget_get_width (layer);
  int h = gtk_widget_get_height (layer);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  double sx = 0, sy = 0;
  guint n = 0;

  GTK_WIDGET_GET_CLASS (layer)->snapshot (layer, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  data = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, data, (gsize) w * 4);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (data[((gsize) y * w + x) * 4 + 3] > 128)
        {
          sx += x + 0.5;
          sy += y + 0.5;
          n++;
        }

  if (n == 0)
    return FALSE;

  *cx = sx / n;
  *cy = sy / n;
  return TRUE;
}

static void
expected_pixel (double  lon,
                double  lat,
                double *x,
                double *y)
{
  shumate_viewport_location_to_widget_coords (cg_map_view_get_viewport (view),
                                              GTK_WIDGET (cg_map_view_get_poi_layer (view)),
                                              lat, lon, x, y);
}

static void
check_drawn_at (double lon,
                double lat)
{
  double cx = -1, cy = -1, ex, ey;

  iterate (50);
  g_assert_true (drawn_centre (&cx, &cy));
  expected_pixel (lon, lat, &ex, &ey);
  g_test_message ("drawn at (%.2f, %.2f), expected (%.2f, %.2f)", cx, cy, ex, ey);
  g_assert_cmpfloat (fabs (cx - ex), <, 1.5);
  g_assert_cmpfloat (fabs (cy - ey), <, 1.5);
}

static void
on_tile_error_cb (CgMapView  *map_view,
                  const char *message,
                  char      **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
test_datum_follows_source (void)
{
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (CgMapPoint));
  g_autoptr(CgTileSource) gcj = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tile_error = NULL;
  CgTileSourceOptions o = {
    /* nothing listens there: the tiles fail, the map stays usable */
    .custom_template = "http://127.0.0.1:1/{z}/{x}/{y}.png",
    .custom_datum = CG_DATUM_GCJ02,
  };
  ShumateViewport *viewport = cg_map_view_get_viewport (view);
  CgMapPoint mp = { .rowid = 1, .lon = LON, .lat = LAT, .collection = CG_COLLECTION_MERCHANTS,
                    .risk = CG_RISK_HIGH };
  double g_lon, g_lat, wx, wy, gx, gy, x, y, lon, lat, w2, h2;
  gint64 start;

  g_array_append_val (points, mp);
  cg_poi_layer_set_points (cg_map_view_get_poi_layer (view), points);
  cg_map_view_select (view, 0);

  shumate_viewport_set_zoom_level (viewport, ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), LAT, LON);
  w2 = gtk_widget_get_width (GTK_WIDGET (cg_map_view_get_map (view))) / 2.0;
  h2 = gtk_widget_get_height (GTK_WIDGET (cg_map_view_get_map (view))) / 2.0;

  /* outline only: WGS-84 */
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);
  check_drawn_at (LON, LAT);
  expected_pixel (LON, LAT, &wx, &wy);

  /* a GCJ-02 source: the object moves to its GCJ-02 position, with the tiles */
  gcj = cg_tile_source_new (CG_TILE_SOURCE_KIND_CUSTOM, &o, &error);
  g_assert_no_error (error);
  g_signal_connect (view, "tile-error", G_CALLBACK (on_tile_error_cb), &tile_error);
  g_assert_true (cg_map_view_set_source (view, gcj, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_GCJ02);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "custom");

  cg_coords_wgs84_to_gcj02 (LON, LAT, &g_lon, &g_lat);
  check_drawn_at (g_lon, g_lat);
  expected_pixel (g_lon, g_lat, &gx, &gy);
  /* where the unconverted WGS-84 coordinates would land on these tiles: far off */
  expected_pixel (LON, LAT, &wx, &wy);
  g_test_message ("the GCJ-02 pixel is %.0f px from the unconverted one", hypot (gx - wx, gy - wy));
  g_assert_cmpfloat (hypot (gx - wx, gy - wy), >, 50);

  /* the same real place stays in the centre (the view followed the datum) */
  g_assert_cmpfloat (fabs (gx - w2), <, 1.0);
  g_assert_cmpfloat (fabs (gy - h2), <, 1.0);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), g_lat, 1e-9);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), g_lon, 1e-9);

  /* the selection survived the re-projection */
  g_assert_cmpint (cg_poi_layer_get_selected (cg_map_view_get_poi_layer (view)), ==, 0);

  /* hit testing finds it where it is drawn */
  g_assert_cmpint (cg_poi_layer_get_point_at (cg_map_view_get_poi_layer (view), gx, gy), ==, 0);

  /* helpers for later layers and clicks: WGS-84 in, the GCJ-02 pixel out, and back */
  g_assert_true (cg_map_view_wgs84_to_widget (view, LON, LAT, &x, &y));
  g_assert_cmpfloat (fabs (x - gx), <, 0.01);
  g_assert_cmpfloat (fabs (y - gy), <, 0.01);
  g_assert_true (cg_map_view_widget_to_wgs84 (view, x, y, &lon, &lat));
  g_assert_cmpfloat (cg_coords_distance_m (lon, lat, LON, LAT), <, 0.05);

  /* the tiles cannot load: reported once, plainly */
  start = g_get_monotonic_time ();
  while (tile_error == NULL && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    iterate (20);
  g_assert_nonnull (tile_error);
  g_test_message ("tile error: %s", tile_error);
  g_assert_true (g_str_has_prefix (tile_error, "Cannot reach the tile server"));

  /* back to WGS-84 */
  g_assert_true (cg_map_view_set_source (view, NULL, NULL));
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);
  check_drawn_at (LON, LAT);
  expected_pixel (LON, LAT, &x, &y);
  g_assert_cmpfloat (fabs (x - w2), <, 1.0);
  g_assert_cmpfloat (fabs (y - h2), <, 1.0);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), LAT, 1e-7);

  /* ids from the settings: AMap is GCJ-02 (no tile is fetched here: nothing is drawn) */
  cg_map_view_set_tile_source (view, "bogus");
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");
  cg_map_view_set_tile_source (view, "tianditu-vector");   /* no key: outline */
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);

  g_signal_handlers_disconnect_by_func (view, on_tile_error_cb, &tile_error);
}

/* The outline layer alone, as RGBA bytes (w × h × 4) */
static guchar *
render_layer (GtkWidget *layer,
              int       *w,
              int       *h)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *data;

  iterate (50);
  *w = gtk_widget_get_width (layer);
  *h = gtk_widget_get_height (layer);
  GTK_WIDGET_GET_CLASS (layer)->snapshot (layer, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *w, *h));
  data = g_malloc ((gsize) *w * *h * 4);
  gdk_texture_download (texture, data, (gsize) *w * 4);

  return data;
}

/* Share of the pixels whose colour differs noticeably */
static double
diff_fraction (const guchar *a,
               const guchar *b,
               int           w,
               int           h)
{
  guint n = 0;

  for (gsize i = 0; i < (gsize) w * h; i++)
    for (int c = 0; c < 4; c++)
      if (ABS ((int) a[i * 4 + c] - (int) b[i * 4 + c]) > 40)
        {
          n++;
          break;
        }

  return (double) n / ((double) w * h);
}

static void
test_outline_follows_source (void)
{
  g_autoptr(CgDistrict) district = cg_district_load ("310107", NULL);
  g_autoptr(CgTileSource) wgs = NULL;
  g_autoptr(CgTileSource) gcj = NULL;
  g_autofree guchar *a = NULL;
  g_autofree guchar *b = NULL;
  g_autofree guchar *c = NULL;
  ShumateViewport *viewport = cg_map_view_get_viewport (view);
  GtkWidget *outline = GTK_WIDGET (cg_map_view_get_outline_layer (view));
  CgTileSourceOptions o = { .custom_template = "http://127.0.0.1:1/{z}/{x}/{y}.png" };
  const CgStreet *street;
  double same, control;
  int w, h;

  g_assert_nonnull (district);
  cg_map_view_set_district (view, district);
  street = cg_district_get_street (district, 0);

  o.custom_datum = CG_DATUM_WGS84;
  wgs = cg_tile_source_new (CG_TILE_SOURCE_KIND_CUSTOM, &o, NULL);
  o.custom_datum = CG_DATUM_GCJ02;
  gcj = cg_tile_source_new (CG_TILE_SOURCE_KIND_CUSTOM, &o, NULL);

  /* WGS-84 tiles, a street in the middle */
  g_assert_true (cg_map_view_set_source (view, wgs, NULL));
  shumate_viewport_set_zoom_level (viewport, 14);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), street->center.lat, street->center.lon);
  a = render_layer (outline, &w, &h);

  /* GCJ-02 tiles: the outline moves with them and the view with it, so the picture stays */
  g_assert_true (cg_map_view_set_source (view, gcj, NULL));
  b = render_layer (outline, &w, &h);
  same = diff_fraction (a, b, w, h);

  /* control: the same switch without re-projecting the outline would move it ~60 px */
  _cg_map_set_datum (viewport, CG_DATUM_WGS84);
  cg_outline_layer_reproject (CG_OUTLINE_LAYER (outline));
  c = render_layer (outline, &w, &h);
  control = diff_fraction (a, c, w, h);
  _cg_map_set_datum (viewport, CG_DATUM_GCJ02);
  cg_outline_layer_reproject (CG_OUTLINE_LAYER (outline));

  g_test_message ("pixels changed by the switch: %.2f%%, without re-projection: %.2f%%",
                  100 * same, 100 * control);
  g_assert_cmpfloat (same, <, 0.02);
  g_assert_cmpfloat (control, >, 0.03);
  g_assert_cmpfloat (control, >, 5 * same);

  g_assert_true (cg_map_view_set_source (view, NULL, NULL));
  cg_map_view_set_district (view, NULL);
}

static void
test_projection_round_trip (void)
{
  /* the projection helper all layers share, both ways, over Shanghai */
  for (guint d = 0; d < CG_DATUM_COUNT; d++)
    for (double lat = 30.7; lat < 31.9; lat += 0.1)
      for (double lon = 120.9; lon < 122.1; lon += 0.1)
        {
          double x, y, b_lon, b_lat, t_lon, t_lat;

          cg_mercator_project (d, lon, lat, &x, &y);
          cg_coords_convert (CG_DATUM_WGS84, d, lon, lat, &t_lon, &t_lat);
          g_assert_cmpfloat_with_epsilon (x, cg_mercator_x_from_lon (t_lon), 1e-15);
          g_assert_cmpfloat_with_epsilon (y, cg_mercator_y_from_lat (t_lat), 1e-15);
          cg_mercator_unproject (d, x, y, &b_lon, &b_lat);
          g_assert_cmpfloat (cg_coords_distance_m (lon, lat, b_lon, b_lat), <, 0.01);
        }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  /* the templates live in the static library; referencing them registers them */
  g_assert_nonnull (cg_get_resource ());

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 800, 600);
  view = cg_map_view_new ();
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  while (gtk_widget_get_width (GTK_WIDGET (cg_map_view_get_map (view))) == 0)
    g_main_context_iteration (NULL, TRUE);
  iterate (100);

  g_test_add_func ("/cg/map/datum/follows-source", test_datum_follows_source);
  g_test_add_func ("/cg/map/datum/outline-follows-source", test_outline_follows_source);
  g_test_add_func ("/cg/map/datum/projection-round-trip", test_projection_round_trip);

  ret = g_test_run ();
  gtk_window_destroy (window);

  return ret;
}
