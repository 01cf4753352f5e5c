/* test-dashboards.c: the statistics page on a simulated district, in Chinese, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulator with a pinned clock (in its own thread, as the app runs the demo) serves the
 * city API; the app syncs it into a temporary cache. Each dashboard is opened on a range of
 * the simulated history, screenshotted (PNG in the test's temporary directory; copied to
 * $CG_TEST_SAVE_DIR when set) and checked: every chart has data, every headline card shows
 * what the data layer computes for the same query on its own connection. Then: a range with
 * no records and one that ends before it starts give the empty and error states; a bar's
 * drill-down lists as many items as the bar's value; a row opens on the map page; the
 * complaint heat layer lights up where complaints are.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cg-application.h"
#include "cg-dashboard-row.h"
#include "cg-dashboards-view.h"
#include "cg-i18n.h"
#include "cg-sim-server.h"
#include "cg-store-dashboard.h"
#include "cg-test-window.h"
#include "cg-window.h"

#define NOW       1795430520   /* 2026-11-23 18:42 in Shanghai: the simulator's pinned clock */
#define TIMEOUT_S 60

static struct
{
  char             *tmpdir;
  char             *db;
  CgSimThread      *server;
  CgApplication    *app;
  CgWindow         *window;
  CgDashboardsView *view;
  CgDay             first;
  CgDay             last;
} fx;

static gboolean
synced (void)
{
  CgSync *sync = cg_window_get_sync (fx.window);

  return sync != NULL && cg_sync_get_status (sync) == CG_SYNC_STATUS_OK &&
         !cg_map_view_get_loading (cg_window_get_map_view (fx.window));
}

static gboolean
dashboard_loaded (void)
{
  CgDashboardKind kind = cg_dashboards_view_get_kind (fx.view);

  return !cg_dashboards_view_get_loading (fx.view) &&
         g_strcmp0 (cg_dashboards_view_get_state (fx.view, kind), "loading") != 0;
}

static gboolean
drill_loaded (void)
{
  CgDashboardTable *table = cg_dashboards_view_get_drill_table (fx.view);

  /* the list is filled too */
  return !cg_dashboards_view_get_drill_loading (fx.view) && table != NULL &&
         cg_dashboards_view_get_drill_n_rows (fx.view) == cg_dashboard_table_get_n_rows (table);
}

/* Saves the window as @name.png in the temporary directory (and $CG_TEST_SAVE_DIR) and
 * returns the texture */
static GdkTexture *
screenshot (const char *name)
{
  GdkTexture *texture;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (fx.tmpdir, file, NULL);

  cg_test_wait_frames (GTK_WIDGET (fx.window));
  texture = cg_window_render_texture (fx.window);
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  if (g_getenv ("CG_TEST_SAVE_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("CG_TEST_SAVE_DIR"), file, NULL);

      g_assert_true (gdk_texture_save_to_png (texture, copy));
    }
  g_unlink (path);

  return texture;
}

/* Distinct colours in a texture: a blank or broken page has a handful */
static guint
count_colors (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);
  g_autoptr(GHashTable) colors = g_hash_table_new (g_direct_hash, g_direct_equal);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (int i = 0; i < w * h; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixels[i] & 0xffffff));

  return g_hash_table_size (colors);
}

static void
open_dashboard (CgDashboardKind kind)
{
  cg_dashboards_view_set_kind (fx.view, kind);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the dashboard"));
}

