/* test-search-panel.c: the search over the map (Ctrl+F), under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cache with a few known places; the main window on it. Ctrl+F opens the search, typing
 * shows results as you type, activating one flies the map to it and selects it.
 * CG_TEST_SCREENSHOT=path.png saves the window with the results shown.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "cg-resources.h"
#include "cg-search-panel.h"
#include "cg-window.h"

#define TIMEOUT_S 20

static struct
{
  char           *dir;
  char           *path;
  CgStore        *store;
  GtkApplication *app;
  GSettings      *settings;
  CgWindow       *window;
  CgSearchPanel  *panel;
} fx;

typedef gboolean (*Condition) (gconstpointer data);

static gboolean has_label (GtkWidget  *widget,
                           const char *text);

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_for (Condition      condition,
          gconstpointer  data,
          const char    *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_S, on_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  else
    g_test_message ("timed out waiting for %s", what);
  return !timed_out;
}

static gboolean
points_loaded (gconstpointer data)
{
  CgMapView *view = cg_window_get_map_view (fx.window);

  return !cg_map_view_get_loading (view) &&
         cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (view)) == GPOINTER_TO_UINT (data);
}

/* the panel shows the results of @data */
static gboolean
results_of (gconstpointer data)
{
  return !cg_search_panel_get_searching (fx.panel) &&
         g_strcmp0 (cg_search_panel_get_query (fx.panel), data) == 0;
}

static gboolean
mapped (gconstpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
label_shown (gconstpointer data)
{
  return has_label (GTK_WIDGET (fx.panel), data);
}

static gboolean
map_label_shown (gconstpointer data)
{
  return has_label (GTK_WIDGET (cg_window_get_map_view (fx.window)), data);
}

static const double *target;

static gboolean
viewport_at_target (gconstpointer data)
{
  ShumateViewport *viewport = cg_map_view_get_viewport (cg_window_get_map_view (fx.window));

  return fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - target[1]) < 1e-4 &&
         fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - target[0]) < 1e-4;
}

static CgPlace *
make (const char *id,
      const char *name,
      const char *address,
      const char *licence,
      double      lon,
      double      lat)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->name = g_strdup (name);
  p->address = g_strdup (address);
  p->licence_no = g_strdup (licence);
  p->street_name = g_strdup ("曹杨新村街道");
  p->street_code = g_strdup ("310107005");
  p->category = g_strdup ("catering");
  p->risk = CG_RISK_MEDIUM;
  p->lon = lon;
  p->lat = lat;
  return p;
}

static void
fill_cache (void)
{
  g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) s = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GError) error = NULL;
  CgPlace *site;

  g_ptr_array_add (m, make ("m-1", "兰州拉面馆", "普陀区真北路100号", "92310107MA1K2L3M4N",
                            121.3980, 31.2450));
  g_ptr_array_add (m, make ("m-2", "老王面馆", "普陀区曹杨路8号", "JY13101070012345",
                            121.4150, 31.2400));
  g_ptr_array_add (m, make ("m-3", "面包工坊", "普陀区兰溪路3号", NULL, 121.4050, 31.2500));
  g_ptr_array_add (m, make ("m-4", "Starbucks Coffee 星巴克", "普陀区长寿路1号", NULL,
                            121.4380, 31.2420));
  g_assert_true (cg_store_apply_page (fx.store, CG_COLLECTION_MERCHANTS, m, NULL, NULL, 0,
                                      &error));
  g_assert_no_error (error);

  site = make ("s-1", "真北路地块住宅项目", "普陀区真北路300号", "91310107MA1B2C3D4E",
               121.3920, 31.2550);
  g_free (site->category);
  site->category = g_strdup ("housing");
  g_ptr_array_add (s, site);
  g_assert_true (cg_store_apply_page (fx.store, CG_COLLECTION_SITES, s, NULL, NULL, 0, &error));
  g_assert_no_error (error);
}

/* A mapped label with this text under @widget */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* A Down key press as the entry's capture-phase key controller (the panel's) sees it */
static void
press_down (GtkWidget *entry)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);
  guint n_handled = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
      n_handled += handled;
    }
  g_assert_cmpuint (n_handled, ==, 1);
}

static void
type (const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (cg_search_panel_get_entry (fx.panel)), text);
}

