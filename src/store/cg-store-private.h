/* cg-store-private.h: internals of the SQLite cache shared by its files and its tests
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "cg-store.h"

G_BEGIN_DECLS

/* One schema step: SQL run in one transaction, taking user_version from version-1 to
 * version (the SQL sets user_version itself). */
typedef struct
{
  int         version;
  const char *sql;
} CgStoreMigration;

const CgStoreMigration *_cg_store_get_migrations    (guint        *n_migrations);

/* Opens @path and migrates it up to @version only (0 = an empty database in WAL mode).
 * For the migration tests: fill a database at an old version, then cg_store_open() it.
 * A database already above @version is left as it is. */
CgStore                *_cg_store_open_at_version   (const char   *path,
                                                     int           version,
                                                     GError      **error);

/* The connection, for tests that look at the tables directly. */
sqlite3                *_cg_store_get_db            (CgStore      *self);

/* Test hook: the next cg_store_apply_page() fails (CG_STORE_ERROR_SQL) after writing
 * @n_records records, before committing. -1 (the default) disables it. */
void                    _cg_store_set_fail_after    (CgStore      *self,
                                                     int           n_records);

/* The rows of the dashboards' change log (migration 7) cg_store_apply_page() keeps after
 * a page of cases or complaints: enough for the change sets a cache applies (at most a
 * fifth of a million rows) and small (about 20 bytes a row) */
#define CG_STORE_CHANGES_KEPT 200000
/* Test hook: keep @n_rows instead */
void                    _cg_store_set_changes_kept  (CgStore      *self,
                                                     gint64        n_rows);

/* Test hook: R*Tree rows indexed per page (bulk pages of >= 1000 records / smaller pages);
 * defaults 250 / 2000. 0 = none. */
void                    _cg_store_set_spatial_batch (CgStore      *self,
                                                     int           bulk,
                                                     int           small);

/* Shared by cg-store.c and cg-store-search.c */
sqlite3_stmt           *_cg_store_get_stmt          (CgStore      *self,
                                                     const char   *sql,
                                                     GError      **error);
void                    _cg_store_set_sql_error     (CgStore      *self,
                                                     int           rc,
                                                     const char   *what,
                                                     GError      **error);

/* Shared by the read-only query files (cg-store-dashboard.c, cg-store-rules.c) */
/* Sets CG_STORE_ERROR_SQL: "Cache error in “path” (what): sqlite message" */
void                    _cg_store_set_read_error    (CgStore      *self,
                                                     const char   *what,
                                                     GError      **error);
/* A fresh statement for @sql (finalize it), or NULL and a read error */
sqlite3_stmt           *_cg_store_prepare           (CgStore      *self,
                                                     const char   *sql,
                                                     GError      **error);
/* Binds @str, or NULL for NULL */
void                    _cg_store_bind_text         (sqlite3_stmt *stmt,
                                                     int           i,
                                                     const char   *str);
/* For a worker thread: returns the error on @task if it was cancelled or @path does not
 * open (NULL), else the open store */
CgStore                *_cg_store_open_for_task     (GTask        *task,
                                                     const char   *path);

/* The search index (schema 4, table place_search). Its rowid for a place. */
#define CG_SEARCH_ROWID(collection, pk) ((pk) * 4 + (gint64) (collection))

typedef enum
{
  CG_SEARCH_FIELD_NAME,
  CG_SEARCH_FIELD_ADDRESS,
  CG_SEARCH_FIELD_LICENCE,
  CG_SEARCH_N_FIELDS
} CgSearchField;

/* The text the index stores for @text: for each run of letters and digits (lower-cased,
 * full-width forms folded, punctuation and spaces separating runs) its bigrams and then
 * its last character, space-separated: "兰州拉面馆" -> "兰州 州拉 拉面 面馆 馆". Each token of
 * the address and licence fields starts with a private-use marker character (U+E001,
 * U+E002). (nullable): NULL for NULL or a text without letters or digits. */
char                   *_cg_search_grams            (const char    *text,
                                                     CgSearchField  field);

/* Registers the SQL function cg_search_grams(text) (migration 4 backfills with it). */
gboolean                _cg_search_register         (sqlite3      *db);

/* Keeps place_search in step with one place write, in the caller's transaction.
 * @old: the row's (name, address, licence_no) before the write, or NULL for a new row.
 * @new_place: the place written, or NULL for a delete. */
gboolean                _cg_search_index_place      (CgStore       *self,
                                                     CgCollection   collection,
                                                     gint64         pk,
                                                     const char   **old,
                                                     const CgPlace *new_place,
                                                     GError       **error);

/* g_autoptr(sqlite3_stmt): finalized when it goes out of scope */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
