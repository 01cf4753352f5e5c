/* test-store-dashcache.c: the rows the dashboards keep in memory between refreshes
 * (cg-store-register-cache, cg-store-rows-cache) stay exact as the cache changes
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cg-store-dashboard.h"
#include "cg-store-register-cache.h"
#include "cg-store-rows-cache.h"
#include "cg-store-rules.h"
#include "dashboard-fixture.h"

static const char *tmpdir;
static char *db_path;

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

static double
week_figure (CgStore         *store,
             CgDashboardKind  kind,
             const char      *id)
{
  g_autoptr(CgDashboardQuery) q = cg_dashboard_query_new (kind, D ("2026-11-01"),
                                                          D ("2026-11-07"));
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDashboardResult) r = NULL;
  const CgDashboardFigure *f;
  g_autofree char *draws = g_build_filename (tmpdir, "draws", NULL);

  cg_dashboard_query_set_draws_dir (q, draws);
  r = cg_store_load_dashboard (store, q, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  f = cg_dashboard_result_find_figure (r, id);
  g_assert_nonnull (f);
  return f->value;
}

static gint64
sql_count (CgStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_cg_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
exec (CgStore    *store,
      const char *sql)
{
  sqlite3 *db = _cg_store_get_db (store);

  sqlite3_create_function (db, "t", 1, SQLITE_UTF8, NULL, fix_time_func, NULL, NULL);
  fix_exec (db, sql);
}

/* Refreshes reuse the rows until a write changes them; a write that rolls back does not */
static void
test_cases_follow_writes (void)
{
  g_autoptr(CgStore) store = open_store ();
  guint loads;

  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-filed"), ==, 5);
  loads = _cg_rows_cache_get_n_loads (CG_ROWS_CASES);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1800);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_CASES), ==, loads);   /* reused */

  /* a new case in the week */
  exec (store,
        "INSERT INTO cases (id, type, cause, procedure, stage, filed_at, fine, street_code)"
        " VALUES ('c-9', 'greening', 'street_stall', 'simple', 'closed', t('2026-11-05T10:00'),"
        " 50, '" FIX_A "')");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-filed"), ==, 6);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1850);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_CASES), ==, loads + 1);

  /* an upsert that changes a row: its old contribution goes, the new one counts */
  exec (store, "UPDATE cases SET fine = 80 WHERE id = 'c-9'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1880);
  exec (store, "UPDATE cases SET filed_at = t('2026-12-01T10:00') WHERE id = 'c-9'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-filed"), ==, 5);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1800);

  /* a page that fails: nothing changes, and the rows are not read again */
  loads = _cg_rows_cache_get_n_loads (CG_ROWS_CASES);
  exec (store, "BEGIN; UPDATE cases SET fine = 9999 WHERE id = 'c-1'; DELETE FROM cases WHERE id = 'c-2'; ROLLBACK");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1800);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-filed"), ==, 5);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_CASES), ==, loads);

  /* a tombstone */
  exec (store, "DELETE FROM cases WHERE id IN ('c-2', 'c-9')");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-filed"), ==, 4);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_CASES, "cases-fines"), ==, 1600);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_CASES), ==, loads + 1);
}

static void
test_complaints_follow_writes (void)
{
  g_autoptr(CgStore) store = open_store ();
  guint loads;

  /* q-2, q-3 (mt-2) and q-4 (mt-3) have repeat counts >= 3 */
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "complaints"), ==, 4);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-matters"), ==, 2);
  loads = _cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS);

  exec (store,
        "INSERT INTO complaints (id, service_code, status, requested_at, updated_at, address,"
        " street_code, matter_id, repeat_count, satisfaction) VALUES ('q-6', 'garbage', 'open',"
        " t('2026-11-06T09:00'), t('2026-11-06T09:00'), '丙路6号', '" FIX_B "', 'mt-6', 5, -1)");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "complaints"), ==, 5);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-matters"), ==, 3);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-complaints"), ==, 4);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS), ==, loads + 1);

  exec (store, "UPDATE complaints SET matter_id = 'mt-2' WHERE id = 'q-6'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-matters"), ==, 2);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-complaints"), ==, 4);

  loads = _cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS);
  exec (store, "BEGIN; DELETE FROM complaints; ROLLBACK");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "complaints"), ==, 5);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS), ==, loads);

  exec (store, "DELETE FROM complaints WHERE id = 'q-6'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "complaints"), ==, 4);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_COMPLAINTS, "repeat-matters"), ==, 2);
}

