/* cg-store.c: the SQLite cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cg-poi-filter.h"
#include "cg-store-private.h"

/* Design notes
 * - One CgStore = one connection (SQLITE_OPEN_NOMUTEX: one thread at a time). The UI and
 *   the sync worker each open their own on the same file; WAL lets readers and the one
 *   writer run together, busy_timeout covers writer/writer and migrations.
 * - Every value reaches SQL as a bound parameter. The only SQL text is the literals in
 *   this file and in cg-store-migrations.c; table names come from static tables below,
 *   never from data.
 * - cg_store_apply_page() is one BEGIN IMMEDIATE ... COMMIT: data, tombstones and the
 *   sync_state row move together, so a process killed at any point leaves either the
 *   previous page or the new one (WAL + synchronous=NORMAL is atomic and consistent; the
 *   last commits may be lost on power failure, never half of one).
 * - Statements are prepared once (SQLITE_PREPARE_PERSISTENT) and cached by their SQL
 *   literal's address. */

#define BUSY_TIMEOUT_MS 5000

/* R*Tree rows indexed inside each page transaction of a place collection (about 13 µs
 * each). Bulk pages (an initial sync) index few, so the sync stays fast; small pages
 * (incremental syncs, 304s) index more, so the tree catches up on its own within a few
 * periodic syncs and stays current afterwards. */
#define SPATIAL_BULK_PAGE       1000   /* records: a page this big is a bulk page */
#define SPATIAL_BATCH_BULK      250
#define SPATIAL_BATCH_SMALL     2000
/* Rows per transaction in cg_store_update_spatial_index() */
#define SPATIAL_BATCH_FULL 20000

G_DEFINE_QUARK (cg-store-error-quark, cg_store_error)

struct _CgStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *stmts;        /* SQL literal (by address) -> sqlite3_stmt* */
  GHashTable *streets;      /* street code -> 1-based index, from the last load_map_points */
  int         fail_after;   /* test hook, -1 = off */
  int         batch_bulk;   /* R*Tree rows per bulk page */
  int         batch_small;  /* R*Tree rows per small page */
  int         schema;       /* user_version once opened (below 3 only in migration tests) */
  gint64      changes_kept; /* rows of data_changes kept (test hook) */
};

G_DEFINE_FINAL_TYPE (CgStore, cg_store, G_TYPE_OBJECT)

/* ---- SQL ------------------------------------------------------------------------ */

#define PLACE_COLS \
  "id, lon, lat, name, address, street_code, street_name, category, risk, licence_no, " \
  "updated_at, stage, noise_db, pm10, has_camera, scenario, status"

/* From schema 3 on, a move takes the row out of the R*Tree's "indexed" set (in DO UPDATE,
 * unqualified columns are the old row). */
#define PLACE_UPSERT(t) PLACE_UPSERT_V1 (t) ",\n" \
  "  in_rtree = CASE WHEN " t ".lon IS excluded.lon AND " t ".lat IS excluded.lat\n" \
  "                  THEN " t ".in_rtree ELSE 0 END"

/* Schemas 1 and 2 (only the migration tests write to those) */
#define PLACE_UPSERT_V1(t) \
  "INSERT INTO " t " (" PLACE_COLS ")\n" \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)\n" \
  "ON CONFLICT (id) DO UPDATE SET lon = excluded.lon, lat = excluded.lat,\n" \
  "  name = excluded.name, address = excluded.address, street_code = excluded.street_code,\n" \
  "  street_name = excluded.street_name, category = excluded.category, risk = excluded.risk,\n" \
  "  licence_no = excluded.licence_no, updated_at = excluded.updated_at,\n" \
  "  stage = excluded.stage, noise_db = excluded.noise_db, pm10 = excluded.pm10,\n" \
  "  has_camera = excluded.has_camera, scenario = excluded.scenario, status = excluded.status"

#define PLACE_SELECT(t) "SELECT pk, " PLACE_COLS " FROM " t

#define MAP_COLS "pk, lon, lat, risk, category, has_camera, status, street_code, id"

#define MAP_SELECT(t) "SELECT " MAP_COLS " FROM " t

/* Tree entries of rows with in_rtree = 0 may be stale: the queue part answers for those. */
#define BBOX_SELECT(t) \
  "SELECT t.pk, t.lon, t.lat, t.risk, t.category, t.has_camera, t.status, t.street_code, t.id\n" \
  "FROM " t "_rtree AS r JOIN " t " AS t ON t.pk = r.pk\n" \
  "WHERE r.max_lon >= ?1 AND r.min_lon <= ?3 AND r.max_lat >= ?2 AND r.min_lat <= ?4\n" \
  "  AND t.lon BETWEEN ?1 AND ?3 AND t.lat BETWEEN ?2 AND ?4 AND t.in_rtree = 1\n" \
  "UNION ALL\n" \
  "SELECT t.pk, t.lon, t.lat, t.risk, t.category, t.has_camera, t.status, t.street_code, t.id\n" \
  "FROM " t " AS t\n" \
  "WHERE t.in_rtree = 0 AND t.lon BETWEEN ?1 AND ?3 AND t.lat BETWEEN ?2 AND ?4"

/* Moves up to ?1 queued rows into the R*Tree (the same ?1 rows in both statements). */
#define RTREE_FILL(t) \
  "INSERT OR REPLACE INTO " t "_rtree (pk, min_lon, max_lon, min_lat, max_lat)\n" \
  "SELECT pk, lon, lon, lat, lat FROM " t " WHERE in_rtree = 0 ORDER BY pk LIMIT ?1"

#define RTREE_DEQUEUE(t) \
  "UPDATE " t " SET in_rtree = 1 WHERE pk IN\n" \
  "  (SELECT pk FROM " t " WHERE in_rtree = 0 ORDER BY pk LIMIT ?1)"

static const char *rtree_fill_sql[3] = {
  RTREE_FILL ("merchants"), RTREE_FILL ("sites"), RTREE_FILL ("enforcement_points"),
};

static const char *rtree_dequeue_sql[3] = {
  RTREE_DEQUEUE ("merchants"), RTREE_DEQUEUE ("sites"), RTREE_DEQUEUE ("enforcement_points"),
};

