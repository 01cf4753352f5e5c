/* cg-store-rows-cache.h — the cases and complaints of a cache, kept between refreshes
 *
 * Copyright 2026 Chengguan Command contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-indicators.h"
#include "cg-store.h"

G_BEGIN_DECLS

typedef enum
{
  CG_ROWS_CASES,
  CG_ROWS_COMPLAINTS,
  CG_ROWS_N_KINDS
} CgRowsKind;

/* A case as the dashboard reads it. Strings are interned in the cache (compare pointers
 * with _cg_rows_cache_intern()'s), NULL when the column is. */
typedef struct
{
  CgCaseFacts  f;
  double       fine;
  gint64       published_at;
  gint64       pk;
  const char  *type;
  const char  *cause;
  const char  *procedure;
  const char  *stage;
  const char  *street;
  guint32      cause_ix;     /* the string's number (_cg_rows_cache_string()), 0 for NULL */
  gboolean     exempt;
} CgCaseRow;

/* A complaint as the dashboard reads it: its facts for the formulas (closed_at: updated_at
 * of a closed one, else 0; matter_id interned), then the rest */
typedef struct
{
  CgComplaintFacts f;
  gint64       responded_at;
  gint64       pk;
  const char  *service;
  const char  *service_name;
  const char  *street;
  guint32      matter_ix;    /* the matter's number (1 .. n_matters - 1), 0 for NULL */
  guint32      service_ix;   /* the strings' numbers (_cg_rows_cache_string()), 0 for NULL */
  guint32      street_ix;
} CgComplaintRow;

/* Every row of the collection: cases by pk, complaints by (requested_at, pk). One per kind
 * is kept in memory (for the last cache path asked) and given again while the
 * collection's generation (migration 6: bumped by triggers on every write to the table) is
 * the one it was read with. Otherwise, when no one else holds it, the change log
 * (migration 7) has every change since and they are at most a fifth of the rows, only the
 * changed rows are read and applied in place; else every row is read again. The strings
 * and matter numbers of rows changed or removed stay (unused) until a full read.
 * Thread-safe; immutable once returned (until its last other holder drops it). */
typedef struct _CgRowsCache CgRowsCache;

struct _CgRowsCache
{
  gatomicrefcount  ref_count;
  CgRowsKind       kind;
  char            *path;
  gint64           generation;
  GArray          *rows;       /* CgCaseRow (by pk) or CgComplaintRow (by time, pk) */
  GStringChunk    *strings;
  GHashTable      *interned;   /* string -> its number (index in by_ix) */
  GPtrArray       *by_ix;      /* number -> copy in strings; [0] is NULL */
  GHashTable      *matters;    /* complaints: matter (interned) -> its number */
  guint            n_matters;  /* complaints: numbers of the matters, 0 for none */
  gint64           seq;        /* the last change (data_changes, migration 7) in rows */
};

/* Call inside a read transaction of @store, so the generation and the rows agree. */
CgRowsCache  *_cg_rows_cache_get          (CgStore      *store,
                                           CgRowsKind    kind,
                                           GError      **error);
CgRowsCache  *_cg_rows_cache_ref          (CgRowsCache  *cache);
void          _cg_rows_cache_unref        (CgRowsCache  *cache);
/* The cache's copy of @str; NULL when no row read holds it (or @str is NULL) */
const char   *_cg_rows_cache_intern       (CgRowsCache  *cache,
                                           const char   *str);
/* The string numbered @ix (1 .. n_strings - 1); NULL for 0 */
#define _cg_rows_cache_string(cache, ix) ((const char *) g_ptr_array_index ((cache)->by_ix, (ix)))
#define _cg_rows_cache_n_strings(cache) ((cache)->by_ix->len)
/* How many times rows were read from the database, per kind, all of them or the changed
 * ones (tests) */
guint         _cg_rows_cache_get_n_loads  (CgRowsKind    kind);
/* How many times all the rows were read (tests) */
guint         _cg_rows_cache_get_n_full_loads (CgRowsKind kind);
/* Forgets the rows kept in memory (tests, benchmarks) */
void          _cg_rows_cache_clear        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgRowsCache, _cg_rows_cache_unref)

G_END_DECLS