static void
test_inspections_follow_writes (void)
{
  g_autoptr(CgStore) store = open_store ();
  double graded;
  guint loads;

  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "inspections"), ==, 3);
  graded = week_figure (store, CG_DASHBOARD_INSPECTIONS, "graded-targets");
  g_assert_cmpfloat (graded, ==, 3);
  loads = _cg_register_cache_get_n_loads ();
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "inspections"), ==, 3);
  g_assert_cmpuint (_cg_register_cache_get_n_loads (), ==, loads);

  /* an inspection, then a grade: both are seen */
  exec (store,
        "INSERT INTO inspections (id, target_type, target_id, inspected_at, kind, result,"
        " street_code) VALUES ('i-9', 'merchant', 'm-2', t('2026-11-04T10:00'), 'graded', 'pass',"
        " '" FIX_A "')");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "inspections"), ==, 4);
  g_assert_cmpuint (_cg_register_cache_get_n_loads (), ==, loads + 1);
  exec (store, "UPDATE merchants SET risk = 1 WHERE id = 'm-4'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "graded-targets"), ==, 4);

  loads = _cg_register_cache_get_n_loads ();
  exec (store, "BEGIN; DELETE FROM inspections; DELETE FROM merchants; ROLLBACK");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "inspections"), ==, 4);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "graded-targets"), ==, 4);
  g_assert_cmpuint (_cg_register_cache_get_n_loads (), ==, loads);

  exec (store, "DELETE FROM inspections WHERE id = 'i-9'; UPDATE merchants SET risk = 0 WHERE id = 'm-4'");
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "inspections"), ==, 3);
  g_assert_cmpfloat (week_figure (store, CG_DASHBOARD_INSPECTIONS, "graded-targets"), ==, graded);
}

static void
assert_same_register (CgInspectionRegister *a,
                      CgInspectionRegister *b)
{
  g_assert_cmpuint (a->targets->len, ==, b->targets->len);
  g_assert_cmpint (a->history_start, ==, b->history_start);
  for (guint i = 0; i < a->targets->len; i++)
    {
      const CgInspectionTarget *x = &g_array_index (a->targets, CgInspectionTarget, i);
      const CgInspectionTarget *y = &g_array_index (b->targets, CgInspectionTarget, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->street_code, ==, y->street_code);
      g_assert_cmpint (x->is_site, ==, y->is_site);
      g_assert_cmpint (x->risk, ==, y->risk);
      g_assert_cmpuint (x->n_grades, ==, y->n_grades);
      for (guint k = 0; k < x->n_grades; k++)
        {
          const CgGradeChange *gx = &g_array_index (a->grades, CgGradeChange, x->grades_offset + k);
          const CgGradeChange *gy = &g_array_index (b->grades, CgGradeChange, y->grades_offset + k);

          g_assert_cmpint (gx->from, ==, gy->from);
          g_assert_cmpint (gx->risk, ==, gy->risk);
        }
      g_assert_cmpuint (x->n_inspections, ==, y->n_inspections);
      for (guint k = 0; k < x->n_inspections; k++)
        g_assert_cmpint (g_array_index (a->days, CgDay, x->inspections_offset + k), ==,
                         g_array_index (b->days, CgDay, y->inspections_offset + k));
    }
}

/* A view of the register kept in memory is the register the store reads, for the whole
 * cache, a street and no street, on any day (before, between and after inspections) */
