/* test-map-view.c: clusters, single symbols, filters, hit testing and the details panel of
 * the map view on hand-made objects at a known view, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is a temporary file filled with cg_store_apply_page(): six merchants around one
 * spot (a cluster of 3 high, 2 medium, 1 low), three merchants at one address (a cluster that
 * zooming cannot split), and single objects of each kind far apart. The view is centred on
 * the first cluster at zoom 16 (the highest zoom with clusters).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cg-map-view.h"
#include "cg-mercator.h"
#include "cg-poi-symbols.h"
#include "cg-resources.h"
#include "cg-test-window.h"

#define LON0  121.40
#define LAT0  31.25
#define ZOOM  16.0
#define WIDTH  800
#define HEIGHT 600

static struct
{
  char       *tmpdir;
  char       *db;
  CgStore    *store;
  GtkWindow  *window;
  CgMapView  *view;
} fx;

/* Degrees per pixel at ZOOM, near LAT0 */
static double
dlon (double px)
{
  return px * 360.0 / (256.0 * pow (2, ZOOM));
}

static double
dlat (double px)
{
  /* d(lat)/d(y) at LAT0: cos(lat) * 360 / world */
  return -px * cos (LAT0 * G_PI / 180) * 360.0 / (256.0 * pow (2, ZOOM));
}

static CgPlace *
place (const char *id,
       const char *name,
       double      px,
       double      py,
       CgRisk      risk,
       const char *category)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->name = g_strdup (name);
  p->lon = LON0 + dlon (px);
  p->lat = LAT0 + dlat (py);
  p->risk = risk;
  p->category = g_strdup (category);
  p->address = g_strdup ("普陀区真北路1号");
  p->street_code = g_strdup ("310107022");
  p->street_name = g_strdup ("真如镇街道");
  p->licence_no = g_strdup ("92310107MA1234567X");
  p->updated_at = 1795430520;
  return p;
}

static void
fill_cache (void)
{
  g_autoptr(GPtrArray) merchants = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) inspections = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_case_free);
  const CgRisk mix[6] = { CG_RISK_HIGH, CG_RISK_HIGH, CG_RISK_HIGH, CG_RISK_MEDIUM,
                          CG_RISK_MEDIUM, CG_RISK_LOW };
  CgPlace *p;

  /* cluster A: within 3 px of the centre */
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-a%d", i);
      g_autofree char *name = g_strdup_printf ("Cluster A shop %d", i);

      g_ptr_array_add (merchants, place (id, name, 3 * cos (i), 3 * sin (i), mix[i], "catering"));
    }
  /* cluster B: one address */
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-b%d", i);
      g_autofree char *name = g_strdup_printf ("Same address shop %d", i);

      g_ptr_array_add (merchants, place (id, name, 0, 180, CG_RISK_LOW, "retail"));
    }
  /* singles */
  g_ptr_array_add (merchants, place ("m-low", "Low risk shop", 250, 0, CG_RISK_LOW, "retail"));
  g_ptr_array_add (merchants, place ("m-late", "Overdue shop", -150, -150, CG_RISK_HIGH, "hotel"));
  cg_test_apply_page (fx.store, CG_COLLECTION_MERCHANTS, merchants);

  g_ptr_array_add (sites, place ("s-1", "Medium risk site", -250, 0, CG_RISK_MEDIUM, "housing"));
  cg_test_apply_page (fx.store, CG_COLLECTION_SITES, sites);

  p = place ("p-1", "Camera 1", 150, 120, CG_RISK_UNKNOWN, "camera");
  p->status = g_strdup ("active");
  p->scenario = g_strdup ("street_stall");
  g_ptr_array_add (points, p);
  cg_test_apply_page (fx.store, CG_COLLECTION_POINTS, points);

  /* two inspections and a case of the overdue shop, one inspection of another */
  for (int i = 0; i < 3; i++)
    {
      CgInspection *in = cg_inspection_new ();

      in->id = g_strdup_printf ("i-%d", i);
      in->target_type = g_strdup ("merchant");
      in->target_id = g_strdup (i < 2 ? "m-late" : "m-low");
      in->officer_id = g_strdup ("o-0001");
      in->inspected_at = 1795000000 + i * 86400 * 3;
      in->kind = g_strdup ("graded");
      in->result = g_strdup (i == 1 ? "rectify" : "pass");
      in->updated_at = in->inspected_at;
      g_ptr_array_add (inspections, in);
    }
  cg_test_apply_page (fx.store, CG_COLLECTION_INSPECTIONS, inspections);
  {
    CgCase *c = cg_case_new ();

    c->id = g_strdup ("c-1");
    c->case_no = g_strdup ("普陀城管罚字〔2026〕第000001号");
    c->type = g_strdup ("city_appearance");
    c->cause = g_strdup ("shop_overflow");
    c->procedure = g_strdup ("general");
    c->stage = g_strdup ("investigation");
    c->filed_at = 1795100000;
    c->target_id = g_strdup ("m-late");
    c->street_code = g_strdup ("310107022");
    c->updated_at = c->filed_at;
    g_ptr_array_add (cases, c);
  }
  cg_test_apply_page (fx.store, CG_COLLECTION_CASES, cases);
}

