/* test-store.c: the SQLite cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cg-store-private.h"
#include "cg-store-rules.h"

/* Places in the search index: the rows its tokens belong to (fts5vocab in temp) */
#define INDEXED_PLACES_SQL \
  "SELECT count (DISTINCT doc) FROM temp.search_vocab"
#define INDEXED_PLACES_VOCAB \
  "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab " \
  "USING fts5vocab (main, place_search, instance)"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cg-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cache.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

#define TEST_F(name, func) \
  g_test_add ((name), Fixture, NULL, fixture_setup, (func), fixture_teardown)

/* ---- helpers ------------------------------------------------------------------ */

static CgPlace *
make_place (const char *id,
            double      lon,
            double      lat,
            CgRisk      risk,
            const char *street_code)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->lon = lon;
  p->lat = lat;
  p->risk = risk;
  p->name = g_strdup_printf ("name of %s", id);
  p->street_code = g_strdup (street_code);
  p->category = g_strdup ("catering");
  p->updated_at = 1763600000;
  return p;
}

static CgPlace *
make_tombstone (const char *id)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->deleted = TRUE;
  return p;
}

static GPtrArray *
new_page (CgCollection collection)
{
  return g_ptr_array_new_with_free_func (cg_collection_get_free_func (collection));
}

static void
apply (CgStore      *store,
       CgCollection  collection,
       GPtrArray    *records,
       const char   *cursor)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = cg_store_apply_page (store, collection, records, cursor, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static gint64
count (CgStore      *store,
       CgCollection  collection)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (cg_store_count (store, collection, &n, &error));
  g_assert_no_error (error);
  return n;
}

static gint64
sql_int (CgStore    *store,
         const char *sql)
{
  sqlite3 *db = _cg_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
sync_cursor (CgStore      *store,
             CgCollection  collection)
{
  CgSyncState state;
  char *cursor;

  g_assert_true (cg_store_get_sync_state (store, collection, &state, NULL));
  cursor = g_steal_pointer (&state.cursor);
  cg_sync_state_clear (&state);
  return cursor;
}

static void
fill_places (CgStore *store)
{
  g_autoptr(GPtrArray) m = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GPtrArray) s = new_page (CG_COLLECTION_SITES);
  g_autoptr(GPtrArray) p = new_page (CG_COLLECTION_POINTS);
  CgPlace *site, *point;

  g_ptr_array_add (m, make_place ("m-1", 121.40, 31.25, CG_RISK_LOW, "310107022"));
  g_ptr_array_add (m, make_place ("m-2", 121.41, 31.26, CG_RISK_HIGH, "310107005"));
  apply (store, CG_COLLECTION_MERCHANTS, m, "c-000000000002");

  site = make_place ("s-1", 121.42, 31.24, CG_RISK_MEDIUM, "310107022");
  site->has_camera = TRUE;
  site->stage = g_strdup ("structure");
  site->noise_db = 61.5;
  g_ptr_array_add (s, site);
  apply (store, CG_COLLECTION_SITES, s, "c-000000000003");

  point = make_place ("p-1", 121.43, 31.23, CG_RISK_UNKNOWN, NULL);
  g_free (point->category);
  point->category = g_strdup ("camera");
  point->status = g_strdup ("offline");
  point->scenario = g_strdup ("street_stall");
  g_ptr_array_add (p, point);
  apply (store, CG_COLLECTION_POINTS, p, "c-000000000004");
}

static void
fill_items (CgStore *store)
{
  g_autoptr(GPtrArray) i = new_page (CG_COLLECTION_INSPECTIONS);
  g_autoptr(GPtrArray) c = new_page (CG_COLLECTION_CASES);
  CgInspection *insp = cg_inspection_new ();
  CgCase *cs = cg_case_new ();

  insp->id = g_strdup ("i-1");
  insp->target_type = g_strdup ("merchant");
  insp->target_id = g_strdup ("m-1");
  insp->inspected_at = 1763000000;
  insp->kind = g_strdup ("graded");
  g_ptr_array_add (i, insp);
  apply (store, CG_COLLECTION_INSPECTIONS, i, "c-000000000010");

  cs->id = g_strdup ("c-1");
  cs->case_no = g_strdup ("普陀城管罚字〔2026〕第000001号");
  cs->procedure = g_strdup ("general");
  cs->stage = g_strdup ("filing");
  cs->filed_at = 1762000000;
  cs->fine = 200;
  cs->lon = 121.4;
  cs->lat = 31.2;
  g_ptr_array_add (c, cs);
  apply (store, CG_COLLECTION_CASES, c, "c-000000000011");
}

/* The search index built by v4 covers the rows written before it. */
static void
check_search (CgStore *store)
{
  g_autoptr(GPtrArray) hits = cg_store_search (store, "s-1", 10, NULL, NULL);
  const CgSearchHit *hit;

  g_assert_nonnull (hits);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->collection, ==, CG_COLLECTION_SITES);
  g_assert_cmpstr (hit->id, ==, "s-1");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = cg_store_search (store, "name of", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 4);
  g_assert_cmpint (sqlite3_exec (_cg_store_get_db (store), INDEXED_PLACES_VOCAB, NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (store, INDEXED_PLACES_SQL), ==, 4);
}

static void
check_places (CgStore *store)
{
  g_autoptr(CgPlace) site = NULL;
  g_autoptr(GArray) box = NULL;
  g_autofree char *cursor = NULL;

  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 2);
  g_assert_cmpint (count (store, CG_COLLECTION_SITES), ==, 1);
  g_assert_cmpint (count (store, CG_COLLECTION_POINTS), ==, 1);

  site = cg_store_get_place_by_id (store, CG_COLLECTION_SITES, "s-1", NULL);
  g_assert_nonnull (site);
  g_assert_cmpstr (site->stage, ==, "structure");
  g_assert_true (site->has_camera);
  g_assert_cmpfloat (site->noise_db, ==, 61.5);
  g_assert_true (isnan (site->pm10));

  cursor = sync_cursor (store, CG_COLLECTION_MERCHANTS);
  g_assert_cmpstr (cursor, ==, "c-000000000002");

  check_search (store);

  /* The R*Tree built by v3 covers the rows written before it. */
  box = cg_store_query_bbox (store, 121.0, 31.0, 122.0, 32.0, NULL);
  g_assert_nonnull (box);
  g_assert_cmpuint (box->len, ==, 4);
}