static void
test_dashboards_setup (void)
{
  g_autoptr(GError) error = NULL;
  CgSimConfig config;

  fx.tmpdir = g_dir_make_tmp ("cg-test-dashboards-XXXXXX", &error);
  g_assert_no_error (error);
  fx.db = g_build_filename (fx.tmpdir, "cache.db", NULL);

  cg_sim_config_init (&config);
  config.seed = 5;
  config.merchants = 600;
  config.sites = 30;
  config.points = 20;
  config.officers = 20;
  config.vehicles = 2;
  config.complaints_per_hour = 4;
  config.history_days = 35;
  config.now = NOW;
  fx.server = cg_sim_thread_start (&config, &error);
  cg_sim_config_clear (&config);
  g_assert_no_error (error);

  g_setenv ("CG_CACHE_DB", fx.db, TRUE);
  g_setenv ("CG_SERVER_URL", cg_sim_thread_get_url (fx.server), TRUE);
  g_unsetenv ("CG_SCREENSHOT");

  fx.app = cg_application_new ();
  g_application_set_flags (G_APPLICATION (fx.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fx.app));

  fx.window = CG_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx.app)));
  g_assert_true (CG_IS_WINDOW (fx.window));
  /* the isolated XDG dirs hide the icon theme, and GTK's built-in SVG icons cannot be loaded
   * at larger sizes without it (status pages, spinners): use the system's */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1440, 960);
  fx.view = cg_window_get_dashboards_view (fx.window);
  g_assert_true (CG_IS_DASHBOARDS_VIEW (fx.view));

  g_assert_true (cg_test_wait_for (synced, TIMEOUT_S, "the first sync"));

  /* the last 30 days of the simulated history */
  fx.last = cg_day_from_unix (NOW);
  fx.first = fx.last - 29;
  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.first, fx.last);
  cg_dashboards_view_set_comparison (fx.view, CG_DASHBOARD_COMPARE_PREVIOUS);
  cg_window_set_page (fx.window, "dashboards");
  g_assert_cmpstr (cg_window_get_page (fx.window), ==, "dashboards");
}

/* Each dashboard: charts with data, cards equal to the data layer's own figures */
static void
check_dashboard (CgDashboardKind kind,
                 const char     *name)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(CgDashboardQuery) query = NULL;
  g_autoptr(CgDashboardResult) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  CgDashboardResult *shown;
  guint n_charts = 0;

  open_dashboard (kind);
  g_assert_cmpstr (cg_dashboards_view_get_state (fx.view, kind), ==, "content");
  shown = cg_dashboards_view_get_result (fx.view, kind);
  g_assert_nonnull (shown);
  g_assert_cmpint (cg_dashboard_result_get_query (shown)->first, ==, fx.first);
  g_assert_cmpint (cg_dashboard_result_get_query (shown)->last, ==, fx.last);

  /* the same query, computed again on a connection of our own */
  query = cg_dashboards_view_dup_query (fx.view, kind, &error);
  g_assert_no_error (error);
  store = cg_store_open (fx.db, &error);
  g_assert_no_error (error);
  expected = cg_store_load_dashboard (store, query, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (cg_dashboard_result_get_n_figures (expected), >, 0);
  for (guint i = 0; i < cg_dashboard_result_get_n_figures (expected); i++)
    {
      const CgDashboardFigure *figure = cg_dashboard_result_get_figure (expected, i);
      g_autofree char *card = cg_dashboards_view_dup_card_text (fx.view, kind, figure->id);

      g_test_message ("%s: %s = %s", name, figure->id, card);
      g_assert_nonnull (card);
      g_assert_true (g_str_has_prefix (card, figure->text));
      if (figure->delta_text != NULL)
        g_assert_nonnull (strstr (card, figure->delta_text));
    }

  /* every chart is drawn from the result, and holds data on a month of history */
  for (guint i = 0; i < cg_dashboard_result_get_n_charts (expected); i++)
    {
      const CgDashboardChart *chart = cg_dashboard_result_get_chart (expected, i);
      CgChart *widget = cg_dashboards_view_get_chart (fx.view, kind, chart->id);

      g_assert_nonnull (widget);
      g_assert_nonnull (cg_chart_get_data (widget));
      g_assert_cmpuint (cg_chart_data_get_n_categories (cg_chart_get_data (widget)), ==,
                        cg_chart_data_get_n_categories (chart->data));
      if (!cg_chart_data_is_empty (cg_chart_get_data (widget)))
        n_charts++;
      else
        g_test_message ("%s: chart %s is empty", name, chart->id);
    }
  g_assert_cmpuint (n_charts, >=, cg_dashboard_result_get_n_charts (expected) - 1);

  texture = screenshot (name);
  g_assert_cmpuint (count_colors (texture), >, 40);

  /* and the lower half: charts and lists */
  {
    CgChart *chart = cg_dashboards_view_get_chart (fx.view, kind,
                                                   cg_dashboard_result_get_chart (expected, 0)->id);
    GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (chart), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    g_autofree char *lower = g_strconcat (name, "-lower", NULL);

    cg_test_wait_frames (GTK_WIDGET (fx.window));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    g_object_unref (screenshot (lower));
    gtk_adjustment_set_value (adj, 0);
  }
}