static void
test_register_view (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CgRegisterCache) cache = NULL;
  const char *streets[] = { NULL, FIX_A, FIX_B, "\x01" };
  const char *days[] = { "2026-10-01", "2026-10-20", "2026-11-02", "2026-11-05", "2026-11-30" };

  exec (store, "BEGIN");
  cache = _cg_register_cache_get (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cache);
  for (guint s = 0; s < G_N_ELEMENTS (streets); s++)
    for (guint d = 0; d < G_N_ELEMENTS (days); d++)
      {
        g_autoptr(CgInspectionRegister) read = NULL;
        CgInspectionRegister *view = _cg_register_cache_view (cache, streets[s], D (days[d]));

        read = cg_store_load_inspection_register (store, streets[s], D (days[d]), &error);
        g_assert_no_error (error);
        assert_same_register (view, read);
        _cg_register_cache_view_free (view);
      }
  exec (store, "COMMIT");
}

/* ---- incremental updates (migration 7) equal a full read --------------------------- */

static void
assert_same_value (double a,
                   double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat_with_epsilon (a, b, 1e-9 * MAX (1.0, fabs (a)));
}

static void
assert_same_result (CgDashboardResult *a,
                    CgDashboardResult *b)
{
  g_assert_cmpuint (cg_dashboard_result_get_n_figures (a), ==,
                    cg_dashboard_result_get_n_figures (b));
  for (guint i = 0; i < cg_dashboard_result_get_n_figures (a); i++)
    {
      const CgDashboardFigure *x = cg_dashboard_result_get_figure (a, i);
      const CgDashboardFigure *y = cg_dashboard_result_get_figure (b, i);

      g_assert_cmpstr (x->id, ==, y->id);
      assert_same_value (x->value, y->value);
      assert_same_value (x->compare, y->compare);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpstr (x->delta_text, ==, y->delta_text);
      g_assert_cmpint (x->flagged, ==, y->flagged);
    }
  g_assert_cmpuint (cg_dashboard_result_get_n_charts (a), ==, cg_dashboard_result_get_n_charts (b));
  for (guint i = 0; i < cg_dashboard_result_get_n_charts (a); i++)
    {
      const CgDashboardChart *x = cg_dashboard_result_get_chart (a, i);
      const CgDashboardChart *y = cg_dashboard_result_get_chart (b, i);
      guint n_cat = cg_chart_data_get_n_categories (x->data);
      guint n_ser = cg_chart_data_get_n_series (x->data);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpuint (n_cat, ==, cg_chart_data_get_n_categories (y->data));
      g_assert_cmpuint (n_ser, ==, cg_chart_data_get_n_series (y->data));
      g_assert_cmpstr (cg_chart_data_get_empty_message (x->data), ==,
                       cg_chart_data_get_empty_message (y->data));
      for (guint s = 0; s < n_ser; s++)
        g_assert_cmpstr (cg_dashboard_chart_get_series_key (x, s), ==,
                         cg_dashboard_chart_get_series_key (y, s));
      for (guint c = 0; c < n_cat; c++)
        {
          g_assert_cmpstr (cg_chart_data_get_category_key (x->data, c), ==,
                           cg_chart_data_get_category_key (y->data, c));
          g_assert_cmpstr (cg_chart_data_get_category_label (x->data, c), ==,
                           cg_chart_data_get_category_label (y->data, c));
          for (guint s = 0; s < n_ser; s++)
            assert_same_value (cg_chart_data_get_value (x->data, s, c),
                               cg_chart_data_get_value (y->data, s, c));
        }
    }
  g_assert_cmpuint (cg_dashboard_result_get_n_tables (a), ==, cg_dashboard_result_get_n_tables (b));
  for (guint i = 0; i < cg_dashboard_result_get_n_tables (a); i++)
    {
      CgDashboardTable *x = cg_dashboard_result_get_table (a, i);
      CgDashboardTable *y = cg_dashboard_result_get_table (b, i);

      g_assert_cmpstr (cg_dashboard_table_get_id (x), ==, cg_dashboard_table_get_id (y));
      g_assert_cmpuint (cg_dashboard_table_get_total_rows (x), ==,
                        cg_dashboard_table_get_total_rows (y));
      g_assert_cmpuint (cg_dashboard_table_get_n_rows (x), ==, cg_dashboard_table_get_n_rows (y));
      for (guint r = 0; r < cg_dashboard_table_get_n_rows (x); r++)
        {
          g_assert_cmpstr (cg_dashboard_table_get_row_id (x, r), ==,
                           cg_dashboard_table_get_row_id (y, r));
          for (guint c = 0; c < cg_dashboard_table_get_n_columns (x); c++)
            g_assert_cmpstr (cg_dashboard_table_get_cell (x, r, c), ==,
                             cg_dashboard_table_get_cell (y, r, c));
        }
    }
}