/* ---- tests -------------------------------------------------------------------- */

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(CgStore) memory = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  store = cg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (cg_store_get_path (store), ==, f->path);
  g_assert_cmpint (cg_store_get_schema_version (store), ==, CG_STORE_SCHEMA_VERSION);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (sqlite3_prepare_v2 (_cg_store_get_db (store), "PRAGMA journal_mode", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sql_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (sql_int (store, "PRAGMA synchronous"), ==, 1);   /* NORMAL */
  g_assert_cmpint (sql_int (store, "PRAGMA busy_timeout"), >=, 1000);

  for (CgCollection c = 0; c < CG_N_COLLECTIONS; c++)
    g_assert_cmpint (count (store, c), ==, 0);

  /* Opening again is a no-op migration. */
  g_clear_object (&store);
  store = cg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_store_get_schema_version (store), ==, CG_STORE_SCHEMA_VERSION);

  memory = cg_store_open (":memory:", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_store_get_schema_version (memory), ==, CG_STORE_SCHEMA_VERSION);
}

static void
test_migrate_from (Fixture *f,
                   int      version)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = _cg_store_open_at_version (f->path, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_store_get_schema_version (store), ==, version);
  if (version >= 1)
    fill_places (store);
  if (version >= 2)
    fill_items (store);
  g_clear_object (&store);

  store = cg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_store_get_schema_version (store), ==, CG_STORE_SCHEMA_VERSION);
  g_assert_true (cg_store_check_integrity (store, &error));
  g_assert_no_error (error);

  if (version < 1)
    fill_places (store);
  check_places (store);

  if (version >= 2)
    {
      g_autofree char *cursor = sync_cursor (store, CG_COLLECTION_CASES);

      g_assert_cmpint (count (store, CG_COLLECTION_INSPECTIONS), ==, 1);
      g_assert_cmpint (count (store, CG_COLLECTION_CASES), ==, 1);
      g_assert_cmpstr (cursor, ==, "c-000000000011");
    }
  g_assert_cmpint (count (store, CG_COLLECTION_COMPLAINTS), ==, 0);

  /* v6: the dashboards' generation numbers exist after any upgrade, and writes bump them */
  {
    gint64 reg = sql_int (store, "SELECT gen FROM data_generation WHERE name = 'register'");
    gint64 cases = sql_int (store, "SELECT gen FROM data_generation WHERE name = 'cases'");
    gint64 complaints = sql_int (store,
                                 "SELECT gen FROM data_generation WHERE name = 'complaints'");
    g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);

    g_ptr_array_add (page, make_place ("m-migrated", 121.40, 31.25, CG_RISK_LOW, NULL));
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (store, "SELECT gen FROM data_generation WHERE name = 'register'"),
                     >, reg);
    g_assert_cmpint (sql_int (store, "SELECT gen FROM data_generation WHERE name = 'cases'"),
                     ==, cases);
    g_assert_cmpint (sql_int (store,
                              "SELECT gen FROM data_generation WHERE name = 'complaints'"),
                     ==, complaints);
  }

  /* v8: the places' change log exists after any upgrade: the graded merchant written
   * above is in it; a write the register does not see (position, address) logs nothing and
   * keeps the generation; a grade change logs its old and new values */
  {
    gint64 reg = sql_int (store, "SELECT gen FROM data_generation WHERE name = 'register'");
    gint64 before = sql_int (store, "SELECT COUNT (*) FROM place_changes");
    g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
    CgPlace *p = make_place ("m-migrated", 121.41, 31.26, CG_RISK_LOW, NULL);

    g_assert_cmpint (sql_int (store, "SELECT COUNT (*) FROM place_changes"
                                     " WHERE n_id = 'm-migrated' AND n_risk = 1 AND site = 0"
                                     " AND has_old = 0 AND has_new = 1"), ==, 1);
    g_free (p->address);
    p->address = g_strdup ("新地址");
    g_ptr_array_add (page, p);
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (store, "SELECT COUNT (*) FROM place_changes"), ==, before);
    g_assert_cmpint (sql_int (store, "SELECT gen FROM data_generation WHERE name = 'register'"),
                     ==, reg);

    g_ptr_array_set_size (page, 0);
    g_ptr_array_add (page, make_place ("m-migrated", 121.41, 31.26, CG_RISK_HIGH, NULL));
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (store, "SELECT COUNT (*) FROM place_changes"), ==, before + 1);
    g_assert_cmpint (sql_int (store, "SELECT o_risk * 10 + n_risk FROM place_changes"
                                     " ORDER BY seq DESC LIMIT 1"), ==, 13);
    g_assert_cmpint (sql_int (store, "SELECT gen FROM data_generation WHERE name = 'register'"),
                     ==, reg + 1);
  }

  /* v7: the change log exists after any upgrade; writes to cases and complaints log their
   * pk (the places have their own, v8) */
  {
    gint64 before = sql_int (store, "SELECT COUNT (*) FROM data_changes");
    g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_CASES);
    CgCase *cs = cg_case_new ();

    cs->id = g_strdup ("c-migrated");
    cs->filed_at = 1762000000;
    g_ptr_array_add (page, cs);
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_CASES, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (store, "SELECT COUNT (*) FROM data_changes"), ==, before + 1);
    g_assert_cmpint (sql_int (store, "SELECT collection FROM data_changes"
                                     " ORDER BY seq DESC LIMIT 1"), ==, 1);
    g_assert_cmpint (sql_int (store, "SELECT pk FROM data_changes ORDER BY seq DESC LIMIT 1"),
                     ==, sql_int (store, "SELECT pk FROM cases WHERE id = 'c-migrated'"));
  }
  {
    gint64 before = sql_int (store, "SELECT COUNT (*) FROM inspection_changes");
    g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_INSPECTIONS);
    CgInspection *in = cg_inspection_new ();

    in->id = g_strdup ("i-migrated");
    in->target_id = g_strdup ("m-migrated");
    in->inspected_at = 1763000000;
    g_ptr_array_add (page, in);
    g_assert_true (cg_store_apply_page (store, CG_COLLECTION_INSPECTIONS, page, NULL, NULL, 0,
                                        &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (store, "SELECT COUNT (*) FROM inspection_changes"), ==,
                     before + 1);
    g_assert_cmpint (sql_int (store, "SELECT n_at FROM inspection_changes"
                                     " ORDER BY seq DESC LIMIT 1"), ==, 1763000000);
  }
}

