/* test-dashboard.c: dashboard ranges, comparisons, figures and tables (no cache)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "cg-csv.h"
#include "cg-dashboard.h"
#include "cg-dashboard-report.h"

static CgDay
D (const char *text)
{
  CgDay d = 0;

  g_assert_true (cg_day_parse (text, &d, NULL));
  return d;
}

static void
assert_preset (CgDashboardRangePreset  preset,
               const char             *today,
               const char             *first,
               const char             *last)
{
  g_autoptr(GError) error = NULL;
  CgDay f = 0, l = 0;

  g_assert_true (cg_dashboard_range_for_preset (preset, D (today), CG_DAY_NONE, CG_DAY_NONE,
                                                &f, &l, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f, ==, D (first));
  g_assert_cmpint (l, ==, D (last));
}

static void
test_presets (void)
{
  assert_preset (CG_DASHBOARD_RANGE_TODAY, "2026-11-30", "2026-11-30", "2026-11-30");
  /* 7 and 30 days include today, across a year boundary */
  assert_preset (CG_DASHBOARD_RANGE_7_DAYS, "2026-01-03", "2025-12-28", "2026-01-03");
  assert_preset (CG_DASHBOARD_RANGE_30_DAYS, "2026-03-01", "2026-01-31", "2026-03-01");
  /* this quarter: from its first day; on the first and last day of a quarter */
  assert_preset (CG_DASHBOARD_RANGE_QUARTER, "2026-03-31", "2026-01-01", "2026-03-31");
  assert_preset (CG_DASHBOARD_RANGE_QUARTER, "2026-04-01", "2026-04-01", "2026-04-01");
  assert_preset (CG_DASHBOARD_RANGE_QUARTER, "2026-12-31", "2026-10-01", "2026-12-31");
  assert_preset (CG_DASHBOARD_RANGE_QUARTER, "2027-01-01", "2027-01-01", "2027-01-01");
}

static void
test_custom_and_validation (void)
{
  g_autoptr(GError) error = NULL;
  CgDay f = 7, l = 7;

  g_assert_true (cg_dashboard_range_for_preset (CG_DASHBOARD_RANGE_CUSTOM, D ("2026-11-30"),
                                                D ("2026-02-01"), D ("2026-02-28"), &f, &l,
                                                &error));
  g_assert_cmpint (f, ==, D ("2026-02-01"));
  g_assert_cmpint (l, ==, D ("2026-02-28"));

  /* a range that ends before it starts: a plain message, outputs untouched */
  f = l = 7;
  g_assert_false (cg_dashboard_range_for_preset (CG_DASHBOARD_RANGE_CUSTOM, D ("2026-11-30"),
                                                 D ("2026-03-01"), D ("2026-02-28"), &f, &l,
                                                 &error));
  g_assert_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "The range ends (2026-02-28) before it starts (2026-03-01).");
  g_assert_cmpint (f, ==, 7);
  g_clear_error (&error);

  g_assert_false (cg_dashboard_check_range (CG_DAY_NONE, D ("2026-02-28"), &error));
  g_assert_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (cg_dashboard_check_range (D ("2000-01-01"), D ("2026-02-28"), &error));
  g_assert_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_true (cg_dashboard_check_range (D ("2026-02-28"), D ("2026-02-28"), &error));
  g_assert_no_error (error);
}