/* Waiting */

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
loaded (void)
{
  return !cg_map_view_get_loading (fx.view) &&
         cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (fx.view)) == 13;
}

/* Pixels */

typedef struct
{
  guchar *data;
  int     width;
  int     height;
  gsize   stride;
} Pixels;

static void
render (Pixels *out)
{
  GtkWidget *widget = GTK_WIDGET (fx.window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  /* the layers draw cairo surfaces for the cairo renderer, textures for the others */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0)
    g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  g_test_message ("renderer: %s", G_OBJECT_TYPE_NAME (renderer));

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_nonnull (texture);

  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = (gsize) out->width * 4;
  out->data = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->data, out->stride);
  if (g_getenv ("CG_TEST_SAVE_PNG"))
    gdk_texture_save_to_png (texture, g_getenv ("CG_TEST_SAVE_PNG"));
}

static guint32
pixel_at (const Pixels *p,
          double        x,
          double        y)
{
  int ix = (int) floor (x), iy = (int) floor (y);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, p->width);
  g_assert_cmpint (iy, <, p->height);
  return *(const guint32 *) (gconstpointer) (p->data + (gsize) iy * p->stride + (gsize) ix * 4)
         & 0xffffff;
}

static gboolean
near_color (guint32 a,
            guint32 b,
            int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

static void
assert_color (const Pixels *p,
              double        x,
              double        y,
              guint32       want,
              const char   *what)
{
  guint32 got = pixel_at (p, x, y);

  if (!near_color (got, want, 8))
    g_error ("%s at %.1f,%.1f: got %06x, want %06x", what, x, y, got, want);
}

/* Where a cached place is: its index in the layer and its position in the window */
static gint64
find (const char *id,
      double     *wx,
      double     *wy)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);

  for (guint i = 0; i < cg_poi_layer_get_n_points (layer); i++)
    if (g_strcmp0 (cg_poi_layer_get_point_id (layer, i), id) == 0)
      {
        const CgMapPoint *mp = cg_poi_layer_get_point (layer, i);
        double x, y;

        if (wx != NULL)
          {
            shumate_viewport_location_to_widget_coords (cg_map_view_get_viewport (fx.view),
                                                        GTK_WIDGET (layer), mp->lat, mp->lon,
                                                        &x, &y);
            g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (layer),
                                                             GTK_WIDGET (fx.window), x, y, wx, wy));
          }
        return i;
      }
  g_assert_not_reached ();
  return -1;
}

/* Layer coordinates of a window position */
static void
to_layer (double  wx,
          double  wy,
          double *lx,
          double *ly)
{
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fx.window),
                                                   GTK_WIDGET (cg_map_view_get_poi_layer (fx.view)),
                                                   wx, wy, lx, ly));
}

static void ensure_fixture (void);

static gboolean
tracker_idle (void)
{
  return !cg_inspection_tracker_get_busy (cg_map_view_get_inspection_tracker (fx.view));
}

static void
go_home (void)
{
  ShumateViewport *vp;

  ensure_fixture ();
  vp = cg_map_view_get_viewport (fx.view);

  shumate_viewport_set_zoom_level (vp, ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (vp), LAT0, LON0);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
}

