/* test-chart-draw.c: the cairo charts on image surfaces, and their hit-testing (no display)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CG_TEST_SAVE_DIR=dir saves every picture drawn here as a PNG, to look at.
 */

#include "config.h"

#include <pango/pangocairo.h>

#include <math.h>

#include "cg-chart-draw.h"

#define W 480
#define H 300

/* At exit the test drops pango's font map, which releases pango's fonts; cairo's caches stay
 * reachable, and what fontconfig keeps is suppressed. cairo_debug_reset_static_data() and
 * FcFini() are not called: both abort when a font is still alive at that moment, which held
 * on this machine in 80 runs but failed once in CI (cairo's hash-table assertion). */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so.1\n";
}

static const char *streets[] = {
  "曹杨新村街道", "长风新村街道", "长寿路街道", "甘泉路街道", "石泉路街道",
  "宜川路街道", "万里街道", "真如镇街道", "长征镇", "桃浦镇",
};

typedef struct
{
  cairo_surface_t *surface;
  CgChartGeometry *geometry;
} Picture;

static void picture_clear (Picture *p);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

static void
picture_clear (Picture *p)
{
  g_clear_pointer (&p->surface, cairo_surface_destroy);
  g_clear_pointer (&p->geometry, cg_chart_geometry_free);
}