static CgDashboardResult *
load (CgStore         *store,
      CgDashboardKind  kind,
      const char      *street)
{
  g_autoptr(CgDashboardQuery) q = cg_dashboard_query_new (kind, D ("2026-11-01"),
                                                          D ("2026-11-07"));
  g_autoptr(GError) error = NULL;
  g_autofree char *draws = g_build_filename (tmpdir, "draws", NULL);
  CgDashboardResult *r;

  cg_dashboard_query_set_draws_dir (q, draws);
  if (street != NULL)
    cg_dashboard_query_set_street (q, street);
  r = cg_store_load_dashboard (store, q, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* The cases and complaints dashboards (whole district and each street) from the rows kept
 * in memory, updated with the changes, equal those read from a new copy of every row.
 * Returns how many full reads the kept rows needed */
static guint
n_full_loads (void)
{
  return _cg_rows_cache_get_n_full_loads (CG_ROWS_CASES) +
         _cg_rows_cache_get_n_full_loads (CG_ROWS_COMPLAINTS) +
         _cg_register_cache_get_n_full_loads ();
}

static guint
check_against_fresh (CgStore *store)
{
  const CgDashboardKind kinds[] = {
    CG_DASHBOARD_CASES, CG_DASHBOARD_COMPLAINTS, CG_DASHBOARD_INSPECTIONS
  };
  const char *streets[] = { NULL, FIX_A, FIX_B };
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_dashboard_result_unref);
  guint full = n_full_loads ();

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint s = 0; s < G_N_ELEMENTS (streets); s++)
      g_ptr_array_add (kept, load (store, kinds[k], streets[s]));
  full = n_full_loads () - full;
  _cg_rows_cache_clear ();
  _cg_register_cache_clear ();
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint s = 0; s < G_N_ELEMENTS (streets); s++)
      {
        g_autoptr(CgDashboardResult) fresh = load (store, kinds[k], streets[s]);

        assert_same_result (g_ptr_array_index (kept, k * G_N_ELEMENTS (streets) + s), fresh);
      }
  return full;
}

/* The register kept in memory, updated, is the one the store reads */
static void
check_register (CgStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgRegisterCache) cache = NULL;
  const char *streets[] = { NULL, FIX_A, FIX_B };

  exec (store, "BEGIN");
  cache = _cg_register_cache_get (store, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (streets); s++)
    {
      g_autoptr(CgInspectionRegister) read = NULL;
      CgInspectionRegister *view = _cg_register_cache_view (cache, streets[s], D ("2026-11-30"));

      read = cg_store_load_inspection_register (store, streets[s], D ("2026-11-30"), &error);
      g_assert_no_error (error);
      assert_same_register (view, read);
      _cg_register_cache_view_free (view);
    }
  exec (store, "COMMIT");
}

