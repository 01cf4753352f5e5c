/* test-chart-data.c: the chart model and the axis helpers (no display needed)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-chart-axis.h"
#include "cg-chart-data.h"

static void
test_nice_step (void)
{
  g_assert_cmpfloat (cg_chart_nice_step (100, 6), ==, 20);
  g_assert_cmpfloat (cg_chart_nice_step (100, 11), ==, 10);
  g_assert_cmpfloat (cg_chart_nice_step (7, 5), ==, 2);
  g_assert_cmpfloat (cg_chart_nice_step (1234, 5), ==, 500);
  g_assert_cmpfloat_with_epsilon (cg_chart_nice_step (0.37, 5), 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (cg_chart_nice_step (0.03, 4), 0.01, 1e-12);
  g_assert_cmpfloat (cg_chart_nice_step (45000, 6), ==, 10000);
  /* degenerate spans still give a usable step */
  g_assert_cmpfloat (cg_chart_nice_step (0, 5), ==, 1);
  g_assert_cmpfloat (cg_chart_nice_step (-3, 5), ==, 1);
  g_assert_cmpfloat (cg_chart_nice_step (NAN, 5), ==, 1);
  g_assert_cmpfloat (cg_chart_nice_step (INFINITY, 5), ==, 1);

  /* always 1, 2 or 5 x 10^n */
  for (double span = 0.001; span < 1e7; span *= 1.37)
    for (guint ticks = 2; ticks <= 10; ticks++)
      {
        double step = cg_chart_nice_step (span, ticks);
        double mantissa = step / pow (10, floor (log10 (step) + 1e-9));

        g_assert_true (fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6 ||
                       fabs (mantissa - 5) < 1e-6);
        g_assert_cmpfloat (step * (ticks - 1), >=, span * (1 - 1e-9));
      }
}

static void
test_axis_compute (void)
{
  CgChartAxis axis;

  cg_chart_axis_compute (&axis, 0, 87, 6);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, ==, 100);
  g_assert_cmpfloat (axis.step, ==, 20);
  g_assert_cmpuint (axis.n_ticks, ==, 6);
  g_assert_cmpfloat (cg_chart_axis_tick (&axis, 5), ==, 100);
  g_assert_cmpuint (cg_chart_axis_decimals (&axis), ==, 0);

  /* negative values (a drop against last period) */
  cg_chart_axis_compute (&axis, -23, 41, 8);
  g_assert_cmpfloat (axis.min, <=, -23);
  g_assert_cmpfloat (axis.max, >=, 41);
  g_assert_cmpuint (axis.n_ticks, <=, 8);
  g_assert_cmpfloat (fmod (axis.min, axis.step), ==, 0);

  /* reversed and degenerate bounds */
  cg_chart_axis_compute (&axis, 10, 2, 5);
  g_assert_cmpfloat (axis.min, <=, 2);
  g_assert_cmpfloat (axis.max, >=, 10);
  cg_chart_axis_compute (&axis, 0, 0, 5);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, ==, 1);
  cg_chart_axis_compute (&axis, 7, 7, 5);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, >=, 7);
  cg_chart_axis_compute (&axis, NAN, INFINITY, 5);
  g_assert_true (isfinite (axis.min) && isfinite (axis.max) && axis.max > axis.min);

  /* fractions: ticks at 0.1 need one decimal, and come out exact */
  cg_chart_axis_compute (&axis, 0, 0.37, 5);
  g_assert_cmpfloat_with_epsilon (axis.step, 0.1, 1e-12);
  g_assert_cmpuint (cg_chart_axis_decimals (&axis), ==, 1);
  g_assert_cmpfloat (cg_chart_axis_tick (&axis, 3), ==, 0.3);

  /* never more ticks than asked for */
  for (double hi = 1; hi < 1e6; hi *= 1.9)
    for (guint ticks = 2; ticks <= 9; ticks++)
      {
        cg_chart_axis_compute (&axis, 0, hi, ticks);
        g_assert_cmpuint (axis.n_ticks, <=, ticks);
        g_assert_cmpuint (axis.n_ticks, >=, 2);
        g_assert_cmpfloat (axis.max, >=, hi);
      }
}