static void
draw (Picture           *p,
      CgChartKind        kind,
      const CgChartData *data,
      gboolean           dark,
      int                width,
      int                height,
      int                hl_series,
      int                hl_category,
      const char        *name)
{
  CgChartStyle style;
  cairo_t *cr;

  cg_chart_style_init (&style, dark);
  g_strlcpy (style.font_family, "Noto Sans CJK SC", sizeof style.font_family);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  p->geometry = cg_chart_geometry_new ();
  cr = cairo_create (p->surface);
  if (dark)
    cairo_set_source_rgb (cr, 0x30 / 255.0, 0x30 / 255.0, 0x30 / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cg_chart_draw (cr, kind, data, &style, 0, 0, width, height, hl_series, hl_category,
                 p->geometry);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (p->surface);

  if (g_getenv ("CG_TEST_SAVE_DIR") && name)
    {
      g_autofree char *file = g_strdup_printf ("%s/%s.png", g_getenv ("CG_TEST_SAVE_DIR"), name);

      cairo_surface_write_to_png (p->surface, file);
    }
}

static guint32
pixel (const Picture *p,
       double         x,
       double         y)
{
  const guchar *data = cairo_image_surface_get_data (p->surface);
  int stride = cairo_image_surface_get_stride (p->surface);

  return *(const guint32 *) (gconstpointer) (data + (int) y * stride + (int) x * 4) & 0xffffff;
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
item_centre (const CgChartItem *item,
             double            *x,
             double            *y)
{
  *x = item->x + item->width / 2;
  *y = item->y + item->height / 2;
}

static void
assert_geometry_finite (const CgChartGeometry *g)
{
  for (guint i = 0; i < cg_chart_geometry_get_n_items (g); i++)
    {
      const CgChartItem *it = cg_chart_geometry_get_item (g, i);
      double v[] = { it->x, it->y, it->width, it->height, it->hit_x, it->hit_y, it->hit_width,
                     it->hit_height, it->cx, it->cy, it->inner_radius, it->outer_radius,
                     it->angle1, it->angle2 };

      for (guint j = 0; j < G_N_ELEMENTS (v); j++)
        g_assert_true (isfinite (v[j]));
      g_assert_cmpfloat (it->width, >=, 0);
      g_assert_cmpfloat (it->height, >=, 0);
    }
}

/* pixels that differ from the background in a rectangle */
static guint
count_ink (const Picture *p,
           int            x0,
           int            y0,
           int            x1,
           int            y1)
{
  guint32 bg = pixel (p, 0, 0);
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (!close_to (pixel (p, x, y), bg))
        n++;
  return n;
}

static CgChartData *
streets_data (guint n_series)
{
  CgChartData *data = cg_chart_data_new ("各街镇案件数（本周与上周）");
  const char *names[] = { "本周", "上周", "去年同期" };

  for (guint s = 0; s < n_series; s++)
    cg_chart_data_add_series (data, names[s]);
  for (guint c = 0; c < 6; c++)
    {
      cg_chart_data_add_category (data, streets[c]);
      for (guint s = 0; s < n_series; s++)
        cg_chart_data_set_value (data, s, c, 10 + ((c * 7 + s * 5) % 13) * 3);
    }
  cg_chart_data_set_format (data, CG_CHART_FORMAT_NUMBER, 0, NULL);
  return data;
}

static void
test_bar_single (void)
{
  g_autoptr(CgChartData) data = streets_data (1);
  g_auto(Picture) p = { 0 };
  const CgChartItem *item, *other;
  double x, y;

  draw (&p, CG_CHART_KIND_BAR, data, FALSE, W, H, -1, -1, "bar-single");
  g_assert_false (cg_chart_geometry_is_empty_state (p.geometry));
  g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 6);
  assert_geometry_finite (p.geometry);

  /* each bar has the series colour at its centre, and taller values make taller bars */
  for (guint c = 0; c < 6; c++)
    {
      item = cg_chart_geometry_find (p.geometry, 0, c);
      g_assert_nonnull (item);
      item_centre (item, &x, &y);
      g_assert_true (close_to (pixel (&p, x, y), rgb ("#3584e4")));
      g_assert_cmpfloat (item->x, >=, 0);
      g_assert_cmpfloat (item->x + item->width, <=, W);
    }
  item = cg_chart_geometry_find (p.geometry, 0, 0);   /* 10 */
  other = cg_chart_geometry_find (p.geometry, 0, 1);  /* 31 */
  g_assert_cmpfloat (other->height / item->height, >, 2.9);
  g_assert_cmpfloat (other->height / item->height, <, 3.3);
  /* both stand on the same baseline */
  g_assert_cmpfloat_with_epsilon (item->y + item->height, other->y + other->height, 0.01);

  /* hit-testing: the bar itself, above a short bar in its column, and outside any column */
  item_centre (item, &x, &y);
  g_assert_true (cg_chart_geometry_hit_test (p.geometry, x, y) == item);
  g_assert_true (cg_chart_geometry_hit_test (p.geometry, x, item->y - 20) == item);
  g_assert_null (cg_chart_geometry_hit_test (p.geometry, item->x - 8, y));
  g_assert_null (cg_chart_geometry_hit_test (p.geometry, x, H - 1));
}

static void
test_bar_highlight (void)
{
  g_autoptr(CgChartData) data = streets_data (1);
  g_auto(Picture) plain = { 0 };
  g_auto(Picture) hl = { 0 };
  const CgChartItem *item;
  double x, y;

  draw (&plain, CG_CHART_KIND_BAR, data, FALSE, W, H, -1, -1, NULL);
  draw (&hl, CG_CHART_KIND_BAR, data, FALSE, W, H, 0, 2, "bar-highlight");
  item = cg_chart_geometry_find (hl.geometry, 0, 2);
  item_centre (item, &x, &y);
  g_assert_false (close_to (pixel (&hl, x, y), pixel (&plain, x, y)));
  /* the others keep their colour */
  item = cg_chart_geometry_find (hl.geometry, 0, 4);
  item_centre (item, &x, &y);
  g_assert_true (close_to (pixel (&hl, x, y), rgb ("#3584e4")));
}

static void
test_bar_grouped_stacked (void)
{
  g_autoptr(CgChartData) data = streets_data (2);
  g_auto(Picture) grouped = { 0 };
  g_auto(Picture) stacked = { 0 };
  const CgChartItem *a, *b;
  double x, y;

  draw (&grouped, CG_CHART_KIND_BAR, data, FALSE, W, H, -1, -1, "bar-grouped");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (grouped.geometry), ==, 12);
  a = cg_chart_geometry_find (grouped.geometry, 0, 3);
  b = cg_chart_geometry_find (grouped.geometry, 1, 3);
  g_assert_cmpfloat (b->x, >=, a->x + a->width);   /* side by side */
  item_centre (b, &x, &y);
  g_assert_true (close_to (pixel (&grouped, x, y), rgb ("#33d17a")));
  g_assert_true (cg_chart_geometry_hit_test (grouped.geometry, x, y) == b);
  item_centre (a, &x, &y);
  g_assert_true (close_to (pixel (&grouped, x, y), rgb ("#3584e4")));
  g_assert_true (cg_chart_geometry_hit_test (grouped.geometry, x, y) == a);

  cg_chart_data_set_stacked (data, TRUE);
  draw (&stacked, CG_CHART_KIND_BAR, data, FALSE, W, H, -1, -1, "bar-stacked");
  a = cg_chart_geometry_find (stacked.geometry, 0, 3);
  b = cg_chart_geometry_find (stacked.geometry, 1, 3);
  g_assert_cmpfloat_with_epsilon (a->x, b->x, 0.01);                  /* one column */
  g_assert_cmpfloat_with_epsilon (b->y + b->height, a->y, 0.01);      /* b sits on a */
  item_centre (b, &x, &y);
  g_assert_true (cg_chart_geometry_hit_test (stacked.geometry, x, y) == b);
  item_centre (a, &x, &y);
  g_assert_true (cg_chart_geometry_hit_test (stacked.geometry, x, y) == a);
}