static const char *place_upsert_sql[3] = {
  PLACE_UPSERT ("merchants"), PLACE_UPSERT ("sites"), PLACE_UPSERT ("enforcement_points"),
};

static const char *place_upsert_v1_sql[3] = {
  PLACE_UPSERT_V1 ("merchants"), PLACE_UPSERT_V1 ("sites"),
  PLACE_UPSERT_V1 ("enforcement_points"),
};

static const char *place_by_pk_sql[3] = {
  PLACE_SELECT ("merchants") " WHERE pk = ?1",
  PLACE_SELECT ("sites") " WHERE pk = ?1",
  PLACE_SELECT ("enforcement_points") " WHERE pk = ?1",
};

static const char *place_by_id_sql[3] = {
  PLACE_SELECT ("merchants") " WHERE id = ?1",
  PLACE_SELECT ("sites") " WHERE id = ?1",
  PLACE_SELECT ("enforcement_points") " WHERE id = ?1",
};

/* The indexed text of a place before a write (schema 4: the search index needs it). */
static const char *place_old_text_sql[3] = {
  "SELECT pk, name, address, licence_no FROM merchants WHERE id = ?1",
  "SELECT pk, name, address, licence_no FROM sites WHERE id = ?1",
  "SELECT pk, name, address, licence_no FROM enforcement_points WHERE id = ?1",
};

static const char *map_sql[3] = {
  MAP_SELECT ("merchants"), MAP_SELECT ("sites"), MAP_SELECT ("enforcement_points"),
};

static const char *bbox_sql[3] = {
  BBOX_SELECT ("merchants"), BBOX_SELECT ("sites"), BBOX_SELECT ("enforcement_points"),
};

static const char inspection_upsert_sql[] =
  "INSERT INTO inspections (id, target_type, target_id, officer_id, inspected_at, kind,\n"
  "                         result, street_code, updated_at)\n"
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)\n"
  "ON CONFLICT (id) DO UPDATE SET target_type = excluded.target_type,\n"
  "  target_id = excluded.target_id, officer_id = excluded.officer_id,\n"
  "  inspected_at = excluded.inspected_at, kind = excluded.kind, result = excluded.result,\n"
  "  street_code = excluded.street_code, updated_at = excluded.updated_at";

static const char case_upsert_sql[] =
  "INSERT INTO cases (id, case_no, type, cause, procedure, stage, filed_at, due_at,\n"
  "                   closed_at, fine, exempt, non_site, street_code, lon, lat, officer_id,\n"
  "                   target_id, published_at, discovered_at, reviewed_at, executed_at,\n"
  "                   updated_at)\n"
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,\n"
  "        ?19, ?20, ?21, ?22)\n"
  "ON CONFLICT (id) DO UPDATE SET case_no = excluded.case_no, type = excluded.type,\n"
  "  cause = excluded.cause, procedure = excluded.procedure, stage = excluded.stage,\n"
  "  filed_at = excluded.filed_at, due_at = excluded.due_at, closed_at = excluded.closed_at,\n"
  "  fine = excluded.fine, exempt = excluded.exempt, non_site = excluded.non_site,\n"
  "  street_code = excluded.street_code, lon = excluded.lon, lat = excluded.lat,\n"
  "  officer_id = excluded.officer_id, target_id = excluded.target_id,\n"
  "  published_at = excluded.published_at, discovered_at = excluded.discovered_at,\n"
  "  reviewed_at = excluded.reviewed_at, executed_at = excluded.executed_at,\n"
  "  updated_at = excluded.updated_at";

static const char officer_upsert_sql[] =
  "INSERT INTO officers (id, name, squad_id, squad_name, street_code, role,\n"
  "                      traccar_device_id, updated_at)\n"
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)\n"
  "ON CONFLICT (id) DO UPDATE SET name = excluded.name, squad_id = excluded.squad_id,\n"
  "  squad_name = excluded.squad_name, street_code = excluded.street_code,\n"
  "  role = excluded.role, traccar_device_id = excluded.traccar_device_id,\n"
  "  updated_at = excluded.updated_at";

static const char officers_select_sql[] =
  "SELECT id, name, squad_id, squad_name, street_code, role, traccar_device_id, updated_at\n"
  "FROM officers WHERE (?1 IS NULL OR street_code = ?1)\n"
  "ORDER BY squad_id IS NULL, squad_id, role IS NOT 'squad_leader', id";

static const char complaint_upsert_sql[] =
  "INSERT INTO complaints (id, service_code, service_name, description, status,\n"
  "                        status_notes, agency_responsible, requested_at, updated_at,\n"
  "                        expected_at, address, lon, lat, street_code, matter_id,\n"
  "                        repeat_count, satisfaction, deadline_at, responded_at)\n"
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,\n"
  "        ?19)\n"
  "ON CONFLICT (id) DO UPDATE SET service_code = excluded.service_code,\n"
  "  service_name = excluded.service_name, description = excluded.description,\n"
  "  status = excluded.status, status_notes = excluded.status_notes,\n"
  "  agency_responsible = excluded.agency_responsible, requested_at = excluded.requested_at,\n"
  "  updated_at = excluded.updated_at, expected_at = excluded.expected_at,\n"
  "  address = excluded.address, lon = excluded.lon, lat = excluded.lat,\n"
  "  street_code = excluded.street_code, matter_id = excluded.matter_id,\n"
  "  repeat_count = excluded.repeat_count, satisfaction = excluded.satisfaction,\n"
  "  deadline_at = excluded.deadline_at, responded_at = excluded.responded_at";

static const char *delete_sql[CG_N_COLLECTIONS] = {
  "DELETE FROM merchants WHERE id = ?1",
  "DELETE FROM sites WHERE id = ?1",
  "DELETE FROM enforcement_points WHERE id = ?1",
  "DELETE FROM officers WHERE id = ?1",
  "DELETE FROM inspections WHERE id = ?1",
  "DELETE FROM cases WHERE id = ?1",
  "DELETE FROM complaints WHERE id = ?1",
};

