/* test-store-dashboard.c: the three dashboards on a small hand-built cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cg-draw.h"
#include "cg-store-dashboard.h"
#include "dashboard-fixture.h"

static const char *tmpdir;
static char *db_path;
static char *draws_dir;

static CgDay
D (const char *text)
{
  CgDay d = 0;

  g_assert_true (cg_day_parse (text, &d, NULL));
  return d;
}

static CgStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  CgStore *store = cg_store_open (db_path, &error);

  g_assert_no_error (error);
  return store;
}

static CgDashboardQuery *
week_query (CgDashboardKind kind)
{
  CgDashboardQuery *q = cg_dashboard_query_new (kind, D ("2026-11-01"), D ("2026-11-07"));

  cg_dashboard_query_set_draws_dir (q, draws_dir);
  return q;
}

static CgDashboardResult *
load (CgStore                *store,
      const CgDashboardQuery *query)
{
  g_autoptr(GError) error = NULL;
  CgDashboardResult *r = cg_store_load_dashboard (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static double
fig (CgDashboardResult *r,
     const char        *id)
{
  const CgDashboardFigure *f = cg_dashboard_result_find_figure (r, id);

  g_assert_nonnull (f);
  return f->value;
}

static double
value (CgDashboardResult *r,
       const char        *chart_id,
       guint              series,
       const char        *key)
{
  const CgDashboardChart *c = cg_dashboard_result_find_chart (r, chart_id);
  guint n;

  g_assert_nonnull (c);
  n = cg_chart_data_get_n_categories (c->data);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (cg_chart_data_get_category_key (c->data, i), key) == 0)
      return cg_chart_data_get_value (c->data, series, i);
  g_error ("chart %s has no key %s", chart_id, key);
}

static CgDashboardTable *
items (CgStore                *store,
       const CgDashboardQuery *query,
       const char             *chart,
       const char             *series,
       const char             *key)
{
  g_autoptr(GError) error = NULL;
  CgDashboardTable *t = cg_store_load_dashboard_items (store, query, chart, series, key, 0,
                                                       &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* The number of rows behind each bar equals the bar */
static void
assert_drill_matches (CgStore                *store,
                      const CgDashboardQuery *query,
                      CgDashboardResult      *r,
                      const char             *chart_id)
{
  const CgDashboardChart *c = cg_dashboard_result_find_chart (r, chart_id);
  guint n_series, n_cat;

  g_assert_nonnull (c);
  g_assert_true (c->drillable);
  n_series = cg_chart_data_get_n_series (c->data);
  n_cat = cg_chart_data_get_n_categories (c->data);
  for (guint s = 0; s < n_series; s++)
    for (guint i = 0; i < n_cat; i++)
      {
        double v = cg_chart_data_get_value (c->data, s, i);
        g_autoptr(CgDashboardTable) t =
          items (store, query, chart_id, cg_dashboard_chart_get_series_key (c, s),
                 cg_chart_data_get_category_key (c->data, i));

        g_assert_cmpuint (cg_dashboard_table_get_n_rows (t), ==, isnan (v) ? 0 : (guint) v);
      }
}