static void
test_bar_negative (void)
{
  g_autoptr(CgChartData) data = cg_chart_data_new ("环比变化");
  g_auto(Picture) p = { 0 };
  const CgChartItem *up, *down;

  cg_chart_data_add_series (data, "变化");
  cg_chart_data_add_category (data, "市容");
  cg_chart_data_add_category (data, "绿化");
  cg_chart_data_set_value (data, 0, 0, 0.25);
  cg_chart_data_set_value (data, 0, 1, -0.125);
  cg_chart_data_set_format (data, CG_CHART_FORMAT_PERCENT, 1, NULL);
  draw (&p, CG_CHART_KIND_BAR, data, FALSE, W, H, -1, -1, "bar-negative");
  up = cg_chart_geometry_find (p.geometry, 0, 0);
  down = cg_chart_geometry_find (p.geometry, 0, 1);
  /* the rising bar ends where the falling one starts: the zero line */
  g_assert_cmpfloat_with_epsilon (up->y + up->height, down->y, 0.01);
  g_assert_cmpfloat (up->height / down->height, >, 1.9);
  g_assert_cmpfloat (up->height / down->height, <, 2.1);
}

static void
test_line (void)
{
  g_autoptr(CgChartData) data = cg_chart_data_new ("诉件趋势（近30天）");
  g_auto(Picture) p = { 0 };
  const CgChartItem *a, *b, *hit;
  double x, y;

  cg_chart_data_add_series (data, "本期");
  cg_chart_data_add_series (data, "上期");
  for (guint d = 0; d < 30; d++)
    {
      g_autofree char *label = g_strdup_printf ("11-%02u", d + 1);

      cg_chart_data_add_category (data, label);
      cg_chart_data_set_value (data, 0, d, 140 + 40 * sin (d / 3.0));
      if (d != 12)   /* a gap */
        cg_chart_data_set_value (data, 1, d, 90 + 25 * cos (d / 4.0));
    }
  draw (&p, CG_CHART_KIND_LINE, data, FALSE, W, H, -1, -1, "line");
  assert_geometry_finite (p.geometry);
  g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 59);
  g_assert_null (cg_chart_geometry_find (p.geometry, 1, 12));

  /* the pointer picks the nearest line in the nearest column */
  a = cg_chart_geometry_find (p.geometry, 0, 20);
  b = cg_chart_geometry_find (p.geometry, 1, 20);
  g_assert_cmpfloat (a->y, <, b->y);   /* 140+ above 90+ */
  item_centre (a, &x, &y);
  hit = cg_chart_geometry_hit_test (p.geometry, x + 2, y + 3);
  g_assert_true (hit == a);
  item_centre (b, &x, &y);
  hit = cg_chart_geometry_hit_test (p.geometry, x - 2, y - 3);
  g_assert_true (hit == b);
  /* the first series' colour along its line */
  item_centre (a, &x, &y);
  g_assert_true (close_to (pixel (&p, x, y), rgb ("#3584e4")));
}

static void
test_donut (void)
{
  g_autoptr(CgChartData) data = cg_chart_data_new ("商户风险等级");
  g_auto(Picture) p = { 0 };
  const char *levels[] = { "低风险", "中风险", "高风险" };
  const char *colors[] = { "#33d17a", "#ff7800", "#e01b24" };
  double values[] = { 5771, 512, 172 };
  double sweep = 0;

  cg_chart_data_add_series (data, "商户");
  for (guint c = 0; c < 3; c++)
    {
      CgChartColor color;

      cg_chart_data_add_category (data, levels[c]);
      cg_chart_data_set_value (data, 0, c, values[c]);
      cg_chart_color_parse (&color, colors[c]);
      cg_chart_data_set_category_color (data, c, &color);
    }
  cg_chart_data_set_format (data, CG_CHART_FORMAT_NUMBER, 0, "家");
  draw (&p, CG_CHART_KIND_DONUT, data, FALSE, W, H, -1, -1, "donut");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 3);
  assert_geometry_finite (p.geometry);

  for (guint c = 0; c < 3; c++)
    {
      const CgChartItem *item = cg_chart_geometry_find (p.geometry, 0, c);
      double x, y;

      g_assert_cmpint (item->shape, ==, CG_CHART_SHAPE_SECTOR);
      sweep += item->angle2 - item->angle1;
      g_assert_cmpfloat_with_epsilon ((item->angle2 - item->angle1) / (2 * G_PI),
                                      values[c] / 6455.0, 1e-9);
      item_centre (item, &x, &y);
      g_assert_true (cg_chart_geometry_hit_test (p.geometry, x, y) == item);
      g_assert_true (close_to (pixel (&p, x, y), rgb (colors[c])));
      /* the hole and the outside are not slices */
      g_assert_null (cg_chart_geometry_hit_test (p.geometry, item->cx, item->cy));
      g_assert_null (cg_chart_geometry_hit_test (p.geometry, item->cx,
                                                 item->cy - item->outer_radius - 3));
    }
  g_assert_cmpfloat_with_epsilon (sweep, 2 * G_PI, 1e-9);
}

