/* bench-dashboards.c: dashboard refresh times over a big cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds (once) a cache of 200,000 merchants over 20 streets graded like Shanghai (89% low,
 * 8% medium, 3% high) with a year of inspections at the required rhythm, 1,000,000 cases and
 * 1,000,000 complaints spread over the year, all deterministic (xoshiro from cg-draw.h),
 * inserted directly through the store's connection. Then for 7 days, 30 days and a year
 * ending on 2026-11-26 it times each dashboard refresh (cg_store_load_dashboard, best of
 * REPEATS) against SELECT count(*) over the same rows in the same run, and the longest gap
 * of a 1 ms main-loop tick while cg_dashboard_load_async() runs on its worker thread, and
 * the first refresh after a sync page of 1,000 records of the dashboard's rows (applied
 * with cg_store_apply_page: the rows kept in memory follow the change log, migration 7).
 * With DASHBOARD = sync-cost: what the change log's triggers add to the sync's writes;
 * sync-cost-places: what the places' change log (migration 8) adds to an initial sync of
 * 200,000 merchants. For inspections, also the first refresh after a sync page of 1,000
 * changed merchants (the register follows the places' change log, migration 8).
 *   bench-dashboards [CACHE_PATH] [REPEATS] [DASHBOARD]
 * (default /tmp/bench-dashboards.db, 3, all three; DASHBOARD: inspections | cases | complaints
 *  | sync-cost | sync-cost-places)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "cg-dashboard.h"
#include "cg-draw.h"
#include "cg-store-dashboard.h"
#include "cg-store-private.h"

#define N_MERCHANTS  200000
#define N_CASES      1000000
#define N_COMPLAINTS 1000000
#define N_STREETS    20
#define DAY          86400

static const char * const types[] = {
  "greening", "city_appearance", "municipal", "environment", "water", "commerce",
  "construction", "property", "planning",
};
static const char * const causes[] = {
  "street_stall", "shop_overflow", "construction_waste", "garbage_sorting", "outdoor_advertising",
  "noise", "parking", "greenery_damage", "illegal_building", "other",
};
static const char * const stages[] = {
  "filing", "investigation", "notice", "decision", "execution", "closed",
};
static const char * const services[] = {
  "street_stall", "shop_overflow", "construction_noise", "garbage", "construction_waste",
  "outdoor_advertising", "illegal_parking_bikes", "other",
};
static const char * const results[] = { "pass", "pass", "pass", "pass", "rectify", "violation" };

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
}

static sqlite3_stmt *
prep (sqlite3    *db,
      const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

static void
street_code (guint  i,
             char   buf[16])
{
  g_snprintf (buf, 16, "310107%03u", i + 1);
}

static void
build (const char *path,
       CgDay       today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (path, &error);
  sqlite3 *db;
  sqlite3_stmt *m, *o, *ins, *c, *q;
  CgRng rng;
  CgDay start = today - 364;
  gint64 t0 = g_get_monotonic_time ();
  guint n_insp = 0;
  char code[16];

  if (store == NULL)
    g_error ("%s", error->message);
  db = _cg_store_get_db (store);
  cg_rng_init (&rng, 20261126);
  exec (db, "PRAGMA synchronous = OFF");
  exec (db, "BEGIN");

  o = prep (db, "INSERT INTO officers (id, name, squad_id, squad_name, street_code, role)"
                " VALUES (?1, ?2, ?3, ?4, ?5, 'officer')");
  for (guint i = 0; i < N_STREETS * 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("o-%04u", i + 1);
      g_autofree char *name = g_strdup_printf ("队员%u", i + 1);
      g_autofree char *squad = NULL;
      g_autofree char *squad_name = g_strdup_printf ("街镇%u中队", i % N_STREETS + 1);

      street_code (i % N_STREETS, code);
      squad = g_strconcat ("sq-", code, NULL);
      sqlite3_bind_text (o, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (o, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (o, 3, squad, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (o, 4, squad_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (o, 5, code, -1, SQLITE_TRANSIENT);
      step (o);
    }
  sqlite3_finalize (o);

  m = prep (db, "INSERT INTO merchants (id, lon, lat, name, street_code, street_name, risk)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins = prep (db, "INSERT INTO inspections (id, target_type, target_id, officer_id, inspected_at,"
                  " kind, result, street_code, updated_at) VALUES (?1, 'merchant', ?2, ?3, ?4,"
                  " ?5, ?6, ?7, ?4)");
  for (guint i = 0; i < N_MERCHANTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%06u", i);
      g_autofree char *name = g_strdup_printf ("商户%u", i);
      g_autofree char *street_name = NULL;
      guint s = (guint) cg_rng_below (&rng, N_STREETS);
      guint r = (guint) cg_rng_below (&rng, 100);
      int risk = r < 89 ? 1 : r < 97 ? 2 : 3;
      double interval = risk == 3 ? 3.5 : risk == 2 ? 13 : 55;
      CgDay end = cg_rng_below (&rng, 100) < 4 ? today - (CgDay) (interval * 1.5) : today;

      street_code (s, code);
      street_name = g_strdup_printf ("街镇%u", s + 1);
      sqlite3_bind_text (m, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (m, 2, 121.35 + cg_rng_below (&rng, 100000) / 1e6);
      sqlite3_bind_double (m, 3, 31.20 + cg_rng_below (&rng, 80000) / 1e6);
      sqlite3_bind_text (m, 4, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (m, 5, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (m, 6, street_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (m, 7, risk);
      step (m);

      for (double d = start + interval * (cg_rng_below (&rng, 100) / 100.0); d <= end;
           d += interval - 0.5 + cg_rng_below (&rng, 100) / 100.0)
        {
          g_autofree char *iid = g_strdup_printf ("i-%08u", n_insp++);
          g_autofree char *officer = g_strdup_printf ("o-%04u", s + 1);

          sqlite3_bind_text (ins, 1, iid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 2, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ins, 3, officer, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (ins, 4, cg_day_to_unix ((CgDay) d) + 9 * 3600 +
                                      (gint64) cg_rng_below (&rng, 8 * 3600));
          sqlite3_bind_text (ins, 5, cg_rng_below (&rng, 20) == 0 ? "double_random" : "graded", -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (ins, 6, results[cg_rng_below (&rng, G_N_ELEMENTS (results))], -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (ins, 7, code, -1, SQLITE_TRANSIENT);
          step (ins);
        }
    }
  sqlite3_finalize (m);
  sqlite3_finalize (ins);
  g_print ("built %u merchants, %u inspections (%.1f s)\n", N_MERCHANTS, n_insp,
           (g_get_monotonic_time () - t0) / 1e6);

  c = prep (db, "INSERT INTO cases (id, case_no, type, cause, procedure, stage, filed_at, due_at,"
                " closed_at, fine, exempt, non_site, street_code, lon, lat, published_at,"
                " discovered_at, reviewed_at, executed_at, updated_at)"
                " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                " ?16, ?17, ?18, ?6)");
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%07u", i);
      gint64 filed = cg_day_to_unix (start) + (gint64) i * (365LL * DAY) / N_CASES;
      gboolean simple = cg_rng_below (&rng, 10) < 4;
      gboolean non_site = cg_rng_below (&rng, 50) == 0;
      gboolean exempt = cg_rng_below (&rng, 100) < 6;
      double duration = simple ? 1 : 10 + cg_rng_below (&rng, 80);
      gint64 now = cg_day_to_unix (today + 1);
      gint64 closed = filed + (gint64) (duration * DAY);
      int stage = closed <= now ? 5 : MIN (4, (int) (5 * (now - filed) / (duration * DAY)));
      gint64 disc = non_site ? filed : 0;

      street_code ((guint) cg_rng_below (&rng, N_STREETS), code);
      sqlite3_bind_text (c, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (c, 2, types[cg_rng_below (&rng, G_N_ELEMENTS (types))], -1, SQLITE_STATIC);
      sqlite3_bind_text (c, 3, causes[cg_rng_below (&rng, G_N_ELEMENTS (causes))], -1, SQLITE_STATIC);
      sqlite3_bind_text (c, 4, simple ? "simple" : "general", -1, SQLITE_STATIC);
      sqlite3_bind_text (c, 5, stages[stage], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (c, 6, filed);
      sqlite3_bind_int64 (c, 7, simple ? 0 : filed + 90 * DAY);
      sqlite3_bind_int64 (c, 8, stage == 5 ? closed : 0);
      sqlite3_bind_double (c, 9, exempt ? 0 : 500 * (1 + cg_rng_below (&rng, 40)));
      sqlite3_bind_int (c, 10, exempt);
      sqlite3_bind_int (c, 11, non_site);
      sqlite3_bind_text (c, 12, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (c, 13, 121.35 + cg_rng_below (&rng, 100000) / 1e6);
      sqlite3_bind_double (c, 14, 31.20 + cg_rng_below (&rng, 80000) / 1e6);
      sqlite3_bind_int64 (c, 15, stage >= 3 ? filed + (gint64) (duration * 0.6 * DAY) : 0);
      sqlite3_bind_int64 (c, 16, disc);
      sqlite3_bind_int64 (c, 17, non_site ? disc + (gint64) cg_rng_below (&rng, 2 * DAY) : 0);
      sqlite3_bind_int64 (c, 18, non_site ? disc + (gint64) cg_rng_below (&rng, 5 * DAY) : 0);
      step (c);
    }
  sqlite3_finalize (c);

  q = prep (db, "INSERT INTO complaints (id, service_code, service_name, status, requested_at,"
                " updated_at, address, lon, lat, street_code, matter_id, repeat_count,"
                " satisfaction, deadline_at, responded_at)"
                " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  for (guint i = 0; i < N_COMPLAINTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("3101070%07u", i);
      g_autofree char *matter = g_strdup_printf ("mt-%07u", (guint) cg_rng_below (&rng, N_COMPLAINTS / 3));
      gint64 req = cg_day_to_unix (start) + (gint64) i * (365LL * DAY) / N_COMPLAINTS;
      gint64 closed = req + (gint64) cg_rng_below (&rng, 4 * DAY);
      gboolean is_closed = closed < cg_day_to_unix (today + 1);

      street_code ((guint) cg_rng_below (&rng, N_STREETS), code);
      sqlite3_bind_text (q, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 2, services[cg_rng_below (&rng, G_N_ELEMENTS (services))], -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 3, is_closed ? "closed" : "open", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (q, 4, req);
      sqlite3_bind_int64 (q, 5, is_closed ? closed : req);
      sqlite3_bind_text (q, 6, "某路1号", -1, SQLITE_STATIC);
      sqlite3_bind_double (q, 7, 121.35 + cg_rng_below (&rng, 100000) / 1e6);
      sqlite3_bind_double (q, 8, 31.20 + cg_rng_below (&rng, 80000) / 1e6);
      sqlite3_bind_text (q, 9, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (q, 10, matter, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (q, 11, 1 + (int) cg_rng_below (&rng, 4));
      sqlite3_bind_int (q, 12, is_closed ? (int) cg_rng_below (&rng, 4) - 1 : -1);
      sqlite3_bind_int64 (q, 13, req + 3 * DAY);
      sqlite3_bind_int64 (q, 14, req + (gint64) cg_rng_below (&rng, DAY));
      step (q);
    }
  sqlite3_finalize (q);
  exec (db, "COMMIT");
  /* as the sync's pages do (cg_store_apply_page): the change log keeps its last rows */
  {
    g_autofree char *prune = g_strdup_printf ("DELETE FROM data_changes WHERE seq <="
                                              " (SELECT MAX (seq) FROM data_changes) - %d",
                                              CG_STORE_CHANGES_KEPT);

    exec (db, prune);
    g_free (prune);
    prune = g_strdup_printf ("DELETE FROM inspection_changes WHERE seq <="
                             " (SELECT MAX (seq) FROM inspection_changes) - %d",
                             CG_STORE_CHANGES_KEPT);
    exec (db, prune);
  }
  exec (db, "ANALYZE");
  g_print ("built the cache in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);
}