static void
test_dashboards_inspections (void)
{
  check_dashboard (CG_DASHBOARD_INSPECTIONS, "dashboard-inspections");
}

static void
test_dashboards_cases (void)
{
  check_dashboard (CG_DASHBOARD_CASES, "dashboard-cases");
}

static void
test_dashboards_complaints (void)
{
  check_dashboard (CG_DASHBOARD_COMPLAINTS, "dashboard-complaints");
}

/* A range without records, and one that ends before it starts */
static void
test_dashboards_empty (void)
{
  g_autoptr(GdkTexture) texture = NULL;
  CgDay old;

  g_assert_true (cg_day_from_ymd (2001, 3, 1, &old));
  open_dashboard (CG_DASHBOARD_CASES);
  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, old, old + 6);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the empty range"));
  g_assert_cmpstr (cg_dashboards_view_get_state (fx.view, CG_DASHBOARD_CASES), ==, "message");
  g_test_message ("empty: %s", cg_dashboards_view_get_message (fx.view, CG_DASHBOARD_CASES));
  g_assert_nonnull (cg_dashboard_result_get_message (cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_CASES)));
  g_assert_cmpstr (cg_dashboards_view_get_message (fx.view, CG_DASHBOARD_CASES), ==,
                   cg_dashboard_result_get_message (cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_CASES)));
  texture = screenshot ("dashboard-empty");
  g_clear_object (&texture);

  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.last, fx.first);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the reversed range"));
  g_assert_cmpstr (cg_dashboards_view_get_state (fx.view, CG_DASHBOARD_CASES), ==, "message");
  g_assert_null (cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_CASES));
  g_test_message ("reversed: %s", cg_dashboards_view_get_message (fx.view, CG_DASHBOARD_CASES));
  g_assert_nonnull (cg_dashboards_view_get_message (fx.view, CG_DASHBOARD_CASES));
  texture = screenshot ("dashboard-reversed-range");

  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.first, fx.last);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the range again"));
  g_assert_cmpstr (cg_dashboards_view_get_state (fx.view, CG_DASHBOARD_CASES), ==, "content");
}

/* Whether @view shows every row of @table and only those, in its sorter's order */
static GtkColumnView *shown_view;
static CgDashboardTable *shown_table;

/* The list shows a page of the table: its rows, each once, in the order of the column the
 * user sorted by, and no row off the page sorts before the page's last */
static gboolean
view_shows_table (void)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (shown_view));
  GtkSorter *sorter = gtk_column_view_get_sorter (shown_view);
  guint n = cg_dashboard_table_get_n_rows (shown_table);
  guint shown = g_list_model_get_n_items (model);
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(CgDashboardRow) previous = NULL;

  if (shown != MIN (n, 10))
    return FALSE;
  for (guint p = 0; p < shown; p++)
    {
      g_autoptr(CgDashboardRow) item = g_list_model_get_item (model, p);
      guint row = cg_dashboard_row_get_row (item);

      if (cg_dashboard_row_get_table (item) != shown_table || row >= n || seen[row])
        return FALSE;
      seen[row] = TRUE;
      for (guint c = 0; c < cg_dashboard_table_get_n_columns (shown_table); c++)
        g_assert_cmpstr (cg_dashboard_row_get_cell (item, c), ==,
                         cg_dashboard_table_get_cell (shown_table, row, c));
      if (previous != NULL && gtk_sorter_compare (sorter, previous, item) == GTK_ORDERING_LARGER)
        return FALSE;
      g_set_object (&previous, item);
    }
  for (guint r = 0; r < n && previous != NULL; r++)
    {
      g_autoptr(CgDashboardRow) other = NULL;

      if (seen[r])
        continue;
      other = cg_dashboard_row_new (shown_table, r);
      if (gtk_sorter_compare (sorter, other, previous) == GTK_ORDERING_SMALLER)
        return FALSE;
    }

  return TRUE;
}

