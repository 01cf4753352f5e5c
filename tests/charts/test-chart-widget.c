/* test-chart-widget.c: the chart widgets in a window, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four charts (bar, line, donut, heat grid) in a window, rendered to PNGs in a temporary
 * directory (CG_TEST_SAVE_DIR=dir keeps a copy) in the light and the dark style; the pixels of
 * the bars must have the series colour where the geometry says the bars are; hover, click and
 * the keyboard go through the same hit-testing and emit "activated".
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "cg-chart.h"

#define TIMEOUT_S 20

static const char *streets[] = {
  "曹杨新村街道", "长风新村街道", "长寿路街道", "甘泉路街道", "石泉路街道",
  "宜川路街道", "万里街道", "真如镇街道", "长征镇", "桃浦镇",
};

static struct
{
  char      *tmpdir;
  GtkWindow *window;
  CgChart   *charts[4];   /* by CgChartKind */
} fx;

/* Data */

static CgChartData *
bar_data (void)
{
  CgChartData *data = cg_chart_data_new ("各街镇案件数");
  guint now = cg_chart_data_add_series (data, "本周");

  for (guint c = 0; c < 6; c++)
    {
      cg_chart_data_add_category (data, streets[c]);
      cg_chart_data_set_category_key (data, c, streets[c]);
      cg_chart_data_set_value (data, now, c, 10 + (c * 7 % 13) * 3);
    }
  cg_chart_data_set_format (data, CG_CHART_FORMAT_NUMBER, 0, "件");
  return data;
}

static CgChartData *
line_data (void)
{
  CgChartData *data = cg_chart_data_new ("诉件趋势：本期与同期");

  cg_chart_data_add_series (data, "本期");
  cg_chart_data_add_series (data, "去年同期");
  for (guint d = 0; d < 14; d++)
    {
      g_autofree char *label = g_strdup_printf ("11-%02u", d + 16);

      cg_chart_data_add_category (data, label);
      cg_chart_data_set_value (data, 0, d, 160 + 35 * sin (d / 2.0) + d * 2);
      cg_chart_data_set_value (data, 1, d, 120 + 20 * cos (d / 3.0));
    }
  return data;
}

static CgChartData *
donut_data (void)
{
  CgChartData *data = cg_chart_data_new ("案件类型");
  const char *types[] = { "无序设摊", "跨门经营", "建筑垃圾", "垃圾分类", "其他" };
  double values[] = { 287, 101, 100, 177, 64 };

  cg_chart_data_add_series (data, "案件");
  for (guint c = 0; c < G_N_ELEMENTS (types); c++)
    {
      cg_chart_data_add_category (data, types[c]);
      cg_chart_data_set_value (data, 0, c, values[c]);
    }
  cg_chart_data_set_format (data, CG_CHART_FORMAT_NUMBER, 0, "件");
  return data;
}

static CgChartData *
heat_data (void)
{
  CgChartData *data = cg_chart_data_new ("诉件高发时段");

  for (guint s = 0; s < 6; s++)
    cg_chart_data_add_series (data, streets[s]);
  for (guint h = 6; h < 24; h++)
    {
      g_autofree char *label = g_strdup_printf ("%u时", h);
      guint c = cg_chart_data_add_category (data, label);

      for (guint s = 0; s < 6; s++)
        cg_chart_data_set_value (data, s, c,
                                 round (12 * exp (-pow ((h - 11.0 - s) / 3.0, 2)) +
                                        8 * exp (-pow ((h - 19.0) / 2.0, 2))));
    }
  return data;
}

/* Waiting and rendering */

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_allocated (void)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_S, on_timeout_cb, &timed_out);

  while (!timed_out)
    {
      gboolean ready = TRUE;

      for (guint i = 0; i < 4; i++)
        ready = ready && gtk_widget_get_width (GTK_WIDGET (fx.charts[i])) > 100 &&
                gtk_widget_get_mapped (GTK_WIDGET (fx.charts[i]));
      if (ready)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (timed_out);
  g_source_remove (id);
  /* let pending style changes land */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  guchar *data;
  int     width;
  int     height;
  gsize   stride;
} Pixels;