static gint64
count_rows (sqlite3    *db,
            const char *sql,
            gint64      from,
            gint64      to)
{
  sqlite3_stmt *stmt = prep (db, sql);
  gint64 n;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s", sqlite3_errmsg (db));
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

#define N_SYNCED 1000

/* A sync page of N_SYNCED records of @kind's collection as an incremental sync brings
 * them: 80% changes to rows of the last 30 days (a case's stage, a complaint closed and
 * rated, for inspections a new one), 20% new ones; applied through cg_store_apply_page.
 * Returns the time it took (ms). */
static double
sync_page (CgStore  *store,
           guint     kind,
           CgDay     today,
           guint     round,
           CgRng    *rng)
{
  static const CgCollection collections[] = {
    CG_COLLECTION_INSPECTIONS, CG_COLLECTION_CASES, CG_COLLECTION_COMPLAINTS
  };
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (collections[kind]));
  g_autoptr(GError) error = NULL;
  gint64 now = cg_day_to_unix (today) + 12 * 3600;
  char code[16];
  gint64 t0;

  for (guint i = 0; i < N_SYNCED; i++)
    {
      gboolean new_one = i % 5 == 0;

      street_code ((guint) cg_rng_below (rng, N_STREETS), code);
      if (kind == 0)
        {
          CgInspection *in = cg_inspection_new ();

          in->id = g_strdup_printf ("i-sync-%u-%u", round, i);
          in->target_type = g_strdup ("merchant");
          in->target_id = g_strdup_printf ("m-%06u", (guint) cg_rng_below (rng, N_MERCHANTS));
          in->officer_id = g_strdup ("o-0001");
          in->inspected_at = now - (gint64) cg_rng_below (rng, 3 * DAY);
          in->kind = g_strdup ("graded");
          in->result = g_strdup (results[cg_rng_below (rng, G_N_ELEMENTS (results))]);
          in->street_code = g_strdup (code);
          g_ptr_array_add (page, in);
        }
      else if (kind == 1)
        {
          CgCase *c = cg_case_new ();
          guint n = new_one ? 0 : N_CASES - 1 - (guint) cg_rng_below (rng, N_CASES * 30 / 365);

          c->id = new_one ? g_strdup_printf ("c-sync-%u-%u", round, i) : g_strdup_printf ("c-%07u", n);
          c->case_no = g_strdup (c->id);
          c->type = g_strdup (types[cg_rng_below (rng, G_N_ELEMENTS (types))]);
          c->cause = g_strdup (causes[cg_rng_below (rng, G_N_ELEMENTS (causes))]);
          c->procedure = g_strdup ("general");
          c->stage = g_strdup (stages[cg_rng_below (rng, 6)]);
          c->filed_at = new_one ? now - (gint64) cg_rng_below (rng, DAY)
                                : cg_day_to_unix (today + 1) - (gint64) (N_CASES - n) * (365LL * DAY) / N_CASES;
          c->due_at = c->filed_at + 90 * DAY;
          c->fine = 500 * (1 + cg_rng_below (rng, 40));
          c->street_code = g_strdup (code);
          c->lon = 121.35 + cg_rng_below (rng, 100000) / 1e6;
          c->lat = 31.20 + cg_rng_below (rng, 80000) / 1e6;
          c->updated_at = now;
          g_ptr_array_add (page, c);
        }
      else
        {
          CgComplaint *q = cg_complaint_new ();
          guint n = new_one ? 0 : N_COMPLAINTS - 1 - (guint) cg_rng_below (rng, N_COMPLAINTS * 30 / 365);

          q->id = new_one ? g_strdup_printf ("3101079%03u%04u", round, i) : g_strdup_printf ("3101070%07u", n);
          q->service_code = g_strdup (services[cg_rng_below (rng, G_N_ELEMENTS (services))]);
          q->service_name = g_strdup (q->service_code);
          q->status = g_strdup (new_one ? "open" : "closed");
          /* a changed complaint keeps its time (the 12345 request's); a new one is today's */
          q->requested_at = new_one ? now - (gint64) cg_rng_below (rng, DAY)
                                    : cg_day_to_unix (today - 364) + (gint64) n * (365LL * DAY) / N_COMPLAINTS;
          q->updated_at = now;
          q->address = g_strdup ("某路1号");
          q->lon = 121.35 + cg_rng_below (rng, 100000) / 1e6;
          q->lat = 31.20 + cg_rng_below (rng, 80000) / 1e6;
          q->street_code = g_strdup (code);
          q->matter_id = g_strdup_printf ("mt-%07u", (guint) cg_rng_below (rng, N_COMPLAINTS / 3));
          q->repeat_count = 1 + (int) cg_rng_below (rng, 4);
          q->satisfaction = new_one ? -1 : (int) cg_rng_below (rng, 3);
          q->deadline_at = q->requested_at + 3 * DAY;
          q->responded_at = q->requested_at + 3600;
          g_ptr_array_add (page, q);
        }
    }
  t0 = g_get_monotonic_time ();
  if (!cg_store_apply_page (store, collections[kind], page, NULL, NULL, 0, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1e3;
}

/* A sync page of N_SYNCED merchants as the simulator's changes bring them: 60% a new grade,
 * 25% a new name, 15% new merchants (the other columns as they are); applied through
 * cg_store_apply_page (the register follows the places' change log, migration 8).
 * Returns the time it took (ms). */
static double
sync_merchants (CgStore *store,
                guint    round,
                CgRng   *rng)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_MERCHANTS));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *row = prep (_cg_store_get_db (store),
                            "SELECT lon, lat, name, street_code, street_name, risk"
                            " FROM merchants WHERE id = ?1");
  gint64 t0;

  /* build() writes the merchants without their search index; a sync keeps it, and needs
   * it right: indexed once, outside the timing */
  exec (_cg_store_get_db (store), "CREATE TABLE IF NOT EXISTS bench_merchants_indexed (x)");
  if (count_rows (_cg_store_get_db (store), "SELECT count(*) FROM bench_merchants_indexed"
                  " WHERE ?1 = ?2", 0, 0) == 0)
    exec (_cg_store_get_db (store),
          "BEGIN; INSERT INTO place_search (rowid, name, address, licence)"
          " SELECT pk * 4 + 0, cg_search_grams (name, 0), cg_search_grams (address, 1),"
          " cg_search_grams (licence_no, 2) FROM merchants;"
          " INSERT INTO bench_merchants_indexed VALUES (1); COMMIT");

  for (guint i = 0; i < N_SYNCED; i++)
    {
      CgPlace *p = cg_place_new ();
      guint r = (guint) cg_rng_below (rng, 100);
      char code[16];

      p->category = NULL;
      p->updated_at = 1764000000 + round;
      if (r >= 85)
        {
          street_code ((guint) cg_rng_below (rng, N_STREETS), code);
          p->id = g_strdup_printf ("m-sync-%u-%u", round, i);
          p->name = g_strdup_printf ("新商户%u", i);
          p->street_code = g_strdup (code);
          p->lon = 121.35 + cg_rng_below (rng, 100000) / 1e6;
          p->lat = 31.20 + cg_rng_below (rng, 80000) / 1e6;
          p->risk = CG_RISK_LOW;
        }
      else
        {
          p->id = g_strdup_printf ("m-%06u", (guint) cg_rng_below (rng, N_MERCHANTS));
          sqlite3_bind_text (row, 1, p->id, -1, SQLITE_STATIC);
          if (sqlite3_step (row) != SQLITE_ROW)
            g_error ("no merchant %s", p->id);
          p->lon = sqlite3_column_double (row, 0);
          p->lat = sqlite3_column_double (row, 1);
          p->name = g_strdup ((const char *) sqlite3_column_text (row, 2));
          p->street_code = g_strdup ((const char *) sqlite3_column_text (row, 3));
          p->street_name = g_strdup ((const char *) sqlite3_column_text (row, 4));
          p->risk = (CgRisk) sqlite3_column_int (row, 5);
          sqlite3_reset (row);
          if (r < 60)
            p->risk = p->risk % 3 + 1;   /* another grade */
          else
            {
              g_free (p->name);
              p->name = g_strdup_printf ("改名商户%u-%u", round, i);
            }
        }
      g_ptr_array_add (page, p);
    }
  sqlite3_finalize (row);
  t0 = g_get_monotonic_time ();
  if (!cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - t0) / 1e3;
}