static void
test_comparison (void)
{
  CgDay f, l;

  /* 环比: the same number of days just before */
  g_assert_true (cg_dashboard_comparison_range (CG_DASHBOARD_COMPARE_PREVIOUS,
                                                D ("2026-11-01"), D ("2026-11-07"), &f, &l));
  g_assert_cmpint (f, ==, D ("2026-10-25"));
  g_assert_cmpint (l, ==, D ("2026-10-31"));
  /* a quarter: 91 days before 2026-04-01 */
  g_assert_true (cg_dashboard_comparison_range (CG_DASHBOARD_COMPARE_PREVIOUS,
                                                D ("2026-04-01"), D ("2026-06-30"), &f, &l));
  g_assert_cmpint (l, ==, D ("2026-03-31"));
  g_assert_cmpint (l - f, ==, D ("2026-06-30") - D ("2026-04-01"));
  /* 同比: the same dates a year before; 29 February -> 28 */
  g_assert_true (cg_dashboard_comparison_range (CG_DASHBOARD_COMPARE_LAST_YEAR,
                                                D ("2026-01-01"), D ("2026-03-31"), &f, &l));
  g_assert_cmpint (f, ==, D ("2025-01-01"));
  g_assert_cmpint (l, ==, D ("2025-03-31"));
  g_assert_true (cg_dashboard_comparison_range (CG_DASHBOARD_COMPARE_LAST_YEAR,
                                                D ("2024-02-29"), D ("2024-02-29"), &f, &l));
  g_assert_cmpint (f, ==, D ("2023-02-28"));
  g_assert_false (cg_dashboard_comparison_range (CG_DASHBOARD_COMPARE_NONE,
                                                 D ("2026-01-01"), D ("2026-01-02"), &f, &l));
  g_assert_cmpint (f, ==, CG_DAY_NONE);
}

static void
test_figures (void)
{
  g_autoptr(CgDashboardQuery) q = cg_dashboard_query_new (CG_DASHBOARD_CASES, D ("2026-11-01"),
                                                          D ("2026-11-07"));
  g_autoptr(CgDashboardResult) plain = NULL;
  g_autoptr(CgDashboardResult) cmp = NULL;
  const CgDashboardFigure *f;
  g_autofree char *d1 = cg_dashboard_format_delta (0.6, 1.0, CG_CHART_FORMAT_PERCENT, 1);
  g_autofree char *d2 = cg_dashboard_format_delta (5, 0, CG_CHART_FORMAT_NUMBER, 0);
  g_autofree char *d3 = cg_dashboard_format_delta (90, 120, CG_CHART_FORMAT_NUMBER, 0);
  g_autofree char *d4 = cg_dashboard_format_delta (NAN, 1, CG_CHART_FORMAT_PERCENT, 1);

  g_assert_cmpstr (d1, ==, "-40.0 pt");
  g_assert_cmpstr (d2, ==, "—");
  g_assert_cmpstr (d3, ==, "-25.0%");
  g_assert_cmpstr (d4, ==, "—");

  plain = cg_dashboard_result_new (q);
  f = cg_dashboard_result_add_figure (plain, "x", "X", 1234, 1000, CG_CHART_FORMAT_NUMBER, 0,
                                      NULL, TRUE);
  g_assert_cmpstr (f->text, ==, "1,234");
  g_assert_true (isnan (f->compare));     /* the query compares with nothing */
  g_assert_null (f->delta_text);

  q->comparison = CG_DASHBOARD_COMPARE_PREVIOUS;
  cmp = cg_dashboard_result_new (q);
  f = cg_dashboard_result_add_figure (cmp, "x", "X", 1234, 1000, CG_CHART_FORMAT_NUMBER, 0,
                                      NULL, TRUE);
  g_assert_cmpstr (f->compare_text, ==, "1,000");
  g_assert_cmpstr (f->delta_text, ==, "+23.4%");
  g_assert_true (cg_dashboard_result_find_figure (cmp, "x") == f);
  g_assert_null (cg_dashboard_result_find_figure (cmp, "y"));
}

static void
test_query (void)
{
  g_autoptr(CgDashboardQuery) q = cg_dashboard_query_new (CG_DASHBOARD_INSPECTIONS,
                                                          D ("2026-11-01"), D ("2026-11-07"));
  g_autoptr(CgDashboardQuery) copy = NULL;
  CgDashboardKind kind;

  g_assert_null (cg_dashboard_query_get_effective_street (q));
  cg_dashboard_query_set_squad (q, "sq-310107005");
  g_assert_cmpstr (cg_dashboard_query_get_effective_street (q), ==, "310107005");
  cg_dashboard_query_set_street (q, "310107002");
  g_assert_cmpstr (cg_dashboard_query_get_effective_street (q), ==, "310107002");
  cg_dashboard_query_set_street (q, "");    /* the empty string is "all" */
  g_assert_null (q->street_code);
  copy = cg_dashboard_query_copy (q);
  g_assert_cmpstr (copy->squad_id, ==, "sq-310107005");
  g_assert_true (copy->squad_id != q->squad_id);

  g_assert_true (cg_dashboard_kind_from_id ("complaints", &kind));
  g_assert_cmpint (kind, ==, CG_DASHBOARD_COMPLAINTS);
  g_assert_false (cg_dashboard_kind_from_id ("parking", &kind));
  g_assert_cmpstr (cg_dashboard_kind_to_id (CG_DASHBOARD_CASES), ==, "cases");
}