/* A new result is applied in place: the same list widget, its items pointing at the new
 * table's rows (fewer or more of them), sorted again by the column the user chose */
static void
test_dashboards_refresh_in_place (void)
{
  CgDashboardResult *result;
  GtkColumnView *view;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autofree char *table_id = NULL;
  guint n_before;

  open_dashboard (CG_DASHBOARD_COMPLAINTS);
  result = cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_COMPLAINTS);
  for (guint i = 0; i < cg_dashboard_result_get_n_tables (result) && table_id == NULL; i++)
    if (cg_dashboard_table_get_n_rows (cg_dashboard_result_get_table (result, i)) >= 20)
      table_id = g_strdup (cg_dashboard_table_get_id (cg_dashboard_result_get_table (result, i)));
  g_assert_nonnull (table_id);
  view = cg_dashboards_view_get_table_view (fx.view, CG_DASHBOARD_COMPLAINTS, table_id);
  g_assert_nonnull (view);
  shown_view = view;
  shown_table = cg_dashboard_result_find_table (result, table_id);
  g_assert_true (cg_test_wait_for (view_shows_table, TIMEOUT_S, "the list's rows"));
  n_before = cg_dashboard_table_get_n_rows (shown_table);

  /* sorted by its second column, descending */
  columns = gtk_column_view_get_columns (view);
  column = g_list_model_get_item (columns, 1);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
  g_assert_true (cg_test_wait_for (view_shows_table, TIMEOUT_S, "the sorted rows"));

  /* the next page goes on where the first ended, the previous one comes back */
  {
    GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
    GtkSorter *sorter = gtk_column_view_get_sorter (view);
    g_autoptr(CgDashboardRow) last = g_list_model_get_item (model, 9);
    g_autofree guint *page1 = g_new (guint, 10);
    guint n = cg_dashboard_table_get_n_rows (shown_table);

    g_assert_cmpuint (n, >, 10);
    for (guint p = 0; p < 10; p++)
      {
        g_autoptr(CgDashboardRow) item = g_list_model_get_item (model, p);

        page1[p] = cg_dashboard_row_get_row (item);
      }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "list.next", NULL));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, MIN (n - 10, 10));
    for (guint p = 0; p < g_list_model_get_n_items (model); p++)
      {
        g_autoptr(CgDashboardRow) item = g_list_model_get_item (model, p);

        for (guint q = 0; q < 10; q++)
          g_assert_cmpuint (cg_dashboard_row_get_row (item), !=, page1[q]);
        g_assert_cmpint (gtk_sorter_compare (sorter, last, item), !=, GTK_ORDERING_LARGER);
      }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "list.previous", NULL));
    for (guint p = 0; p < 10; p++)
      {
        g_autoptr(CgDashboardRow) item = g_list_model_get_item (model, p);

        g_assert_cmpuint (cg_dashboard_row_get_row (item), ==, page1[p]);
      }
  }

  /* another range: another table of that id */
  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.last - 6, fx.last);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the week"));
  result = cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_COMPLAINTS);
  g_assert_cmpint (cg_dashboard_result_get_query (result)->first, ==, fx.last - 6);
  shown_table = cg_dashboard_result_find_table (result, table_id);
  g_assert_nonnull (shown_table);
  g_assert_true (cg_dashboards_view_get_table_view (fx.view, CG_DASHBOARD_COMPLAINTS, table_id) == view);
  g_assert_true (cg_test_wait_for (view_shows_table, TIMEOUT_S, "the week's rows"));
  g_test_message ("%s: %u rows, then %u", table_id, n_before,
                  cg_dashboard_table_get_n_rows (shown_table));

  /* and back */
  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.first, fx.last);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the range again"));
  shown_table = cg_dashboard_result_find_table (cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_COMPLAINTS),
                                                table_id);
  g_assert_true (cg_dashboards_view_get_table_view (fx.view, CG_DASHBOARD_COMPLAINTS, table_id) == view);
  g_assert_true (cg_test_wait_for (view_shows_table, TIMEOUT_S, "the rows again"));
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
}