/* What the places' change log (migration 8) costs the initial sync's writes: 200,000 new
 * merchants in pages of 2,000 (as bench/sync) through cg_store_apply_page, into a new cache
 * with migration 8's triggers and one with migration 7's instead (migration 6's generation
 * triggers, no log), alternated, best of 3 */
static void
sync_cost_places (const char *dir)
{
  double best[2] = { G_MAXDOUBLE, G_MAXDOUBLE };

  for (guint round = 0; round < 3; round++)
    for (guint with_log = 0; with_log < 2; with_log++)
      {
        g_autofree char *path = g_strdup_printf ("%s/places-%u-%u.db", dir, with_log, round);
        g_autoptr(GError) error = NULL;
        g_autoptr(CgStore) store = cg_store_open (path, &error);
        CgRng rng;
        double total = 0;

        if (store == NULL)
          g_error ("%s", error->message);
        cg_rng_init (&rng, 11);
        if (!with_log)
          exec (_cg_store_get_db (store),
                "DROP TRIGGER merchants_log_i; DROP TRIGGER merchants_log_u;"
                " DROP TRIGGER merchants_log_d;"
                "CREATE TRIGGER merchants_gen_i AFTER INSERT ON merchants BEGIN"
                " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;"
                "CREATE TRIGGER merchants_gen_u AFTER UPDATE ON merchants BEGIN"
                " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;"
                "CREATE TRIGGER merchants_gen_d AFTER DELETE ON merchants BEGIN"
                " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;");
        for (guint pg = 0; pg < 100; pg++)
          {
            g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (cg_collection_get_free_func (CG_COLLECTION_MERCHANTS));
            gint64 t0;

            for (guint i = 0; i < 2000; i++)
              {
                CgPlace *p = cg_place_new ();
                guint r = (guint) cg_rng_below (&rng, 100);
                char code[16];

                street_code ((guint) cg_rng_below (&rng, N_STREETS), code);
                p->id = g_strdup_printf ("m-%06u", pg * 2000 + i);
                p->name = g_strdup_printf ("商户%u", pg * 2000 + i);
                p->address = g_strdup_printf ("某路%u号", i);
                p->street_code = g_strdup (code);
                p->category = g_strdup ("catering");
                p->licence_no = g_strdup_printf ("JY3101070%07u", pg * 2000 + i);
                p->lon = 121.35 + cg_rng_below (&rng, 100000) / 1e6;
                p->lat = 31.20 + cg_rng_below (&rng, 80000) / 1e6;
                p->risk = r < 89 ? CG_RISK_LOW : r < 97 ? CG_RISK_MEDIUM : CG_RISK_HIGH;
                p->updated_at = 1764000000;
                g_ptr_array_add (page, p);
              }
            t0 = g_get_monotonic_time ();
            if (!cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                      &error))
              g_error ("%s", error->message);
            total += (g_get_monotonic_time () - t0) / 1e3;
          }
        best[with_log] = MIN (best[with_log], total);
        g_clear_object (&store);
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
      }
  g_print ("200,000 new merchants in pages of 2,000: %.0f ms with migration 7's triggers,"
           " %.0f ms with migration 8's log (x%.3f)\n", best[0], best[1], best[1] / best[0]);
}

