/* cg-store.h: the SQLite cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-records.h"

G_BEGIN_DECLS

#define CG_STORE_ERROR (cg_store_error_quark ())

typedef enum
{
  CG_STORE_ERROR_OPEN,        /* cannot open or create the file */
  CG_STORE_ERROR_CORRUPT,     /* integrity check failed / not a database */
  CG_STORE_ERROR_TOO_NEW,     /* schema version newer than this build knows */
  CG_STORE_ERROR_SQL,         /* any other SQLite failure */
} CgStoreError;

GQuark cg_store_error_quark (void);

/* Per-collection sync bookkeeping (table sync_state). Strings owned by the struct. */
typedef struct
{
  CgCollection  collection;
  char         *cursor;         /* NULL before the first page */
  char         *etag;           /* of the last 200 response for the first page, or NULL */
  gint64        last_success;   /* unix seconds, 0 = never */
  gint64        last_attempt;
  char         *last_error;     /* NULL when the last attempt succeeded */
  gint64        n_skipped;      /* records skipped by validation, cumulative */
} CgSyncState;

void cg_sync_state_clear (CgSyncState *state);

/* A place as the map needs it: compact, no strings. */
typedef struct
{
  gint64   rowid;               /* rowid in its table; cg_store_get_place() takes it back */
  double   lon;                 /* WGS-84 */
  double   lat;
  guint8   collection;          /* CgCollection: MERCHANTS, SITES or POINTS */
  guint8   risk;                /* CgRisk */
  guint8   flags;               /* CG_MAP_POINT_* */
  guint8   street;              /* index into the district's street list + 1, 0 = unknown */
  guint8   category;            /* cg_poi_category_from_string () code */
} CgMapPoint;

#define CG_MAP_POINT_CAMERA     (1 << 0)   /* point with category "camera" / site with camera */
#define CG_MAP_POINT_OFFLINE    (1 << 1)   /* point whose status is not "active" */

#define CG_STORE_SCHEMA_VERSION 8   /* bump with every migration; see cg-store-migrations */

#define CG_TYPE_STORE (cg_store_get_type ())
G_DECLARE_FINAL_TYPE (CgStore, cg_store, CG, STORE, GObject)

/* Opens (creating and migrating as needed) the cache at @path, in WAL mode.
 * @path may be ":memory:" for tests. One CgStore = one SQLite connection; it may be
 * used from one thread at a time. Worker threads open their own CgStore on the same path. */
CgStore     *cg_store_open                (const char    *path,
                                           GError       **error);
const char  *cg_store_get_path            (CgStore       *self);

/* Sets how much of the cache file this connection maps in memory (SQLite's mmap_size; a
 * store opens with 256 MB). Mapped pages read count in the process's resident memory for as
 * long as the connection lives, each connection's mapping on its own: a one-shot bulk read
 * (the map's load, the inspection states) passes 0 to read through SQLite's small page
 * cache instead. */
gboolean     cg_store_set_mmap_size       (CgStore       *self,
                                           gint64         bytes,
                                           GError       **error);
int          cg_store_get_schema_version  (CgStore       *self);

/* Applies one decoded page in ONE transaction: upserts @records (CgPlace*, CgOfficer*,
 * CgInspection*, CgCase* or CgComplaint* according to @collection; tombstones delete), then stores
 * @new_cursor and @etag (either may be NULL = leave unchanged), adds @n_skipped to the
 * collection's counter, records last_success = now and clears last_error.
 * Either all of it lands or none of it does. */
gboolean     cg_store_apply_page          (CgStore       *self,
                                           CgCollection   collection,
                                           GPtrArray     *records,
                                           const char    *new_cursor,
                                           const char    *etag,
                                           guint          n_skipped,
                                           GError       **error);

/* Records a failed attempt (message shown to users) without touching data or cursor. */
gboolean     cg_store_record_failure      (CgStore       *self,
                                           CgCollection   collection,
                                           const char    *message,
                                           GError       **error);

/* Fills @out (caller clears with cg_sync_state_clear). A never-synced collection gives
 * a zeroed state with collection set. */
gboolean     cg_store_get_sync_state      (CgStore       *self,
                                           CgCollection   collection,
                                           CgSyncState   *out,
                                           GError       **error);

/* Forgets cursors, ETags and all cached data (used when the server changes). */
gboolean     cg_store_reset               (CgStore       *self,
                                           GError       **error);

gboolean     cg_store_count               (CgStore       *self,
                                           CgCollection   collection,
                                           gint64        *out_count,
                                           GError       **error);

/* All live places of the three place collections, for the map. (transfer full): GArray of CgMapPoint.
 * @street_codes (nullable): the district's street codes in order, to fill CgMapPoint.street. */
GArray      *cg_store_load_map_points     (CgStore       *self,
                                           const char * const *street_codes,
                                           GError       **error);

/* The same, and (when @out_ids is not NULL) the places' ids in the same order (transfer full:
 * GPtrArray of strings), e.g. to mark the targets the rules engine finds overdue. */
GArray      *cg_store_load_map_points_full (CgStore            *self,
                                            const char * const *street_codes,
                                            GPtrArray         **out_ids,
                                            GError            **error);