static void
test_migrate_v0 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 0);
}
static void
test_migrate_v1 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 1);
}
static void
test_migrate_v2 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 2);
}
static void
test_migrate_v3 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 3);
}
static void
test_migrate_v4 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 4);
}
static void
test_migrate_v5 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 5);
}
static void
test_migrate_v6 (Fixture       *f,
                 gconstpointer  data)
{
  test_migrate_from (f, 6);
}

/* The generations (migration 6) follow the data: every page that changes rows bumps its
 * collection's, a page that fails and rolls back leaves it as it was. */
static void
test_generation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GError) error = NULL;
  const char *sql = "SELECT gen FROM data_generation WHERE name = 'register'";
  gint64 before, after;

  fill_places (store);
  before = sql_int (store, sql);

  /* fails on its last record: nothing lands, the generation stays */
  g_ptr_array_add (page, make_place ("m-3", 121.40, 31.25, CG_RISK_LOW, NULL));
  g_ptr_array_add (page, make_tombstone ("m-2"));
  g_ptr_array_add (page, make_place ("m-4", NAN, 31.25, CG_RISK_LOW, NULL));
  g_assert_false (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-9", NULL, 0,
                                       &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (store, sql), ==, before);

  /* an upsert of an existing row, then a tombstone: each bumps it */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_place ("m-1", 121.41, 31.26, CG_RISK_HIGH, NULL));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-10", NULL, 0,
                                      &error));
  g_assert_no_error (error);
  after = sql_int (store, sql);
  g_assert_cmpint (after, >, before);
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_tombstone ("m-2"));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-11", NULL, 0,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (store, sql), >, after);
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 1);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = cg_store_open (f->path, &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "99"));
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (8192, 'x');
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "dir.db", NULL);

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  store = cg_store_open (f->path, &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  /* a short text file too (SQLite sees no header at all) */
  g_assert_true (g_file_set_contents (f->path, "hello\n", -1, NULL));
  store = cg_store_open (f->path, &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_clear_error (&error);

  store = cg_store_open (missing, &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_OPEN);
  g_assert_null (store);
}

static void
test_upsert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page1 = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GPtrArray) page2 = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(CgPlace) before = NULL;
  g_autoptr(CgPlace) after = NULL;
  g_autoptr(CgPlace) by_pk = NULL;
  g_autoptr(GArray) box = NULL;
  CgPlace *changed;

  g_ptr_array_add (page1, make_place ("m-1", 121.40, 31.25, CG_RISK_LOW, "310107022"));
  apply (store, CG_COLLECTION_MERCHANTS, page1, "c-1");
  before = cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-1", NULL);
  g_assert_nonnull (before);
  g_assert_cmpint (before->risk, ==, CG_RISK_LOW);

  changed = make_place ("m-1", 121.50, 31.30, CG_RISK_HIGH, "310107005");
  g_free (changed->name);
  changed->name = g_strdup ("兰州拉面馆");
  changed->updated_at = 1763700000;
  g_ptr_array_add (page2, changed);
  apply (store, CG_COLLECTION_MERCHANTS, page2, "c-2");

  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 1);
  after = cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-1", NULL);
  g_assert_cmpint (after->risk, ==, CG_RISK_HIGH);
  g_assert_cmpstr (after->name, ==, "兰州拉面馆");
  g_assert_cmpstr (after->street_code, ==, "310107005");
  g_assert_cmpfloat (after->lon, ==, 121.50);
  g_assert_cmpint (after->updated_at, ==, 1763700000);

  /* Same rowid: the map's CgMapPoint.rowid stays valid across an update. */
  box = cg_store_query_bbox (store, 121.45, 31.28, 121.55, 31.32, NULL);
  g_assert_cmpuint (box->len, ==, 1);
  by_pk = cg_store_get_place (store, CG_COLLECTION_MERCHANTS,
                              g_array_index (box, CgMapPoint, 0).rowid, NULL);
  g_assert_cmpstr (by_pk->id, ==, "m-1");
  g_clear_pointer (&box, g_array_unref);

  /* The R*Tree followed the move. */
  box = cg_store_query_bbox (store, 121.35, 31.20, 121.45, 31.27, NULL);
  g_assert_cmpuint (box->len, ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 1);

  g_assert_null (cg_store_get_place (store, CG_COLLECTION_MERCHANTS, 9999, NULL));
  g_assert_null (cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-9", NULL));
}

static void
test_tombstone (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GArray) box = NULL;

  fill_places (store);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 2);

  g_ptr_array_add (page, make_tombstone ("m-1"));
  g_ptr_array_add (page, make_tombstone ("m-never-seen"));
  apply (store, CG_COLLECTION_MERCHANTS, page, "c-9");

  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 1);
  g_assert_null (cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-1", NULL));
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 1);
  box = cg_store_query_bbox (store, 121.39, 31.24, 121.401, 31.251, NULL);
  g_assert_cmpuint (box->len, ==, 0);
}

static void
test_items (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) complaints = new_page (CG_COLLECTION_COMPLAINTS);
  g_autoptr(GPtrArray) gone = new_page (CG_COLLECTION_CASES);
  CgComplaint *c = cg_complaint_new ();
  CgCase *dead = cg_case_new ();

  fill_items (store);
  fill_items (store);   /* upsert: same ids */
  g_assert_cmpint (count (store, CG_COLLECTION_INSPECTIONS), ==, 1);
  g_assert_cmpint (count (store, CG_COLLECTION_CASES), ==, 1);
  g_assert_cmpint (sql_int (store, "SELECT fine FROM cases WHERE id = 'c-1'"), ==, 200);

  c->id = g_strdup ("3101070000042");
  c->status = g_strdup ("in_progress");
  c->requested_at = 1763800000;
  c->repeat_count = 3;
  c->satisfaction = 0;
  g_ptr_array_add (complaints, c);
  apply (store, CG_COLLECTION_COMPLAINTS, complaints, "2026-11-23T01:00:00Z");
  g_assert_cmpint (count (store, CG_COLLECTION_COMPLAINTS), ==, 1);
  g_assert_cmpint (sql_int (store, "SELECT repeat_count FROM complaints"), ==, 3);
  g_assert_cmpint (sql_int (store, "SELECT lon IS NULL FROM complaints"), ==, 1);

  dead->id = g_strdup ("c-1");
  dead->deleted = TRUE;
  g_ptr_array_add (gone, dead);
  apply (store, CG_COLLECTION_CASES, gone, NULL);
  g_assert_cmpint (count (store, CG_COLLECTION_CASES), ==, 0);
}