/* The tallest bar of a chart: its drill-down lists that many items */
static void
drill_down (CgDashboardKind kind,
            const char     *chart_id,
            double         *value)
{
  CgChart *chart;
  CgChartData *data;
  guint best = 0;

  open_dashboard (kind);
  chart = cg_dashboards_view_get_chart (fx.view, kind, chart_id);
  g_assert_nonnull (chart);
  data = cg_chart_get_data (chart);
  for (guint c = 0; c < cg_chart_data_get_n_categories (data); c++)
    if (cg_chart_data_get_value (data, 0, c) > cg_chart_data_get_value (data, 0, best))
      best = c;
  *value = cg_chart_data_get_value (data, 0, best);
  g_assert_cmpfloat (*value, >, 0);

  g_signal_emit_by_name (chart, "activated", 0, best);
  g_assert_true (cg_dashboards_view_get_drill_loading (fx.view));
  g_assert_true (cg_test_wait_for (drill_loaded, TIMEOUT_S, "the drill-down"));
  g_test_message ("%s / %s: %g, %u rows", chart_id, cg_chart_data_get_category_label (data, best),
                  *value, cg_dashboard_table_get_total_rows (cg_dashboards_view_get_drill_table (fx.view)));
}

static void
test_dashboards_drill_case (void)
{
  g_autoptr(GdkTexture) texture = NULL;
  CgDashboardTable *table;
  CgMapView *map_view = cg_window_get_map_view (fx.window);
  double value, lon, lat, mlon, mlat;
  guint row = G_MAXUINT;

  drill_down (CG_DASHBOARD_CASES, "cases-by-type", &value);
  table = cg_dashboards_view_get_drill_table (fx.view);
  g_assert_cmpuint (cg_dashboard_table_get_total_rows (table), ==, (guint) value);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (table), ==, (guint) value);
  texture = screenshot ("dashboard-drill-down");

  /* the first row with a location, as the list shows it (unsorted: the table's order) */
  for (guint r = 0; r < cg_dashboard_table_get_n_rows (table) && row == G_MAXUINT; r++)
    if (cg_dashboard_table_get_row_location (table, r, &lon, &lat))
      row = r;
  g_assert_cmpuint (row, !=, G_MAXUINT);
  g_assert_true (cg_dashboards_view_activate_drill_row (fx.view, row));
  g_assert_cmpstr (cg_window_get_page (fx.window), ==, "map");
  g_assert_true (cg_map_view_get_marker (map_view, &mlon, &mlat));
  g_assert_cmpfloat_with_epsilon (mlon, lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (mlat, lat, 1e-9);
  g_clear_object (&texture);
  texture = screenshot ("dashboard-case-on-map");

  cg_map_view_clear_marker (map_view);
  cg_window_set_page (fx.window, "dashboards");

  /* sorted by the first column, descending: the first row is the largest case number */
  {
    GtkColumnView *view = cg_dashboards_view_get_drill_view (fx.view);
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);
    guint top = 0;

    for (guint r = 1; r < cg_dashboard_table_get_n_rows (table); r++)
      if (g_utf8_collate (cg_dashboard_table_get_cell (table, r, 0),
                          cg_dashboard_table_get_cell (table, top, 0)) > 0)
        top = r;
    gtk_column_view_sort_by_column (view, first, GTK_SORT_DESCENDING);
    g_assert_true (cg_dashboard_table_get_row_location (table, top, &lon, &lat));
    g_assert_true (cg_dashboards_view_activate_drill_row (fx.view, 0));
    g_assert_true (cg_map_view_get_marker (map_view, &mlon, &mlat));
    g_test_message ("sorted: first row %s", cg_dashboard_table_get_cell (table, top, 0));
    g_assert_cmpfloat_with_epsilon (mlon, lon, 1e-9);
    g_assert_cmpfloat_with_epsilon (mlat, lat, 1e-9);
    cg_map_view_clear_marker (map_view);
    cg_window_set_page (fx.window, "dashboards");
  }
}