static void
pixels_clear (Pixels *p)
{
  g_clear_pointer (&p->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pixels, pixels_clear)

/* the window's content on its background, also saved as @name in the temporary directory */
static void
render (Pixels     *out,
        const char *name)
{
  GtkWidget *widget = GTK_WIDGET (fx.window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (fx.tmpdir, name, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA bg = dark ? (GdkRGBA) { 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0, 1 }
                    : (GdkRGBA) { 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0, 1 };

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fx.window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  if (g_getenv ("CG_TEST_SAVE_DIR"))
    {
      g_autofree char *copy = g_build_filename (g_getenv ("CG_TEST_SAVE_DIR"), name, NULL);

      gdk_texture_save_to_png (texture, copy);
    }

  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = (gsize) out->width * 4;
  out->data = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->data, out->stride);
}

static guint32
pixel_at (const Pixels *p,
          CgChart      *chart,
          double        x,
          double        y)
{
  double wx, wy;

  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (chart), GTK_WIDGET (fx.window),
                                                   x, y, &wx, &wy));
  g_assert_cmpint ((int) wx, >=, 0);
  g_assert_cmpint ((int) wy, >=, 0);
  g_assert_cmpint ((int) wx, <, p->width);
  g_assert_cmpint ((int) wy, <, p->height);
  return *(const guint32 *) (gconstpointer) (p->data + (gsize) wy * p->stride + (gsize) wx * 4) &
         0xffffff;
}

static guint32
rgb (const char *spec)
{
  CgChartColor c;

  g_assert_true (cg_chart_color_parse (&c, spec));
  return ((guint32) lround (c.red * 255) << 16) | ((guint32) lround (c.green * 255) << 8) |
         (guint32) lround (c.blue * 255);
}

static gboolean
close_to (guint32 a,
          guint32 b)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 3)
      return FALSE;
  return TRUE;
}

static void
centre (const CgChartItem *item,
        double            *x,
        double            *y)
{
  *x = item->x + item->width / 2;
  *y = item->y + item->height / 2;
}

/* Tests */

static void
test_render_light_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  CgChart *bar = fx.charts[CG_CHART_KIND_BAR];

  for (int dark = 0; dark < 2; dark++)
    {
      g_auto(Pixels) p = { 0 };
      const CgChartGeometry *g;
      const char *expected = dark ? "#62a0ea" : "#3584e4";

      adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
      wait_allocated ();
      g_assert_cmpint (adw_style_manager_get_dark (manager), ==, dark);
      render (&p, dark ? "gallery-dark.png" : "gallery-light.png");

      /* every chart drew its items */
      for (guint k = 0; k < 4; k++)
        {
          g = cg_chart_get_geometry (fx.charts[k]);
          g_assert_false (cg_chart_geometry_is_empty_state (g));
          g_assert_cmpuint (cg_chart_geometry_get_n_items (g), >, 0);
        }

      /* the bars are where the geometry says, in the style's blue */
      g = cg_chart_get_geometry (bar);
      g_assert_cmpuint (cg_chart_geometry_get_n_items (g), ==, 6);
      for (guint c = 0; c < 6; c++)
        {
          const CgChartItem *item = cg_chart_geometry_find (g, 0, c);
          double x, y;

          centre (item, &x, &y);
          g_assert_true (close_to (pixel_at (&p, bar, x, y), rgb (expected)));
          /* and the background just left of a bar is not blue */
          g_assert_false (close_to (pixel_at (&p, bar, item->x - 3, y), rgb (expected)));
        }

      /* the file is a PNG of the window */
      {
        g_autofree char *path = g_build_filename (fx.tmpdir, dark ? "gallery-dark.png"
                                                                  : "gallery-light.png", NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GdkTexture) back = gdk_texture_new_from_filename (path, &error);

        g_assert_no_error (error);
        g_assert_cmpint (gdk_texture_get_width (back), ==, p.width);
      }
    }
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

typedef struct
{
  guint n;
  guint series;
  guint category;
} Activation;

static void
on_activated_cb (CgChart    *chart,
                 guint       series,
                 guint       category,
                 Activation *a)
{
  a->n++;
  a->series = series;
  a->category = category;
}