static CgOfficer *
make_officer (const char *id,
              const char *name,
              const char *street_code,
              const char *role,
              gint64      device)
{
  CgOfficer *o = cg_officer_new ();

  o->id = g_strdup (id);
  o->name = g_strdup (name);
  if (street_code != NULL)
    {
      o->street_code = g_strdup (street_code);
      o->squad_id = g_strdup_printf ("sq-%s", street_code);
      o->squad_name = g_strdup_printf ("中队 %s", street_code);
    }
  o->role = g_strdup (role);
  o->traccar_device_id = device;
  o->updated_at = 1763600000;
  return o;
}

static void
test_officers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_OFFICERS);
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  CgOfficer *o, *gone;

  g_ptr_array_add (page, make_officer ("o-0003", "张伟", "310107022", "officer", 3));
  g_ptr_array_add (page, make_officer ("o-0001", "王建国", "310107022", "officer", 1));
  g_ptr_array_add (page, make_officer ("o-0002", "李明", "310107005", "squad_leader", 2));
  g_ptr_array_add (page, make_officer ("o-0004", "赵强", "310107022", "squad_leader", -1));
  g_ptr_array_add (page, make_officer ("o-0005", "周杰", NULL, NULL, 5));
  apply (store, CG_COLLECTION_OFFICERS, page, "c-000000000020");
  g_assert_cmpint (count (store, CG_COLLECTION_OFFICERS), ==, 5);
  g_assert_cmpint (sql_int (store, "SELECT traccar_device_id IS NULL FROM officers"
                                   " WHERE id = 'o-0004'"), ==, 1);
  g_assert_cmpint (sql_int (store, "SELECT traccar_device_id FROM officers"
                                   " WHERE id = 'o-0003'"), ==, 3);

  /* by squad, the leader first, then by id; an officer without a squad last */
  officers = cg_store_load_officers (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 5);
  g_assert_cmpstr (((CgOfficer *) officers->pdata[0])->id, ==, "o-0002");
  g_assert_cmpstr (((CgOfficer *) officers->pdata[1])->id, ==, "o-0004");
  g_assert_cmpstr (((CgOfficer *) officers->pdata[2])->id, ==, "o-0001");
  g_assert_cmpstr (((CgOfficer *) officers->pdata[3])->id, ==, "o-0003");
  g_assert_cmpstr (((CgOfficer *) officers->pdata[4])->id, ==, "o-0005");
  o = officers->pdata[1];
  g_assert_cmpstr (o->name, ==, "赵强");
  g_assert_cmpstr (o->squad_id, ==, "sq-310107022");
  g_assert_cmpstr (o->squad_name, ==, "中队 310107022");
  g_assert_cmpstr (o->street_code, ==, "310107022");
  g_assert_cmpstr (o->role, ==, "squad_leader");
  g_assert_cmpint (o->traccar_device_id, ==, -1);
  g_assert_cmpint (o->updated_at, ==, 1763600000);
  o = officers->pdata[4];
  g_assert_null (o->squad_id);
  g_assert_null (o->role);
  g_assert_cmpint (o->traccar_device_id, ==, 5);
  g_clear_pointer (&officers, g_ptr_array_unref);

  /* one street's squad */
  officers = cg_store_load_officers (store, "310107022", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 3);
  g_clear_pointer (&officers, g_ptr_array_unref);
  officers = cg_store_load_officers (store, "999", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 0);
  g_clear_pointer (&officers, g_ptr_array_unref);

  /* upsert: a rename and a move to another squad; a tombstone; an unknown tombstone */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_officer ("o-0001", "王建军", "310107005", "officer", 1));
  gone = cg_officer_new ();
  gone->id = g_strdup ("o-0003");
  gone->deleted = TRUE;
  g_ptr_array_add (page, gone);
  gone = cg_officer_new ();
  gone->id = g_strdup ("o-9999");
  gone->deleted = TRUE;
  g_ptr_array_add (page, gone);
  apply (store, CG_COLLECTION_OFFICERS, page, "c-000000000023");
  g_assert_cmpint (count (store, CG_COLLECTION_OFFICERS), ==, 4);
  officers = cg_store_load_officers (store, "310107005", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 2);
  o = officers->pdata[1];
  g_assert_cmpstr (o->id, ==, "o-0001");
  g_assert_cmpstr (o->name, ==, "王建军");
  g_assert_cmpstr (o->squad_id, ==, "sq-310107005");
  g_clear_pointer (&officers, g_ptr_array_unref);

  /* the draw's inspector register reads the same rows */
  officers = cg_store_load_draw_inspectors (store, "310107022", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 1);   /* o-0004 */
  g_clear_pointer (&officers, g_ptr_array_unref);

  /* a page with an officer without an id changes nothing, its cursor included */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_officer ("o-0006", "孙丽", "310107022", "officer", 6));
  g_ptr_array_add (page, cg_officer_new ());
  g_assert_false (cg_store_apply_page (store, CG_COLLECTION_OFFICERS, page, "c-000000000030",
                                       NULL, 0, &error));
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "officers"));
  g_assert_cmpint (count (store, CG_COLLECTION_OFFICERS), ==, 4);
  cursor = sync_cursor (store, CG_COLLECTION_OFFICERS);
  g_assert_cmpstr (cursor, ==, "c-000000000023");
}

static void
test_atomic_constraint (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(CgPlace) still_there = NULL;
  CgSyncState state;
  CgPlace *bad;

  fill_places (store);

  g_ptr_array_add (page, make_place ("m-3", 121.40, 31.25, CG_RISK_LOW, NULL));
  g_ptr_array_add (page, make_tombstone ("m-2"));
  bad = make_place ("m-4", NAN, 31.25, CG_RISK_LOW, NULL);   /* lon NOT NULL */
  g_ptr_array_add (page, bad);
  g_assert_false (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-100", "W/\"x\"",
                                       5, &error));
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "m-4"));

  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 2);
  g_assert_null (cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-3", NULL));
  still_there = cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "m-2", NULL);
  g_assert_nonnull (still_there);
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_MERCHANTS, &state, NULL));
  g_assert_cmpstr (state.cursor, ==, "c-000000000002");
  g_assert_null (state.etag);
  g_assert_cmpint (state.n_skipped, ==, 0);
  cg_sync_state_clear (&state);

  /* A record without an id is refused the same way. */
  g_clear_error (&error);
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_place ("m-5", 121.40, 31.25, CG_RISK_LOW, NULL));
  g_ptr_array_add (page, cg_place_new ());
  g_assert_false (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-101", NULL,
                                       0, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 2);
  cursor = sync_cursor (store, CG_COLLECTION_MERCHANTS);
  g_assert_cmpstr (cursor, ==, "c-000000000002");

  /* The connection is usable afterwards. */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, make_place ("m-3", 121.40, 31.25, CG_RISK_LOW, NULL));
  apply (store, CG_COLLECTION_MERCHANTS, page, "c-102");
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 3);
}