/* Set up inside the first test, where the test's isolated XDG dirs apply */
static void
ensure_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) overdue = g_hash_table_new (g_str_hash, g_str_equal);

  if (fx.view != NULL)
    return;

  fx.tmpdir = g_dir_make_tmp ("cg-test-map-view-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db = g_build_filename (fx.tmpdir, "cache.db", NULL);
  fx.store = cg_store_open (fx.db, &error);
  g_assert_no_error (error);
  fill_cache ();

  fx.view = cg_map_view_new ();
  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, WIDTH, HEIGHT);
  gtk_window_set_child (fx.window, GTK_WIDGET (fx.view));
  cg_poi_layer_set_animate (cg_map_view_get_poi_layer (fx.view), FALSE);
  gtk_window_present (fx.window);

  cg_map_view_set_store (fx.view, fx.store);
  cg_map_view_reload (fx.view);
  g_assert_true (cg_test_wait_for (loaded, 10, "the points"));
  /* the rules engine's own marks come first: these replace them */
  g_assert_true (cg_test_wait_for (tracker_idle, 10, "the inspection states"));
  g_hash_table_add (overdue, (gpointer) "m-late");
  cg_poi_layer_set_overdue (cg_map_view_get_poi_layer (fx.view), overdue);

}

/* Tests */

static void
test_map_view_symbols (void)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);
  Pixels px = { 0 };
  double x, y, ax, ay;
  CgPoiHit hit;
  double r;

  go_home ();
  g_assert_cmpuint (cg_poi_layer_get_n_drawn (layer), ==, 4);
  g_assert_cmpuint (cg_poi_layer_get_n_clusters_drawn (layer), ==, 2);
  render (&px);

  /* single symbols, in their kind's shape and their grade's colour */
  find ("m-low", &x, &y);
  assert_color (&px, x, y, CG_COLOR_RISK_LOW, "low-risk merchant");
  find ("s-1", &x, &y);
  assert_color (&px, x, y, CG_COLOR_RISK_MEDIUM, "medium-risk site");
  assert_color (&px, x + 3, y + 3, CG_COLOR_RISK_MEDIUM, "site square corner");
  find ("p-1", &x, &y);
  assert_color (&px, x, y + 2, CG_COLOR_POINT, "camera");
  find ("m-late", &x, &y);
  assert_color (&px, x, y, CG_COLOR_RISK_HIGH, "high-risk merchant");

  /* cluster A: the ring is half high (right half, clockwise from the top), a third medium
   * (lower left), a sixth low (upper left); white inside */
  find ("m-a0", &ax, &ay);
  to_layer (ax, ay, &x, &y);
  g_assert_true (cg_poi_layer_pick (layer, x, y, &hit));
  g_assert_cmpint (hit.point, ==, -1);
  g_assert_cmpuint (hit.count, ==, 6);
  g_assert_cmpuint (hit.risk_counts[CG_RISK_HIGH], ==, 3);
  g_assert_cmpuint (hit.risk_counts[CG_RISK_MEDIUM], ==, 2);
  g_assert_cmpuint (hit.risk_counts[CG_RISK_LOW], ==, 1);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (layer), GTK_WIDGET (fx.window),
                                                   hit.x, hit.y, &ax, &ay));
  r = cg_poi_cluster_get_radius (6) - 2;   /* the middle of the 4-px ring */
  assert_color (&px, ax + r, ay, CG_COLOR_RISK_HIGH, "cluster ring, high arc");
  assert_color (&px, ax + r * cos (G_PI * 5 / 6), ay + r * sin (G_PI * 5 / 6),
                CG_COLOR_RISK_MEDIUM, "cluster ring, medium arc");
  assert_color (&px, ax + r * cos (G_PI * 4 / 3), ay + r * sin (G_PI * 4 / 3),
                CG_COLOR_RISK_LOW, "cluster ring, low arc");
  g_assert_true (near_color (pixel_at (&px, ax + 5.5, ay + 4), 0xffffff, 16));

  /* the overdue badge sits top right of its symbol */
  find ("m-late", &x, &y);
  {
    double off = cg_poi_overdue_badge_offset (CG_COLLECTION_MERCHANTS, 1);

    assert_color (&px, x + off + 2, y - off, CG_COLOR_OVERDUE, "overdue badge");
  }

  g_free (px.data);
}