/* What the change logs' triggers (migration 7) cost the sync's writes: 100,000 new
 * inspections, cases, then complaints in pages of 1,000 through cg_store_apply_page, into
 * a new cache with the triggers and one without them (dropped), alternated, best of 3 */
static void
sync_cost (const char *dir,
           CgDay       today)
{
  static const char * const names[] = { "inspections", "cases", "complaints" };
  double best[2][3] = { { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE },
                        { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE } };

  for (guint round = 0; round < 3; round++)
    for (guint with_log = 0; with_log < 2; with_log++)   /* alternated: the same load */
      {
        g_autofree char *path = g_strdup_printf ("%s/cost-%u-%u.db", dir, with_log, round);
        g_autoptr(GError) error = NULL;
        g_autoptr(CgStore) store = cg_store_open (path, &error);
        CgRng rng;

        if (store == NULL)
          g_error ("%s", error->message);
        cg_rng_init (&rng, 7);
        if (!with_log)
          exec (_cg_store_get_db (store),
                "DROP TRIGGER cases_log_i; DROP TRIGGER cases_log_u; DROP TRIGGER cases_log_d;"
                "DROP TRIGGER complaints_log_i; DROP TRIGGER complaints_log_u;"
                "DROP TRIGGER complaints_log_d; DROP TRIGGER inspections_log_i;"
                "DROP TRIGGER inspections_log_u; DROP TRIGGER inspections_log_d");
        for (guint k = 0; k <= 2; k++)
          {
            double total = 0;

            /* inserts mostly (sync_page's ids of changed rows are new here; a few repeat) */
            for (guint p = 0; p < 100; p++)
              total += sync_page (store, k, today, 100 + p, &rng);
            best[with_log][k] = MIN (best[with_log][k], total);
          }
        g_clear_object (&store);
        {
          g_autofree char *wal = g_strconcat (path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (path, "-shm", NULL);

          g_unlink (path);
          g_unlink (wal);
          g_unlink (shm);
        }
      }
  for (guint k = 0; k < 3; k++)
    g_print ("100,000 %s in pages of %u: %.0f ms without the change log, %.0f ms with it (x%.2f)\n",
             names[k], N_SYNCED, best[0][k], best[1][k], best[1][k] / best[0][k]);
}

typedef struct
{
  GMainLoop         *loop;
  gint64             last_tick;
  gint64             max_gap;
  CgDashboardResult *result;
} AsyncRun;

static gboolean
tick (gpointer data)
{
  AsyncRun *run = data;
  gint64 now = g_get_monotonic_time ();

  run->max_gap = MAX (run->max_gap, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
loaded (GObject      *source,
        GAsyncResult *res,
        gpointer      data)
{
  AsyncRun *run = data;
  g_autoptr(GError) error = NULL;

  run->result = cg_dashboard_load_finish (res, &error);
  if (run->result == NULL)
    g_error ("%s", error->message);
  g_main_loop_quit (run->loop);
}

int
main (int   argc,
      char *argv[])
{
  const char *path = argc > 1 ? argv[1] : "/tmp/bench-dashboards.db";
  guint repeats = argc > 2 ? (guint) atoi (argv[2]) : 3;
  const char *only = argc > 3 ? argv[3] : NULL;
  static const guint spans[] = { 7, 30, 365 };
  static const char * const count_sql[] = {
    "SELECT count(*) FROM inspections WHERE inspected_at >= ?1 AND inspected_at < ?2",
    "SELECT count(*) FROM cases WHERE filed_at >= ?1 AND filed_at < ?2",
    "SELECT count(*) FROM complaints WHERE requested_at >= ?1 AND requested_at < ?2",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *draws = g_dir_make_tmp ("bench-dash-XXXXXX", NULL);
  CgDay today;
  CgRng rng;

  cg_rng_init (&rng, 20261130);
  cg_day_parse ("2026-11-26", &today, NULL);
  if (g_strcmp0 (only, "sync-cost-places") == 0)
    {
      sync_cost_places (draws);
      g_rmdir (draws);
      return 0;
    }
  if (g_strcmp0 (only, "sync-cost") == 0)
    {
      sync_cost (draws, today);
      g_rmdir (draws);
      return 0;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    build (path, today);
  store = cg_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  g_print ("| dashboard | days | rows | refresh (best of %u) | SELECT count(*) | first refresh after a write (full read) | sync page of %u (apply) | first refresh after it | max main-loop gap (async) |\n",
           repeats, N_SYNCED);
  g_print ("|---|---|---|---|---|---|---|---|---|\n");
  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
      {
        g_autoptr(CgDashboardQuery) query =
          cg_dashboard_query_new ((CgDashboardKind) k, today - (CgDay) spans[s] + 1, today);
        gint64 from = cg_day_to_unix (query->first), to = cg_day_to_unix (today + 1);
        double best = G_MAXDOUBLE, best_count = G_MAXDOUBLE, cold, apply, after_sync;
        gint64 rows = 0;
        AsyncRun run = { loop, 0, 0, NULL };
        guint source;

        if (only != NULL && g_strcmp0 (only, cg_dashboard_kind_to_id ((CgDashboardKind) k)) != 0)
          continue;
        cg_dashboard_query_set_draws_dir (query, draws);

        /* as after a sync page that wrote the dashboard's rows: they are read again */
        {
          static const char * const generations[] = { "register", "cases", "complaints" };
          g_autofree char *bump = g_strdup_printf ("UPDATE data_generation SET gen = gen + 1"
                                                   " WHERE name = '%s'", generations[k]);
          g_autoptr(CgDashboardResult) result = NULL;
          gint64 t0;

          exec (_cg_store_get_db (store), bump);
          t0 = g_get_monotonic_time ();
          result = cg_store_load_dashboard (store, query, &error);
          if (result == NULL)
            g_error ("%s", error->message);
          cold = (g_get_monotonic_time () - t0) / 1e3;
        }
        for (guint r = 0; r < repeats; r++)
          {
            gint64 t0 = g_get_monotonic_time ();
            g_autoptr(CgDashboardResult) result = cg_store_load_dashboard (store, query, &error);
            gint64 t1 = g_get_monotonic_time ();

            if (result == NULL)
              g_error ("%s", error->message);
            best = MIN (best, (t1 - t0) / 1e3);
            t0 = g_get_monotonic_time ();
            rows = count_rows (_cg_store_get_db (store), count_sql[k], from, to);
            t1 = g_get_monotonic_time ();
            best_count = MIN (best_count, (t1 - t0) / 1e3);
          }

        /* an incremental sync page, then the refresh that follows it */
        {
          g_autoptr(CgDashboardResult) result = NULL;
          gint64 t0;

          apply = sync_page (store, k, today, k * 10 + s, &rng);
          t0 = g_get_monotonic_time ();
          result = cg_store_load_dashboard (store, query, &error);
          if (result == NULL)
            g_error ("%s", error->message);
          after_sync = (g_get_monotonic_time () - t0) / 1e3;
        }

        run.last_tick = g_get_monotonic_time ();
        source = g_timeout_add (1, tick, &run);
        cg_dashboard_load_async (path, query, NULL, loaded, &run);
        g_main_loop_run (loop);
        g_source_remove (source);
        g_clear_pointer (&run.result, cg_dashboard_result_unref);

        g_print ("| %s | %u | %" G_GINT64_FORMAT " | %.1f ms | %.1f ms | %.0f ms | %.0f ms | %.1f ms | %.1f ms |\n",
                 cg_dashboard_kind_to_id ((CgDashboardKind) k), spans[s], rows, best,
                 best_count, cold, apply, after_sync, run.max_gap / 1e3);

        /* the inspections' register after a sync page of merchants (migration 8) */
        if (k == CG_DASHBOARD_INSPECTIONS)
          {
            g_autoptr(CgDashboardResult) result = NULL;
            gint64 t0;

            apply = sync_merchants (store, 100 + s, &rng);
            t0 = g_get_monotonic_time ();
            result = cg_store_load_dashboard (store, query, &error);
            if (result == NULL)
              g_error ("%s", error->message);
            g_print ("| %s, after a sync page of %u merchants | %u | | | | | %.0f ms | %.1f ms | |\n",
                     cg_dashboard_kind_to_id ((CgDashboardKind) k), N_SYNCED, spans[s], apply,
                     (g_get_monotonic_time () - t0) / 1e3);
          }
      }
  g_rmdir (draws);
  return 0;
}
