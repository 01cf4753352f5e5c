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
static guint n_loads[CG_ROWS_N_KINDS];        /* full or incremental */
static guint n_full_loads[CG_ROWS_N_KINDS];

static const char * const generation_names[CG_ROWS_N_KINDS] = { "cases", "complaints" };

static const char generation_sql[] =
  "SELECT gen FROM data_generation WHERE name = ?1";

/* the log's collection numbers (migration 7) */
static const int log_collections[CG_ROWS_N_KINDS] = { 1, 2 };

static const char seq_sql[] =
  "SELECT coalesce (MAX (seq), 0) FROM data_changes";

static const char n_changes_sql[] =
  "SELECT COUNT (*) FROM data_changes WHERE seq > ?1 AND collection = ?2";

static const char changed_sql[] =
  "SELECT DISTINCT pk FROM data_changes WHERE seq > ?1 AND collection = ?2";

#define CASES_COLS \
  "SELECT type, cause, procedure, stage, filed_at, due_at, closed_at, fine, exempt," \
  "       non_site, published_at, discovered_at, reviewed_at, executed_at, pk, street_code" \
  " FROM cases"

static const char cases_sql[] = CASES_COLS " ORDER BY pk";
static const char changed_cases_sql[] =
  CASES_COLS " WHERE pk IN (SELECT pk FROM data_changes WHERE seq > ?1 AND collection = 1)";

/* by time, as the dashboards' range queries read them through complaints_requested.
 * Open311 has no closing time: a closed request's updated_datetime is taken as it */
#define COMPLAINTS_COLS \
  "SELECT requested_at, CASE WHEN status = 'closed' THEN updated_at ELSE 0 END," \
  "       deadline_at, satisfaction, matter_id, repeat_count, service_code, service_name," \
  "       street_code, responded_at, pk" \
  " FROM complaints"

static const char complaints_sql[] = COMPLAINTS_COLS " ORDER BY requested_at, pk";
static const char changed_complaints_sql[] =
  COMPLAINTS_COLS " WHERE pk IN (SELECT pk FROM data_changes WHERE seq > ?1 AND collection = 2)";

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
  g_clear_pointer (&cache->matters, g_hash_table_unref);
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

guint
_cg_rows_cache_get_n_full_loads (CgRowsKind kind)
{
  guint n;

  g_return_val_if_fail (kind < CG_ROWS_N_KINDS, 0);
  g_mutex_lock (&lock);
  n = n_full_loads[kind];
  g_mutex_unlock (&lock);
  return n;
}