static void
test_heat_grid (void)
{
  g_autoptr(CgChartData) data = cg_chart_data_new ("诉件高发时段（街镇 × 小时）");
  g_auto(Picture) p = { 0 };
  const CgChartItem *peak, *quiet;
  CgChartStyle style;
  guint32 high;
  double x, y;

  for (guint s = 0; s < 5; s++)
    cg_chart_data_add_series (data, streets[s]);
  for (guint h = 0; h < 24; h++)
    {
      g_autofree char *label = g_strdup_printf ("%u", h);

      cg_chart_data_add_category (data, label);
      for (guint s = 0; s < 5; s++)
        cg_chart_data_set_value (data, s, h, (h >= 8 && h <= 20) ? (h % 5) + s : 0);
    }
  cg_chart_data_set_value (data, 2, 18, 40);   /* the peak */
  draw (&p, CG_CHART_KIND_HEAT_GRID, data, FALSE, 640, H, -1, -1, "heat-grid");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 5 * 24);

  peak = cg_chart_geometry_find (p.geometry, 2, 18);
  quiet = cg_chart_geometry_find (p.geometry, 0, 3);
  item_centre (peak, &x, &y);
  g_assert_true (cg_chart_geometry_hit_test (p.geometry, x, y) == peak);
  cg_chart_style_init (&style, FALSE);
  high = ((guint32) lround (style.heat_high.red * 255) << 16) |
         ((guint32) lround (style.heat_high.green * 255) << 8) |
         (guint32) lround (style.heat_high.blue * 255);
  /* the corner of the peak cell, away from its number, is the darkest colour */
  g_assert_true (close_to (pixel (&p, peak->x + 3, peak->y + 3), high));
  item_centre (quiet, &x, &y);
  g_assert_false (close_to (pixel (&p, x, y), high));
  g_assert_true (cg_chart_geometry_hit_test (p.geometry, x, y) == quiet);
}

/* no cases, a street with no merchants, a range that ends before it starts */
static void
test_empty_states (void)
{
  g_autoptr(CgChartData) none = cg_chart_data_new ("案件数");
  g_autoptr(CgChartData) zeros = cg_chart_data_new ("万里街道商户");
  g_autoptr(CgChartData) reversed = cg_chart_data_new ("案件趋势");
  CgChartData *all[] = { none, zeros, reversed };

  cg_chart_data_add_series (zeros, "商户");
  cg_chart_data_add_category (zeros, "高风险");
  cg_chart_data_add_category (zeros, "低风险");
  cg_chart_data_set_value (zeros, 0, 0, 0);
  cg_chart_data_set_empty_message (zeros, "该街镇没有商户");
  cg_chart_data_set_empty_message (reversed, "结束日期早于开始日期");

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (CgChartKind kind = CG_CHART_KIND_BAR; kind <= CG_CHART_KIND_HEAT_GRID; kind++)
      for (int dark = 0; dark < 2; dark++)
        {
          g_auto(Picture) p = { 0 };
          g_autofree char *name = g_strdup_printf ("empty-%u-%d-%d", i, kind, dark);

          draw (&p, kind, all[i], dark, 360, 240, -1, -1, name);
          g_assert_true (cg_chart_geometry_is_empty_state (p.geometry));
          g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 0);
          /* the message is drawn in the middle: not a blank picture */
          g_assert_cmpuint (count_ink (&p, 20, 90, 340, 200), >, 150);
        }
}