static void
test_atomic_forced (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(CgStore) reader = NULL;
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  fill_places (store);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-new-%d", i);
      g_ptr_array_add (page, make_place (id, 121.4, 31.2, CG_RISK_LOW, NULL));
    }

  _cg_store_set_fail_after (store, 60);
  g_assert_false (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page, "c-200", NULL, 0,
                                       &error));
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);

  reader = cg_store_open (f->path, NULL);
  g_assert_cmpint (count (reader, CG_COLLECTION_MERCHANTS), ==, 2);
  cursor = sync_cursor (reader, CG_COLLECTION_MERCHANTS);
  g_assert_cmpstr (cursor, ==, "c-000000000002");
  g_assert_cmpint (sql_int (reader, "SELECT count(*) FROM merchants_rtree"), ==, 2);

  /* The hook fires once; the same page then lands whole. */
  apply (store, CG_COLLECTION_MERCHANTS, page, "c-200");
  g_assert_cmpint (count (reader, CG_COLLECTION_MERCHANTS), ==, 102);
}

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) empty = new_page (CG_COLLECTION_SITES);
  g_autoptr(GError) error = NULL;
  CgSyncState state;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_SITES, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state.collection, ==, CG_COLLECTION_SITES);
  g_assert_null (state.cursor);
  g_assert_null (state.etag);
  g_assert_null (state.last_error);
  g_assert_cmpint (state.last_success, ==, 0);
  g_assert_cmpint (state.n_skipped, ==, 0);
  cg_sync_state_clear (&state);

  /* a failure before any success */
  g_assert_true (cg_store_record_failure (store, CG_COLLECTION_SITES, "HTTP 503", &error));
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_SITES, &state, NULL));
  g_assert_cmpstr (state.last_error, ==, "HTTP 503");
  g_assert_cmpint (state.last_attempt, >=, now);
  g_assert_cmpint (state.last_success, ==, 0);
  cg_sync_state_clear (&state);

  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_SITES, empty, "c-1", "\"e1\"", 3,
                                      &error));
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_SITES, &state, NULL));
  g_assert_cmpstr (state.cursor, ==, "c-1");
  g_assert_cmpstr (state.etag, ==, "\"e1\"");
  g_assert_null (state.last_error);
  g_assert_cmpint (state.last_success, >=, now);
  g_assert_cmpint (state.n_skipped, ==, 3);
  cg_sync_state_clear (&state);

  /* NULL cursor/etag: unchanged; skipped accumulates */
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_SITES, empty, NULL, NULL, 2, &error));
  g_assert_true (cg_store_record_failure (store, CG_COLLECTION_SITES, "timeout", &error));
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_SITES, &state, NULL));
  g_assert_cmpstr (state.cursor, ==, "c-1");
  g_assert_cmpstr (state.etag, ==, "\"e1\"");
  g_assert_cmpstr (state.last_error, ==, "timeout");
  g_assert_cmpint (state.last_success, >=, now);
  g_assert_cmpint (state.n_skipped, ==, 5);
  cg_sync_state_clear (&state);

  /* other collections are untouched */
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_MERCHANTS, &state, NULL));
  g_assert_null (state.cursor);
  cg_sync_state_clear (&state);
  g_assert_no_error (error);
}

static void
test_map_points (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) more = new_page (CG_COLLECTION_POINTS);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  const char *streets[] = { "310107005", "310107022", NULL };
  CgPlace *checkpoint;
  guint seen = 0;

  fill_places (store);
  checkpoint = make_place ("p-2", 121.44, 31.22, CG_RISK_UNKNOWN, "310107005");
  g_free (checkpoint->category);
  checkpoint->category = g_strdup ("checkpoint");
  checkpoint->status = g_strdup ("active");
  g_ptr_array_add (more, checkpoint);
  apply (store, CG_COLLECTION_POINTS, more, NULL);

  points = cg_store_load_map_points (store, streets, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 5);

  for (guint i = 0; i < points->len; i++)
    {
      const CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);
      g_autoptr(CgPlace) place = cg_store_get_place (store, mp->collection, mp->rowid, NULL);

      g_assert_nonnull (place);
      g_assert_cmpfloat (mp->lon, ==, place->lon);
      g_assert_cmpfloat (mp->lat, ==, place->lat);
      g_assert_cmpint (mp->risk, ==, place->risk);

      if (g_str_equal (place->id, "m-1"))
        {
          g_assert_cmpint (mp->collection, ==, CG_COLLECTION_MERCHANTS);
          g_assert_cmpint (mp->street, ==, 2);
          g_assert_cmpint (mp->flags, ==, 0);
          g_assert_cmpint (mp->risk, ==, CG_RISK_LOW);
          seen |= 1;
        }
      else if (g_str_equal (place->id, "m-2"))
        {
          g_assert_cmpint (mp->street, ==, 1);
          g_assert_cmpint (mp->risk, ==, CG_RISK_HIGH);
          seen |= 2;
        }
      else if (g_str_equal (place->id, "s-1"))
        {
          g_assert_cmpint (mp->collection, ==, CG_COLLECTION_SITES);
          g_assert_cmpint (mp->flags, ==, CG_MAP_POINT_CAMERA);
          g_assert_cmpint (mp->risk, ==, CG_RISK_MEDIUM);
          seen |= 4;
        }
      else if (g_str_equal (place->id, "p-1"))
        {
          g_assert_cmpint (mp->collection, ==, CG_COLLECTION_POINTS);
          g_assert_cmpint (mp->flags, ==, CG_MAP_POINT_CAMERA | CG_MAP_POINT_OFFLINE);
          g_assert_cmpint (mp->street, ==, 0);    /* no street code */
          seen |= 8;
        }
      else if (g_str_equal (place->id, "p-2"))
        {
          g_assert_cmpint (mp->flags, ==, 0);
          g_assert_cmpint (mp->street, ==, 1);
          seen |= 16;
        }
    }
  g_assert_cmpuint (seen, ==, 31);

  /* Without a street list every street is 0. */
  g_clear_pointer (&points, g_array_unref);
  points = cg_store_load_map_points (store, NULL, &error);
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpint (g_array_index (points, CgMapPoint, i).street, ==, 0);
}