static void
test_hover_and_click (void)
{
  CgChart *bar = fx.charts[CG_CHART_KIND_BAR];
  const CgChartItem *item;
  g_auto(Pixels) before = { 0 };
  g_auto(Pixels) after = { 0 };
  g_autofree char *tip = NULL;
  Activation a = { 0 };
  double x, y;
  gulong id;

  wait_allocated ();
  render (&before, "bar-plain.png");
  item = cg_chart_geometry_find (cg_chart_get_geometry (bar), 0, 1);
  centre (item, &x, &y);

  /* hover: the bar lights up and the tooltip says the value */
  g_assert_true (cg_chart_hover_at (bar, x, y));
  tip = cg_chart_get_tooltip_text (bar);
  g_assert_cmpstr (tip, ==, "长风新村街道: 31件");
  render (&after, "bar-hover.png");
  g_assert_false (close_to (pixel_at (&after, bar, x, y), pixel_at (&before, bar, x, y)));
  g_assert_false (cg_chart_hover_at (bar, 2, 2));   /* the title: nothing */

  /* a click on a bar, and above a short bar in its column */
  id = g_signal_connect (bar, "activated", G_CALLBACK (on_activated_cb), &a);
  g_assert_true (cg_chart_activate_at (bar, x, y));
  g_assert_cmpuint (a.n, ==, 1);
  g_assert_cmpuint (a.series, ==, 0);
  g_assert_cmpuint (a.category, ==, 1);
  g_assert_cmpstr (cg_chart_data_get_category_key (cg_chart_get_data (bar), a.category), ==,
                   "长风新村街道");
  item = cg_chart_geometry_find (cg_chart_get_geometry (bar), 0, 0);
  centre (item, &x, &y);
  g_assert_true (cg_chart_activate_at (bar, x, item->y - 10));
  g_assert_cmpuint (a.category, ==, 0);
  g_assert_false (cg_chart_activate_at (bar, 1, 1));
  g_assert_cmpuint (a.n, ==, 2);

  /* the donut and the heat grid hit their slices and cells */
  for (CgChartKind k = CG_CHART_KIND_DONUT; k <= CG_CHART_KIND_HEAT_GRID; k++)
    {
      CgChart *chart = fx.charts[k];
      const CgChartItem *last;
      const CgChartGeometry *g = cg_chart_get_geometry (chart);
      Activation b = { 0 };
      gulong bid = g_signal_connect (chart, "activated", G_CALLBACK (on_activated_cb), &b);

      last = cg_chart_geometry_get_item (g, cg_chart_geometry_get_n_items (g) - 1);
      centre (last, &x, &y);
      g_assert_true (cg_chart_activate_at (chart, x, y));
      g_assert_cmpuint (b.series, ==, last->series);
      g_assert_cmpuint (b.category, ==, last->category);
      g_signal_handler_disconnect (chart, bid);
    }

  cg_chart_hover_at (bar, -1, -1);
  g_signal_handler_disconnect (bar, id);
}

static void
test_keyboard (void)
{
  CgChart *heat = fx.charts[CG_CHART_KIND_HEAT_GRID];
  CgChart *bar = fx.charts[CG_CHART_KIND_BAR];
  Activation a = { 0 };
  guint s, c;
  gulong id;

  wait_allocated ();
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (heat)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (heat)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* the click in the previous test left the cursor on the last cell */
  g_assert_true (cg_chart_get_cursor (heat, &s, &c));
  g_assert_cmpuint (s, ==, 5);
  g_assert_cmpuint (c, ==, 17);

  /* Home, Right, Right, Down (the key bindings' actions): Down stops at the last row */
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", 0, -1000);
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", 0, 1);
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", 0, 1);
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", 1, 0);
  g_assert_true (cg_chart_get_cursor (heat, &s, &c));
  g_assert_cmpuint (s, ==, 5);
  g_assert_cmpuint (c, ==, 2);
  /* Up, many times: stops at the first row */
  for (guint i = 0; i < 9; i++)
    gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", -1, 0);
  g_assert_true (cg_chart_get_cursor (heat, &s, &c));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (c, ==, 2);
  /* End */
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.move", "(ii)", 0, 1000);
  g_assert_true (cg_chart_get_cursor (heat, &s, &c));
  g_assert_cmpuint (c, ==, 17);

  /* Enter */
  id = g_signal_connect (heat, "activated", G_CALLBACK (on_activated_cb), &a);
  gtk_widget_activate_action (GTK_WIDGET (heat), "chart.activate-item", NULL);
  g_assert_cmpuint (a.n, ==, 1);
  g_assert_cmpuint (a.series, ==, 0);
  g_assert_cmpuint (a.category, ==, 17);
  g_signal_handler_disconnect (heat, id);

  /* the keyboard's tooltip text follows the cursor */
  {
    g_autofree char *tip = cg_chart_get_tooltip_text (heat);

    g_assert_true (g_str_has_prefix (tip, "曹杨新村街道 · 23时: "));
  }

  /* the bar chart: Home, then Right to the second street */
  gtk_widget_grab_focus (GTK_WIDGET (bar));
  gtk_widget_activate_action (GTK_WIDGET (bar), "chart.move", "(ii)", 0, -1000);
  gtk_widget_activate_action (GTK_WIDGET (bar), "chart.move", "(ii)", 0, 1);
  g_assert_true (cg_chart_get_cursor (bar, &s, &c));
  g_assert_cmpuint (c, ==, 1);
}