static void
test_map_view_hits (void)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);
  double x, y, lx, ly;
  CgPoiHit hit;
  gint64 site;
  g_autoptr(GArray) members = NULL;
  g_autofree char *tooltip = NULL;

  go_home ();

  site = find ("s-1", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, lx + 2, ly - 2), ==, site);
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, lx + 40, ly + 40), ==, -1);
  g_assert_false (cg_poi_layer_pick (layer, lx + 40, ly + 40, NULL));

  /* a cluster: not a single object, but its members */
  find ("m-a3", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, lx, ly), ==, -1);
  g_assert_true (cg_poi_layer_pick (layer, lx + 8, ly, &hit));
  members = cg_poi_layer_get_cluster_points (layer, &hit);
  g_assert_nonnull (members);
  g_assert_cmpuint (members->len, ==, 6);
  for (guint i = 0; i < members->len; i++)
    g_assert_true (g_str_has_prefix (cg_poi_layer_get_point_id (layer,
                                                                g_array_index (members, guint32, i)),
                                     "m-a"));

  tooltip = cg_map_view_describe_cluster (fx.view, &hit);
  g_assert_cmpstr (tooltip, ==, "6 objects\nHigh risk: 3\nMedium risk: 2\nLow risk: 1");
}

static void
test_map_view_filters (void)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);
  CgPoiFilter filter;
  double x, y, lx, ly;
  CgPoiHit hit;
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  go_home ();
  g_assert_cmpuint (cg_poi_layer_get_n_overdue (layer), ==, 1);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 13);

  /* no high risk: cluster A keeps 3, the overdue shop goes */
  cg_poi_layer_get_filter (layer, &filter);
  filter.risks &= ~(1u << CG_RISK_HIGH);
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_false (cg_poi_layer_get_building (layer));   /* small: clustered at once */
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 9);
  g_assert_cmpuint (cg_poi_layer_get_shown_count (layer, CG_COLLECTION_MERCHANTS, CG_RISK_HIGH), ==, 0);
  g_assert_cmpuint (cg_poi_layer_get_count (layer, CG_COLLECTION_MERCHANTS, CG_RISK_HIGH), ==, 4);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  find ("m-a0", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, ==, 3);
  g_assert_cmpuint (hit.risk_counts[CG_RISK_HIGH], ==, 0);
  find ("m-late", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, lx, ly), ==, -1);
  g_assert_cmpuint (cg_poi_layer_get_n_drawn (layer), ==, 3);

  /* overdue only: the one shop */
  cg_poi_filter_init_all (&filter);
  filter.overdue_only = TRUE;
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 1);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  g_assert_cmpint (cg_poi_layer_get_point_at (layer, lx, ly), ==, find ("m-late", NULL, NULL));
  g_assert_cmpuint (cg_poi_layer_get_n_clusters_drawn (layer), ==, 0);

  /* sites of the "housing" category only: the one site */
  cg_poi_filter_init_all (&filter);
  filter.kinds = 1u << CG_COLLECTION_SITES;
  filter.categories[CG_COLLECTION_SITES] = 1u << cg_poi_category_from_string (CG_COLLECTION_SITES,
                                                                             "housing");
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 1);
  g_assert_false (cg_poi_layer_get_show_merchants (layer));
  filter.categories[CG_COLLECTION_SITES] = 1u << cg_poi_category_from_string (CG_COLLECTION_SITES,
                                                                             "demolition");
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 0);

  /* no overdue set: overdue only shows nothing */
  cg_poi_filter_init_all (&filter);
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_true (cg_poi_layer_get_show_merchants (layer));
  cg_poi_layer_set_overdue (layer, none);
  g_assert_cmpuint (cg_poi_layer_get_n_overdue (layer), ==, 0);
  g_assert_false (cg_poi_layer_is_overdue (layer, find ("m-late", NULL, NULL)));
  {
    g_autoptr(GHashTable) late = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_add (late, (gpointer) "m-late");
    g_hash_table_add (late, (gpointer) "p-1");   /* not an inspection target: ignored */
    cg_poi_layer_set_overdue (layer, late);
  }
  g_assert_cmpuint (cg_poi_layer_get_n_overdue (layer), ==, 1);
  g_assert_true (cg_poi_layer_is_overdue (layer, find ("m-late", NULL, NULL)));
}

static gboolean
zoomed_in (void)
{
  return shumate_viewport_get_zoom_level (cg_map_view_get_viewport (fx.view)) >= 17.0 - 1e-6;
}