static void
test_bbox (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) grid = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GArray) box = NULL;
  g_autoptr(GError) error = NULL;

  /* 10 x 10 grid, 0.01 degree apart */
  for (int x = 0; x < 10; x++)
    for (int y = 0; y < 10; y++)
      {
        g_autofree char *id = g_strdup_printf ("m-%d-%d", x, y);
        g_ptr_array_add (grid, make_place (id, 121.0 + x * 0.01, 31.0 + y * 0.01,
                                           CG_RISK_LOW, NULL));
      }
  apply (store, CG_COLLECTION_MERCHANTS, grid, NULL);

  box = cg_store_query_bbox (store, 121.015, 31.015, 121.045, 31.035, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (box->len, ==, 3 * 2);   /* x 2..4, y 2..3 */
  for (guint i = 0; i < box->len; i++)
    {
      const CgMapPoint *mp = &g_array_index (box, CgMapPoint, i);

      g_assert_cmpfloat (mp->lon, >=, 121.015);
      g_assert_cmpfloat (mp->lon, <=, 121.045);
      g_assert_cmpfloat (mp->lat, >=, 31.015);
      g_assert_cmpfloat (mp->lat, <=, 31.035);
    }
  g_clear_pointer (&box, g_array_unref);

  /* edges are inclusive; exact, despite the R*Tree's 32-bit floats */
  box = cg_store_query_bbox (store, 121.03, 31.03, 121.03, 31.03, &error);
  g_assert_cmpuint (box->len, ==, 1);
  g_clear_pointer (&box, g_array_unref);

  box = cg_store_query_bbox (store, 100.0, 20.0, 101.0, 21.0, &error);
  g_assert_cmpuint (box->len, ==, 0);
}

static guint
bbox_count (CgStore *store,
            double   min_lon,
            double   min_lat,
            double   max_lon,
            double   max_lat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) box = cg_store_query_bbox (store, min_lon, min_lat, max_lon, max_lat,
                                               &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_assert_no_error (error);
  for (guint i = 0; i < box->len; i++)
    {
      CgMapPoint *mp = &g_array_index (box, CgMapPoint, i);

      g_assert_true (g_hash_table_add (seen, &mp->rowid));   /* no duplicates */
      g_assert_cmpfloat (mp->lon, >=, min_lon);
      g_assert_cmpfloat (mp->lon, <=, max_lon);
      g_assert_cmpfloat (mp->lat, >=, min_lat);
      g_assert_cmpfloat (mp->lat, <=, max_lat);
    }
  return box->len;
}

/* More places than one page indexes: the tree lags, bbox answers stay exact. */
static void
test_bbox_pending (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GPtrArray) moves = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 2500; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%04d", i);
      g_ptr_array_add (page, make_place (id, 121.0 + (i % 50) * 0.01, 31.0 + (i / 50) * 0.01,
                                         CG_RISK_LOW, NULL));
    }
  apply (store, CG_COLLECTION_MERCHANTS, page, NULL);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 250);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants WHERE in_rtree = 0"), ==, 2250);
  g_assert_cmpuint (bbox_count (store, 120.0, 30.0, 123.0, 33.0), ==, 2500);
  g_assert_cmpuint (bbox_count (store, 121.0, 31.0, 121.095, 31.095), ==, 100);

  /* Move ten indexed points (ids 0..9, y = 0) far north: stale tree entries. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%04d", i);
      g_ptr_array_add (moves, make_place (id, 121.0 + i * 0.01, 35.0, CG_RISK_LOW, NULL));
    }
  _cg_store_set_spatial_batch (store, 0, 0);     /* keep the tree stale */
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, moves, NULL, NULL, 0,
                                      &error));
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants WHERE in_rtree = 0"), ==,
                   2250 + 10);
  g_assert_cmpuint (bbox_count (store, 121.0, 31.0, 121.095, 31.095), ==, 90);
  g_assert_cmpuint (bbox_count (store, 120.0, 34.9, 123.0, 35.1), ==, 10);
  g_assert_cmpuint (bbox_count (store, 120.0, 30.0, 123.0, 36.0), ==, 2500);

  g_assert_true (cg_store_update_spatial_index (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants WHERE in_rtree = 0"), ==, 0);
  g_assert_true (cg_store_update_spatial_index (store, &error));   /* nothing left: cheap */
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 2500);
  g_assert_cmpuint (bbox_count (store, 121.0, 31.0, 121.095, 31.095), ==, 90);
  g_assert_cmpuint (bbox_count (store, 120.0, 34.9, 123.0, 35.1), ==, 10);
  g_assert_cmpuint (bbox_count (store, 120.0, 30.0, 123.0, 36.0), ==, 2500);
  g_assert_true (cg_store_check_integrity (store, &error));

  /* small pages (incremental syncs, 304s) index up to 2000 queued rows each */
  g_ptr_array_set_size (moves, 0);
  g_ptr_array_add (moves, make_place ("m-0000", 121.0, 31.0, CG_RISK_LOW, NULL));
  _cg_store_set_spatial_batch (store, 250, 2000);
  apply (store, CG_COLLECTION_MERCHANTS, moves, NULL);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants WHERE in_rtree = 0"), ==, 0);
  g_assert_cmpuint (bbox_count (store, 121.0, 31.0, 121.0, 31.0), ==, 1);
}

