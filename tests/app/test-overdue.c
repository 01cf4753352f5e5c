/* test-overdue.c: the rules engine's states on the map — overdue badges, the "overdue
 * only" filter, the legend's count and the details panel's "Next inspection" line — under
 * Xvfb, on a cache built here
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The day is fixed at Thursday 2026-11-26 (cg_inspection_tracker_set_date()). The cache
 * knows inspections from Tuesday 2026-09-01 on:
 *   m-over  high risk, inspected 2026-09-01 only: every week since missed -> overdue
 *           since Monday 2026-09-07 (the first week without two inspections)
 *   m-ok    low risk, inspected 2026-10-10 and today: the November-December window is
 *           met -> compliant, next due by the end of the next window, 2027-02-28
 *   m-due   low risk, inspected 2026-09-15: September-October met, November-December not
 *           yet -> due by 2026-12-31
 *   m-none  ungraded: no line
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cg-map-view.h"
#include "cg-resources.h"
#include "cg-test-window.h"

#define LON0  121.40
#define LAT0  31.25

static struct
{
  char       *tmpdir;
  char       *db;
  CgStore    *store;
  GtkWindow  *window;
  CgMapView  *view;
  CgDay       today;
} fx;

static CgPlace *
place (const char *id,
       const char *name,
       double      dx,
       CgRisk      risk)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->name = g_strdup (name);
  p->lon = LON0 + dx;
  p->lat = LAT0;
  p->risk = risk;
  p->category = g_strdup ("catering");
  p->address = g_strdup ("普陀区真北路1号");
  p->street_code = g_strdup ("310107022");
  p->street_name = g_strdup ("真如镇街道");
  p->updated_at = 1795430520;
  return p;
}

static CgDay
day (const char *text)
{
  g_autoptr(GError) error = NULL;
  CgDay d;

  g_assert_true (cg_day_parse (text, &d, &error));
  g_assert_no_error (error);
  return d;
}

static void
add_inspection (GPtrArray  *inspections,
                const char *target,
                const char *when)
{
  CgInspection *in = cg_inspection_new ();

  in->id = g_strdup_printf ("i-%s-%s", target, when);
  in->target_type = g_strdup ("merchant");
  in->target_id = g_strdup (target);
  in->officer_id = g_strdup ("o-0001");
  in->inspected_at = cg_day_to_unix (day (when)) + 10 * 3600;   /* 10:00 Shanghai */
  in->kind = g_strdup ("graded");
  in->result = g_strdup ("pass");
  in->updated_at = in->inspected_at;
  g_ptr_array_add (inspections, in);
}

static void
fill_cache (void)
{
  g_autoptr(GPtrArray) merchants = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) inspections = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);

  g_ptr_array_add (merchants, place ("m-over", "Overdue shop", -0.004, CG_RISK_HIGH));
  g_ptr_array_add (merchants, place ("m-ok", "Compliant shop", 0, CG_RISK_LOW));
  g_ptr_array_add (merchants, place ("m-due", "Due shop", 0.004, CG_RISK_LOW));
  g_ptr_array_add (merchants, place ("m-none", "Ungraded shop", 0.008, CG_RISK_UNKNOWN));
  cg_test_apply_page (fx.store, CG_COLLECTION_MERCHANTS, merchants);

  add_inspection (inspections, "m-over", "2026-09-01");
  add_inspection (inspections, "m-ok", "2026-10-10");
  add_inspection (inspections, "m-ok", "2026-11-26");
  add_inspection (inspections, "m-due", "2026-09-15");
  cg_test_apply_page (fx.store, CG_COLLECTION_INSPECTIONS, inspections);
}

/* Waiting */

static CgInspectionTracker *
tracker (void)
{
  return cg_map_view_get_inspection_tracker (fx.view);
}

static gboolean
evaluated (void)
{
  return !cg_map_view_get_loading (fx.view) &&
         cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (fx.view)) == 4 &&
         !cg_inspection_tracker_get_busy (tracker ()) &&
         cg_inspection_tracker_get_date (tracker ()) == fx.today;
}

static gint64
find (const char *id)
{
  CgPoiLayer *layer = cg_map_view_get_poi_layer (fx.view);

  for (guint i = 0; i < cg_poi_layer_get_n_points (layer); i++)
    if (g_strcmp0 (cg_poi_layer_get_point_id (layer, i), id) == 0)
      return i;
  g_assert_not_reached ();
  return -1;
}

static gboolean
details_loaded (void)
{
  g_autofree char *text = cg_map_view_get_details_text (fx.view);

  return strstr (text, "Cases (") != NULL || strstr (text, "No cases") != NULL;
}

static char *
details_of (const char *id)
{
  char *text;

  cg_map_view_select (fx.view, find (id));
  g_assert_true (cg_test_wait_for (details_loaded, 10, "the details"));
  text = cg_map_view_get_details_text (fx.view);
  g_test_message ("%s:\n%s", id, text);
  return text;
}