void
_cg_rows_cache_clear (void)
{
  CgRowsCache *old[CG_ROWS_N_KINDS];

  g_mutex_lock (&lock);
  for (guint k = 0; k < CG_ROWS_N_KINDS; k++)
    old[k] = g_steal_pointer (&kept[k]);
  g_mutex_unlock (&lock);
  for (guint k = 0; k < CG_ROWS_N_KINDS; k++)
    _cg_rows_cache_unref (old[k]);
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

static void
read_case (CgRowsCache  *cache,
           sqlite3_stmt *stmt,
           CgCaseRow    *r)
{
  r->type = intern (cache, stmt, 0);
  r->cause_ix = intern_ix (cache, stmt, 1);
  r->cause = _cg_rows_cache_string (cache, r->cause_ix);
  r->procedure = intern (cache, stmt, 2);
  r->stage = intern (cache, stmt, 3);
  r->f.filed_at = sqlite3_column_int64 (stmt, 4);
  r->f.due_at = sqlite3_column_int64 (stmt, 5);
  r->f.closed_at = sqlite3_column_int64 (stmt, 6);
  r->fine = sqlite3_column_double (stmt, 7);
  r->exempt = sqlite3_column_int (stmt, 8) != 0;
  r->f.non_site = sqlite3_column_int (stmt, 9) != 0;
  r->published_at = sqlite3_column_int64 (stmt, 10);
  r->f.discovered_at = sqlite3_column_int64 (stmt, 11);
  r->f.reviewed_at = sqlite3_column_int64 (stmt, 12);
  r->f.executed_at = sqlite3_column_int64 (stmt, 13);
  r->pk = sqlite3_column_int64 (stmt, 14);
  r->street = intern (cache, stmt, 15);
}

static void
read_complaint (CgRowsCache    *cache,
                sqlite3_stmt   *stmt,
                CgComplaintRow *r)
{
  r->f.requested_at = sqlite3_column_int64 (stmt, 0);
  r->f.closed_at = sqlite3_column_int64 (stmt, 1);
  r->f.deadline_at = sqlite3_column_int64 (stmt, 2);
  r->f.satisfaction = sqlite3_column_int (stmt, 3);
  r->f.matter_id = intern (cache, stmt, 4);
  r->matter_ix = 0;
  if (r->f.matter_id != NULL)
    {
      /* a dense numbering of the matters alone: the dashboard's counts by matter */
      r->matter_ix = GPOINTER_TO_UINT (g_hash_table_lookup (cache->matters, r->f.matter_id));
      if (r->matter_ix == 0)
        {
          r->matter_ix = cache->n_matters++;
          g_hash_table_insert (cache->matters, (gpointer) r->f.matter_id,
                               GUINT_TO_POINTER (r->matter_ix));
        }
    }
  r->f.repeat_count = sqlite3_column_int (stmt, 5);
  r->service_ix = intern_ix (cache, stmt, 6);
  r->service = _cg_rows_cache_string (cache, r->service_ix);
  r->service_name = intern (cache, stmt, 7);
  r->street_ix = intern_ix (cache, stmt, 8);
  r->street = _cg_rows_cache_string (cache, r->street_ix);
  r->responded_at = sqlite3_column_int64 (stmt, 9);
  r->pk = sqlite3_column_int64 (stmt, 10);
}

static void
read_row (CgRowsCache  *cache,
          sqlite3_stmt *stmt,
          gpointer      row)
{
  if (cache->kind == CG_ROWS_CASES)
    read_case (cache, stmt, row);
  else
    read_complaint (cache, stmt, row);
}

static gsize
row_size (CgRowsKind kind)
{
  return kind == CG_ROWS_CASES ? sizeof (CgCaseRow) : sizeof (CgComplaintRow);
}

static gint64
row_pk (CgRowsKind    kind,
        gconstpointer row)
{
  return kind == CG_ROWS_CASES ? ((const CgCaseRow *) row)->pk
                               : ((const CgComplaintRow *) row)->pk;
}

/* the rows' order: cases by pk, complaints by (requested_at, pk) */
static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  gint64 x = ((const CgCaseRow *) a)->pk, y = ((const CgCaseRow *) b)->pk;

  return (x > y) - (x < y);
}

static int
compare_complaints (gconstpointer a,
                    gconstpointer b)
{
  const CgComplaintRow *x = a, *y = b;

  if (x->f.requested_at != y->f.requested_at)
    return (x->f.requested_at > y->f.requested_at) - (x->f.requested_at < y->f.requested_at);
  return (x->pk > y->pk) - (x->pk < y->pk);
}

static gboolean
load_rows (CgStore      *store,
           CgRowsCache  *cache,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _cg_store_prepare (store, cache->kind == CG_ROWS_CASES ? cases_sql : complaints_sql, error);
  if (stmt == NULL)
    return FALSE;
  cache->rows = g_array_new (FALSE, FALSE, row_size (cache->kind));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_array_set_size (cache->rows, cache->rows->len + 1);
      read_row (cache, stmt, cache->rows->data + (gsize) (cache->rows->len - 1) * row_size (cache->kind));
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, cache->kind == CG_ROWS_CASES ? _("reading cases") : _("reading complaints"),
                 error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_int64 (CgStore     *store,
            const char  *sql,
            gint64       arg1,
            gint64       arg2,
            gint64      *out,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, arg1);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, arg2);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* below this many changes, never a full read: cheap whatever the collection's size */
#define MIN_CHANGES_FULL 256

/* a filter of the changed pks before the hash table: most rows are not */
#define BLOOM_BITS (1u << 20)
#define BLOOM_BIT(pk) ((guint32) ((guint64) (pk) & (BLOOM_BITS - 1)))

/* Applies the changes logged after cache->seq to @cache (kept by no one else):
 * the rows of the changed pks read again, in place when their position holds, else taken
 * out and merged back in order; the pks no longer in the table removed. FALSE with
 * *too_many set when the change set is too large to be worth it (the caller reads all). */