/* odd values and sizes: missing values, a lone value, tiny and degenerate rectangles */
static void
test_odd_data (void)
{
  g_autoptr(CgChartData) data = cg_chart_data_new ("单点");
  int sizes[][2] = { { 1, 1 }, { 30, 20 }, { 90, 60 }, { 2000, 40 }, { 40, 900 } };

  cg_chart_data_add_series (data, "a");
  cg_chart_data_add_series (data, "b");
  for (guint c = 0; c < 40; c++)
    cg_chart_data_add_category (data, "一个很长很长的类别名称");
  cg_chart_data_set_value (data, 1, 17, 3);
  cg_chart_data_set_value (data, 0, 3, NAN);

  for (CgChartKind kind = CG_CHART_KIND_BAR; kind <= CG_CHART_KIND_HEAT_GRID; kind++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_auto(Picture) p = { 0 };

        draw (&p, kind, data, FALSE, sizes[i][0], sizes[i][1], 1, 17, NULL);
        assert_geometry_finite (p.geometry);
      }

  /* a lone point shows as a point */
  {
    g_auto(Picture) p = { 0 };
    const CgChartItem *item;
    double x, y;

    draw (&p, CG_CHART_KIND_LINE, data, FALSE, W, H, -1, -1, "line-lone");
    g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 1);
    item = cg_chart_geometry_find (p.geometry, 1, 17);
    item_centre (item, &x, &y);
    g_assert_true (close_to (pixel (&p, x, y), rgb ("#33d17a")));
  }
}

/* Shanghai's 16 districts and a year of days: crowded axes stay inside the picture */
static void
test_crowded (void)
{
  const char *districts[] = {
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
  };
  g_autoptr(CgChartData) bars = cg_chart_data_new ("各区诉件数");
  g_autoptr(CgChartData) year = cg_chart_data_new ("全年每日案件数");
  g_auto(Picture) p = { 0 };
  g_auto(Picture) q = { 0 };
  g_autoptr(GDateTime) jan1 = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);

  cg_chart_data_add_series (bars, "诉件");
  for (guint c = 0; c < G_N_ELEMENTS (districts); c++)
    {
      cg_chart_data_add_category (bars, districts[c]);
      cg_chart_data_set_value (bars, 0, c, 1200 + (c * 977) % 4100);
    }
  draw (&p, CG_CHART_KIND_BAR, bars, FALSE, 420, 280, -1, -1, "bar-crowded");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (p.geometry), ==, 16);
  for (guint i = 0; i < 16; i++)
    {
      const CgChartItem *it = cg_chart_geometry_get_item (p.geometry, i);

      g_assert_cmpfloat (it->x, >=, 0);
      g_assert_cmpfloat (it->x + it->width, <=, 420);
      g_assert_cmpfloat (it->height, >, 10);   /* the rotated labels leave the bars room */
      g_assert_cmpfloat (it->y + it->height, <, 280 - 30);
    }

  cg_chart_data_add_series (year, "案件");
  for (guint d = 0; d < 365; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (jan1, d);
      g_autofree char *label = g_date_time_format (day, "%m-%d");
      guint c = cg_chart_data_add_category (year, label);

      cg_chart_data_set_value (year, 0, c, 280 + 60 * sin (d / 20.0) + (d * 37) % 25);
    }
  draw (&q, CG_CHART_KIND_LINE, year, FALSE, 640, 260, -1, -1, "line-year");
  g_assert_cmpuint (cg_chart_geometry_get_n_items (q.geometry), ==, 365);
  assert_geometry_finite (q.geometry);
}

static void
test_dark_palette (void)
{
  g_autoptr(CgChartData) data = streets_data (1);
  g_auto(Picture) p = { 0 };
  const CgChartItem *item;
  double x, y;

  draw (&p, CG_CHART_KIND_BAR, data, TRUE, W, H, -1, -1, "bar-dark");
  item = cg_chart_geometry_find (p.geometry, 0, 1);
  item_centre (item, &x, &y);
  g_assert_true (close_to (pixel (&p, x, y), rgb ("#62a0ea")));
  /* labels are light on the dark background */
  g_assert_cmpuint (count_ink (&p, 0, 0, W, 30), >, 50);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/draw/bar-single", test_bar_single);
  g_test_add_func ("/charts/draw/bar-highlight", test_bar_highlight);
  g_test_add_func ("/charts/draw/bar-grouped-stacked", test_bar_grouped_stacked);
  g_test_add_func ("/charts/draw/bar-negative", test_bar_negative);
  g_test_add_func ("/charts/draw/line", test_line);
  g_test_add_func ("/charts/draw/donut", test_donut);
  g_test_add_func ("/charts/draw/heat-grid", test_heat_grid);
  g_test_add_func ("/charts/draw/empty-states", test_empty_states);
  g_test_add_func ("/charts/draw/odd-data", test_odd_data);
  g_test_add_func ("/charts/draw/crowded", test_crowded);
  g_test_add_func ("/charts/draw/dark-palette", test_dark_palette);

  ret = g_test_run ();

  pango_cairo_font_map_set_default (NULL);
  return ret;
}