static void
test_stats_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) empty = new_page (CG_COLLECTION_COMPLAINTS);
  g_autoptr(GPtrArray) officers = new_page (CG_COLLECTION_OFFICERS);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *skipped;

  fill_places (store);
  fill_items (store);
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_COMPLAINTS, empty, NULL, NULL, 7,
                                      NULL));
  g_ptr_array_add (officers, make_officer ("o-0001", "王建国", "310107022", "officer", 1));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_OFFICERS, officers, NULL, NULL, 2,
                                      NULL));

  json = cg_store_stats_to_json (store, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "merchants"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "sites"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "enforcement-points"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "inspections"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "cases"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "complaints"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (root, "officers"), ==, 1);
  skipped = json_object_get_object_member (root, "skipped");
  g_assert_nonnull (skipped);
  g_assert_cmpint (json_object_get_size (skipped), ==, CG_N_COLLECTIONS);
  g_assert_cmpint (json_object_get_int_member (skipped, "complaints"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (skipped, "officers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (skipped, "merchants"), ==, 0);
  g_assert_cmpint (json_object_get_size (root), ==, CG_N_COLLECTIONS + 1);
}

static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  CgSyncState state;

  fill_places (store);
  fill_items (store);
  g_assert_true (cg_store_reset (store, &error));
  g_assert_no_error (error);

  for (CgCollection c = 0; c < CG_N_COLLECTIONS; c++)
    {
      g_assert_cmpint (count (store, c), ==, 0);
      g_assert_true (cg_store_get_sync_state (store, c, &state, NULL));
      g_assert_null (state.cursor);
      g_assert_null (state.etag);
      g_assert_cmpint (state.last_success, ==, 0);
      cg_sync_state_clear (&state);
    }
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM merchants_rtree"), ==, 0);
  points = cg_store_load_map_points (store, NULL, &error);
  g_assert_cmpuint (points->len, ==, 0);

  fill_places (store);
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 2);
}

static void
test_integrity (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GError) error = NULL;

  fill_places (store);
  g_assert_true (cg_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_injection (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CgStore) store = cg_store_open (f->path, NULL);
  g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GPtrArray) gone = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(CgPlace) back = NULL;
  g_autoptr(GError) error = NULL;
  const char *evil_id = "m-1'); DROP TABLE merchants;--";
  const char *evil_name = "O'Brien \"Bar\" ; DELETE FROM sync_state; --";
  CgPlace *p;
  CgSyncState state;

  p = make_place (evil_id, 121.4, 31.2, CG_RISK_LOW, "' OR 1=1 --");
  g_free (p->name);
  p->name = g_strdup (evil_name);
  g_ptr_array_add (page, p);
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page,
                                      "c'); DROP TABLE sync_state;--", "\"'\"", 0, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 1);
  back = cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, evil_id, &error);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->id, ==, evil_id);
  g_assert_cmpstr (back->name, ==, evil_name);
  g_assert_cmpstr (back->street_code, ==, "' OR 1=1 --");
  g_assert_null (cg_store_get_place_by_id (store, CG_COLLECTION_MERCHANTS, "' OR 1=1 --", NULL));

  g_assert_true (cg_store_record_failure (store, CG_COLLECTION_MERCHANTS,
                                          "'); DELETE FROM merchants;--", &error));
  g_assert_true (cg_store_get_sync_state (store, CG_COLLECTION_MERCHANTS, &state, &error));
  g_assert_cmpstr (state.cursor, ==, "c'); DROP TABLE sync_state;--");
  g_assert_cmpstr (state.last_error, ==, "'); DELETE FROM merchants;--");
  cg_sync_state_clear (&state);

  g_ptr_array_add (gone, make_tombstone ("x' OR '1'='1"));
  apply (store, CG_COLLECTION_MERCHANTS, gone, NULL);
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 1);
  g_assert_true (cg_store_check_integrity (store, &error));
}

static void
test_two_connections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CgStore) ui = cg_store_open (f->path, NULL);
  g_autoptr(CgStore) worker = cg_store_open (f->path, NULL);
  g_autoptr(GArray) points = NULL;

  points = cg_store_load_map_points (ui, NULL, NULL);
  g_assert_cmpuint (points->len, ==, 0);
  fill_places (worker);
  g_clear_pointer (&points, g_array_unref);
  points = cg_store_load_map_points (ui, NULL, NULL);
  g_assert_cmpuint (points->len, ==, 4);
}

/* The UI and the sync worker open the same new file at once, then both write. */
static gpointer
concurrent_thread (gpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (path, &error);
  g_autoptr(GThread) self = g_thread_ref (g_thread_self ());

  g_assert_no_error (error);
  for (int round = 0; round < 10; round++)
    {
      g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);

      for (int i = 0; i < 50; i++)
        {
          g_autofree char *id = g_strdup_printf ("m-%p-%d-%d", (void *) self, round, i);
          g_ptr_array_add (page, make_place (id, 121.4, 31.2, CG_RISK_LOW, NULL));
        }
      apply (store, CG_COLLECTION_MERCHANTS, page, NULL);
    }
  return NULL;
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CgStore) store = NULL;
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("store", concurrent_thread, f->path);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  store = cg_store_open (f->path, NULL);
  g_assert_cmpint (count (store, CG_COLLECTION_MERCHANTS), ==, 4 * 10 * 50);
  g_assert_true (cg_store_check_integrity (store, NULL));
}

/* Six connections open the same new file at the same moment, twenty times over: every one
 * opens (switching a new file to WAL is refused at once while another connection holds it;
 * it failed about one run in sixteen of the test above before the store retried) */
typedef struct
{
  GMutex      lock;
  GCond       cond;
  const char *path;
  guint       waiting;
  gboolean    go;
} OpenGate;

static gpointer
open_at_gate_thread (gpointer data)
{
  OpenGate *gate = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;

  g_mutex_lock (&gate->lock);
  gate->waiting++;
  g_cond_broadcast (&gate->cond);
  while (!gate->go)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);

  store = cg_store_open (gate->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return NULL;
}

static void
test_concurrent_open (Fixture       *f,
                      gconstpointer  data)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/open-%u.db", f->dir, round);
      OpenGate gate = { .path = path };
      GThread *threads[6];

      g_mutex_init (&gate.lock);
      g_cond_init (&gate.cond);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("open", open_at_gate_thread, &gate);
      g_mutex_lock (&gate.lock);
      while (gate.waiting < G_N_ELEMENTS (threads))
        g_cond_wait (&gate.cond, &gate.lock);
      gate.go = TRUE;
      g_cond_broadcast (&gate.cond);
      g_mutex_unlock (&gate.lock);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);
      g_mutex_clear (&gate.lock);
      g_cond_clear (&gate.cond);

      {
        g_autoptr(CgStore) store = cg_store_open (path, NULL);

        g_assert_true (cg_store_check_integrity (store, NULL));
      }
    }
}

/* ---- measurements (only with -m perf) ----------------------------------------- */

#define PERF_N 200000
#define PERF_PAGE 5000