static const char *count_sql[CG_N_COLLECTIONS] = {
  "SELECT count(*) FROM merchants",
  "SELECT count(*) FROM sites",
  "SELECT count(*) FROM enforcement_points",
  "SELECT count(*) FROM officers",
  "SELECT count(*) FROM inspections",
  "SELECT count(*) FROM cases",
  "SELECT count(*) FROM complaints",
};

/* the dashboards' change log (migration 7) keeps its last CG_STORE_CHANGES_KEPT rows: a
 * dashboard cache further behind reads its collection again */
static const char prune_changes_sql[] =
  "DELETE FROM data_changes WHERE seq <= (SELECT MAX (seq) FROM data_changes) - ?1";
static const char prune_inspection_changes_sql[] =
  "DELETE FROM inspection_changes"
  " WHERE seq <= (SELECT MAX (seq) FROM inspection_changes) - ?1";
static const char prune_place_changes_sql[] =
  "DELETE FROM place_changes WHERE seq <= (SELECT MAX (seq) FROM place_changes) - ?1";

static const char sync_success_sql[] =
  "INSERT INTO sync_state (collection, cursor, etag, last_success, last_attempt,\n"
  "                        last_error, n_skipped)\n"
  "VALUES (?1, ?2, ?3, ?4, ?4, NULL, ?5)\n"
  "ON CONFLICT (collection) DO UPDATE SET cursor = coalesce (excluded.cursor, cursor),\n"
  "  etag = coalesce (excluded.etag, etag), last_success = excluded.last_success,\n"
  "  last_attempt = excluded.last_attempt, last_error = NULL,\n"
  "  n_skipped = n_skipped + excluded.n_skipped";

static const char sync_failure_sql[] =
  "INSERT INTO sync_state (collection, last_attempt, last_error) VALUES (?1, ?2, ?3)\n"
  "ON CONFLICT (collection) DO UPDATE SET last_attempt = excluded.last_attempt,\n"
  "  last_error = excluded.last_error";

static const char sync_select_sql[] =
  "SELECT cursor, etag, last_success, last_attempt, last_error, n_skipped\n"
  "FROM sync_state WHERE collection = ?1";

static const char reset_sql[] =
  "DELETE FROM merchants_rtree; DELETE FROM merchants;\n"
  "DELETE FROM sites_rtree; DELETE FROM sites;\n"
  "DELETE FROM enforcement_points_rtree; DELETE FROM enforcement_points;\n"
  "DELETE FROM inspections; DELETE FROM cases; DELETE FROM officers;\n"
  "DELETE FROM complaints; DELETE FROM sync_state;";

static const char reset_search_sql[] =
  "INSERT INTO place_search (place_search) VALUES ('delete-all');";

/* ---- helpers -------------------------------------------------------------------- */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return CG_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return CG_STORE_ERROR_OPEN;
    default:
      return CG_STORE_ERROR_SQL;
    }
}

static void
set_sql_error (CgStore     *self,
               int          rc,
               const char  *what,
               GError     **error)
{
  int code = code_for_sqlite (rc);

  if (code == CG_STORE_ERROR_CORRUPT)
    g_set_error (error, CG_STORE_ERROR, code,
                 _("The cache “%s” is not a database or is damaged (%s): %s"),
                 self->path, what, sqlite3_errmsg (self->db));
  else
    g_set_error (error, CG_STORE_ERROR, code,
                 _("Cache error in “%s” (%s): %s"),
                 self->path, what, sqlite3_errmsg (self->db));
}

static gboolean
exec_sql (CgStore     *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sql_error (self, rc, sql, error);
      return FALSE;
    }
  return TRUE;
}

/* Switching a new file to WAL needs an exclusive lock. When other connections are opening
 * the same new file at that moment (the UI and the sync worker at first start), SQLite
 * answers SQLITE_BUSY at once, without the busy handler, to rule out a deadlock; so this
 * waits and tries again, for as long as the busy timeout would. */