static void
test_cases (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_CASES);
  g_autoptr(CgDashboardResult) r = NULL;
  g_autoptr(CgDashboardTable) greening = NULL;
  g_autoptr(CgDashboardTable) exec_stage = NULL;
  const CgDashboardFigure *f;
  const CgDashboardChart *funnel;
  double lon, lat;

  r = load (store, q);
  g_assert_null (cg_dashboard_result_get_message (r));
  /* c-1 .. c-5 filed in the week; c-6 before, c-7 after, c-8 a year before */
  g_assert_cmpfloat (fig (r, "cases-filed"), ==, 5);
  /* closed before 11-08: c-1, c-2, c-5 => 3/5; all on time (c-1 before its due date,
   * c-2 and c-5 without one); durations 2 d, 2 h, 2 d */
  g_assert_cmpfloat_with_epsilon (fig (r, "cases-closure-rate"), 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "cases-on-time-closure-rate"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "cases-avg-days"), (2 + 2 / 24.0 + 2) / 3, 1e-9);
  /* c-3: open, due 11-05 */
  g_assert_cmpfloat (fig (r, "cases-overdue"), ==, 1);
  g_assert_cmpfloat (fig (r, "cases-fines"), ==, 500 + 200 + 1000 + 100);
  g_assert_cmpfloat (fig (r, "cases-exempt"), ==, 1);
  /* general, decided, not exempt: c-1 (not published), c-4 (published 11-07) => 50% */
  g_assert_cmpfloat_with_epsilon (fig (r, "cases-publicity-rate"), 0.5, 1e-9);
  /* c-5: discovered 11-04 08:00, reviewed a day later, executed 2 days after discovery */
  g_assert_cmpfloat (fig (r, "non-site-cases"), ==, 1);
  g_assert_cmpfloat_with_epsilon (fig (r, "non-site-avg-days"), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "non-site-p90-days"), 2.0, 1e-9);
  g_assert_cmpfloat (fig (r, "non-site-over-3-days"), ==, 0);
  f = cg_dashboard_result_find_figure (r, "non-site-p90-days");
  g_assert_false (f->flagged);
  g_assert_cmpstr (cg_dashboard_result_find_figure (r, "cases-closure-rate")->text, ==, "60.0%");
  g_assert_null (f->compare_text);   /* no comparison asked */

  g_assert_cmpfloat (value (r, "cases-by-type", 0, "greening"), ==, 2);
  g_assert_cmpfloat (value (r, "cases-by-type", 0, "commerce"), ==, 1);
  g_assert_cmpfloat (value (r, "cases-by-type", 0, "city_appearance"), ==, 1);
  g_assert_cmpfloat (value (r, "cases-by-type", 0, "planning"), ==, 1);
  g_assert_cmpfloat (value (r, "cases-by-type", 0, "water"), ==, 0);
  g_assert_cmpuint (cg_chart_data_get_n_categories (cg_dashboard_result_find_chart (r, "cases-by-type")->data), ==, 9);
  g_assert_cmpfloat (value (r, "cases-by-procedure", 0, "simple"), ==, 2);
  g_assert_cmpfloat (value (r, "cases-by-procedure", 0, "general"), ==, 3);
  /* stages reached: closed x3, execution x1, decision x1 */
  funnel = cg_dashboard_result_find_chart (r, "case-stage-funnel");
  g_assert_cmpstr (cg_chart_data_get_category_key (funnel->data, 0), ==, "filing");
  g_assert_cmpstr (cg_chart_data_get_category_key (funnel->data, 5), ==, "closed");
  g_assert_cmpfloat (value (r, "case-stage-funnel", 0, "filing"), ==, 5);
  g_assert_cmpfloat (value (r, "case-stage-funnel", 0, "decision"), ==, 5);
  g_assert_cmpfloat (value (r, "case-stage-funnel", 0, "execution"), ==, 4);
  g_assert_cmpfloat (value (r, "case-stage-funnel", 0, "closed"), ==, 3);
  g_assert_cmpfloat (value (r, "cases-by-day", 0, "2026-11-05"), ==, 0);
  g_assert_cmpfloat (value (r, "cases-by-day", 0, "2026-11-06"), ==, 1);
  g_assert_cmpfloat (value (r, "case-top-causes", 0, "street_stall"), ==, 3);
  g_assert_cmpstr (cg_chart_data_get_category_key (cg_dashboard_result_find_chart (r, "case-top-causes")->data, 0), ==, "street_stall");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "top-causes")), ==, 3);

  /* the lists */
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "overdue-cases")), ==, 1);
  g_assert_cmpstr (cg_dashboard_table_get_row_id (cg_dashboard_result_find_table (r, "overdue-cases"), 0), ==, "c-3");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "exempt-cases")), ==, 1);
  g_assert_cmpstr (cg_dashboard_table_get_row_id (cg_dashboard_result_find_table (r, "publicity-late"), 0), ==, "c-1");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "publicity-late")), ==, 1);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "non-site-slow")), ==, 0);
  g_assert_cmpstr (cg_dashboard_table_get_empty_message (cg_dashboard_result_find_table (r, "non-site-slow")), ==,
                   "No non-site case took more than 3 days.");

  /* drill-downs */
  greening = items (store, q, "cases-by-type", "current", "greening");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (greening), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_row_id (greening, 0), ==, "c-1");
  g_assert_cmpstr (cg_dashboard_table_get_row_collection (greening, 0), ==, "cases");
  g_assert_true (cg_dashboard_table_get_row_location (greening, 0, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 121.40, 1e-9);
  exec_stage = items (store, q, "case-stage-funnel", NULL, "execution");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (exec_stage), ==, 4);
  for (guint i = 0; i < cg_dashboard_result_get_n_charts (r); i++)
    {
      const CgDashboardChart *c = cg_dashboard_result_get_chart (r, i);

      if (c->drillable)
        assert_drill_matches (store, q, r, c->id);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CgDashboardTable) bad =
      cg_store_load_dashboard_items (store, q, "cases-by-nothing", NULL, "x", 0, &error);

    g_assert_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART);
    g_assert_null (bad);
  }
}