static void
test_empty_and_null (void)
{
  CgChart *line = fx.charts[CG_CHART_KIND_LINE];
  g_autoptr(CgChartData) saved = cg_chart_data_ref (cg_chart_get_data (line));
  g_autoptr(CgChartData) reversed = cg_chart_data_new ("诉件趋势");
  g_auto(Pixels) p = { 0 };
  g_autofree char *summary = NULL;
  Activation a = { 0 };
  gulong id;

  cg_chart_data_set_empty_message (reversed, "结束日期早于开始日期，请重新选择时段");
  cg_chart_set_data (line, reversed);
  wait_allocated ();
  render (&p, "line-empty.png");
  g_assert_true (cg_chart_geometry_is_empty_state (cg_chart_get_geometry (line)));
  summary = cg_chart_get_summary (line);
  g_assert_cmpstr (summary, ==, "结束日期早于开始日期，请重新选择时段");

  /* nothing to click or move to */
  id = g_signal_connect (line, "activated", G_CALLBACK (on_activated_cb), &a);
  g_assert_false (cg_chart_activate_at (line, gtk_widget_get_width (GTK_WIDGET (line)) / 2.0,
                                        gtk_widget_get_height (GTK_WIDGET (line)) / 2.0));
  gtk_widget_activate_action (GTK_WIDGET (line), "chart.activate-item", NULL);
  gtk_widget_activate_action (GTK_WIDGET (line), "chart.move", "(ii)", 0, 1);
  g_assert_cmpuint (a.n, ==, 0);
  g_assert_false (cg_chart_get_cursor (line, NULL, NULL));
  g_signal_handler_disconnect (line, id);

  /* NULL data is the default empty chart */
  cg_chart_set_data (line, NULL);
  g_assert_nonnull (cg_chart_get_data (line));
  g_clear_pointer (&p.data, g_free);
  render (&p, "line-null.png");
  g_assert_true (cg_chart_geometry_is_empty_state (cg_chart_get_geometry (line)));

  /* the kind is a property; the data comes back */
  g_object_set (line, "data", saved, "kind", CG_CHART_KIND_BAR, NULL);
  g_clear_pointer (&p.data, g_free);
  render (&p, "line-as-bars.png");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (cg_chart_get_geometry (line)), ==, 28);
  g_assert_cmpint (cg_chart_geometry_get_item (cg_chart_get_geometry (line), 0)->shape, ==,
                   CG_CHART_SHAPE_RECT);
  cg_chart_set_kind (line, CG_CHART_KIND_LINE);

  /* without the title the plot takes its room: the first point moves up */
  {
    g_auto(Pixels) q = { 0 };
    double y_with, y_without;

    g_clear_pointer (&p.data, g_free);
    render (&p, "line-title.png");
    y_with = cg_chart_geometry_find (cg_chart_get_geometry (line), 0, 0)->hit_y;
    g_object_set (line, "show-title", FALSE, NULL);
    g_assert_false (cg_chart_get_show_title (line));
    render (&q, "line-no-title.png");
    y_without = cg_chart_geometry_find (cg_chart_get_geometry (line), 0, 0)->hit_y;
    g_assert_cmpfloat (y_without, <, y_with - 10);
    cg_chart_set_show_title (line, TRUE);
  }
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *grid;
  CgChartData *(*builders[]) (void) = { bar_data, line_data, donut_data, heat_data };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  fx.tmpdir = g_dir_make_tmp ("cg-charts-XXXXXX", &error);
  g_assert_no_error (error);

  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, 960, 680);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint k = 0; k < 4; k++)
    {
      g_autoptr(CgChartData) data = builders[k] ();

      fx.charts[k] = CG_CHART (cg_chart_new (k));
      cg_chart_set_data (fx.charts[k], data);
      gtk_widget_set_hexpand (GTK_WIDGET (fx.charts[k]), TRUE);
      gtk_widget_set_vexpand (GTK_WIDGET (fx.charts[k]), TRUE);
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (fx.charts[k]), k % 2, k / 2, 1, 1);
    }
  gtk_window_set_child (fx.window, grid);
  gtk_window_present (fx.window);

  g_test_add_func ("/charts/widget/render-light-dark", test_render_light_dark);
  g_test_add_func ("/charts/widget/hover-and-click", test_hover_and_click);
  g_test_add_func ("/charts/widget/keyboard", test_keyboard);
  g_test_add_func ("/charts/widget/empty-and-null", test_empty_and_null);
  ret = g_test_run ();

  gtk_window_destroy (fx.window);
  {
    g_autoptr(GDir) dir = g_dir_open (fx.tmpdir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *path = g_build_filename (fx.tmpdir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (fx.tmpdir);
  g_free (fx.tmpdir);
  return ret;
}