/* A table written as CSV reads back the same (BOM, quotes, commas, newlines, Chinese) */
static void
test_table_csv (void)
{
  const char *columns[] = { "名称", "数量", "备注" };
  const char *row1[] = { "曹杨新村街道", "12", "含,逗号" };
  const char *row2[] = { "长风\"新村\"", "0", "两行\n文本" };
  g_autoptr(CgDashboardTable) t = cg_dashboard_table_new ("t", "表", 3, columns);
  g_autofree char *dir = g_dir_make_tmp ("cg-dash-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "t.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  double lon, lat;

  cg_dashboard_table_add_row (t, row1, "merchants", "m-1", 121.4, 31.2);
  cg_dashboard_table_add_row (t, row2, NULL, NULL, NAN, NAN);
  g_assert_true (cg_dashboard_table_get_row_location (t, 0, &lon, &lat));
  g_assert_cmpfloat (lat, ==, 31.2);
  g_assert_false (cg_dashboard_table_get_row_location (t, 1, &lon, &lat));
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 1, 2), ==, "两行\n文本");

  g_assert_true (cg_dashboard_table_write_csv (t, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  rows = cg_csv_parse (text, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[c], ==, columns[c]);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[c], ==, row1[c]);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[c], ==, row2[c]);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* A chart as a table: one row per category, one column per series */
static void
test_chart_to_table (void)
{
  g_autoptr(CgDashboardQuery) q = cg_dashboard_query_new (CG_DASHBOARD_CASES, D ("2026-11-01"),
                                                          D ("2026-11-07"));
  g_autoptr(CgDashboardResult) r = cg_dashboard_result_new (q);
  g_autoptr(CgChartData) data = cg_chart_data_new ("按类型");
  g_autoptr(CgDashboardTable) t = NULL;
  static const char * const keys[] = { "current", NULL };
  const CgDashboardChart *chart;

  cg_chart_data_add_series (data, "本期");
  cg_chart_data_set_category_key (data, cg_chart_data_add_category (data, "绿化"), "greening");
  cg_chart_data_set_category_key (data, cg_chart_data_add_category (data, "市容"), "city_appearance");
  cg_chart_data_set_value (data, 0, 0, 2);
  cg_chart_data_set_value (data, 0, 1, 1.5);
  chart = cg_dashboard_result_add_chart (r, "cases-by-type", CG_CHART_KIND_BAR, data, keys, TRUE);
  g_assert_cmpstr (cg_dashboard_chart_get_series_key (chart, 0), ==, "current");
  g_assert_null (cg_dashboard_chart_get_series_key (chart, 1));
  t = cg_dashboard_chart_to_table (chart);
  g_assert_cmpuint (cg_dashboard_table_get_n_columns (t), ==, 3);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 1), ==, "greening");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 2), ==, "2");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 1, 2), ==, "1.50");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dashboard/presets", test_presets);
  g_test_add_func ("/dashboard/custom-validation", test_custom_and_validation);
  g_test_add_func ("/dashboard/comparison", test_comparison);
  g_test_add_func ("/dashboard/figures", test_figures);
  g_test_add_func ("/dashboard/query", test_query);
  g_test_add_func ("/dashboard/table-csv", test_table_csv);
  g_test_add_func ("/dashboard/chart-to-table", test_chart_to_table);
  return g_test_run ();
}