static void
test_cases_compare_and_street (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_CASES);
  g_autoptr(CgDashboardResult) prev = NULL;
  g_autoptr(CgDashboardResult) year = NULL;
  g_autoptr(CgDashboardResult) street = NULL;
  g_autoptr(CgDashboardResult) squad = NULL;
  g_autoptr(CgDashboardTable) prev_items = NULL;
  const CgDashboardFigure *f;
  CgDay cf, cl;

  /* 环比: 10-25 .. 10-31 holds c-6 only */
  q->comparison = CG_DASHBOARD_COMPARE_PREVIOUS;
  prev = load (store, q);
  cg_dashboard_result_get_compare_range (prev, &cf, &cl);
  g_assert_cmpint (cf, ==, D ("2026-10-25"));
  g_assert_cmpint (cl, ==, D ("2026-10-31"));
  f = cg_dashboard_result_find_figure (prev, "cases-filed");
  g_assert_cmpfloat (f->compare, ==, 1);
  g_assert_cmpstr (f->compare_text, ==, "1");
  g_assert_cmpstr (f->delta_text, ==, "+400.0%");
  f = cg_dashboard_result_find_figure (prev, "cases-closure-rate");
  g_assert_cmpfloat_with_epsilon (f->compare, 1.0, 1e-9);
  g_assert_cmpstr (f->delta_text, ==, "-40.0 pt");
  g_assert_cmpfloat (value (prev, "cases-by-type", 1, "greening"), ==, 1);
  prev_items = items (store, q, "cases-by-type", "compare", "greening");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (prev_items), ==, 1);
  g_assert_cmpstr (cg_dashboard_table_get_row_id (prev_items, 0), ==, "c-6");

  /* 同比: 2025-11-01 .. 2025-11-07 holds c-8 */
  q->comparison = CG_DASHBOARD_COMPARE_LAST_YEAR;
  year = load (store, q);
  g_assert_cmpfloat (cg_dashboard_result_find_figure (year, "cases-filed")->compare, ==, 1);
  g_assert_cmpfloat (value (year, "cases-by-type", 1, "water"), ==, 1);

  /* street A: c-1, c-2, c-5 */
  q->comparison = CG_DASHBOARD_COMPARE_NONE;
  cg_dashboard_query_set_street (q, FIX_A);
  street = load (store, q);
  g_assert_cmpfloat (fig (street, "cases-filed"), ==, 3);
  g_assert_cmpfloat (value (street, "cases-by-type", 0, "greening"), ==, 2);
  g_assert_cmpfloat (value (street, "cases-by-type", 0, "commerce"), ==, 0);
  g_assert_cmpfloat (fig (street, "cases-overdue"), ==, 0);

  /* the squad of street B stands for street B: c-3, c-4 */
  cg_dashboard_query_set_street (q, NULL);
  cg_dashboard_query_set_squad (q, "sq-" FIX_B);
  squad = load (store, q);
  g_assert_cmpfloat (fig (squad, "cases-filed"), ==, 2);
  g_assert_cmpfloat (fig (squad, "cases-exempt"), ==, 1);

  /* a street and a squad that disagree match nothing */
  {
    g_autoptr(CgDashboardResult) none = NULL;

    cg_dashboard_query_set_street (q, FIX_A);
    none = load (store, q);
    g_assert_cmpfloat (fig (none, "cases-filed"), ==, 0);
  }
}