static gboolean
apply_changes (CgStore      *store,
               CgRowsCache  *cache,
               gboolean     *too_many,
               GError      **error)
{
  CgRowsKind kind = cache->kind;
  gsize size = row_size (kind);
  GCompareFunc compare = kind == CG_ROWS_CASES ? compare_cases : compare_complaints;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, size);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) where = NULL;   /* changed pk -> its fresh row's index + 1, 0 = gone */
  g_autofree guint8 *bloom = NULL;
  g_autofree gboolean *placed = NULL;
  guint n_inserted = 0;
  gint64 start = g_get_monotonic_time ();
  int rc;

  *too_many = FALSE;
  stmt = _cg_store_prepare (store, changed_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cache->seq);
  sqlite3_bind_int (stmt, 2, log_collections[kind]);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 pk = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (changed, pk);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return FALSE;
    }
  /* beyond a fifth of the rows a full read costs about the same */
  if (changed->len > MAX (cache->rows->len / 5, MIN_CHANGES_FULL))
    {
      *too_many = TRUE;
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _cg_store_prepare (store, kind == CG_ROWS_CASES ? changed_cases_sql : changed_complaints_sql,
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cache->seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_array_set_size (fresh, fresh->len + 1);
      read_row (cache, stmt, fresh->data + (gsize) (fresh->len - 1) * size);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return FALSE;
    }

  where = g_hash_table_new (g_int64_hash, g_int64_equal);
  bloom = g_malloc0 (BLOOM_BITS / 8);
  for (guint i = 0; i < changed->len; i++)
    {
      gint64 *pk = &g_array_index (changed, gint64, i);

      g_hash_table_insert (where, pk, GUINT_TO_POINTER (0));
      bloom[BLOOM_BIT (*pk) / 8] |= 1u << (BLOOM_BIT (*pk) % 8);
    }
  for (guint i = 0; i < fresh->len; i++)
    {
      gint64 pk = row_pk (kind, fresh->data + (gsize) i * size);
      gpointer key;

      if (g_hash_table_lookup_extended (where, &pk, &key, NULL))
        g_hash_table_insert (where, key, GUINT_TO_POINTER (i + 1));
    }
  placed = g_new0 (gboolean, fresh->len + 1);

  /* the old rows of the changed pks: replaced in place when the order holds, else out */
  for (guint i = 0; i < cache->rows->len; i++)
    {
      guint8 *row = (guint8 *) cache->rows->data + (gsize) i * size;
      gint64 pk = row_pk (kind, row);
      gpointer value;
      guint f;

      if (!(bloom[BLOOM_BIT (pk) / 8] & (1u << (BLOOM_BIT (pk) % 8))) ||
          !g_hash_table_lookup_extended (where, &pk, NULL, &value))
        continue;
      f = GPOINTER_TO_UINT (value);
      if (f != 0 && !placed[f - 1] && compare (fresh->data + (gsize) (f - 1) * size, row) == 0)
        {
          memcpy (row, fresh->data + (gsize) (f - 1) * size, size);
          placed[f - 1] = TRUE;
        }
      else
        g_array_append_val (removed, i);
    }

  if (removed->len > 0)
    {
      guint w = g_array_index (removed, guint, 0), next = 0;

      for (guint r = w; r < cache->rows->len; r++)
        {
          if (next < removed->len && g_array_index (removed, guint, next) == r)
            {
              next++;
              continue;
            }
          memcpy (cache->rows->data + (gsize) w * size, cache->rows->data + (gsize) r * size, size);
          w++;
        }
      g_array_set_size (cache->rows, w);
    }

  /* the rest of the fresh rows merged in, from the end */
  for (guint i = 0; i < fresh->len; i++)
    if (!placed[i])
      {
        if (n_inserted != i)
          memcpy (fresh->data + (gsize) n_inserted * size, fresh->data + (gsize) i * size, size);
        n_inserted++;
      }
  g_array_set_size (fresh, n_inserted);
  if (n_inserted > 0)
    {
      guint old_len = cache->rows->len;
      gint64 i = (gint64) old_len - 1, j = (gint64) n_inserted - 1, k;

      g_array_sort (fresh, compare);
      g_array_set_size (cache->rows, old_len + n_inserted);
      k = (gint64) cache->rows->len - 1;
      while (j >= 0)
        {
          gpointer a = i >= 0 ? cache->rows->data + (gsize) i * size : NULL;
          gpointer b = fresh->data + (gsize) j * size;

          if (a != NULL && compare (a, b) > 0)
            {
              memcpy (cache->rows->data + (gsize) k * size, a, size);
              i--;
            }
          else
            {
              memcpy (cache->rows->data + (gsize) k * size, b, size);
              j--;
            }
          k--;
        }
    }
  g_debug ("Dashboards: %s: %u changed rows applied (%u moved or new, %u out), %.1f ms",
           generation_names[kind], changed->len, n_inserted, removed->len,
           (g_get_monotonic_time () - start) / 1e3);
  return TRUE;
}