static void
test_dashboards_drill_place (void)
{
  CgMapView *map_view = cg_window_get_map_view (fx.window);
  CgPoiLayer *pois = cg_map_view_get_poi_layer (map_view);
  CgDashboardTable *table;
  const CgMapPoint *mp;
  double value;
  guint row = G_MAXUINT;

  /* coverage by grade: the merchants and sites of a grade */
  drill_down (CG_DASHBOARD_INSPECTIONS, "coverage-by-grade", &value);
  table = cg_dashboards_view_get_drill_table (fx.view);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (table), >, 0);

  for (guint r = 0; r < cg_dashboard_table_get_n_rows (table) && row == G_MAXUINT; r++)
    {
      CgCollection collection;

      if (cg_collection_from_string (cg_dashboard_table_get_row_collection (table, r), &collection) &&
          cg_collection_is_place (collection))
        row = r;
    }
  g_assert_cmpuint (row, !=, G_MAXUINT);

  cg_map_view_select (map_view, -1);
  g_assert_true (cg_dashboards_view_activate_drill_row (fx.view, row));
  g_assert_cmpstr (cg_window_get_page (fx.window), ==, "map");
  mp = cg_poi_layer_get_point (pois, cg_poi_layer_get_selected (pois));
  g_assert_nonnull (mp);
  {
    double lon, lat;

    g_assert_true (cg_dashboard_table_get_row_location (table, row, &lon, &lat));
    g_assert_cmpfloat_with_epsilon (mp->lon, lon, 1e-7);
    g_assert_cmpfloat_with_epsilon (mp->lat, lat, 1e-7);
  }
  g_object_unref (screenshot ("dashboard-place-on-map"));
  cg_map_view_select (map_view, -1);
  cg_window_set_page (fx.window, "dashboards");
}

static gboolean
heat_loaded (void)
{
  return cg_heat_layer_get_n_points (cg_map_view_get_heat_layer (cg_window_get_map_view (fx.window))) > 0;
}

static void
test_dashboards_heat (void)
{
  CgMapView *map_view = cg_window_get_map_view (fx.window);
  CgHeatLayer *heat = cg_map_view_get_heat_layer (map_view);
  g_autoptr(CgStore) store = NULL;
  g_autoptr(CgDashboardQuery) query = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  const CgHeatPoint *top;
  double x, y, hx, hy;

  open_dashboard (CG_DASHBOARD_COMPLAINTS);

  /* the legend's switch on the map loads the heat of the dashboards' range */
  cg_map_view_set_show_heat (map_view, TRUE);
  g_assert_true (cg_test_wait_for (heat_loaded, TIMEOUT_S, "the heat points (legend)"));
  cg_map_view_set_show_heat (map_view, FALSE);
  cg_map_view_set_heat_points (map_view, NULL, NULL, NULL, 0);
  g_assert_false (heat_loaded ());

  /* the complaints dashboard's toggle, after the range changed: loaded again */
  cg_dashboards_view_set_range (fx.view, CG_DASHBOARD_RANGE_CUSTOM, fx.first, fx.last);
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the dashboard"));
  cg_dashboards_view_set_show_heat (fx.view, TRUE);
  g_assert_true (cg_map_view_get_show_heat (map_view));
  g_assert_true (cg_test_wait_for (heat_loaded, TIMEOUT_S, "the heat points"));
  cg_window_set_page (fx.window, "map");
  cg_map_view_fit_district (map_view);
  g_object_unref (screenshot ("map-complaint-heat"));

  /* the heaviest cell is hot, far outside the district is not */
  query = cg_dashboards_view_dup_query (fx.view, CG_DASHBOARD_COMPLAINTS, &error);
  store = cg_store_open (fx.db, &error);
  g_assert_no_error (error);
  points = cg_store_load_complaint_heat (store, query, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, cg_heat_layer_get_n_points (heat));
  top = &g_array_index (points, CgHeatPoint, 0);
  g_assert_true (cg_map_view_wgs84_to_widget (map_view, top->lon, top->lat, &x, &y));
  gtk_widget_translate_coordinates (GTK_WIDGET (cg_map_view_get_map (map_view)), GTK_WIDGET (heat),
                                    x, y, &hx, &hy);
  g_test_message ("hottest cell %.4f,%.4f (%g complaints): heat %.2f", top->lon, top->lat,
                  top->weight, cg_heat_layer_get_heat_at (heat, hx, hy));
  g_assert_cmpfloat (cg_heat_layer_get_heat_at (heat, hx, hy), >, 0.3);
  g_assert_cmpfloat (cg_heat_layer_get_heat_at (heat, 2, 2), <, 0.05);

  cg_dashboards_view_set_show_heat (fx.view, FALSE);
  g_assert_false (cg_map_view_get_show_heat (map_view));
  cg_window_set_page (fx.window, "dashboards");
}