static gboolean
popover_shown (void)
{
  return gtk_widget_get_visible (GTK_WIDGET (cg_map_view_get_cluster_popover (fx.view)));
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_map_view_cluster_click (void)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);
  double x, y, lx, ly;
  CgPoiHit hit;
  GtkWidget *list;
  GtkListBoxRow *row;
  guint n_rows = 0;

  go_home ();

  /* cluster B shares one address: zooming cannot split it, so its objects are listed */
  find ("m-b0", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, ==, 3);
  g_assert_false (cg_poi_layer_get_cluster_expansion (layer, &hit, 19, NULL, NULL, NULL, NULL, NULL));
  cg_map_view_activate_cluster (fx.view, &hit);
  g_assert_true (cg_test_wait_for (popover_shown, 10, "the cluster's list"));
  list = find_widget (GTK_WIDGET (cg_map_view_get_cluster_popover (fx.view)), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 3);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_true (g_str_has_prefix (cg_poi_layer_get_point_id (layer, cg_poi_layer_get_selected (layer)),
                                   "m-b"));
  cg_map_view_select (fx.view, -1);

  /* cluster A splits at zoom 17: a click zooms there, and its objects are alone */
  find ("m-a0", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, ==, 6);
  {
    double zoom, x0, y0, x1, y1;

    g_assert_true (cg_poi_layer_get_cluster_expansion (layer, &hit, 19, &zoom, &x0, &y0, &x1, &y1));
    g_assert_cmpfloat (zoom, ==, 17);
    g_assert_cmpfloat (x0, <, x1);
  }
  cg_map_view_activate_cluster (fx.view, &hit);
  g_assert_true (cg_test_wait_for (zoomed_in, 10, "the zoom to the cluster's extent"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  g_assert_cmpuint (cg_poi_layer_get_n_clusters_drawn (layer), ==, 0);
  find ("m-a0", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, ==, 1);
  cg_map_view_activate_at (fx.view, lx, ly);
  g_assert_cmpint (cg_poi_layer_get_selected (layer), ==, hit.point);
  cg_map_view_select (fx.view, -1);

  /* at 17 every object is alone, and the three at one address are on one spot: a click
   * lists them */
  gtk_popover_popdown (cg_map_view_get_cluster_popover (fx.view));
  g_assert_false (popover_shown ());
  shumate_location_set_location (SHUMATE_LOCATION (cg_map_view_get_viewport (fx.view)),
                                 LAT0 + dlat (180), LON0);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  find ("m-b1", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, ==, 1);
  {
    g_autoptr(GArray) near = cg_poi_layer_get_points_near (layer, lx, ly, 1.5);

    g_assert_cmpuint (near->len, ==, 3);
  }
  cg_map_view_activate_at (fx.view, lx, ly);
  g_assert_true (cg_test_wait_for (popover_shown, 10, "the list of one spot"));
  list = find_widget (GTK_WIDGET (cg_map_view_get_cluster_popover (fx.view)), GTK_TYPE_LIST_BOX);
  n_rows = 0;
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 3);
  gtk_popover_popdown (cg_map_view_get_cluster_popover (fx.view));
  cg_map_view_activate_at (fx.view, lx + 100, ly + 100);   /* nothing there */
  g_assert_cmpint (cg_poi_layer_get_selected (layer), ==, -1);
}

static gboolean anim_timeout;

static gboolean
anim_done (void)
{
  return anim_timeout;
}

/* Zooming out across an integer zoom animates (children move into their parents) and ends
 * with the clusters of the new zoom */