/* Places whose location lies in the box (R*Tree query). GArray of CgMapPoint. */
GArray      *cg_store_query_bbox          (CgStore       *self,
                                           double         min_lon,
                                           double         min_lat,
                                           double         max_lon,
                                           double         max_lat,
                                           GError       **error);

/* One place by collection and rowid (as in CgMapPoint) or by id. (transfer full) (nullable):
 * NULL without @error when there is no such place. */
CgPlace     *cg_store_get_place           (CgStore       *self,
                                           CgCollection   collection,
                                           gint64         rowid,
                                           GError       **error);
CgPlace     *cg_store_get_place_by_id     (CgStore       *self,
                                           CgCollection   collection,
                                           const char    *id,
                                           GError       **error);

/* The officer register (synced from /api/v1/officers), optionally of one street's squad
 * (@street_code nullable = all), ordered by squad, the squad leader first, then by id.
 * (transfer full): GPtrArray of CgOfficer (empty when none was synced). */
GPtrArray   *cg_store_load_officers       (CgStore       *self,
                                           const char    *street_code,
                                           GError       **error);

/* Brings the places' R*Tree fully up to date. Cheap when it already is; after a large
 * initial sync it costs about 13 µs per place (2.6 s for 200,000), in transactions of
 * 20,000 rows, so call it on a worker thread when a sync has finished. Optional:
 * cg_store_apply_page() indexes queued places itself (250 per page of 1000 records or
 * more, 2000 per smaller page), and cg_store_query_bbox() is exact whether the tree is
 * up to date or not. */
gboolean     cg_store_update_spatial_index (CgStore      *self,
                                            GError      **error);

/* ---- search (cg-store-search.c) ----------------------------------------------- */

/* Which part of a place a search hit matched, best first: the order of the results. */
typedef enum
{
  CG_SEARCH_MATCH_NAME_EXACT,     /* the name is the query (case-insensitive) */
  CG_SEARCH_MATCH_NAME_PREFIX,    /* the name starts with the query */
  CG_SEARCH_MATCH_NAME,           /* the name contains the query */
  CG_SEARCH_MATCH_LICENCE_PREFIX, /* the licence number starts with the query */
  CG_SEARCH_MATCH_ADDRESS,        /* the address contains the query */
  CG_SEARCH_MATCH_LICENCE,        /* the licence number contains the query */
  CG_SEARCH_MATCH_ANY,            /* several words, found across name/address/licence */
} CgSearchMatch;

/* One result of cg_store_search(). Strings owned by the hit, NULL when absent. */
typedef struct
{
  CgCollection   collection;    /* MERCHANTS, SITES or POINTS */
  gint64         rowid;         /* as in CgMapPoint.rowid */
  char          *id;
  char          *name;
  char          *address;
  char          *licence_no;
  char          *street_name;
  char          *category;
  CgRisk         risk;
  double         lon;           /* WGS-84 */
  double         lat;
  CgSearchMatch  match;
} CgSearchHit;

void         cg_search_hit_free           (CgSearchHit   *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgSearchHit, cg_search_hit_free)

/* Places whose name, address or licence number contains @query, case-insensitively, as
 * a substring (Chinese has no spaces: 面馆 finds 兰州拉面馆); words separated by spaces
 * must all be found. Best first: exact name, name prefix, name substring, licence prefix,
 * address, licence substring; within a group shorter names first. At most @limit hits
 * (0 = 50). An empty query gives an empty array. @cancellable interrupts a running query
 * (G_IO_ERROR_CANCELLED). (transfer full): GPtrArray of CgSearchHit. */
GPtrArray   *cg_store_search              (CgStore       *self,
                                           const char    *query,
                                           guint          limit,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* Where the first word of @query occurs in @text, compared the way the search compares
 * (case-insensitive, full-width folded): byte offsets [*start, *end) into @text, for
 * highlighting a hit. FALSE when it does not occur. */
gboolean     cg_search_find_match         (const char    *text,
                                           const char    *query,
                                           gsize         *start,
                                           gsize         *end);

/* ---- details (cg-store-details.c) ------------------------------------------- */

/* The details of one place (cg-store-details.c), newest first, at most @limit (0 = all).
 * For worker threads. (transfer full): GPtrArray of CgInspection* / CgCase*. Cases are those
 * whose target_id is @target_id. */
GPtrArray   *cg_store_list_inspections     (CgStore      *self,
                                            const char   *target_id,
                                            guint         limit,
                                            GError      **error);
GPtrArray   *cg_store_list_cases_for_target (CgStore     *self,
                                             const char  *target_id,
                                             guint        limit,
                                             GError     **error);
/* The names of @points (GArray of CgMapPoint), same order, NULL where there is none.
 * (transfer full): GPtrArray of strings. */
GPtrArray   *cg_store_get_place_names      (CgStore      *self,
                                            const GArray *points,
                                            GError      **error);

/* PRAGMA integrity_check == "ok" */
gboolean     cg_store_check_integrity     (CgStore       *self,
                                           GError       **error);

/* Counts as a JSON object {"merchants": n, ..., "skipped": {...}} (chengguan-cli stats). */
char        *cg_store_stats_to_json       (CgStore       *self,
                                           GError       **error);

G_END_DECLS