static void
test_complaints (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_COMPLAINTS);
  g_autoptr(CgDashboardResult) r = NULL;
  g_autoptr(CgDashboardResult) rb = NULL;
  g_autoptr(CgDashboardResult) rp = NULL;
  g_autoptr(CgDashboardTable) cell = NULL;
  g_autoptr(GArray) heat = NULL;
  g_autoptr(GError) error = NULL;
  CgDashboardTable *repeat;
  const CgDashboardChart *grid;

  r = load (store, q);
  /* docs/indicators.md's worked example: 4 received, 3 closed after 24, 96, 12 h */
  g_assert_cmpfloat (fig (r, "complaints"), ==, 4);
  g_assert_cmpfloat_with_epsilon (fig (r, "complaint-handling-rate"), 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "complaint-on-time-rate"), 2 / 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "complaint-avg-handling-hours"), 44, 1e-9);
  g_assert_cmpfloat_with_epsilon (fig (r, "complaint-satisfaction"), 2 / 3.0, 1e-9);
  /* responses after 1 h and 3 h (two never responded) */
  g_assert_cmpfloat_with_epsilon (fig (r, "complaint-avg-response-hours"), 2, 1e-9);
  g_assert_cmpfloat (fig (r, "repeat-complaints"), ==, 3);
  g_assert_cmpfloat (fig (r, "repeat-matters"), ==, 2);
  g_assert_cmpfloat (fig (r, "complaints-unsatisfied"), ==, 1);
  g_assert_cmpstr (cg_dashboard_result_find_figure (r, "complaint-satisfaction")->text, ==, "66.7%");

  g_assert_cmpfloat (value (r, "complaints-by-hour", 0, "9"), ==, 3);
  g_assert_cmpfloat (value (r, "complaints-by-hour", 0, "21"), ==, 1);
  g_assert_cmpfloat (value (r, "complaints-by-hour", 0, "10"), ==, 0);
  g_assert_cmpfloat (value (r, "complaints-by-day", 0, "2026-11-01"), ==, 2);
  g_assert_cmpfloat (value (r, "complaints-by-category", 0, "garbage"), ==, 2);
  g_assert_cmpfloat (value (r, "complaints-by-street", 0, FIX_A), ==, 2);
  /* the street names come from the cache */
  g_assert_cmpstr (cg_chart_data_get_category_label (cg_dashboard_result_find_chart (r, "complaints-by-street")->data, 0), ==, "甲街道");

  grid = cg_dashboard_result_find_chart (r, "complaints-street-hour");
  g_assert_cmpint (grid->kind, ==, CG_CHART_KIND_HEAT_GRID);
  g_assert_cmpuint (cg_chart_data_get_n_series (grid->data), ==, 2);
  g_assert_cmpuint (cg_chart_data_get_n_categories (grid->data), ==, 24);
  g_assert_cmpstr (cg_dashboard_chart_get_series_key (grid, 0), ==, FIX_A);
  g_assert_cmpfloat (cg_chart_data_get_value (grid->data, 0, 9), ==, 2);
  g_assert_cmpfloat (cg_chart_data_get_value (grid->data, 1, 21), ==, 1);
  cell = items (store, q, "complaints-street-hour", FIX_A, "9");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cell), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_row_collection (cell, 0), ==, "complaints");
  for (guint i = 0; i < cg_dashboard_result_get_n_charts (r); i++)
    {
      const CgDashboardChart *c = cg_dashboard_result_get_chart (r, i);

      if (c->drillable)
        assert_drill_matches (store, q, r, c->id);
    }

  /* repeat matters: mt-2 (repeat 4, two complaints in range), mt-3 (repeat 3) */
  repeat = cg_dashboard_result_find_table (r, "repeat-complaints");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (repeat), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_cell (repeat, 0, 0), ==, "mt-2");
  g_assert_cmpstr (cg_dashboard_table_get_cell (repeat, 0, 1), ==, "2");
  g_assert_cmpstr (cg_dashboard_table_get_cell (repeat, 0, 2), ==, "4");
  g_assert_cmpstr (cg_dashboard_table_get_row_id (repeat, 0), ==, "q-3");
  g_assert_false (cg_dashboard_table_get_row_location (repeat, 1, NULL, NULL));  /* q-4 */
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (cg_dashboard_result_find_table (r, "hotspots")), ==, 3);
  g_assert_cmpstr (cg_dashboard_table_get_cell (cg_dashboard_result_find_table (r, "hotspots"), 0, 2), ==, "2");

  /* street B; and the comparison (10-25 .. 10-31: q-5) */
  cg_dashboard_query_set_street (q, FIX_B);
  rb = load (store, q);
  g_assert_cmpfloat (fig (rb, "complaints"), ==, 2);
  g_assert_cmpfloat (fig (rb, "repeat-matters"), ==, 2);
  cg_dashboard_query_set_street (q, NULL);
  q->comparison = CG_DASHBOARD_COMPARE_PREVIOUS;
  rp = load (store, q);
  g_assert_cmpfloat (cg_dashboard_result_find_figure (rp, "complaints")->compare, ==, 1);
  g_assert_cmpfloat (value (rp, "complaints-by-day", 1, "2026-11-06"), ==, 1);   /* 10-30 */
  g_assert_cmpstr (cg_dashboard_result_find_figure (rp, "complaints")->delta_text, ==, "+300.0%");

  /* heat: q-1 and q-2 share a cell, q-3 alone, q-4 has no location */
  q->comparison = CG_DASHBOARD_COMPARE_NONE;
  heat = cg_store_load_complaint_heat (store, q, 0.002, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heat->len, ==, 2);
  g_assert_cmpfloat (g_array_index (heat, CgHeatPoint, 0).weight, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (heat, CgHeatPoint, 0).lon, 121.401, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (heat, CgHeatPoint, 0).lat, 31.201, 1e-9);
  g_assert_cmpfloat (g_array_index (heat, CgHeatPoint, 1).weight, ==, 1);
}