static gboolean
syncing (void)
{
  return cg_sync_get_status (cg_window_get_sync (fx.window)) == CG_SYNC_STATUS_SYNCING;
}

/* A finished sync reloads the visible dashboard (a new result, the same figures: the
 * simulator's clock is pinned) */
static void
test_dashboards_sync_refresh (void)
{
  CgDashboardResult *before;
  g_autofree char *card_before = NULL;
  g_autofree char *card_after = NULL;

  open_dashboard (CG_DASHBOARD_COMPLAINTS);
  before = cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_COMPLAINTS);
  g_assert_nonnull (before);
  cg_dashboard_result_ref (before);
  card_before = cg_dashboards_view_dup_card_text (fx.view, CG_DASHBOARD_COMPLAINTS, "complaints");

  cg_sync_trigger (cg_window_get_sync (fx.window));
  g_assert_true (cg_test_wait_for (syncing, TIMEOUT_S, "the sync to start"));
  g_assert_true (cg_test_wait_for (synced, TIMEOUT_S, "the sync to finish"));
  g_assert_true (cg_dashboards_view_get_loading (fx.view));
  g_assert_true (cg_test_wait_for (dashboard_loaded, TIMEOUT_S, "the reload"));

  g_assert_true (cg_dashboards_view_get_result (fx.view, CG_DASHBOARD_COMPLAINTS) != before);
  card_after = cg_dashboards_view_dup_card_text (fx.view, CG_DASHBOARD_COMPLAINTS, "complaints");
  g_assert_cmpstr (card_after, ==, card_before);
  cg_dashboard_result_unref (before);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
narrow (void)
{
  return gtk_widget_get_width (GTK_WIDGET (fx.window)) < 1300;
}

/* A narrower window; when the header's switcher gives way to the title, the bar at the bottom
 * switches the pages */
static void
test_dashboards_narrow (void)
{
  AdwViewSwitcherBar *bar;
  AdwViewSwitcherTitle *title;

  bar = ADW_VIEW_SWITCHER_BAR (find_widget (GTK_WIDGET (fx.window), ADW_TYPE_VIEW_SWITCHER_BAR));
  title = ADW_VIEW_SWITCHER_TITLE (find_widget (GTK_WIDGET (fx.window), ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_nonnull (bar);
  g_assert_nonnull (title);
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));
  g_assert_true (adw_view_switcher_bar_get_stack (bar) == adw_view_switcher_title_get_stack (title));
  adw_view_switcher_title_set_view_switcher_enabled (title, FALSE);   /* as when too narrow */
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  g_assert_true (adw_view_switcher_title_get_title_visible (title));
  g_assert_true (adw_view_switcher_bar_get_reveal (bar));
  adw_view_switcher_title_set_view_switcher_enabled (title, TRUE);

  gtk_window_set_default_size (GTK_WINDOW (fx.window), 900, 900);
  g_assert_true (cg_test_wait_for (narrow, 10, "a narrow window"));
  cg_test_wait_frames (GTK_WIDGET (fx.window));
  g_object_unref (screenshot ("dashboard-narrow"));
  g_test_message ("narrow: %d px", gtk_widget_get_width (GTK_WIDGET (fx.window)));
  g_assert_cmpint (adw_view_switcher_bar_get_reveal (bar), ==,
                   adw_view_switcher_title_get_title_visible (title));

  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1440, 960);
  cg_test_wait_frames (GTK_WIDGET (fx.window));
}