static gboolean
set_wal_mode (CgStore  *self,
              GError  **error)
{
  const char *sql = "PRAGMA journal_mode = WAL";
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  guint tries = 0;
  int rc;

  while ((rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
        {
          set_sql_error (self, rc, sql, error);
          return FALSE;
        }
      g_usleep (MIN (1000 << MIN (tries, 4), 10000));
      tries++;
    }
  if (tries > 0)
    g_debug ("%s: WAL mode after %u busy tries", self->path, tries);
  return TRUE;
}

static void
rollback (CgStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    {
      int rc = sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        g_warning ("ROLLBACK failed in %s: %s", self->path, sqlite3_errmsg (self->db));
    }
}

/* A cached statement, reset and ready to bind. */
static sqlite3_stmt *
get_stmt (CgStore     *self,
          const char  *sql,
          GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sql_error (self, rc, _("preparing a statement"), error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Steps a statement that returns no row, then resets it. */
static gboolean
step_done (CgStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sql_error (self, rc, _("writing"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           i,
           const char   *str)
{
  if (str == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, str, -1, SQLITE_STATIC);
}

static void
bind_real (sqlite3_stmt *stmt,
           int           i,
           double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, i, value);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static double
column_real (sqlite3_stmt *stmt,
             int           i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, i);
}

sqlite3_stmt *
_cg_store_get_stmt (CgStore     *self,
                    const char  *sql,
                    GError     **error)
{
  return get_stmt (self, sql, error);
}

void
_cg_store_set_sql_error (CgStore     *self,
                         int          rc,
                         const char  *what,
                         GError     **error)
{
  set_sql_error (self, rc, what, error);
}

static gboolean
read_user_version (CgStore  *self,
                   int      *out,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sql_error (self, rc, _("reading the schema version"), error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *out = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* ---- GObject -------------------------------------------------------------------- */

static void
cg_store_finalize (GObject *object)
{
  CgStore *self = CG_STORE (object);

  g_clear_pointer (&self->stmts, g_hash_table_unref);   /* finalizes the statements */
  g_clear_pointer (&self->streets, g_hash_table_unref);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("Closing %s: %s", self->path, sqlite3_errstr (rc));
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cg_store_parent_class)->finalize (object);
}

static void
cg_store_class_init (CgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cg_store_finalize;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cg_store_init (CgStore *self)
{
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);
  self->fail_after = -1;
  self->batch_bulk = SPATIAL_BATCH_BULK;
  self->batch_small = SPATIAL_BATCH_SMALL;
  self->changes_kept = CG_STORE_CHANGES_KEPT;
}

/* ---- open and migrate ----------------------------------------------------------- */

static gboolean
migrate (CgStore  *self,
         int       target,
         GError  **error)
{
  const CgStoreMigration *migrations;
  guint n_migrations;

  migrations = _cg_store_get_migrations (&n_migrations);

  for (guint i = 0; i < n_migrations && migrations[i].version <= target; i++)
    {
      const CgStoreMigration *m = &migrations[i];
      int version;

      if (!read_user_version (self, &version, error))
        return FALSE;
      if (version >= m->version)
        continue;

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another connection may have migrated while we waited for the lock. */
      if (!read_user_version (self, &version, error))
        {
          rollback (self);
          return FALSE;
        }
      if (version >= m->version)
        {
          rollback (self);
          continue;
        }
      g_assert (version == m->version - 1);

      g_debug ("Migrating %s from schema %d to %d", self->path, version, m->version);
      if (!exec_sql (self, m->sql, error) || !exec_sql (self, "COMMIT", error))
        {
          rollback (self);
          g_prefix_error (error, _("Upgrading the cache to schema %d failed: "), m->version);
          return FALSE;
        }
    }

  return TRUE;
}

static CgStore *
open_store (const char  *path,
            int          target_version,
            GError     **error)
{
  g_autoptr(CgStore) self = NULL;
  sqlite3 *db = NULL;
  int version;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_OPEN,
                   _("Cannot open the cache “%s”: %s"), path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  self = g_object_new (CG_TYPE_STORE, NULL);
  self->db = db;
  self->path = g_strdup (path);

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  if (!_cg_search_register (db))
    {
      set_sql_error (self, sqlite3_errcode (db), _("registering the search function"), error);
      return NULL;
    }

  /* The first read also tells a database from any other file. */
  if (!read_user_version (self, &version, error))
    return NULL;

  if (version > CG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_TOO_NEW,
                   _("The cache “%s” was written by a newer version of the application "
                     "(schema %d; this version knows up to %d)"),
                   path, version, CG_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (!set_wal_mode (self, error) ||
      !exec_sql (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (self, "PRAGMA journal_size_limit = 67108864", error) ||
      !exec_sql (self, "PRAGMA mmap_size = 268435456", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, target_version, error) ||
      !read_user_version (self, &self->schema, error))
    return NULL;

  g_debug ("Opened %s (schema %d)", path, self->schema);
  return g_steal_pointer (&self);
}

CgStore *
cg_store_open (const char  *path,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_store (path, CG_STORE_SCHEMA_VERSION, error);
}

gboolean
cg_store_set_mmap_size (CgStore  *self,
                        gint64    bytes,
                        GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (bytes >= 0, FALSE);

  /* a pragma takes no bound parameter: an integer formatted here */
  sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT, bytes);
  return exec_sql (self, sql, error);
}

CgStore *
_cg_store_open_at_version (const char  *path,
                           int          version,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= CG_STORE_SCHEMA_VERSION, NULL);

  return open_store (path, version, error);
}

sqlite3 *
_cg_store_get_db (CgStore *self)
{
  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  return self->db;
}

void
_cg_store_set_read_error (CgStore     *self,
                          const char  *what,
                          GError     **error)
{
  g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
               _("Cache error in “%s” (%s): %s"),
               cg_store_get_path (self), what, sqlite3_errmsg (_cg_store_get_db (self)));
}

sqlite3_stmt *
_cg_store_prepare (CgStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_cg_store_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _cg_store_set_read_error (self, _("reading"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

void
_cg_store_bind_text (sqlite3_stmt *stmt,
                     int           i,
                     const char   *str)
{
  if (str == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, str, -1, SQLITE_TRANSIENT);
}

CgStore *
_cg_store_open_for_task (GTask      *task,
                         const char *path)
{
  g_autoptr(GError) error = NULL;
  CgStore *store;

  if (g_task_return_error_if_cancelled (task))
    return NULL;
  store = cg_store_open (path, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  return store;
}

void
_cg_store_set_changes_kept (CgStore *self,
                            gint64   n_rows)
{
  g_return_if_fail (CG_IS_STORE (self));
  g_return_if_fail (n_rows >= 0);

  self->changes_kept = n_rows;
}

void
_cg_store_set_fail_after (CgStore *self,
                          int      n_records)
{
  g_return_if_fail (CG_IS_STORE (self));

  self->fail_after = n_records;
}

void
_cg_store_set_spatial_batch (CgStore *self,
                             int      bulk,
                             int      small)
{
  g_return_if_fail (CG_IS_STORE (self));

  self->batch_bulk = MAX (bulk, 0);
  self->batch_small = MAX (small, 0);
}

const char *
cg_store_get_path (CgStore *self)
{
  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  return self->path;
}

int
cg_store_get_schema_version (CgStore *self)
{
  int version = -1;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), -1);

  if (!read_user_version (self, &version, &error))
    g_warning ("%s", error->message);
  return version;
}

/* ---- writing -------------------------------------------------------------------- */

/* The indexed text of place @id as it is now: *found = FALSE when there is no such row. */
typedef struct
{
  gboolean  found;
  gint64    pk;
  char     *text[3];    /* name, address, licence_no */
} OldText;

static void
old_text_clear (OldText *old)
{
  for (guint i = 0; i < G_N_ELEMENTS (old->text); i++)
    g_clear_pointer (&old->text[i], g_free);
}

static gboolean
read_old_text (CgStore       *self,
               CgCollection   collection,
               const char    *id,
               OldText       *old,
               GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, place_old_text_sql[collection], error);
  int rc;

  memset (old, 0, sizeof *old);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      old->found = TRUE;
      old->pk = sqlite3_column_int64 (stmt, 0);
      for (int i = 0; i < 3; i++)
        old->text[i] = column_strdup (stmt, i + 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sql_error (self, rc, _("reading a place"), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_place (CgStore       *self,
             CgCollection   collection,
             const CgPlace *p,
             GError       **error)
{
  const char *sql = self->schema >= 3 ? place_upsert_sql[collection]
                                       : place_upsert_v1_sql[collection];
  sqlite3_stmt *stmt;
  OldText old = { 0 };
  gboolean ok;

  /* schema 4: the search index follows the name, address and licence number */
  if (self->schema >= 4 && !read_old_text (self, collection, p->id, &old, error))
    return FALSE;

  stmt = get_stmt (self, sql, error);
  if (stmt == NULL)
    {
      old_text_clear (&old);
      return FALSE;
    }

  bind_text (stmt, 1, p->id);
  bind_real (stmt, 2, p->lon);
  bind_real (stmt, 3, p->lat);
  bind_text (stmt, 4, p->name);
  bind_text (stmt, 5, p->address);
  bind_text (stmt, 6, p->street_code);
  bind_text (stmt, 7, p->street_name);
  bind_text (stmt, 8, p->category);
  sqlite3_bind_int (stmt, 9, p->risk);
  bind_text (stmt, 10, p->licence_no);
  sqlite3_bind_int64 (stmt, 11, p->updated_at);
  bind_text (stmt, 12, p->stage);
  bind_real (stmt, 13, p->noise_db);
  bind_real (stmt, 14, p->pm10);
  sqlite3_bind_int (stmt, 15, p->has_camera ? 1 : 0);
  bind_text (stmt, 16, p->scenario);
  bind_text (stmt, 17, p->status);
  ok = step_done (self, stmt, error);

  if (ok && self->schema >= 4)
    {
      gint64 pk = old.found ? old.pk : sqlite3_last_insert_rowid (self->db);

      ok = _cg_search_index_place (self, collection, pk,
                                   old.found ? (const char **) old.text : NULL, p, error);
    }
  old_text_clear (&old);
  return ok;
}

static gboolean
write_inspection (CgStore            *self,
                  const CgInspection *r,
                  GError            **error)
{
  sqlite3_stmt *stmt = get_stmt (self, inspection_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, r->id);
  bind_text (stmt, 2, r->target_type);
  bind_text (stmt, 3, r->target_id);
  bind_text (stmt, 4, r->officer_id);
  sqlite3_bind_int64 (stmt, 5, r->inspected_at);
  bind_text (stmt, 6, r->kind);
  bind_text (stmt, 7, r->result);
  bind_text (stmt, 8, r->street_code);
  sqlite3_bind_int64 (stmt, 9, r->updated_at);
  return step_done (self, stmt, error);
}

static gboolean
write_case (CgStore       *self,
            const CgCase  *r,
            GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, case_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, r->id);
  bind_text (stmt, 2, r->case_no);
  bind_text (stmt, 3, r->type);
  bind_text (stmt, 4, r->cause);
  bind_text (stmt, 5, r->procedure);
  bind_text (stmt, 6, r->stage);
  sqlite3_bind_int64 (stmt, 7, r->filed_at);
  sqlite3_bind_int64 (stmt, 8, r->due_at);
  sqlite3_bind_int64 (stmt, 9, r->closed_at);
  sqlite3_bind_double (stmt, 10, isfinite (r->fine) ? r->fine : 0.0);
  sqlite3_bind_int (stmt, 11, r->exempt ? 1 : 0);
  sqlite3_bind_int (stmt, 12, r->non_site ? 1 : 0);
  bind_text (stmt, 13, r->street_code);
  bind_real (stmt, 14, r->lon);
  bind_real (stmt, 15, r->lat);
  bind_text (stmt, 16, r->officer_id);
  bind_text (stmt, 17, r->target_id);
  sqlite3_bind_int64 (stmt, 18, r->published_at);
  sqlite3_bind_int64 (stmt, 19, r->discovered_at);
  sqlite3_bind_int64 (stmt, 20, r->reviewed_at);
  sqlite3_bind_int64 (stmt, 21, r->executed_at);
  sqlite3_bind_int64 (stmt, 22, r->updated_at);
  return step_done (self, stmt, error);
}

static gboolean
write_officer (CgStore         *self,
               const CgOfficer *r,
               GError         **error)
{
  sqlite3_stmt *stmt = get_stmt (self, officer_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, r->id);
  bind_text (stmt, 2, r->name);
  bind_text (stmt, 3, r->squad_id);
  bind_text (stmt, 4, r->squad_name);
  bind_text (stmt, 5, r->street_code);
  bind_text (stmt, 6, r->role);
  if (r->traccar_device_id >= 0)
    sqlite3_bind_int64 (stmt, 7, r->traccar_device_id);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_int64 (stmt, 8, r->updated_at);
  return step_done (self, stmt, error);
}

static gboolean
write_complaint (CgStore           *self,
                 const CgComplaint *r,
                 GError           **error)
{
  sqlite3_stmt *stmt = get_stmt (self, complaint_upsert_sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, r->id);
  bind_text (stmt, 2, r->service_code);
  bind_text (stmt, 3, r->service_name);
  bind_text (stmt, 4, r->description);
  bind_text (stmt, 5, r->status);
  bind_text (stmt, 6, r->status_notes);
  bind_text (stmt, 7, r->agency_responsible);
  sqlite3_bind_int64 (stmt, 8, r->requested_at);
  sqlite3_bind_int64 (stmt, 9, r->updated_at);
  sqlite3_bind_int64 (stmt, 10, r->expected_at);
  bind_text (stmt, 11, r->address);
  bind_real (stmt, 12, r->lon);
  bind_real (stmt, 13, r->lat);
  bind_text (stmt, 14, r->street_code);
  bind_text (stmt, 15, r->matter_id);
  sqlite3_bind_int (stmt, 16, r->repeat_count);
  sqlite3_bind_int (stmt, 17, r->satisfaction);
  sqlite3_bind_int64 (stmt, 18, r->deadline_at);
  sqlite3_bind_int64 (stmt, 19, r->responded_at);
  return step_done (self, stmt, error);
}

static gboolean
delete_record (CgStore       *self,
               CgCollection   collection,
               const char    *id,
               GError       **error)
{
  sqlite3_stmt *stmt;
  OldText old = { 0 };
  gboolean ok;

  if (cg_collection_is_place (collection) && self->schema >= 4)
    {
      if (!read_old_text (self, collection, id, &old, error))
        return FALSE;
      if (!old.found)
        return TRUE;   /* a tombstone for a place we never had */
    }

  stmt = get_stmt (self, delete_sql[collection], error);
  if (stmt == NULL)
    {
      old_text_clear (&old);
      return FALSE;
    }
  bind_text (stmt, 1, id);
  ok = step_done (self, stmt, error);
  if (ok && old.found)
    ok = _cg_search_index_place (self, collection, old.pk, (const char **) old.text, NULL,
                                 error);
  old_text_clear (&old);
  return ok;
}

/* Every record type starts with { char *id; gboolean deleted; }. */
typedef struct
{
  char     *id;
  gboolean  deleted;
} RecordHead;

static gboolean
write_record (CgStore       *self,
              CgCollection   collection,
              gconstpointer  record,
              GError       **error)
{
  const RecordHead *head = record;

  if (head->deleted)
    return delete_record (self, collection, head->id, error);

  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:
    case CG_COLLECTION_SITES:
    case CG_COLLECTION_POINTS:
      return write_place (self, collection, record, error);
    case CG_COLLECTION_OFFICERS:
      return write_officer (self, record, error);
    case CG_COLLECTION_INSPECTIONS:
      return write_inspection (self, record, error);
    case CG_COLLECTION_CASES:
      return write_case (self, record, error);
    case CG_COLLECTION_COMPLAINTS:
      return write_complaint (self, record, error);
    case CG_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* Moves up to @limit queued rows of a place table into its R*Tree; in the caller's
 * transaction. */
static gboolean
index_pending (CgStore       *self,
               CgCollection   collection,
               gint64         limit,
               gint64        *n_indexed,
               GError       **error)
{
  sqlite3_stmt *fill = get_stmt (self, rtree_fill_sql[collection], error);
  sqlite3_stmt *dequeue;

  *n_indexed = 0;
  if (fill == NULL)
    return FALSE;
  sqlite3_bind_int64 (fill, 1, limit);
  if (!step_done (self, fill, error))
    return FALSE;

  dequeue = get_stmt (self, rtree_dequeue_sql[collection], error);
  if (dequeue == NULL)
    return FALSE;
  sqlite3_bind_int64 (dequeue, 1, limit);
  if (!step_done (self, dequeue, error))
    return FALSE;
  *n_indexed = sqlite3_changes (self->db);
  return TRUE;
}

gboolean
cg_store_update_spatial_index (CgStore  *self,
                               GError  **error)
{
  gint64 start = g_get_monotonic_time ();
  gint64 total = 0;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);

  if (self->schema < 3)
    return TRUE;

  for (CgCollection c = CG_COLLECTION_MERCHANTS; c <= CG_COLLECTION_POINTS; c++)
    {
      gint64 n;

      do
        {
          if (!exec_sql (self, "BEGIN IMMEDIATE", error))
            return FALSE;
          if (!index_pending (self, c, SPATIAL_BATCH_FULL, &n, error) ||
              !exec_sql (self, "COMMIT", error))
            {
              rollback (self);
              return FALSE;
            }
          total += n;
        }
      while (n == SPATIAL_BATCH_FULL);
    }

  g_debug ("Spatial index: %" G_GINT64_FORMAT " rows indexed in %.1f ms", total,
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

gboolean
cg_store_apply_page (CgStore       *self,
                     CgCollection   collection,
                     GPtrArray     *records,
                     const char    *new_cursor,
                     const char    *etag,
                     guint          n_skipped,
                     GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 start = g_get_monotonic_time ();
  guint n_deleted = 0;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < CG_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      const RecordHead *head = g_ptr_array_index (records, i);

      if (self->fail_after >= 0 && i == (guint) self->fail_after)
        {
          self->fail_after = -1;
          g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
                       "Forced failure after %u records (test hook)", i);
          goto fail;
        }

      if (!write_record (self, collection, head, error))
        {
          g_prefix_error (error, _("Record %u (id “%s”) of %s: "), i,
                          head->id ? head->id : "", cg_collection_to_string (collection));
          goto fail;
        }
      n_deleted += head->deleted ? 1 : 0;
    }

  if (cg_collection_is_place (collection) && self->schema >= 3)
    {
      gint64 n_indexed;

      int batch = records->len >= SPATIAL_BULK_PAGE ? self->batch_bulk : self->batch_small;

      if (batch > 0 && !index_pending (self, collection, batch, &n_indexed, error))
        goto fail;
    }

  if (((collection == CG_COLLECTION_CASES || collection == CG_COLLECTION_COMPLAINTS ||
        collection == CG_COLLECTION_INSPECTIONS) && self->schema >= 7) ||
      ((collection == CG_COLLECTION_MERCHANTS || collection == CG_COLLECTION_SITES) &&
       self->schema >= 8))
    {
      stmt = get_stmt (self, collection == CG_COLLECTION_INSPECTIONS ?
                             prune_inspection_changes_sql :
                             collection == CG_COLLECTION_CASES ||
                             collection == CG_COLLECTION_COMPLAINTS ?
                             prune_changes_sql : prune_place_changes_sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, self->changes_kept);
      if (!step_done (self, stmt, error))
        goto fail;
    }

  stmt = get_stmt (self, sync_success_sql, error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, cg_collection_to_string (collection));
  bind_text (stmt, 2, new_cursor);
  bind_text (stmt, 3, etag);
  sqlite3_bind_int64 (stmt, 4, now_unix ());
  sqlite3_bind_int64 (stmt, 5, n_skipped);
  if (!step_done (self, stmt, error))
    goto fail;

  if (!exec_sql (self, "COMMIT", error))
    goto fail;

  g_debug ("Applied a page of %s: %u records (%u deleted), %u skipped, cursor %s, %.1f ms",
           cg_collection_to_string (collection), records->len, n_deleted, n_skipped,
           new_cursor ? new_cursor : "(unchanged)",
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;

fail:
  rollback (self);
  g_debug ("Page of %s rolled back", cg_collection_to_string (collection));
  return FALSE;
}

gboolean
cg_store_record_failure (CgStore       *self,
                         CgCollection   collection,
                         const char    *message,
                         GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < CG_N_COLLECTIONS, FALSE);

  stmt = get_stmt (self, sync_failure_sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, cg_collection_to_string (collection));
  sqlite3_bind_int64 (stmt, 2, now_unix ());
  bind_text (stmt, 3, message ? message : "");
  g_debug ("Failure recorded for %s: %s", cg_collection_to_string (collection), message);
  return step_done (self, stmt, error);
}

void
cg_sync_state_clear (CgSyncState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->cursor, g_free);
  g_clear_pointer (&state->etag, g_free);
  g_clear_pointer (&state->last_error, g_free);
}

gboolean
cg_store_get_sync_state (CgStore       *self,
                         CgCollection   collection,
                         CgSyncState   *out,
                         GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < CG_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->collection = collection;

  stmt = get_stmt (self, sync_select_sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, cg_collection_to_string (collection));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->cursor = column_strdup (stmt, 0);
      out->etag = column_strdup (stmt, 1);
      out->last_success = sqlite3_column_int64 (stmt, 2);
      out->last_attempt = sqlite3_column_int64 (stmt, 3);
      out->last_error = column_strdup (stmt, 4);
      out->n_skipped = sqlite3_column_int64 (stmt, 5);
    }
  else if (rc != SQLITE_DONE)
    {
      set_sql_error (self, rc, _("reading the sync state"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
cg_store_reset (CgStore  *self,
                GError  **error)
{
  g_return_val_if_fail (CG_IS_STORE (self), FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!exec_sql (self, reset_sql, error) ||
      (self->schema >= 4 && !exec_sql (self, reset_search_sql, error)) ||
      !exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  g_debug ("Reset %s", self->path);
  return TRUE;
}

/* ---- reading -------------------------------------------------------------------- */

gboolean
cg_store_count (CgStore       *self,
                CgCollection   collection,
                gint64        *out_count,
                GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < CG_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  stmt = get_stmt (self, count_sql[collection], error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sql_error (self, rc, _("counting"), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Columns as in MAP_COLS */
static void
read_map_point (sqlite3_stmt *stmt,
                CgCollection  collection,
                GHashTable   *streets,
                CgMapPoint   *mp)
{
  const char *street_code;

  mp->rowid = sqlite3_column_int64 (stmt, 0);
  mp->lon = sqlite3_column_double (stmt, 1);
  mp->lat = sqlite3_column_double (stmt, 2);
  mp->collection = collection;
  mp->risk = sqlite3_column_int (stmt, 3);
  mp->flags = 0;
  mp->street = 0;
  mp->category = cg_poi_category_from_string (collection,
                                              (const char *) sqlite3_column_text (stmt, 4));

  if (collection == CG_COLLECTION_POINTS)
    {
      const char *category = (const char *) sqlite3_column_text (stmt, 4);
      const char *status = (const char *) sqlite3_column_text (stmt, 6);

      if (g_strcmp0 (category, "camera") == 0)
        mp->flags |= CG_MAP_POINT_CAMERA;
      if (g_strcmp0 (status, "active") != 0)
        mp->flags |= CG_MAP_POINT_OFFLINE;
    }
  else if (collection == CG_COLLECTION_SITES)
    {
      if (sqlite3_column_int (stmt, 5))
        mp->flags |= CG_MAP_POINT_CAMERA;
    }

  if (streets != NULL &&
      (street_code = (const char *) sqlite3_column_text (stmt, 7)) != NULL)
    mp->street = GPOINTER_TO_UINT (g_hash_table_lookup (streets, street_code));
}

static gboolean
read_map_points (CgStore      *self,
                 const char  **sqls,
                 gboolean      bbox,
                 const double  box[4],
                 GArray       *out,
                 GPtrArray    *out_ids,
                 GError      **error)
{
  gboolean ok = FALSE;

  /* One read transaction: the three tables from the same snapshot. */
  if (!exec_sql (self, "BEGIN", error))
    return FALSE;

  for (CgCollection c = CG_COLLECTION_MERCHANTS; c <= CG_COLLECTION_POINTS; c++)
    {
      sqlite3_stmt *stmt = get_stmt (self, sqls[c], error);
      int rc;

      if (stmt == NULL)
        goto out;

      if (bbox)
        for (int i = 0; i < 4; i++)
          sqlite3_bind_double (stmt, i + 1, box[i]);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CgMapPoint mp;

          read_map_point (stmt, c, self->streets, &mp);
          g_array_append_val (out, mp);
          if (out_ids != NULL)
            g_ptr_array_add (out_ids, column_strdup (stmt, 8));
        }
      if (rc != SQLITE_DONE)
        {
          set_sql_error (self, rc, _("reading places"), error);
          sqlite3_reset (stmt);
          goto out;
        }
      sqlite3_reset (stmt);
    }
  ok = TRUE;

out:
  if (ok)
    ok = exec_sql (self, "COMMIT", error);
  if (!ok)
    rollback (self);
  return ok;
}

GArray *
cg_store_load_map_points (CgStore             *self,
                          const char * const  *street_codes,
                          GError             **error)
{
  return cg_store_load_map_points_full (self, street_codes, NULL, error);
}

GArray *
cg_store_load_map_points_full (CgStore             *self,
                               const char * const  *street_codes,
                               GPtrArray          **out_ids,
                               GError             **error)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  g_clear_pointer (&self->streets, g_hash_table_unref);
  if (street_codes != NULL)
    {
      self->streets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; street_codes[i] != NULL && i < G_MAXUINT8; i++)
        if (!g_hash_table_contains (self->streets, street_codes[i]))
          g_hash_table_insert (self->streets, g_strdup (street_codes[i]),
                               GUINT_TO_POINTER (i + 1));
    }

  points = g_array_new (FALSE, FALSE, sizeof (CgMapPoint));
  if (out_ids != NULL)
    ids = g_ptr_array_new_with_free_func (g_free);
  if (!read_map_points (self, map_sql, FALSE, NULL, points, ids, error))
    return NULL;
  if (out_ids != NULL)
    *out_ids = g_steal_pointer (&ids);

  g_debug ("Loaded %u map points in %.1f ms", points->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return g_steal_pointer (&points);
}

GArray *
cg_store_query_bbox (CgStore  *self,
                     double    min_lon,
                     double    min_lat,
                     double    max_lon,
                     double    max_lat,
                     GError  **error)
{
  g_autoptr(GArray) points = NULL;
  double box[4] = { min_lon, min_lat, max_lon, max_lat };

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  points = g_array_new (FALSE, FALSE, sizeof (CgMapPoint));
  if (!read_map_points (self, bbox_sql, TRUE, box, points, NULL, error))
    return NULL;
  return g_steal_pointer (&points);
}

/* Columns as in "pk, " PLACE_COLS */
static CgPlace *
read_place (sqlite3_stmt *stmt)
{
  CgPlace *p = cg_place_new ();

  p->id = column_strdup (stmt, 1);
  p->lon = sqlite3_column_double (stmt, 2);
  p->lat = sqlite3_column_double (stmt, 3);
  p->name = column_strdup (stmt, 4);
  p->address = column_strdup (stmt, 5);
  p->street_code = column_strdup (stmt, 6);
  p->street_name = column_strdup (stmt, 7);
  p->category = column_strdup (stmt, 8);
  p->risk = CLAMP (sqlite3_column_int (stmt, 9), CG_RISK_UNKNOWN, CG_RISK_HIGH);
  p->licence_no = column_strdup (stmt, 10);
  p->updated_at = sqlite3_column_int64 (stmt, 11);
  p->stage = column_strdup (stmt, 12);
  p->noise_db = column_real (stmt, 13);
  p->pm10 = column_real (stmt, 14);
  p->has_camera = sqlite3_column_int (stmt, 15) != 0;
  p->scenario = column_strdup (stmt, 16);
  p->status = column_strdup (stmt, 17);
  return p;
}

static CgPlace *
get_place (CgStore       *self,
           const char    *sql,
           gboolean       by_id,
           gint64         rowid,
           const char    *id,
           GError       **error)
{
  sqlite3_stmt *stmt = get_stmt (self, sql, error);
  CgPlace *place = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  if (by_id)
    bind_text (stmt, 1, id);
  else
    sqlite3_bind_int64 (stmt, 1, rowid);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    place = read_place (stmt);
  else if (rc != SQLITE_DONE)
    set_sql_error (self, rc, _("reading a place"), error);
  sqlite3_reset (stmt);
  return place;
}

CgPlace *
cg_store_get_place (CgStore       *self,
                    CgCollection   collection,
                    gint64         rowid,
                    GError       **error)
{
  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (cg_collection_is_place (collection), NULL);

  return get_place (self, place_by_pk_sql[collection], FALSE, rowid, NULL, error);
}

CgPlace *
cg_store_get_place_by_id (CgStore       *self,
                          CgCollection   collection,
                          const char    *id,
                          GError       **error)
{
  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (cg_collection_is_place (collection), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_place (self, place_by_id_sql[collection], TRUE, 0, id, error);
}

GPtrArray *
cg_store_load_officers (CgStore     *self,
                        const char  *street_code,
                        GError     **error)
{
  g_autoptr(GPtrArray) officers = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = get_stmt (self, officers_select_sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, street_code);

  officers = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_officer_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgOfficer *o = cg_officer_new ();

      o->id = column_strdup (stmt, 0);
      o->name = column_strdup (stmt, 1);
      o->squad_id = column_strdup (stmt, 2);
      o->squad_name = column_strdup (stmt, 3);
      o->street_code = column_strdup (stmt, 4);
      o->role = column_strdup (stmt, 5);
      if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
        o->traccar_device_id = sqlite3_column_int64 (stmt, 6);
      o->updated_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (officers, o);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, rc, _("reading the officers"), error);
      g_clear_pointer (&officers, g_ptr_array_unref);
    }
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);

  return g_steal_pointer (&officers);
}

gboolean
cg_store_check_integrity (CgStore  *self,
                          GError  **error)
{
  g_autoptr(GString) problems = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sql_error (self, rc, _("checking integrity"), error);
      return FALSE;
    }

  problems = g_string_new (NULL);
  for (guint n = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; n++)
    {
      const char *row = (const char *) sqlite3_column_text (stmt, 0);

      if (n == 0 && g_strcmp0 (row, "ok") == 0)
        ok = TRUE;
      else if (n < 5)
        g_string_append_printf (problems, "%s%s", n ? "; " : "", row ? row : "");
    }

  if (rc != SQLITE_DONE)
    {
      set_sql_error (self, rc, _("checking integrity"), error);
      ok = FALSE;
    }
  else if (!ok)
    g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_CORRUPT,
                 _("The cache “%s” is damaged: %s"), self->path, problems->str);

  sqlite3_finalize (stmt);
  return ok;
}

char *
cg_store_stats_to_json (CgStore  *self,
                        GError  **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 skipped[CG_N_COLLECTIONS];

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  if (!exec_sql (self, "BEGIN", error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  for (CgCollection c = 0; c < CG_N_COLLECTIONS; c++)
    {
      CgSyncState state;
      gint64 n;

      if (!cg_store_count (self, c, &n, error) ||
          !cg_store_get_sync_state (self, c, &state, error))
        {
          rollback (self);
          return NULL;
        }
      skipped[c] = state.n_skipped;
      cg_sync_state_clear (&state);

      json_builder_set_member_name (builder, cg_collection_to_string (c));
      json_builder_add_int_value (builder, n);
    }
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_object (builder);
  for (CgCollection c = 0; c < CG_N_COLLECTIONS; c++)
    {
      json_builder_set_member_name (builder, cg_collection_to_string (c));
      json_builder_add_int_value (builder, skipped[c]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (!exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return NULL;
    }

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
