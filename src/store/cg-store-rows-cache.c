/* cg-store-rows-cache.c — the cases and complaints of a cache, kept between refreshes
 *
 * Copyright 2026 Chengguan Command contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "cg-store-private.h"
#include "cg-store-rows-cache.h"

static GMutex lock;
static CgRowsCache *kept[CG_ROWS_N_KINDS];   /* the last one read, per kind */
static guint n_loads[CG_ROWS_N_KINDS];

static const char * const generation_names[CG_ROWS_N_KINDS] = { "cases", "complaints" };

static const char generation_sql[] =
  "SELECT gen FROM data_generation WHERE name = ?1";

static const char cases_sql[] =
  "SELECT type, cause, procedure, stage, filed_at, due_at, closed_at, fine, exempt,"
  "       non_site, published_at, discovered_at, reviewed_at, executed_at, pk, street_code"
  " FROM cases ORDER BY pk";

/* by time, as the dashboards' range queries read them through complaints_requested.
 * Open311 has no closing time: a closed request's updated_datetime is taken as it */
static const char complaints_sql[] =
  "SELECT requested_at, CASE WHEN status = 'closed' THEN updated_at ELSE 0 END,"
  "       deadline_at, satisfaction, matter_id, repeat_count, service_code, service_name,"
  "       street_code, responded_at, pk"
  " FROM complaints ORDER BY requested_at, pk";

static void
set_error (CgStore     *store,
           const char  *what,
           GError     **error)
{
  g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
               _("Cache error in “%s” (%s): %s"),
               cg_store_get_path (store), what, sqlite3_errmsg (_cg_store_get_db (store)));
}