static void
test_incremental (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  guint loads;

  check_against_fresh (store);
  loads = _cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS);

  /* new rows, in the middle of the complaints' time order and after the last case; new
   * strings (a category, a cause, a street, a matter) */
  exec (store,
        "BEGIN;"
        "INSERT INTO complaints (id, service_code, service_name, status, requested_at,"
        " updated_at, street_code, matter_id, repeat_count, satisfaction, responded_at) VALUES"
        " ('q-20', 'noise', '噪声', 'closed', t('2026-11-02T23:30'), t('2026-11-03T09:00'),"
        "  '" FIX_A "', 'mt-20', 4, 0, t('2026-11-03T01:00')),"
        " ('q-21', 'garbage', NULL, 'open', t('2026-11-03T08:00'), t('2026-11-03T08:00'),"
        "  '310107099', 'mt-20', 3, 2, 0),"
        " ('q-22', NULL, NULL, 'open', t('2026-11-06T08:00'), t('2026-11-06T08:00'),"
        "  NULL, NULL, 1, -1, 0);"
        "INSERT INTO cases (id, type, cause, procedure, stage, filed_at, fine, street_code,"
        " non_site, discovered_at, reviewed_at, executed_at) VALUES"
        " ('c-20', 'commerce', 'new_cause', 'general', 'decision', t('2026-11-03T10:00'),"
        "  300, '" FIX_B "', 1, t('2026-11-02T10:00'), t('2026-11-04T10:00'),"
        "  t('2026-11-06T10:00'));"
        "INSERT INTO inspections (id, target_type, target_id, inspected_at, kind, result,"
        " street_code) VALUES"
        " ('i-20', 'merchant', 'm-2', t('2026-11-04T09:00'), 'graded', 'pass', '" FIX_A "'),"
        " ('i-21', 'merchant', 'm-4', t('2026-11-04T09:00'), 'graded', 'rectify', '" FIX_B "'),"
        " ('i-22', NULL, NULL, t('2026-11-05T09:00'), 'special', NULL, '310107099'),"
        " ('i-23', 'merchant', 'm-3', t('2026-09-01T09:00'), 'graded', 'seized', '" FIX_B "'),"
        " ('i-24', 'merchant', 'm-1', t('2026-11-02T15:00'), 'graded', 'pass', '" FIX_A "');"
        "COMMIT");
  g_assert_cmpuint (check_against_fresh (store), ==, 0);
  check_register (store);
  g_assert_cmpuint (_cg_rows_cache_get_n_loads (CG_ROWS_COMPLAINTS), >, loads);

  /* upserts that move a complaint to another day, street and category; a case to another
   * day (outside the range), cause and street; tombstones of both */
  check_against_fresh (store);
  exec (store,
        "BEGIN;"
        "UPDATE complaints SET requested_at = t('2026-11-05T14:00'), street_code = '" FIX_B "',"
        " service_code = 'noise', matter_id = 'mt-2' WHERE id = 'q-20';"
        "UPDATE complaints SET requested_at = t('2026-10-20T10:00') WHERE id = 'q-21';"
        "UPDATE complaints SET satisfaction = 0, status = 'closed' WHERE id = 'q-22';"
        "UPDATE cases SET filed_at = t('2026-12-02T10:00'), cause = 'other_cause' WHERE id = 'c-20';"
        "UPDATE cases SET street_code = '" FIX_B "', fine = 1234 WHERE id = 'c-1';"
        "DELETE FROM complaints WHERE id IN ('q-2');"
        "DELETE FROM cases WHERE id = 'c-2';"
        "UPDATE inspections SET target_id = 'm-3', inspected_at = t('2026-11-06T11:00'),"
        " result = 'violation', street_code = '" FIX_B "' WHERE id = 'i-20';"
        "UPDATE inspections SET target_id = NULL WHERE id = 'i-24';"
        "UPDATE inspections SET target_id = 'm-1' WHERE id = 'i-22';"
        "DELETE FROM inspections WHERE id = 'i-3';"
        "COMMIT");
  g_assert_cmpuint (check_against_fresh (store), ==, 0);
  check_register (store);

  /* a row written twice and deleted in one page; a page that rolls back */
  check_against_fresh (store);
  exec (store,
        "BEGIN;"
        "UPDATE complaints SET repeat_count = 7 WHERE id = 'q-3';"
        "UPDATE complaints SET requested_at = t('2026-11-01T00:00') WHERE id = 'q-3';"
        "INSERT INTO cases (id, type, filed_at, street_code) VALUES"
        " ('c-30', 'greening', t('2026-11-04T10:00'), '" FIX_A "');"
        "DELETE FROM cases WHERE id = 'c-30';"
        "UPDATE inspections SET inspected_at = t('2026-11-03T08:00') WHERE id = 'i-21';"
        "UPDATE inspections SET inspected_at = t('2026-11-05T08:00') WHERE id = 'i-21';"
        "COMMIT;"
        "BEGIN; DELETE FROM complaints; UPDATE cases SET fine = 1; DELETE FROM inspections;"
        "ROLLBACK");
  g_assert_cmpuint (check_against_fresh (store), ==, 0);
  check_register (store);

  /* the first inspection of the history goes: the register is read again, right; then a
   * merchant's grade changes: its change log (migration 8) is applied */
  check_against_fresh (store);
  exec (store, "DELETE FROM inspections WHERE id = 'i-23'");
  g_assert_cmpuint (check_against_fresh (store), ==, 1);
  exec (store, "UPDATE merchants SET risk = 2 WHERE id = 'm-4'");
  g_assert_cmpuint (check_against_fresh (store), ==, 0);
  check_register (store);

  /* a page through the store that fails after writing: nothing changes */
  check_against_fresh (store);
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_CASES));
    CgCase *cs = cg_case_new ();

    cs->id = g_strdup ("c-40");
    cs->type = g_strdup ("greening");
    cs->filed_at = 1762300000;
    g_ptr_array_add (page, cs);
    cs = cg_case_new ();
    cs->id = g_strdup ("c-41");
    g_ptr_array_add (page, cs);
    _cg_store_set_fail_after (store, 1);
    g_assert_false (cg_store_apply_page (store, CG_COLLECTION_CASES, page, NULL, NULL, 0, &error));
    g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);
    g_clear_error (&error);
  }
  g_assert_cmpuint (check_against_fresh (store), ==, 0);

  /* a log pruned past the rows kept: they are read again, and right */
  check_against_fresh (store);
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_CASES));
    CgCase *cs = cg_case_new ();

    cs->id = g_strdup ("c-50");
    cs->type = g_strdup ("municipal");
    cs->procedure = g_strdup ("simple");
    cs->filed_at = 1762300000;
    cs->fine = 70;
    g_ptr_array_add (page, cs);
    exec (store, "UPDATE complaints SET street_code = '" FIX_A "' WHERE id = 'q-3';"
                 "UPDATE inspections SET result = 'rectify' WHERE id = 'i-1'");
    _cg_store_set_changes_kept (store, 1);   /* the case's change only */
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_CASES, page, NULL, NULL, 0, &error));
    g_assert_no_error (error);
    {
      g_autoptr(GPtrArray) ipage = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_INSPECTIONS));
      CgInspection *in = cg_inspection_new ();

      in->id = g_strdup ("i-50");
      in->target_type = g_strdup ("merchant");
      in->target_id = g_strdup ("m-4");
      in->inspected_at = 1762300000;
      in->result = g_strdup ("pass");
      g_ptr_array_add (ipage, in);
      g_assert_true (cg_store_apply_page (store, CG_COLLECTION_INSPECTIONS, ipage, NULL, NULL,
                                          0, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sql_count (store, "SELECT COUNT (*) FROM inspection_changes"), ==, 1);
    }
    _cg_store_set_changes_kept (store, CG_STORE_CHANGES_KEPT);
    g_assert_cmpint (sql_count (store, "SELECT COUNT (*) FROM data_changes"), ==, 1);
  }
  g_assert_cmpuint (check_against_fresh (store), ==, 2);   /* complaints, register */
  check_register (store);
}