static void
perf_apply_all (CgStore    *store,
                const char *what,
                int         generation)
{
  gint64 in_apply = 0;
  double total;

  for (int first = 0; first < PERF_N; first += PERF_PAGE)
    {
      g_autoptr(GPtrArray) page = new_page (CG_COLLECTION_MERCHANTS);
      g_autofree char *cursor = g_strdup_printf ("c-%012d", first + PERF_PAGE);
      gint64 t0;

      for (int i = first; i < first + PERF_PAGE; i++)
        {
          char id[32], street[16];
          CgPlace *p;

          g_snprintf (id, sizeof id, "m-%06d", i);
          g_snprintf (street, sizeof street, "3101070%02d", i % 10);
          p = make_place (id, 121.35 + (i % 997) * 0.0001 + generation * 0.00001,
                          31.2 + (i / 997) * 0.0005, (i % 3) + 1, street);
          p->updated_at += generation;
          g_ptr_array_add (page, p);
        }
      t0 = g_get_monotonic_time ();
      apply (store, CG_COLLECTION_MERCHANTS, page, cursor);
      in_apply += g_get_monotonic_time () - t0;
    }
  total = in_apply / 1e6;
  g_test_minimized_result (total, "%s: %d merchants in pages of %d: %.3f s in "
                           "cg_store_apply_page (%.0f rows/s)", what, PERF_N, PERF_PAGE, total,
                           PERF_N / total);
}

static void
test_perf (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) box = NULL;
  const char *streets[] = { "310107000", "310107001", "310107002", NULL };
  gint64 t0;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  store = cg_store_open (f->path, NULL);
  perf_apply_all (store, "insert", 0);
  perf_apply_all (store, "upsert (all exist, all moved)", 1);

  t0 = g_get_monotonic_time ();
  g_assert_true (cg_store_update_spatial_index (store, NULL));
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e6,
                           "update_spatial_index after the bulk load: %.3f s",
                           (g_get_monotonic_time () - t0) / 1e6);
  perf_apply_all (store, "upsert (all exist, none moved)", 1);

  t0 = g_get_monotonic_time ();
  points = cg_store_load_map_points (store, streets, NULL);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e3,
                           "load_map_points: %u points in %.1f ms", points->len,
                           (g_get_monotonic_time () - t0) / 1e3);
  g_assert_cmpuint (points->len, ==, PERF_N);
  g_clear_pointer (&points, g_array_unref);

  t0 = g_get_monotonic_time ();
  points = cg_store_load_map_points (store, NULL, NULL);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e3,
                           "load_map_points without streets: %u points in %.1f ms", points->len,
                           (g_get_monotonic_time () - t0) / 1e3);

  t0 = g_get_monotonic_time ();
  box = cg_store_query_bbox (store, 121.36, 31.25, 121.37, 31.26, NULL);
  g_test_minimized_result ((g_get_monotonic_time () - t0) / 1e3,
                           "query_bbox: %u points in %.2f ms", box->len,
                           (g_get_monotonic_time () - t0) / 1e3);
}

static gint64
query_mmap_size (CgStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_cg_store_get_db (store), "PRAGMA mmap_size", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A connection for a one-shot bulk read turns mapping off; others keep theirs; the data
 * read is the same either way. */
static void
test_mmap_size (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) writer = cg_store_open (f->path, &error);
  g_autoptr(CgStore) bulk = NULL;
  g_autoptr(GPtrArray) places = new_page (CG_COLLECTION_MERCHANTS);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_no_error (error);
  g_ptr_array_add (places, make_place ("m-1", 121.40, 31.25, CG_RISK_HIGH, "310107001"));
  g_ptr_array_add (places, make_place ("m-2", 121.41, 31.26, CG_RISK_LOW, "310107002"));
  g_assert_true (cg_store_apply_page (writer, CG_COLLECTION_MERCHANTS, places, "c1", NULL, 0,
                                      &error));
  g_assert_no_error (error);

  bulk = cg_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_mmap_size (bulk), ==, 268435456);
  g_assert_true (cg_store_set_mmap_size (bulk, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_mmap_size (bulk), ==, 0);
  g_assert_cmpint (query_mmap_size (writer), ==, 268435456);

  points = cg_store_load_map_points_full (bulk, NULL, &ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "m-1");
  g_assert_cmpfloat_with_epsilon (g_array_index (points, CgMapPoint, 1).lon, 121.41, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here uses the user dirs, and GLib 2.74 leaks
   * the isolated paths, which would trip LeakSanitizer. */
  g_test_init (&argc, &argv, NULL);

  TEST_F ("/store/open", test_open);
  TEST_F ("/store/migrate/from-v0", test_migrate_v0);
  TEST_F ("/store/migrate/from-v1", test_migrate_v1);
  TEST_F ("/store/migrate/from-v2", test_migrate_v2);
  TEST_F ("/store/migrate/from-v3", test_migrate_v3);
  TEST_F ("/store/migrate/from-v4", test_migrate_v4);
  TEST_F ("/store/migrate/from-v5", test_migrate_v5);
  TEST_F ("/store/migrate/from-v6", test_migrate_v6);
  TEST_F ("/store/generation", test_generation);
  TEST_F ("/store/mmap-size", test_mmap_size);
  TEST_F ("/store/error/too-new", test_too_new);
  TEST_F ("/store/error/not-a-database", test_not_a_database);
  TEST_F ("/store/upsert", test_upsert);
  TEST_F ("/store/tombstone", test_tombstone);
  TEST_F ("/store/items", test_items);
  TEST_F ("/store/officers", test_officers);
  TEST_F ("/store/atomic/constraint", test_atomic_constraint);
  TEST_F ("/store/atomic/forced-failure", test_atomic_forced);
  TEST_F ("/store/sync-state", test_sync_state);
  TEST_F ("/store/map-points", test_map_points);
  TEST_F ("/store/bbox", test_bbox);
  TEST_F ("/store/bbox-pending", test_bbox_pending);
  TEST_F ("/store/stats-json", test_stats_json);
  TEST_F ("/store/reset", test_reset);
  TEST_F ("/store/integrity", test_integrity);
  TEST_F ("/store/sql-injection", test_injection);
  TEST_F ("/store/two-connections", test_two_connections);
  TEST_F ("/store/concurrent-writers", test_concurrent);
  TEST_F ("/store/concurrent-open", test_concurrent_open);
  TEST_F ("/store/perf/ingest", test_perf);

  return g_test_run ();
}