static void
save_png (const char *path)
{
  GtkWidget *widget = GTK_WIDGET (fx.window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_overdue_map (void)
{
  g_autoptr(GError) error = NULL;
  CgPoiLayer *layer;
  CgPoiFilter filter;
  const CgInspectionState *st;
  g_autofree char *over = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *due = NULL;
  g_autofree char *none = NULL;

  fx.today = day ("2026-11-26");
  fx.tmpdir = g_dir_make_tmp ("cg-test-overdue-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db = g_build_filename (fx.tmpdir, "cache.db", NULL);
  fx.store = cg_store_open (fx.db, &error);
  g_assert_no_error (error);
  fill_cache ();

  fx.view = cg_map_view_new ();
  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, 1000, 700);
  gtk_window_set_child (fx.window, GTK_WIDGET (fx.view));
  cg_poi_layer_set_animate (cg_map_view_get_poi_layer (fx.view), FALSE);
  gtk_window_present (fx.window);

  cg_inspection_tracker_set_date (tracker (), fx.today);
  cg_map_view_set_store (fx.view, fx.store);
  cg_map_view_reload (fx.view);
  g_assert_true (cg_test_wait_for (evaluated, 10, "the points and their states"));

  /* the states */
  st = cg_inspection_tracker_lookup (tracker (), "m-over");
  g_assert_nonnull (st);
  g_assert_cmpint (st->status, ==, CG_INSPECTION_STATUS_OVERDUE);
  g_assert_cmpint (st->overdue_since, ==, day ("2026-09-07"));
  st = cg_inspection_tracker_lookup (tracker (), "m-ok");
  g_assert_nonnull (st);
  g_assert_cmpint (st->status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  st = cg_inspection_tracker_lookup (tracker (), "m-due");
  g_assert_nonnull (st);
  g_assert_cmpint (st->status, ==, CG_INSPECTION_STATUS_DUE);
  g_assert_null (cg_inspection_tracker_lookup (tracker (), "m-none"));

  /* the marks on the map */
  layer = cg_map_view_get_poi_layer (fx.view);
  g_assert_cmpuint (cg_poi_layer_get_n_overdue (layer), ==, 1);
  g_assert_true (cg_poi_layer_is_overdue (layer, find ("m-over")));
  g_assert_false (cg_poi_layer_is_overdue (layer, find ("m-ok")));
  g_assert_false (cg_poi_layer_is_overdue (layer, find ("m-due")));
  g_assert_false (cg_poi_layer_is_overdue (layer, find ("m-none")));

  /* "overdue only" leaves the overdue shop alone */
  cg_poi_layer_get_filter (layer, &filter);
  filter.overdue_only = TRUE;
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 1);
  g_assert_cmpuint (cg_poi_layer_get_shown_count (layer, CG_COLLECTION_MERCHANTS, CG_RISK_HIGH), ==, 1);
  g_assert_cmpuint (cg_poi_layer_get_shown_count (layer, CG_COLLECTION_MERCHANTS, CG_RISK_LOW), ==, 0);
  filter.overdue_only = FALSE;
  cg_poi_layer_set_filter (layer, &filter);
  g_assert_cmpuint (cg_poi_layer_get_n_shown (layer), ==, 4);

  /* the details panel's line, with the grade's rule */
  none = details_of ("m-none");
  g_assert_null (strstr (none, "Next inspection"));
  due = details_of ("m-due");
  g_assert_nonnull (strstr (due, "Next inspection\nDue by 2026-12-31\n"
                                 "Low risk: once every two months\n"));
  ok = details_of ("m-ok");
  g_assert_nonnull (strstr (ok, "Next inspection\nCompliant, next due by 2027-02-28\n"
                                "Low risk: once every two months\n"));
  over = details_of ("m-over");
  g_assert_nonnull (strstr (over, "Inspection\nOverdue\n"));
  g_assert_nonnull (strstr (over, "Next inspection\nOverdue since 2026-09-07\n"
                                  "High risk: twice a week, at least 3 days apart\n"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  if (g_getenv ("CG_TEST_SAVE_PNG"))
    save_png (g_getenv ("CG_TEST_SAVE_PNG"));

  /* a sync brings this week's two inspections of the overdue shop: after the reload it is
   * compliant and no longer marked, and the open details follow (the next week's first one
   * is due by Thursday, leaving 3 days for the second) */
  {
    g_autoptr(GPtrArray) inspections =
      g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);
    g_autofree char *text = NULL;

    add_inspection (inspections, "m-over", "2026-11-23");
    add_inspection (inspections, "m-over", "2026-11-26");
    cg_test_apply_page (fx.store, CG_COLLECTION_INSPECTIONS, inspections);
  }
  cg_map_view_reload (fx.view);
  g_assert_true (cg_test_wait_for (evaluated, 10, "the reload"));
  g_assert_true (cg_test_wait_for (details_loaded, 10, "the details"));
  st = cg_inspection_tracker_lookup (tracker (), "m-over");
  g_assert_nonnull (st);
  g_assert_cmpint (st->status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  g_assert_cmpuint (cg_poi_layer_get_n_overdue (layer), ==, 0);
  g_assert_false (cg_poi_layer_is_overdue (layer, find ("m-over")));
  {
    g_autofree char *text = cg_map_view_get_details_text (fx.view);

    g_test_message ("after the sync:\n%s", text);
    g_assert_null (strstr (text, "Inspection\nOverdue\n"));
    g_assert_nonnull (strstr (text, "Next inspection\nCompliant, next due by 2026-12-03\n"));
  }

  gtk_window_destroy (fx.window);
  g_clear_object (&fx.store);
  g_assert_cmpint (g_remove (fx.db), ==, 0);
  g_free (fx.db);
  {
    g_autofree char *wal = g_strconcat (fx.tmpdir, "/cache.db-wal", NULL);
    g_autofree char *shm = g_strconcat (fx.tmpdir, "/cache.db-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (fx.tmpdir);
  g_free (fx.tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  /* links the UI resources in (they register themselves) */
  g_assert_nonnull (cg_get_resource ());

  g_test_add_func ("/overdue/map", test_overdue_map);

  return g_test_run ();
}