static void
test_format (void)
{
  struct { double v; guint decimals; const char *expected; } numbers[] = {
    { 0, 0, "0" },
    { 999, 0, "999" },
    { 1000, 0, "1,000" },
    { 12345, 0, "12,345" },
    { 196000, 0, "196,000" },
    { 1234567.891, 2, "1,234,567.89" },
    { -20103, 0, "-20,103" },
    { -0.004, 2, "0.00" },
    { 0.5, 1, "0.5" },
    { 999.96, 1, "1,000.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *s = cg_chart_format_number (numbers[i].v, numbers[i].decimals);

      g_assert_cmpstr (s, ==, numbers[i].expected);
    }

  {
    g_autofree char *pct = cg_chart_format_value (0.894, CG_CHART_FORMAT_PERCENT, 1, "件");
    g_autofree char *pct0 = cg_chart_format_value (0.523, CG_CHART_FORMAT_PERCENT, 0, NULL);
    g_autofree char *cases = cg_chart_format_value (108000, CG_CHART_FORMAT_NUMBER, 0, "件");
    g_autofree char *nan = cg_chart_format_value (NAN, CG_CHART_FORMAT_NUMBER, 0, "件");

    g_assert_cmpstr (pct, ==, "89.4%");
    g_assert_cmpstr (pct0, ==, "52%");
    g_assert_cmpstr (cases, ==, "108,000件");
    g_assert_cmpstr (nan, ==, "—");
  }
}

static CgChartData *
make_comparison (void)
{
  CgChartData *data = cg_chart_data_new ("各街镇案件数");
  guint a = cg_chart_data_add_category (data, "曹杨新村街道");
  guint this_week = cg_chart_data_add_series (data, "本周");
  guint b = cg_chart_data_add_category (data, "长风新村街道");
  guint last_week = cg_chart_data_add_series (data, "上周");

  cg_chart_data_set_value (data, this_week, a, 12);
  cg_chart_data_set_value (data, this_week, b, 30);
  cg_chart_data_set_value (data, last_week, a, 8);
  cg_chart_data_set_value (data, last_week, b, -3);
  cg_chart_data_set_format (data, CG_CHART_FORMAT_NUMBER, 0, "件");
  return data;
}

static void
test_model (void)
{
  g_autoptr(CgChartData) data = make_comparison ();
  CgChartColor color;
  double lo, hi;

  g_assert_cmpuint (cg_chart_data_get_n_categories (data), ==, 2);
  g_assert_cmpuint (cg_chart_data_get_n_series (data), ==, 2);
  g_assert_cmpstr (cg_chart_data_get_category_label (data, 1), ==, "长风新村街道");
  g_assert_cmpstr (cg_chart_data_get_series_name (data, 1), ==, "上周");
  g_assert_cmpfloat (cg_chart_data_get_value (data, 0, 1), ==, 30);
  g_assert_false (cg_chart_data_is_empty (data));
  g_assert_cmpfloat (cg_chart_data_get_total (data, 1), ==, 5);

  cg_chart_data_get_range (data, FALSE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -3);
  g_assert_cmpfloat (hi, ==, 30);
  /* stacked: positives and negatives pile up separately */
  cg_chart_data_get_range (data, TRUE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -3);
  g_assert_cmpfloat (hi, ==, 30);
  cg_chart_data_set_value (data, 1, 1, 4);
  cg_chart_data_get_range (data, TRUE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 34);

  /* a category added later gets "no value" in every series */
  cg_chart_data_add_category (data, "长寿路街道");
  g_assert_true (isnan (cg_chart_data_get_value (data, 0, 2)));
  g_assert_true (isnan (cg_chart_data_get_value (data, 1, 2)));
  cg_chart_data_set_value (data, 0, 2, INFINITY);
  g_assert_true (isnan (cg_chart_data_get_value (data, 0, 2)));

  /* colours and keys */
  g_assert_false (cg_chart_data_get_category_color (data, 0, &color));
  g_assert_true (cg_chart_color_parse (&color, "#e01b24"));
  g_assert_cmpfloat_with_epsilon (color.red, 224 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (color.alpha, 1, 1e-9);
  cg_chart_data_set_category_color (data, 0, &color);
  g_assert_true (cg_chart_data_get_category_color (data, 0, NULL));
  cg_chart_data_set_category_key (data, 0, "310107014");
  g_assert_cmpstr (cg_chart_data_get_category_key (data, 0), ==, "310107014");
  g_assert_null (cg_chart_data_get_category_key (data, 1));
  g_assert_false (cg_chart_color_parse (&color, "blue"));
  g_assert_false (cg_chart_color_parse (&color, "#12345"));
  g_assert_false (cg_chart_color_parse (&color, "#zzzzzz"));
  g_assert_true (cg_chart_color_parse (&color, "#fff"));
  g_assert_cmpfloat (color.green, ==, 1);
  g_assert_true (cg_chart_color_parse (&color, "#3584e480"));
  g_assert_cmpfloat_with_epsilon (color.alpha, 128 / 255.0, 1e-9);

  /* the boxed type copies by reference */
  {
    CgChartData *copy = g_boxed_copy (CG_TYPE_CHART_DATA, data);

    g_assert_true (copy == data);
    g_boxed_free (CG_TYPE_CHART_DATA, copy);
  }
}

static void
test_empty (void)
{
  g_autoptr(CgChartData) none = cg_chart_data_new ("空");
  g_autoptr(CgChartData) zeros = cg_chart_data_new ("零");
  g_autofree char *summary = NULL;
  double lo, hi;

  g_assert_true (cg_chart_data_is_empty (none));
  cg_chart_data_get_range (none, FALSE, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0);
  g_assert_cmpfloat (hi, ==, 0);
  g_assert_nonnull (cg_chart_data_get_empty_message (none));

  /* a street with no merchants: categories, but nothing in them */
  cg_chart_data_add_series (zeros, "商户");
  cg_chart_data_add_category (zeros, "万里街道");
  cg_chart_data_add_category (zeros, "桃浦镇");
  cg_chart_data_set_value (zeros, 0, 0, 0);
  g_assert_true (cg_chart_data_is_empty (zeros));
  cg_chart_data_set_empty_message (zeros, "所选时段内没有案件");
  summary = cg_chart_data_summarize (zeros);
  g_assert_cmpstr (summary, ==, "所选时段内没有案件");
  cg_chart_data_set_value (zeros, 0, 1, 2);
  g_assert_false (cg_chart_data_is_empty (zeros));
}

static void
test_summarize (void)
{
  g_autoptr(CgChartData) data = make_comparison ();
  g_autoptr(CgChartData) single = cg_chart_data_new ("风险等级");
  g_autofree char *text = cg_chart_data_summarize (data);
  g_autofree char *one = NULL;
  g_autofree char *item = NULL;
  g_autofree char *item2 = NULL;

  g_assert_cmpstr (text, ==,
                   "本周: 曹杨新村街道 12件, 长风新村街道 30件.\n"
                   "上周: 曹杨新村街道 8件, 长风新村街道 -3件.");
  item = cg_chart_data_describe_item (data, 1, 0);
  g_assert_cmpstr (item, ==, "曹杨新村街道 · 上周: 8件");

  cg_chart_data_add_series (single, "商户");
  cg_chart_data_add_category (single, "低风险");
  cg_chart_data_add_category (single, "高风险");
  cg_chart_data_set_value (single, 0, 0, 0.894);
  cg_chart_data_set_value (single, 0, 1, 0.106);
  cg_chart_data_set_format (single, CG_CHART_FORMAT_PERCENT, 1, NULL);
  one = cg_chart_data_summarize (single);
  g_assert_cmpstr (one, ==, "低风险 89.4%, 高风险 10.6%.");
  item2 = cg_chart_data_describe_item (single, 0, 1);
  g_assert_cmpstr (item2, ==, "高风险: 10.6%");

  /* long series are cut */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u时", i);
      guint c = cg_chart_data_add_category (single, label);

      cg_chart_data_set_value (single, 0, c, 0.01);
    }
  g_clear_pointer (&one, g_free);
  one = cg_chart_data_summarize (single);
  g_assert_nonnull (strstr (one, "18 more"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/axis/nice-step", test_nice_step);
  g_test_add_func ("/charts/axis/compute", test_axis_compute);
  g_test_add_func ("/charts/axis/format", test_format);
  g_test_add_func ("/charts/data/model", test_model);
  g_test_add_func ("/charts/data/empty", test_empty);
  g_test_add_func ("/charts/data/summarize", test_summarize);

  return g_test_run ();
}
