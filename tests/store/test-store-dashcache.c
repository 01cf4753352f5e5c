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

static char *tmpdir;
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

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("cg-dashcache-XXXXXX", NULL);
  db_path = g_build_filename (tmpdir, "cache.db", NULL);
  fix_build (db_path);

  g_test_add_func ("/dashcache/cases", test_cases_follow_writes);
  g_test_add_func ("/dashcache/complaints", test_complaints_follow_writes);
  g_test_add_func ("/dashcache/inspections", test_inspections_follow_writes);
  g_test_add_func ("/dashcache/register-view", test_register_view);
  ret = g_test_run ();

  _cg_register_cache_clear ();
  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (tmpdir);
  return ret;
}