static sqlite3_stmt *
prepare (CgStore     *store,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_cg_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_error (store, _("reading"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

CgRowsCache *
_cg_rows_cache_ref (CgRowsCache *cache)
{
  g_atomic_ref_count_inc (&cache->ref_count);
  return cache;
}

void
_cg_rows_cache_unref (CgRowsCache *cache)
{
  if (cache == NULL || !g_atomic_ref_count_dec (&cache->ref_count))
    return;
  g_free (cache->path);
  g_clear_pointer (&cache->rows, g_array_unref);
  g_clear_pointer (&cache->interned, g_hash_table_unref);
  g_clear_pointer (&cache->by_ix, g_ptr_array_unref);
  g_clear_pointer (&cache->strings, g_string_chunk_free);
  g_free (cache);
}

guint
_cg_rows_cache_get_n_loads (CgRowsKind kind)
{
  guint n;

  g_return_val_if_fail (kind < CG_ROWS_N_KINDS, 0);
  g_mutex_lock (&lock);
  n = n_loads[kind];
  g_mutex_unlock (&lock);
  return n;
}

const char *
_cg_rows_cache_intern (CgRowsCache *cache,
                       const char  *str)
{
  guint ix = str != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (cache->interned, str)) : 0;

  return _cg_rows_cache_string (cache, ix);
}

static guint32
intern_ix (CgRowsCache  *cache,
           sqlite3_stmt *stmt,
           int           col)
{
  const char *str = (const char *) sqlite3_column_text (stmt, col);
  guint ix;

  if (str == NULL)
    return 0;
  ix = GPOINTER_TO_UINT (g_hash_table_lookup (cache->interned, str));
  if (ix == 0)
    {
      char *copy = g_string_chunk_insert (cache->strings, str);

      ix = cache->by_ix->len;
      g_ptr_array_add (cache->by_ix, copy);
      g_hash_table_insert (cache->interned, copy, GUINT_TO_POINTER (ix));
    }
  return ix;
}

static const char *
intern (CgRowsCache  *cache,
        sqlite3_stmt *stmt,
        int           col)
{
  guint32 ix = intern_ix (cache, stmt, col);   /* first: it may move by_ix's data */

  return _cg_rows_cache_string (cache, ix);
}

static gboolean
load_cases (CgStore      *store,
            CgRowsCache  *cache,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, cases_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cache->rows = g_array_new (FALSE, FALSE, sizeof (CgCaseRow));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgCaseRow r;

      r.type = intern (cache, stmt, 0);
      r.cause_ix = intern_ix (cache, stmt, 1);
      r.cause = _cg_rows_cache_string (cache, r.cause_ix);
      r.procedure = intern (cache, stmt, 2);
      r.stage = intern (cache, stmt, 3);
      r.f.filed_at = sqlite3_column_int64 (stmt, 4);
      r.f.due_at = sqlite3_column_int64 (stmt, 5);
      r.f.closed_at = sqlite3_column_int64 (stmt, 6);
      r.fine = sqlite3_column_double (stmt, 7);
      r.exempt = sqlite3_column_int (stmt, 8) != 0;
      r.f.non_site = sqlite3_column_int (stmt, 9) != 0;
      r.published_at = sqlite3_column_int64 (stmt, 10);
      r.f.discovered_at = sqlite3_column_int64 (stmt, 11);
      r.f.reviewed_at = sqlite3_column_int64 (stmt, 12);
      r.f.executed_at = sqlite3_column_int64 (stmt, 13);
      r.pk = sqlite3_column_int64 (stmt, 14);
      r.street = intern (cache, stmt, 15);
      g_array_append_val (cache->rows, r);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (store, _("reading cases"), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_complaints (CgStore      *store,
                 CgRowsCache  *cache,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (store, complaints_sql, error);
  g_autoptr(GHashTable) matters = g_hash_table_new (g_direct_hash, g_direct_equal);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cache->n_matters = 1;
  cache->rows = g_array_new (FALSE, FALSE, sizeof (CgComplaintRow));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgComplaintRow r;

      r.f.requested_at = sqlite3_column_int64 (stmt, 0);
      r.f.closed_at = sqlite3_column_int64 (stmt, 1);
      r.f.deadline_at = sqlite3_column_int64 (stmt, 2);
      r.f.satisfaction = sqlite3_column_int (stmt, 3);
      r.f.matter_id = intern (cache, stmt, 4);
      r.matter_ix = 0;
      if (r.f.matter_id != NULL)
        {
          /* a dense numbering of the matters alone: the dashboard's counts by matter */
          r.matter_ix = GPOINTER_TO_UINT (g_hash_table_lookup (matters, r.f.matter_id));
          if (r.matter_ix == 0)
            {
              r.matter_ix = cache->n_matters++;
              g_hash_table_insert (matters, (gpointer) r.f.matter_id, GUINT_TO_POINTER (r.matter_ix));
            }
        }
      r.f.repeat_count = sqlite3_column_int (stmt, 5);
      r.service_ix = intern_ix (cache, stmt, 6);
      r.service = _cg_rows_cache_string (cache, r.service_ix);
      r.service_name = intern (cache, stmt, 7);
      r.street_ix = intern_ix (cache, stmt, 8);
      r.street = _cg_rows_cache_string (cache, r.street_ix);
      r.responded_at = sqlite3_column_int64 (stmt, 9);
      r.pk = sqlite3_column_int64 (stmt, 10);
      g_array_append_val (cache->rows, r);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (store, _("reading complaints"), error);
      return FALSE;
    }
  return TRUE;
}

CgRowsCache *
_cg_rows_cache_get (CgStore     *store,
                    CgRowsKind   kind,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CgRowsCache) cache = NULL;
  const char *path = cg_store_get_path (store);
  gboolean memory = g_strcmp0 (path, ":memory:") == 0;
  gint64 generation;
  gboolean ok;

  g_return_val_if_fail (kind < CG_ROWS_N_KINDS, NULL);

  stmt = prepare (store, generation_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, generation_names[kind], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_error (store, _("reading"), error);
      return NULL;
    }
  generation = sqlite3_column_int64 (stmt, 0);

  /* an in-memory database is a new one for each connection: never kept */
  if (!memory)
    {
      g_mutex_lock (&lock);
      if (kept[kind] != NULL && kept[kind]->generation == generation &&
          g_strcmp0 (kept[kind]->path, path) == 0)
        cache = _cg_rows_cache_ref (kept[kind]);
      g_mutex_unlock (&lock);
      if (cache != NULL)
        return g_steal_pointer (&cache);
    }

  cache = g_new0 (CgRowsCache, 1);
  g_atomic_ref_count_init (&cache->ref_count);
  cache->kind = kind;
  cache->path = g_strdup (path);
  cache->generation = generation;
  cache->strings = g_string_chunk_new (4096);
  cache->interned = g_hash_table_new (g_str_hash, g_str_equal);
  cache->by_ix = g_ptr_array_new ();
  g_ptr_array_add (cache->by_ix, NULL);
  ok = kind == CG_ROWS_CASES ? load_cases (store, cache, error)
                             : load_complaints (store, cache, error);
  if (!ok)
    return NULL;

  g_mutex_lock (&lock);
  n_loads[kind]++;
  if (!memory)
    {
      g_clear_pointer (&kept[kind], _cg_rows_cache_unref);
      kept[kind] = _cg_rows_cache_ref (cache);
    }
  g_mutex_unlock (&lock);
  return g_steal_pointer (&cache);
}
