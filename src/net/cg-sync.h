/* cg-sync.h: incremental, paged sync of the city API into the cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-records.h"
#include "cg-store.h"

G_BEGIN_DECLS

#define CG_SYNC_ERROR (cg_sync_error_quark ())

typedef enum
{
  CG_SYNC_ERROR_NETWORK,      /* connection refused, reset, DNS, TLS */
  CG_SYNC_ERROR_TIMEOUT,
  CG_SYNC_ERROR_HTTP,         /* unexpected status (message names it) */
  CG_SYNC_ERROR_UNAUTHORIZED, /* 401/403: token missing or refused */
  CG_SYNC_ERROR_BAD_DATA,     /* page rejected by the decoder */
  CG_SYNC_ERROR_STORE,        /* cache write failed */
  CG_SYNC_ERROR_BUSY,         /* a sync is already running */
} CgSyncError;

GQuark cg_sync_error_quark (void);

typedef enum
{
  CG_SYNC_STATUS_IDLE,        /* never synced in this run */
  CG_SYNC_STATUS_SYNCING,
  CG_SYNC_STATUS_OK,          /* last sync succeeded */
  CG_SYNC_STATUS_ERROR,       /* last sync failed: see "last-error"; retry scheduled */
} CgSyncStatus;

/* Summary of one run of all collections. */
typedef struct
{
  guint    received[CG_N_COLLECTIONS];   /* records applied (incl. tombstones) */
  guint    skipped[CG_N_COLLECTIONS];    /* records skipped by validation */
  guint    pages[CG_N_COLLECTIONS];
  guint    not_modified[CG_N_COLLECTIONS]; /* 304 answers */
  char    *skip_details;                 /* human-readable "reason: count" lines or NULL */
  gint64   bytes;
  double   seconds;
  /* Added: where the time went, in worker-thread seconds. Pages are pipelined (page N is
   * written while N+1 is fetched and decoded), so these overlap each other and the transfer. */
  double   decode_seconds;                /* cg_decode_page */
  double   store_seconds;                 /* cg_store_apply_page */
} CgSyncReport;

void           cg_sync_report_free (CgSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgSyncReport, cg_sync_report_free)

#define CG_TYPE_SYNC (cg_sync_get_type ())
G_DECLARE_FINAL_TYPE (CgSync, cg_sync, CG, SYNC, GObject)

/* @server_url: base URL, e.g. "http://127.0.0.1:8080/" (paths are appended);
 * @store_path: the cache file; the worker threads open their own connections to it.
 * @token: (nullable) bearer token. */
CgSync        *cg_sync_new               (const char          *server_url,
                                          const char          *token,
                                          const char          *store_path);

const char    *cg_sync_get_server_url    (CgSync              *self);
void           cg_sync_set_token         (CgSync              *self,
                                          const char          *token);
/* Per-request timeout in seconds (default 30) */
void           cg_sync_set_timeout       (CgSync              *self,
                                          guint                seconds);
/* Records per page requested with limit= (default 2000) */
void           cg_sync_set_page_size     (CgSync              *self,
                                          guint                page_size);
/* Only these collections (default all) */
void           cg_sync_set_collections   (CgSync              *self,
                                          const CgCollection  *collections,
                                          guint                n_collections);

/* One full incremental sync of every collection, page by page until "more" is false.
 * Transient failures (timeouts, 5xx, dropped connections) are retried within the run
 * with exponential backoff and jitter (honouring Retry-After) up to a few attempts;
 * then the run fails with the first collection's error and the pages already applied stay. */
void           cg_sync_run_async         (CgSync              *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
CgSyncReport  *cg_sync_run_finish        (CgSync              *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Runs cg_sync_run_async every @interval_seconds (0 = stop the schedule) and at once.
 * After a failure the next attempt comes sooner (backoff from 5 s up to the interval). */
void           cg_sync_start_schedule    (CgSync              *self,
                                          guint                interval_seconds);
void           cg_sync_stop_schedule     (CgSync              *self);
/* Sync now (on demand); ignored while a run is in progress. */
void           cg_sync_trigger           (CgSync              *self);

/* Properties (all notify on change, on the main context the object was made in):
 *   "status"        CgSyncStatus (as guint)
 *   "last-success"  gint64 unix seconds, 0 = never (this run or a previous one, from the cache)
 *   "last-error"    string, translated, NULL when the last run succeeded
 *   "progress"      double 0..1 while syncing
 *   "next-attempt"  gint64 unix seconds of the next scheduled run, 0 = none
 * Signals:
 *   "data-changed"  (CgCollection collection) after a page with records landed */
CgSyncStatus   cg_sync_get_status        (CgSync              *self);
gint64         cg_sync_get_last_success  (CgSync              *self);
const char    *cg_sync_get_last_error    (CgSync              *self);
double         cg_sync_get_progress      (CgSync              *self);
gint64         cg_sync_get_next_attempt  (CgSync              *self);

/* Added signal "page-applied" (guint collection, guint received, guint skipped): after each
 * page that landed, with the run's totals so far for that collection (progress displays). */

/* Backoff (exposed for tests): delay in ms before attempt @attempt (1-based) with
 * base @base_ms, capped at @max_ms, full jitter drawn from @rand (nullable = global). */
guint          cg_sync_backoff_delay_ms  (guint                attempt,
                                          guint                base_ms,
                                          guint                max_ms,
                                          GRand               *rand);

G_END_DECLS