static void
test_map_view_animation (void)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);
  ShumateViewport *vp = cg_map_view_get_viewport (fx.view);
  double x, y, lx, ly;
  CgPoiHit hit;

  go_home ();
  cg_poi_layer_set_animate (layer, TRUE);
  shumate_viewport_set_zoom_level (vp, 12);
  cg_test_wait_frames (GTK_WIDGET (fx.window));   /* frames of the animated path */

  anim_timeout = FALSE;
  g_timeout_add (400, (GSourceFunc) on_timeout_cb, &anim_timeout);
  g_assert_true (cg_test_wait_for (anim_done, 5, "the animation"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  cg_poi_layer_set_animate (layer, FALSE);

  /* at zoom 12 the objects within 40 px are one cluster */
  find ("m-a0", &x, &y);
  to_layer (x, y, &lx, &ly);
  g_assert_true (cg_poi_layer_pick (layer, lx, ly, &hit));
  g_assert_cmpuint (hit.count, >=, 6);
  g_assert_cmpuint (cg_poi_layer_get_n_drawn (layer) + cg_poi_layer_get_n_clusters_drawn (layer), <, 7);
}

static char *
next_inspection_cb (const CgPlace *place,
                    GPtrArray     *inspections,
                    gpointer       user_data)
{
  const CgInspection *last = inspections->len > 0 ? g_ptr_array_index (inspections, 0) : NULL;

  g_assert_cmpstr (place->id, ==, "m-late");
  return g_strdup_printf ("%s after %s", (const char *) user_data, last ? last->id : "none");
}

static gboolean
details_loaded (void)
{
  g_autofree char *text = cg_map_view_get_details_text (fx.view);

  return strstr (text, "Cases (") != NULL || strstr (text, "No cases") != NULL;
}

static void
test_map_view_details (void)
{
  g_autofree char *text = NULL;

  go_home ();
  cg_map_view_set_next_inspection_func (fx.view, next_inspection_cb, (gpointer) "due soon", NULL);
  cg_map_view_select (fx.view, find ("m-late", NULL, NULL));
  g_assert_true (cg_test_wait_for (details_loaded, 10, "the details"));

  text = cg_map_view_get_details_text (fx.view);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Overdue shop\n"));
  g_assert_nonnull (strstr (text, "普陀区真北路1号"));
  g_assert_nonnull (strstr (text, "真如镇街道"));
  g_assert_nonnull (strstr (text, "92310107MA1234567X"));
  g_assert_nonnull (strstr (text, "Last inspection\n"));
  g_assert_nonnull (strstr (text, "Next inspection\ndue soon after i-1\n"));
  /* newest first: i-1 (rectify) before i-0 (pass) */
  g_assert_nonnull (strstr (text, "Inspections (2, newest first)\n"));
  g_assert_true (strstr (text, "rectification ordered\n") < strstr (text, "passed\n"));
  g_assert_nonnull (strstr (text, "Cases (1, newest first)\n"));
  g_assert_nonnull (strstr (text, "第000001号"));
  {
    Pixels px = { 0 };

    cg_test_wait_frames (GTK_WIDGET (fx.window));
    render (&px);   /* the panel renders (CG_TEST_SAVE_PNG keeps the last render) */
    g_free (px.data);
  }

  /* without the hook, no "next inspection" line */
  cg_map_view_set_next_inspection_func (fx.view, NULL, NULL, NULL);
  cg_map_view_select (fx.view, find ("m-low", NULL, NULL));
  g_assert_true (cg_test_wait_for (details_loaded, 10, "the details"));
  g_clear_pointer (&text, g_free);
  text = cg_map_view_get_details_text (fx.view);
  g_assert_null (strstr (text, "Next inspection"));
  g_assert_nonnull (strstr (text, "Inspections (1, newest first)\n"));
  g_assert_nonnull (strstr (text, "No cases against it in the cache\n"));
  cg_map_view_select (fx.view, -1);
}

static void
run_with_fixture (gconstpointer data)
{
  ensure_fixture ();
  ((GTestFunc) data) ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* --gl (the app-map-view-gl test): the same with GSK's GL renderer (Mesa's llvmpipe under
   * Xvfb), where the layers draw textures instead of the cairo renderer's surfaces */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--gl") == 0)
      {
        g_setenv ("GSK_RENDERER", "gl", TRUE);
        for (int j = i; j < argc; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  /* links the UI resources in (they register themselves) */
  g_assert_nonnull (cg_get_resource ());

  g_test_add_data_func ("/cg/app/map-view/symbols", test_map_view_symbols, run_with_fixture);
  g_test_add_data_func ("/cg/app/map-view/hits", test_map_view_hits, run_with_fixture);
  g_test_add_data_func ("/cg/app/map-view/filters", test_map_view_filters, run_with_fixture);
  g_test_add_data_func ("/cg/app/map-view/cluster-click", test_map_view_cluster_click, run_with_fixture);
  g_test_add_data_func ("/cg/app/map-view/details", test_map_view_details, run_with_fixture);
  g_test_add_data_func ("/cg/app/map-view/animation", test_map_view_animation, run_with_fixture);

  ret = g_test_run ();

  if (fx.window != NULL)
    gtk_window_destroy (fx.window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx.store);
  if (fx.tmpdir != NULL)
    cg_test_remove_cache_dir (fx.tmpdir);
  g_free (fx.db);
  g_free (fx.tmpdir);

  return ret;
}