static void
test_inspections (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_INSPECTIONS);
  g_autoptr(CgDashboardResult) r = NULL;
  g_autoptr(CgDashboardResult) ra = NULL;
  g_autoptr(CgDashboardTable) high = NULL;
  g_autoptr(CgDraw) draw = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);
  g_autoptr(GPtrArray) inspectors = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);
  g_autoptr(GError) error = NULL;
  CgDashboardTable *draws, *overdue;
  const CgDashboardChart *by_street;
  double total = 0;

  /* a saved draw of 11-05 (m-1 then inspected on 11-06: violation) and one outside */
  g_ptr_array_add (targets, cg_draw_item_new ("m-1", "merchant", "高风险商户", FIX_A, NULL));
  g_ptr_array_add (inspectors, cg_draw_item_new ("o-1", "officer", "王队员", FIX_A, NULL));
  draw = cg_draw_spot_check (targets, inspectors, 1, 1, 42, &error);
  g_assert_no_error (error);
  draw->created_at = fix_at ("2026-11-05T09:00:00+08:00");
  g_assert_true (cg_draw_save (draw, draws_dir, NULL, &error));
  draw->created_at = fix_at ("2026-10-05T09:00:00+08:00");
  draw->seed = 43;
  g_assert_true (cg_draw_save (draw, draws_dir, NULL, &error));
  g_assert_no_error (error);

  r = load (store, q);
  /* graded: m-1 (high), m-2 (low), m-3 (medium); inspected in the week: m-1, m-3 */
  g_assert_cmpfloat (fig (r, "graded-targets"), ==, 3);
  g_assert_cmpfloat_with_epsilon (fig (r, "inspection-coverage"), 2 / 3.0, 1e-9);
  g_assert_cmpfloat (fig (r, "inspections"), ==, 3);
  g_assert_cmpfloat_with_epsilon (value (r, "coverage-by-grade", 0, "3"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (value (r, "coverage-by-grade", 0, "2"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (value (r, "coverage-by-grade", 0, "1"), 0.0, 1e-9);
  g_assert_cmpfloat (value (r, "inspections-by-day", 0, "2026-11-02"), ==, 1);
  g_assert_cmpfloat (value (r, "inspections-by-day", 0, "2026-11-04"), ==, 0);
  g_assert_cmpfloat (value (r, "inspections-by-result", 0, "violation"), ==, 1);
  g_assert_cmpfloat (value (r, "inspections-by-result", 0, "rectify"), ==, 1);

  /* the overdue list, the chart by street and the figure agree */
  overdue = cg_dashboard_result_find_table (r, "overdue");
  by_street = cg_dashboard_result_find_chart (r, "overdue-by-street");
  for (guint i = 0; i < cg_chart_data_get_n_categories (by_street->data); i++)
    total += cg_chart_data_get_value (by_street->data, 0, i);
  g_assert_cmpfloat (total, ==, fig (r, "targets-overdue"));
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (overdue), ==, (guint) total);
  assert_drill_matches (store, q, r, "overdue-by-street");
  assert_drill_matches (store, q, r, "inspections-by-day");
  assert_drill_matches (store, q, r, "inspections-by-result");
  high = items (store, q, "coverage-by-grade", NULL, "3");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (high), ==, 1);
  g_assert_cmpstr (cg_dashboard_table_get_row_id (high, 0), ==, "m-1");
  /* street and squad by their names (the squad's from the officers' roster) */
  g_assert_cmpstr (cg_dashboard_table_get_cell (high, 0, 0), ==, "甲街道");
  g_assert_cmpstr (cg_dashboard_table_get_cell (high, 0, 1), ==, "甲街道中队");
  g_assert_cmpstr (cg_dashboard_table_get_row_collection (high, 0), ==, "merchants");
  g_assert_true (cg_dashboard_table_get_row_location (high, 0, NULL, NULL));

  /* draws of the range and what they found */
  draws = cg_dashboard_result_find_table (r, "draws");
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (draws), ==, 1);
  g_assert_cmpstr (cg_dashboard_table_get_cell (draws, 0, 2), ==, "42");
  g_assert_cmpstr (cg_dashboard_table_get_cell (draws, 0, 6), ==, "1");   /* inspected */
  g_assert_cmpstr (cg_dashboard_table_get_cell (draws, 0, 9), ==, "1");   /* violation */

  /* street A: m-1 and m-2, m-1 inspected */
  cg_dashboard_query_set_street (q, FIX_A);
  ra = load (store, q);
  g_assert_cmpfloat (fig (ra, "graded-targets"), ==, 2);
  g_assert_cmpfloat_with_epsilon (fig (ra, "inspection-coverage"), 0.5, 1e-9);
  g_assert_cmpfloat (fig (ra, "inspections"), ==, 2);
}

