/* dashboard-fixture.h: a small hand-built cache for the dashboard tests (store and cli)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streets A = 310107001 (squad sq-310107001), B = 310107002. The range of the tests is
 * 2026-11-01 .. 2026-11-07 (Shanghai); the expectations are worked out in
 * tests/store/test-store-dashboard.c next to each assertion.
 */

#pragma once

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "cg-store-private.h"

#define FIX_A "310107001"
#define FIX_B "310107002"

static gint64
fix_at (const char *rfc3339)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (rfc3339, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
fix_exec (sqlite3    *db,
          const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
}

/* The test's temporary directory: removed with what it holds when the program ends, also
 * when a failed assertion aborts it or meson's timeout terminates it */
static char *fix_tmpdir;

static int
fix_remove_entry (const char        *path,
                  const struct stat *sb,
                  int                flag,
                  struct FTW        *ftw)
{
  remove (path);
  return 0;
}

static void
fix_remove_tmpdir (void)
{
  if (fix_tmpdir != NULL)
    nftw (fix_tmpdir, fix_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
fix_on_signal (int sig)
{
  fix_remove_tmpdir ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* A new temporary directory from @tmpl (as g_dir_make_tmp()); (transfer none) */
static const char *
fix_make_tmpdir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  static const int sigs[] = { SIGABRT, SIGTERM, SIGINT, SIGSEGV, SIGBUS };

  g_assert_null (fix_tmpdir);
  fix_tmpdir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  atexit (fix_remove_tmpdir);
  for (guint i = 0; i < G_N_ELEMENTS (sigs); i++)
    signal (sigs[i], fix_on_signal);

  return fix_tmpdir;
}

/* t(...) in the SQL below: times written as 'YYYY-MM-DDTHH:MM' in Shanghai time */
static void
fix_time_func (sqlite3_context  *ctx,
               int               argc,
               sqlite3_value   **argv)
{
  g_autofree char *text = g_strconcat ((const char *) sqlite3_value_text (argv[0]), ":00+08:00",
                                       NULL);

  (void) argc;
  sqlite3_result_int64 (ctx, fix_at (text));
}

static void
fix_build (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (path, &error);
  sqlite3 *db;

  g_assert_no_error (error);
  db = _cg_store_get_db (store);
  sqlite3_create_function (db, "t", 1, SQLITE_UTF8, NULL, fix_time_func, NULL, NULL);
  fix_exec (db,
    "BEGIN;"
    "INSERT INTO officers (id, name, squad_id, squad_name, street_code, role) VALUES"
    " ('o-1', '王队员', 'sq-" FIX_A "', '甲街道中队', '" FIX_A "', 'officer'),"
    " ('o-2', '李队员', 'sq-" FIX_B "', '乙街道中队', '" FIX_B "', 'officer');"
    "INSERT INTO merchants (id, lon, lat, name, street_code, street_name, risk) VALUES"
    " ('m-1', 121.40, 31.20, '高风险商户', '" FIX_A "', '甲街道', 3),"
    " ('m-2', 121.41, 31.21, '低风险商户', '" FIX_A "', '甲街道', 1),"
    " ('m-3', 121.42, 31.22, '中风险商户', '" FIX_B "', '乙街道', 2),"
    " ('m-4', 121.43, 31.23, '未分级商户', '" FIX_B "', '乙街道', 0);"
    "INSERT INTO sites (id, lon, lat, name, street_code, street_name, risk) VALUES"
    " ('s-1', 121.40, 31.20, '甲工地', '" FIX_A "', '甲街道', 0),"
    " ('s-2', 121.42, 31.22, '乙工地', '" FIX_B "', '乙街道', 0);"
    "INSERT INTO inspections (id, target_type, target_id, officer_id, inspected_at, kind, result,"
    " street_code) VALUES"
    " ('i-0', 'merchant', 'm-2', 'o-1', t('2026-10-20T10:00'), 'graded', 'pass', '" FIX_A "'),"
    " ('i-1', 'merchant', 'm-1', 'o-1', t('2026-11-02T10:00'), 'graded', 'pass', '" FIX_A "'),"
    " ('i-2', 'merchant', 'm-1', 'o-1', t('2026-11-06T10:00'), 'double_random', 'violation', '" FIX_A "'),"
    " ('i-3', 'merchant', 'm-3', 'o-2', t('2026-11-03T10:00'), 'graded', 'rectify', '" FIX_B "');"
    /* cases: id, type, cause, procedure, stage, filed, due, closed, fine, exempt, non_site,
     * street, published, discovered, reviewed, executed */
    "INSERT INTO cases (id, case_no, type, cause, procedure, stage, filed_at, due_at, closed_at,"
    " fine, exempt, non_site, street_code, lon, lat, published_at, discovered_at, reviewed_at,"
    " executed_at) VALUES"
    " ('c-1', '普陀城管罚字第1号', 'greening', 'street_stall', 'general', 'closed',"
    "  t('2026-11-01T10:00'), t('2026-11-05T10:00'), t('2026-11-03T10:00'), 500, 0, 0, '" FIX_A "',"
    "  121.40, 31.20, 0, 0, 0, 0),"
    " ('c-2', '普陀城管简罚字第2号', 'greening', 'street_stall', 'simple', 'closed',"
    "  t('2026-11-02T10:00'), 0, t('2026-11-02T12:00'), 200, 0, 0, '" FIX_A "',"
    "  121.40, 31.20, 0, 0, 0, 0),"
    " ('c-3', '普陀城管罚字第3号', 'commerce', 'shop_overflow', 'general', 'decision',"
    "  t('2026-11-03T10:00'), t('2026-11-05T00:00'), 0, 0, 1, 0, '" FIX_B "',"
    "  121.42, 31.22, 0, 0, 0, 0),"
    " ('c-4', '普陀城管罚字第4号', 'city_appearance', 'street_stall', 'general', 'execution',"
    "  t('2026-11-06T10:00'), t('2026-11-30T10:00'), 0, 1000, 0, 0, '" FIX_B "',"
    "  121.42, 31.22, t('2026-11-07T10:00'), 0, 0, 0),"
    " ('c-5', '普陀城管简罚字第5号', 'planning', 'parking', 'simple', 'closed',"
    "  t('2026-11-04T08:00'), 0, t('2026-11-06T08:00'), 100, 0, 1, '" FIX_A "',"
    "  121.40, 31.20, 0, t('2026-11-04T08:00'), t('2026-11-05T08:00'), t('2026-11-06T08:00')),"
    " ('c-6', '普陀城管罚字第6号', 'greening', 'street_stall', 'general', 'closed',"
    "  t('2026-10-28T10:00'), t('2026-11-10T10:00'), t('2026-10-29T10:00'), 300, 0, 0, '" FIX_A "',"
    "  121.40, 31.20, t('2026-10-29T09:00'), 0, 0, 0),"
    " ('c-7', '普陀城管罚字第7号', 'water', 'other', 'general', 'filing',"
    "  t('2026-11-08T10:00'), t('2027-02-01T10:00'), 0, 0, 0, 0, '" FIX_A "',"
    "  121.40, 31.20, 0, 0, 0, 0),"
    " ('c-8', '普陀城管罚字第8号', 'water', 'other', 'general', 'closed',"
    "  t('2025-11-03T10:00'), t('2026-01-01T10:00'), t('2025-11-04T10:00'), 0, 0, 0, '" FIX_B "',"
    "  121.42, 31.22, 0, 0, 0, 0);"
    /* complaints: the worked example of docs/indicators.md, plus one before the range */
    "INSERT INTO complaints (id, service_code, service_name, status, requested_at, updated_at,"
    " address, lon, lat, street_code, matter_id, repeat_count, satisfaction, deadline_at,"
    " responded_at) VALUES"
    " ('q-1', 'street_stall', '无序设摊', 'closed', t('2026-11-01T09:30'), t('2026-11-02T09:30'),"
    "  '甲路1号', 121.4011, 31.2011, '" FIX_A "', 'mt-1', 1, 2, t('2026-11-04T09:30'),"
    "  t('2026-11-01T10:30')),"
    " ('q-2', 'street_stall', '无序设摊', 'closed', t('2026-11-01T09:45'), t('2026-11-05T09:45'),"
    "  '甲路2号', 121.4012, 31.2012, '" FIX_A "', 'mt-2', 3, 0, t('2026-11-04T09:45'),"
    "  t('2026-11-01T12:45')),"
    " ('q-3', 'garbage', '垃圾分类', 'closed', t('2026-11-02T21:10'), t('2026-11-03T09:10'),"
    "  '乙路3号', 121.4501, 31.2501, '" FIX_B "', 'mt-2', 4, 1, t('2026-11-05T21:10'), 0),"
    " ('q-4', 'garbage', '垃圾分类', 'open', t('2026-11-03T09:05'), t('2026-11-03T09:05'),"
    "  '乙路4号', NULL, NULL, '" FIX_B "', 'mt-3', 3, -1, t('2026-11-06T09:05'), 0),"
    " ('q-5', 'street_stall', '无序设摊', 'open', t('2026-10-30T09:00'), t('2026-10-30T09:00'),"
    "  '甲路5号', 121.4011, 31.2011, '" FIX_A "', 'mt-5', 1, -1, t('2026-11-02T09:00'), 0);"
    "COMMIT;");
}