static void
screenshot (void)
{
  const char *path = g_getenv ("CG_TEST_SCREENSHOT");
  g_autoptr(GdkTexture) texture = NULL;

  if (path == NULL)
    return;
  /* let the revealer finish */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  texture = cg_window_render_texture (fx.window);
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_search_panel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDistrict) district = NULL;
  GtkSearchBar *bar;
  GtkWidget *entry;
  GtkListBox *list;
  GtkListBoxRow *row;
  const CgSearchHit *hit;
  const CgMapPoint *selected;
  CgPoiLayer *layer;
  double where[2];
  gint64 index;

  fx.dir = g_dir_make_tmp ("cg-test-search-XXXXXX", &error);
  g_assert_no_error (error);
  fx.path = g_build_filename (fx.dir, "cache.db", NULL);
  fx.store = cg_store_open (fx.path, &error);
  g_assert_no_error (error);
  fill_cache ();

  fx.app = gtk_application_new ("org.chengguan.Command.TestSearch",
                                G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  fx.settings = g_settings_new (APP_ID);
  {
    /* the application's style sheet, as AdwApplication loads it */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/chengguan/Command/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  fx.window = cg_window_new (fx.app, fx.store, fx.settings);
  district = cg_district_load ("310107", &error);
  g_assert_no_error (error);
  cg_window_set_district (fx.window, district);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1100, 750);
  gtk_window_present (GTK_WINDOW (fx.window));
  g_assert_true (wait_for (points_loaded, GUINT_TO_POINTER (5), "the map points"));

  fx.panel = cg_window_get_search_panel (fx.window);
  bar = GTK_SEARCH_BAR (gtk_widget_get_ancestor (GTK_WIDGET (fx.panel), GTK_TYPE_SEARCH_BAR));
  entry = GTK_WIDGET (cg_search_panel_get_entry (fx.panel));
  list = cg_search_panel_get_list (fx.panel);
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  /* quick flights and searches: the test waits for both */
  shumate_map_set_go_to_duration (cg_map_view_get_map (cg_window_get_map_view (fx.window)), 50);
  g_object_set (entry, "search-delay", 20, NULL);

  /* Ctrl+F */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fx.window)), entry) ||
                 gtk_root_get_focus (GTK_ROOT (fx.window)) == entry);

  /* results as you type: 面 is overtaken by 面馆 */
  type ("面");
  type ("面馆");
  g_assert_true (wait_for (results_of, "面馆", "the results of 面馆"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 2);
  hit = cg_search_panel_get_result (fx.panel, 0);
  g_assert_cmpstr (hit->name, ==, "老王面馆");
  hit = cg_search_panel_get_result (fx.panel, 1);
  g_assert_cmpstr (hit->name, ==, "兰州拉面馆");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  g_assert_true (wait_for (mapped, list, "the results to show"));
  screenshot ();

  /* Down in the entry moves into the results, Up from the first goes back */
  press_down (entry);
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fx.window)) ==
                 GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  {
    gboolean handled = FALSE;

    g_signal_emit_by_name (list, "keynav-failed", GTK_DIR_UP, &handled);
    g_assert_true (handled);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fx.window)), entry));
  }

  /* activating 兰州拉面馆 flies there and selects it */
  where[0] = hit->lon;
  where[1] = hit->lat;
  target = where;
  row = gtk_list_box_get_row_at_index (list, 1);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  layer = cg_map_view_get_poi_layer (cg_window_get_map_view (fx.window));
  index = cg_poi_layer_get_selected (layer);
  g_assert_cmpint (index, >=, 0);
  selected = cg_poi_layer_get_point (layer, index);
  g_assert_cmpint (selected->collection, ==, CG_COLLECTION_MERCHANTS);
  g_assert_cmpint (selected->rowid, ==, cg_search_panel_get_result (fx.panel, 1)->rowid);
  g_assert_true (wait_for (viewport_at_target, NULL, "the map to fly to 兰州拉面馆"));
  /* the details panel slides in */
  g_assert_true (wait_for (map_label_shown, "兰州拉面馆", "the details of 兰州拉面馆"));

  /* a licence prefix, then Enter in the entry takes the first result: a site */
  type ("91310107");
  g_assert_true (wait_for (results_of, "91310107", "the results of a licence prefix"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 1);
  g_signal_emit_by_name (entry, "activate");
  selected = cg_poi_layer_get_point (layer, cg_poi_layer_get_selected (layer));
  g_assert_nonnull (selected);
  g_assert_cmpint (selected->collection, ==, CG_COLLECTION_SITES);

  /* English, any case */
  type ("COFFEE");
  g_assert_true (wait_for (results_of, "COFFEE", "the results of COFFEE"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 1);
  g_assert_cmpstr (cg_search_panel_get_result (fx.panel, 0)->id, ==, "m-4");

  /* nothing found: the empty state */
  type ("火锅店");
  g_assert_true (wait_for (results_of, "火锅店", "the results of 火锅店"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (wait_for (label_shown, "No results", "the empty state"));

  /* an emptied entry clears the results */
  type ("");
  g_assert_true (wait_for (results_of, "", "the cleared results"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 0);

  /* a place synced after the map's last reload: the map flies there, reloads, and then
   * has it to select */
  {
    g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);

    g_ptr_array_add (m, make ("m-9", "新开张面馆", "普陀区武宁路9号", NULL, 121.4250, 31.2380));
    g_assert_true (cg_store_apply_page (fx.store, CG_COLLECTION_MERCHANTS, m, NULL, NULL, 0,
                                        NULL));
  }
  type ("新开张");
  g_assert_true (wait_for (results_of, "新开张", "the results of 新开张"));
  g_assert_cmpuint (cg_search_panel_get_n_results (fx.panel), ==, 1);
  where[0] = 121.4250;
  where[1] = 31.2380;
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wait_for (viewport_at_target, NULL, "the map to fly to 新开张面馆"));
  g_assert_true (wait_for (points_loaded, GUINT_TO_POINTER (6), "the reloaded points"));
  g_signal_emit_by_name (entry, "activate");
  selected = cg_poi_layer_get_point (layer, cg_poi_layer_get_selected (layer));
  g_assert_nonnull (selected);
  g_assert_cmpint (selected->rowid, ==, cg_search_panel_get_result (fx.panel, 0)->rowid);

  /* Escape closes the search */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (bar));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  /* the templates live in the static library: referencing them keeps them linked */
  g_assert_nonnull (cg_get_resource ());

  g_test_add_func ("/cg/app/search-panel", test_search_panel);

  ret = g_test_run ();

  if (fx.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fx.settings);
  g_clear_object (&fx.app);
  g_clear_object (&fx.store);
  if (fx.dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (fx.path, suffixes[i], NULL);
          g_unlink (file);
        }
      g_rmdir (fx.dir);
    }
  g_free (fx.path);
  g_free (fx.dir);
  return ret;
}