static void
test_empty (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(CgDashboardQuery) q =
    cg_dashboard_query_new (CG_DASHBOARD_CASES, D ("2020-01-01"), D ("2020-01-07"));
  g_autoptr(GError) error = NULL;

  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    {
      g_autoptr(CgDashboardResult) r = NULL;

      q->kind = (CgDashboardKind) k;
      r = load (store, q);
      g_assert_nonnull (cg_dashboard_result_get_message (r));
      g_assert_cmpuint (cg_dashboard_result_get_n_charts (r), >, 0);
      for (guint i = 0; i < cg_dashboard_result_get_n_charts (r); i++)
        {
          const CgDashboardChart *c = cg_dashboard_result_get_chart (r, i);

          if (k == CG_DASHBOARD_INSPECTIONS && strcmp (c->id, "coverage-by-grade") == 0)
            continue;   /* the targets exist; none inspected: a real 0% */
          if (k == CG_DASHBOARD_INSPECTIONS && strcmp (c->id, "overdue-by-street") == 0)
            continue;
          g_assert_true (cg_chart_data_is_empty (c->data));
          g_assert_nonnull (cg_chart_data_get_empty_message (c->data));
        }
    }
  {
    g_autoptr(CgDashboardResult) r = NULL;

    q->kind = CG_DASHBOARD_CASES;
    r = load (store, q);
    g_assert_cmpstr (cg_dashboard_result_get_message (r), ==, "No cases in this range.");
    g_assert_true (isnan (fig (r, "cases-closure-rate")));
    g_assert_cmpstr (cg_dashboard_result_find_figure (r, "cases-closure-rate")->text, ==, "—");
  }

  /* a street without merchants */
  {
    g_autoptr(CgDashboardResult) r = NULL;

    q->kind = CG_DASHBOARD_INSPECTIONS;
    cg_dashboard_query_set_street (q, "310107099");
    r = load (store, q);
    g_assert_cmpstr (cg_dashboard_result_get_message (r), ==,
                     "Street 310107099 has no graded merchants or sites.");
    g_assert_true (cg_chart_data_is_empty (cg_dashboard_result_find_chart (r, "coverage-by-grade")->data));
  }

  /* a range that ends before it starts */
  {
    g_autoptr(CgDashboardQuery) bad =
      cg_dashboard_query_new (CG_DASHBOARD_CASES, D ("2026-11-07"), D ("2026-11-01"));
    g_autoptr(CgDashboardResult) r = cg_store_load_dashboard (store, bad, &error);

    g_assert_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE);
    g_assert_null (r);
  }
}