static GAsyncResult *export_result;

static void
on_exported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  export_result = g_object_ref (result);
}

static gboolean
exported (void)
{
  return export_result != NULL;
}

static void
test_dashboards_export (void)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  open_dashboard (CG_DASHBOARD_COMPLAINTS);
  cg_dashboards_view_export_pdf_async (fx.view, path, NULL, on_exported_cb, NULL);
  g_assert_true (cg_test_wait_for (exported, TIMEOUT_S, "the PDF"));
  g_assert_true (cg_dashboards_view_export_pdf_finish (fx.view, export_result, &error));
  g_assert_no_error (error);
  g_clear_object (&export_result);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_unlink (path);

  /* a file that cannot be written: an error, not a crash */
  cg_dashboards_view_export_pdf_async (fx.view, "/nonexistent-dir/report.pdf", NULL,
                                       on_exported_cb, NULL);
  g_assert_true (cg_test_wait_for (exported, TIMEOUT_S, "the failed PDF"));
  g_assert_false (cg_dashboards_view_export_pdf_finish (fx.view, export_result, &error));
  g_assert_nonnull (error);
  g_test_message ("export error: %s", error->message);
  g_clear_object (&export_result);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* gdk-pixbuf tells SVG icons by their MIME type: load the system's MIME database before the
   * test isolates the XDG dirs */
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* in Chinese, as the users see it (as test-window-zh.c does) */
  localedir = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "po", NULL);
  g_setenv ("CG_LOCALEDIR", localedir, TRUE);
  g_unsetenv ("LANGUAGE");
  cg_i18n_init ();
  gtk_disable_setlocale ();
  gtk_init ();

  g_test_add_func ("/cg/app/dashboards/setup", test_dashboards_setup);
  g_test_add_func ("/cg/app/dashboards/inspections", test_dashboards_inspections);
  g_test_add_func ("/cg/app/dashboards/cases", test_dashboards_cases);
  g_test_add_func ("/cg/app/dashboards/complaints", test_dashboards_complaints);
  g_test_add_func ("/cg/app/dashboards/empty", test_dashboards_empty);
  g_test_add_func ("/cg/app/dashboards/refresh-in-place", test_dashboards_refresh_in_place);
  g_test_add_func ("/cg/app/dashboards/drill-case", test_dashboards_drill_case);
  g_test_add_func ("/cg/app/dashboards/drill-place", test_dashboards_drill_place);
  g_test_add_func ("/cg/app/dashboards/heat", test_dashboards_heat);
  g_test_add_func ("/cg/app/dashboards/export", test_dashboards_export);
  g_test_add_func ("/cg/app/dashboards/sync-refresh", test_dashboards_sync_refresh);
  g_test_add_func ("/cg/app/dashboards/narrow", test_dashboards_narrow);

  ret = g_test_run ();

  if (fx.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.window));
  if (fx.app != NULL)
    {
      g_application_quit (G_APPLICATION (fx.app));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_clear_object (&fx.app);
  g_clear_pointer (&fx.server, cg_sim_thread_stop);
  if (fx.tmpdir != NULL)
    cg_test_remove_cache_dir (fx.tmpdir);
  g_free (fx.tmpdir);
  g_free (fx.db);

  return ret;
}