/* The register after the places' changes (migration 8) applied to it, without reading it
 * again (@full: how many full reads are expected), is the one the store reads */
static void
check_register_follows (CgStore *store,
                        guint    full)
{
  guint before = _cg_register_cache_get_n_full_loads ();

  check_register (store);
  g_assert_cmpuint (_cg_register_cache_get_n_full_loads () - before, ==, full);
}

static gint64
register_generation (CgStore *store)
{
  return sql_count (store, "SELECT gen FROM data_generation WHERE name = 'register'");
}

static CgPlace *
new_merchant (const char *id,
              CgRisk      risk)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->lon = 121.45;
  p->lat = 31.25;
  p->risk = risk;
  p->name = g_strdup_printf ("商户 %s", id);
  p->street_code = g_strdup (FIX_A);
  p->updated_at = 1763600000;
  return p;
}

static void
test_incremental_places (void)
{
  g_autoptr(CgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  gint64 gen, logged;

  check_against_fresh (store);
  check_register_follows (store, 0);

  /* what the register does not show is not logged and keeps the generation */
  gen = register_generation (store);
  logged = sql_count (store, "SELECT COUNT (*) FROM place_changes");
  exec (store,
        "UPDATE merchants SET address = '新地址', lon = 121.5, lat = 31.3 WHERE id = 'm-1';"
        "UPDATE merchants SET risk = 0, name = '未分级' WHERE id = 'm-4';"
        "UPDATE merchants SET name = '又改名' WHERE id = 'm-4';"
        "UPDATE sites SET lat = 31.3, street_name = '乙' WHERE id = 's-1'");
  g_assert_cmpint (register_generation (store), ==, gen + 1);   /* m-4 out, once */
  g_assert_cmpint (sql_count (store, "SELECT COUNT (*) FROM place_changes"), ==, logged + 1);
  check_register_follows (store, 0);
  g_assert_cmpuint (check_against_fresh (store), ==, 0);

  /* grade, street and name changes; merchants and a site come in (before the first and
   * after the last target, with inspections, one of them written in the same page) */
  exec (store,
        "BEGIN;"
        "UPDATE merchants SET risk = 1 WHERE id = 'm-1';"
        "UPDATE merchants SET street_code = '" FIX_B "' WHERE id = 'm-2';"
        "UPDATE merchants SET name = '新名字' WHERE id = 'm-3';"
        "INSERT INTO merchants (id, lon, lat, name, street_code, street_name, risk) VALUES"
        " ('m-0', 121.44, 31.24, '新商户', '" FIX_A "', '甲街道', 3),"
        " ('m-9', 121.45, 31.25, NULL, NULL, NULL, 2);"
        "INSERT INTO inspections (id, target_type, target_id, inspected_at, kind, result,"
        " street_code) VALUES"
        " ('i-60', 'merchant', 'm-9', t('2026-11-03T09:00'), 'graded', 'pass', '" FIX_B "'),"
        " ('i-61', 'merchant', 'm-9', t('2026-10-30T09:00'), 'graded', 'rectify', '" FIX_B "'),"
        " ('i-62', 'site', 's-2', t('2026-11-04T09:00'), 'graded', 'pass', '" FIX_B "');"
        "UPDATE sites SET risk = 3 WHERE id = 's-2';"
        "COMMIT");
  check_register_follows (store, 0);
  g_assert_cmpuint (check_against_fresh (store), ==, 0);

  /* tombstones; a target out by its grade; a site in and out in one page; a target
   * changed twice; an inspection of a target that comes in; a page that rolls back */
  exec (store,
        "BEGIN;"
        "DELETE FROM merchants WHERE id = 'm-2';"
        "UPDATE merchants SET risk = 0 WHERE id = 'm-3';"
        "INSERT INTO sites (id, lon, lat, name, street_code, street_name, risk) VALUES"
        " ('s-3', 121.40, 31.20, '丙工地', '" FIX_A "', '甲街道', 1);"
        "DELETE FROM sites WHERE id = 's-3';"
        "UPDATE merchants SET risk = 3, street_code = '" FIX_A "' WHERE id = 'm-9';"
        "UPDATE merchants SET risk = 2, name = '第九' WHERE id = 'm-9';"
        "UPDATE sites SET risk = 2 WHERE id = 's-1';"
        "INSERT INTO inspections (id, target_type, target_id, inspected_at, kind, result,"
        " street_code) VALUES"
        " ('i-63', 'site', 's-1', t('2026-11-05T09:00'), 'graded', 'pass', '" FIX_A "'),"
        " ('i-64', 'merchant', 'm-0', t('2026-11-05T10:00'), 'graded', 'pass', '" FIX_A "');"
        "COMMIT;"
        "BEGIN; DELETE FROM merchants; UPDATE sites SET risk = 1, street_code = NULL; ROLLBACK");
  check_register_follows (store, 0);
  g_assert_cmpuint (check_against_fresh (store), ==, 0);

  /* a merchant and a site with one id: which comes first is the database's choice (two
   * reads may differ: not compared), read again */
  exec (store,
        "INSERT INTO sites (id, lon, lat, name, street_code, street_name, risk) VALUES"
        " ('m-1', 121.40, 31.20, '同号工地', '" FIX_A "', '甲街道', 2)");
  {
    guint before = _cg_register_cache_get_n_full_loads ();
    g_autoptr(CgRegisterCache) cache = NULL;

    exec (store, "BEGIN");
    cache = _cg_register_cache_get (store, &error);
    g_assert_no_error (error);
    g_assert_nonnull (cache);
    exec (store, "COMMIT");
    g_assert_cmpuint (_cg_register_cache_get_n_full_loads () - before, ==, 1);
  }
  exec (store, "DELETE FROM sites WHERE id = 'm-1'");
  check_register_follows (store, 1);

  /* a page of merchants through the store whose log is pruned past the register: read
   * again, right */
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_MERCHANTS));

    g_ptr_array_add (page, new_merchant ("m-70", CG_RISK_HIGH));
    g_ptr_array_add (page, new_merchant ("m-71", CG_RISK_LOW));
    _cg_store_set_changes_kept (store, 1);
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    _cg_store_set_changes_kept (store, CG_STORE_CHANGES_KEPT);
    g_assert_cmpint (sql_count (store, "SELECT COUNT (*) FROM place_changes"), ==, 1);
  }
  check_register_follows (store, 1);

  /* a page through the store that fails after writing: nothing changes, nothing read */
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_MERCHANTS));

    g_ptr_array_add (page, new_merchant ("m-80", CG_RISK_HIGH));
    g_ptr_array_add (page, new_merchant ("m-81", CG_RISK_HIGH));
    _cg_store_set_fail_after (store, 1);
    g_assert_false (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                         &error));
    g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);
    g_clear_error (&error);
  }
  check_register_follows (store, 0);

  /* a page of the store that changes names and grades: applied */
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_MERCHANTS));
    CgPlace *p = new_merchant ("m-70", CG_RISK_LOW);

    g_free (p->name);
    p->name = g_strdup ("改名商户");
    g_ptr_array_add (page, p);
    g_ptr_array_add (page, new_merchant ("m-71", CG_RISK_MEDIUM));
    g_ptr_array_add (page, new_merchant ("m-72", CG_RISK_UNKNOWN));
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
  }
  check_register_follows (store, 0);
  g_assert_cmpuint (check_against_fresh (store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = fix_make_tmpdir ("cg-dashcache-XXXXXX");
  db_path = g_build_filename (tmpdir, "cache.db", NULL);
  fix_build (db_path);

  g_test_add_func ("/dashcache/cases", test_cases_follow_writes);
  g_test_add_func ("/dashcache/complaints", test_complaints_follow_writes);
  g_test_add_func ("/dashcache/inspections", test_inspections_follow_writes);
  g_test_add_func ("/dashcache/register-view", test_register_view);
  g_test_add_func ("/dashcache/incremental", test_incremental);
  g_test_add_func ("/dashcache/incremental-places", test_incremental_places);
  ret = g_test_run ();

  _cg_register_cache_clear ();
  _cg_rows_cache_clear ();
  fix_remove_tmpdir ();
  return ret;
}