typedef struct
{
  GMainLoop         *loop;
  CgDashboardResult *result;
  CgDashboardTable  *table;
  GError            *error;
} AsyncData;

static void
loaded (GObject      *source,
        GAsyncResult *res,
        gpointer      data)
{
  AsyncData *d = data;

  d->result = cg_dashboard_load_finish (res, &d->error);
  g_main_loop_quit (d->loop);
}

static void
items_loaded (GObject      *source,
              GAsyncResult *res,
              gpointer      data)
{
  AsyncData *d = data;

  d->table = cg_dashboard_load_items_finish (res, &d->error);
  g_main_loop_quit (d->loop);
}

static void
test_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_COMPLAINTS);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  AsyncData d = { loop, NULL, NULL, NULL };

  cg_dashboard_load_async (db_path, q, NULL, loaded, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpfloat (fig (d.result, "complaints"), ==, 4);
  g_clear_pointer (&d.result, cg_dashboard_result_unref);

  cg_dashboard_load_items_async (db_path, q, "complaints-by-hour", NULL, "9", 2, NULL,
                                 items_loaded, &d);
  g_main_loop_run (loop);
  g_assert_no_error (d.error);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (d.table), ==, 2);     /* the limit */
  g_assert_cmpuint (cg_dashboard_table_get_total_rows (d.table), ==, 3);
  g_clear_pointer (&d.table, cg_dashboard_table_unref);

  g_cancellable_cancel (cancel);
  cg_dashboard_load_async (db_path, q, cancel, loaded, &d);
  g_main_loop_run (loop);
  g_assert_error (d.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (d.result);
  g_clear_error (&d.error);
}

static void
test_streets (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDashboardTable) t = cg_store_load_dashboard_streets (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 0), ==, FIX_A);
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 2), ==, "sq-" FIX_A);
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 3), ==, "甲街道中队");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 1), ==, "甲街道");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 1, 1), ==, "乙街道");
}

/* A street without sites or points is named after its merchants, not its squad */
static void
test_street_names_without_sites (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-sites.db", NULL);
  g_autoptr(CgStore) store = NULL;
  g_autoptr(CgDashboardTable) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (db_path, &contents, &len, &error));
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  store = cg_store_open (path, &error);
  g_assert_no_error (error);
  fix_exec (_cg_store_get_db (store), "DELETE FROM sites; DELETE FROM enforcement_points;");

  t = cg_store_load_dashboard_streets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cg_dashboard_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 0, 1), ==, "甲街道");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 1, 1), ==, "乙街道");
  g_assert_cmpstr (cg_dashboard_table_get_cell (t, 1, 3), ==, "乙街道中队");

  /* and the dashboards that show a street say so too */
  {
    g_autoptr(CgDashboardQuery) q = week_query (CG_DASHBOARD_COMPLAINTS);
    g_autoptr(CgDashboardResult) r = load (store, q);

    g_assert_cmpstr (cg_chart_data_get_category_label (cg_dashboard_result_find_chart (r, "complaints-by-street")->data, 0), ==, "甲街道");
  }
  g_clear_pointer (&t, cg_dashboard_table_unref);
  g_clear_object (&store);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = fix_make_tmpdir ("cg-dashboard-XXXXXX");
  db_path = g_build_filename (tmpdir, "cache.db", NULL);
  draws_dir = g_build_filename (tmpdir, "draws", NULL);
  fix_build (db_path);

  g_test_add_func ("/dashboard/cases", test_cases);
  g_test_add_func ("/dashboard/street-names-without-sites", test_street_names_without_sites);
  g_test_add_func ("/dashboard/cases-compare-street", test_cases_compare_and_street);
  g_test_add_func ("/dashboard/complaints", test_complaints);
  g_test_add_func ("/dashboard/inspections", test_inspections);
  g_test_add_func ("/dashboard/empty", test_empty);
  g_test_add_func ("/dashboard/async", test_async);
  g_test_add_func ("/dashboard/streets", test_streets);
  ret = g_test_run ();

  fix_remove_tmpdir ();
  return ret;
}