static CgRowsCache *
new_cache (CgRowsKind  kind,
           const char *path)
{
  CgRowsCache *cache = g_new0 (CgRowsCache, 1);

  g_atomic_ref_count_init (&cache->ref_count);
  cache->kind = kind;
  cache->path = g_strdup (path);
  cache->strings = g_string_chunk_new (4096);
  cache->interned = g_hash_table_new (g_str_hash, g_str_equal);
  cache->by_ix = g_ptr_array_new ();
  g_ptr_array_add (cache->by_ix, NULL);
  cache->matters = g_hash_table_new (g_direct_hash, g_direct_equal);
  cache->n_matters = 1;
  return cache;
}

CgRowsCache *
_cg_rows_cache_get (CgStore     *store,
                    CgRowsKind   kind,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CgRowsCache) cache = NULL;
  g_autoptr(CgRowsCache) old = NULL;
  const char *path = cg_store_get_path (store);
  gboolean memory = g_strcmp0 (path, ":memory:") == 0;
  gint64 generation, seq;
  gboolean full = FALSE;

  g_return_val_if_fail (kind < CG_ROWS_N_KINDS, NULL);

  stmt = _cg_store_prepare (store, generation_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, generation_names[kind], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return NULL;
    }
  generation = sqlite3_column_int64 (stmt, 0);
  if (!read_int64 (store, seq_sql, 0, 0, &seq, error))
    return NULL;

  /* an in-memory database is a new one for each connection: never kept */
  if (!memory)
    {
      g_mutex_lock (&lock);
      if (kept[kind] != NULL && g_strcmp0 (kept[kind]->path, path) == 0)
        {
          if (kept[kind]->generation == generation)
            cache = _cg_rows_cache_ref (kept[kind]);
          else if (g_atomic_ref_count_compare (&kept[kind]->ref_count, 1))
            old = g_steal_pointer (&kept[kind]);   /* no one else sees it: updated in place */
        }
      g_mutex_unlock (&lock);
      if (cache != NULL)
        return g_steal_pointer (&cache);
    }

  /* every write bumps the generation and logs its pk: when the log holds as many rows
   * after the cache's as the generation grew, they are all there */
  if (old != NULL)
    {
      gint64 n_changes;
      gboolean too_many = FALSE;

      if (!read_int64 (store, n_changes_sql, old->seq, log_collections[kind], &n_changes, error))
        return NULL;
      if (n_changes == generation - old->generation)
        {
          if (apply_changes (store, old, &too_many, error))
            {
              cache = g_steal_pointer (&old);
              cache->generation = generation;
              cache->seq = seq;
            }
          else if (!too_many)
            return NULL;
        }
    }

  if (cache == NULL)
    {
      g_clear_pointer (&old, _cg_rows_cache_unref);
      cache = new_cache (kind, path);
      cache->generation = generation;
      cache->seq = seq;
      if (!load_rows (store, cache, error))
        return NULL;
      full = TRUE;
    }

  g_mutex_lock (&lock);
  n_loads[kind]++;
  if (full)
    n_full_loads[kind]++;
  if (!memory)
    {
      g_clear_pointer (&kept[kind], _cg_rows_cache_unref);
      kept[kind] = _cg_rows_cache_ref (cache);
    }
  g_mutex_unlock (&lock);
  return g_steal_pointer (&cache);
}
