/* cg-sync.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cg-api-request.h"
#include "cg-decode.h"
#include "cg-sync-private.h"
#include "cg-token.h"

/* How a run works.
 *
 * The HTTP requests are made with soup_session_send_and_read_async() on the main context
 * the run was started in. Every response body is decoded by a worker thread
 * (g_task_run_in_thread, cg_decode_page is thread-safe) and then applied to the cache by
 * another worker job on a CgStore connection of the run's own, opened for the run and
 * reused for all its pages. Jobs that use that connection never overlap, so it is used by
 * one thread at a time. The main loop never touches JSON or SQLite.
 *
 * Per collection: read the cursor and ETag (job PREPARE), then page by page: GET, decode
 * (job DECODE), apply (job STORE), until the page says there is no more. While page N is
 * being written, page N+1 is already fetched and decoded (its "since" is page N's decoded
 * cursor). A 304 on the first page (If-None-Match with the stored ETag) means the
 * collection is up to date (job NOT_MODIFIED). Transient failures are retried with
 * backoff; the last one fails the collection (job FAILURE) or the whole run (job CLOSE
 * records the failure and closes the connection).
 */

G_DEFINE_QUARK (cg-sync-error-quark, cg_sync_error)

#define DEFAULT_TIMEOUT_S        30
#define DEFAULT_PAGE_SIZE        2000
#define DEFAULT_BACKOFF_BASE_MS  500
#define DEFAULT_BACKOFF_MAX_MS   30000
#define DEFAULT_MAX_ATTEMPTS     4
#define RETRY_AFTER_MAX_S        120
#define SCHEDULE_RETRY_MIN_S     5

struct _CgSync
{
  GObject        parent_instance;

  char          *server_url;          /* always ends with '/' */
  char          *token;               /* nullable; never logged */
  char          *store_path;
  SoupSession   *session;

  guint          timeout;
  guint          page_size;
  CgCollection   collections[CG_N_COLLECTIONS];
  guint          n_collections;
  guint          backoff_base_ms;
  guint          backoff_max_ms;
  guint          max_attempts;
  guint          schedule_retry_s;

  CgSyncStatus   status;
  gint64         last_success;
  char          *last_error;
  double         progress;
  gint64         next_attempt;

  GCancellable  *cancellable;         /* for runs of the schedule and cg_sync_trigger() */
  guint          interval;            /* schedule, seconds; 0 = no schedule */
  GSource       *schedule_source;
  GMainContext  *context;             /* the thread-default context at construction */
  guint          failure_delay;       /* seconds of the last retry delay of the schedule */

  guint          running : 1;
  guint          finished_a_run : 1;
};

G_DEFINE_FINAL_TYPE (CgSync, cg_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_PROGRESS,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DATA_CHANGED,
  PAGE_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct _Job Job;
static void job_free (Job *job);

/* State of one run, the task data of the run's GTask. */
typedef struct
{
  CgCollection   collections[CG_N_COLLECTIONS];
  guint          n_collections;
  guint          index;                /* into collections */
  guint          page_size;
  char          *store_path;
  CgStore       *store;                /* worker-thread connection, NULL until opened */

  char          *since;                /* cursor sent with the next page */
  char          *etag;                 /* stored ETag of the current collection */
  guint          page;                 /* pages stored of the current collection */
  guint          fetched;              /* pages fetched and decoded of it */
  guint          attempt;              /* failed attempts of the page being fetched */

  /* the pipeline, see "Retries and stopping" */
  GCancellable  *fetch_cancellable;    /* HTTP requests and retry waits; chained to the run's */
  GCancellable  *user_cancellable;
  gulong         cancelled_id;
  Job           *queued;               /* decoded, waiting for the writer */
  gboolean       fetching;             /* a page is being fetched, decoded, or waits to be retried */
  gboolean       storing;              /* a job on the store connection is running */
  gboolean       fetch_done;           /* the last page of the collection is decoded */
  gboolean       fetch_paused;         /* the next page waits for the writer */
  gboolean       stopping;
  GError        *stop_error;

  SoupMessage   *msg;                  /* in flight */
  gint64         request_us;           /* when it was sent */
  GSource       *wait_source;
  GSource       *cancel_source;

  CgSyncReport  *report;
  guint          skips[CG_N_COLLECTIONS][CG_N_SKIP_REASONS];
  gint64         started_us;
  CgSyncStatus   status_before;
  GError        *error;                /* the run's final error, while closing */
  GError        *first_error;          /* of a collection that failed while the run went on */
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->wait_source != NULL)
    {
      g_source_destroy (run->wait_source);
      g_source_unref (run->wait_source);
    }
  if (run->cancel_source != NULL)
    {
      g_source_destroy (run->cancel_source);
      g_source_unref (run->cancel_source);
    }
  g_clear_object (&run->msg);
  /* Normally closed by the CLOSE job; this is only a safety net. */
  g_clear_object (&run->store);
  g_clear_pointer (&run->store_path, g_free);
  g_clear_pointer (&run->since, g_free);
  g_clear_pointer (&run->etag, g_free);
  g_clear_pointer (&run->report, cg_sync_report_free);
  g_clear_error (&run->error);
  g_clear_error (&run->first_error);
  g_clear_error (&run->stop_error);
  g_clear_pointer (&run->queued, job_free);
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->user_cancellable, run->cancelled_id);
  g_clear_object (&run->user_cancellable);
  g_clear_object (&run->fetch_cancellable);
  g_free (run);
}

typedef enum
{
  JOB_PREPARE,
  JOB_DECODE,
  JOB_STORE,
  JOB_NOT_MODIFIED,
  JOB_FAILURE,
  JOB_CLOSE,
} JobKind;

/* One piece of blocking work of a run, the task data of a worker-thread GTask. */
struct _Job
{
  JobKind        kind;
  RunData       *run;                  /* borrowed: the run's task outlives the job */
  CgCollection   collection;
  guint          page_size;
  GBytes        *body;                 /* APPLY */
  char          *since;                /* APPLY: the cursor sent; PREPARE: out */
  char          *etag;                 /* APPLY: of the response; PREPARE: out */
  char          *failure;              /* CLOSE: message to record, or NULL */
  char          *cursor;               /* APPLY: the page's cursor */

  /* APPLY results */
  guint          n_records;
  guint          n_skipped;
  guint          skipped[CG_N_SKIP_REASONS];
  gboolean       more;
  gint64         decode_us;
  gint64         store_us;
  CgPage        *page;                 /* DECODE: out; STORE: in */
};

static void
job_free (Job *job)
{
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_pointer (&job->since, g_free);
  g_clear_pointer (&job->etag, g_free);
  g_clear_pointer (&job->failure, g_free);
  g_clear_pointer (&job->cursor, g_free);
  g_clear_pointer (&job->page, cg_page_free);
  g_free (job);
}

static void send_page (GTask *task);
static void next_collection (GTask *task);
static void finish_run (GTask  *task,
                        GError *error);
static void fail_collection (GTask  *task,
                             GError *error);
static void stop (GTask  *task,
                  GError *error);

/* Properties */

static void
clear_schedule_source (CgSync *self)
{
  if (self->schedule_source != NULL)
    {
      g_source_destroy (self->schedule_source);
      g_clear_pointer (&self->schedule_source, g_source_unref);
    }
}

static void
set_status (CgSync       *self,
            CgSyncStatus  status)
{
  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_last_success (CgSync *self,
                  gint64  last_success)
{
  if (self->last_success == last_success)
    return;

  self->last_success = last_success;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
}

static void
set_last_error (CgSync     *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_progress (CgSync *self,
              double  progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_next_attempt (CgSync *self,
                  gint64  next_attempt)
{
  if (self->next_attempt == next_attempt)
    return;

  self->next_attempt = next_attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

static void
update_progress (CgSync  *self,
                 RunData *run)
{
  /* The number of pages is unknown in advance: each page halves what remains of the
   * collection's share, which moves the bar steadily without ever going back. */
  double within = 1.0 - pow (0.5, run->page);

  set_progress (self, (run->index + within) / MAX (run->n_collections, 1));
}

/* Worker-thread jobs */

static gboolean
ensure_store (RunData  *run,
              GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (run->store != NULL)
    return TRUE;

  run->store = cg_store_open (run->store_path, &local_error);
  if (run->store == NULL)
    {
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE,
                   _("Cannot open the cache: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
job_prepare (Job     *job,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  CgSyncState state = { 0 };

  if (!ensure_store (job->run, error))
    return FALSE;

  if (!cg_store_get_sync_state (job->run->store, job->collection, &state, &local_error))
    {
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE,
                   _("Cannot read the cache: %s"), local_error->message);
      return FALSE;
    }

  job->since = g_steal_pointer (&state.cursor);
  job->etag = g_steal_pointer (&state.etag);
  cg_sync_state_clear (&state);

  return TRUE;
}

static gboolean
job_decode (Job     *job,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CgPage) page = NULL;
  const char *title = cg_collection_get_title (job->collection);
  const char *data;
  gint64 start;
  gsize len;

  data = g_bytes_get_data (job->body, &len);
  start = g_get_monotonic_time ();
  page = cg_decode_page (job->collection, data ? data : "", len, &local_error);
  job->decode_us = g_get_monotonic_time () - start;
  g_clear_pointer (&job->body, g_bytes_unref);
  if (page == NULL)
    {
      /* TRANSLATORS: %s: a collection title ("Merchants"), then the decoder's reason */
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_BAD_DATA,
                   _("%s: the server sent invalid data (%s)"), title, local_error->message);
      return FALSE;
    }

  if (job->collection == CG_COLLECTION_COMPLAINTS)
    {
      /* Open311 has no "more": a full page means more may wait. A server that ignores
       * updated_after answers the same page again: the cursor does not move, stop. */
      guint n = page->records->len + page->n_skipped;

      job->more = (job->page_size > 0 && n >= job->page_size &&
                   page->cursor != NULL && g_strcmp0 (page->cursor, job->since) != 0);
    }
  else
    {
      job->more = page->more;
      if (page->more && (page->cursor == NULL || g_strcmp0 (page->cursor, job->since) == 0))
        {
          g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_BAD_DATA,
                       _("%s: the server sent invalid data (it announced more pages but the cursor did not advance)"),
                       title);
          return FALSE;
        }
    }

  if (page->first_skip_detail != NULL)
    g_debug ("%s: skipped %u record(s), first: %s", cg_collection_to_string (job->collection),
             page->n_skipped, page->first_skip_detail);

  job->cursor = g_strdup (page->cursor);
  job->n_records = page->records->len;
  job->n_skipped = page->n_skipped;
  memcpy (job->skipped, page->skipped, sizeof job->skipped);
  job->page = g_steal_pointer (&page);

  return TRUE;
}

static gboolean
job_store (Job     *job,
           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  gint64 start;

  if (!ensure_store (job->run, error))
    return FALSE;

  /* The ETag is kept only when the collection is complete, so that a run cut off
   * half-way never makes the next one believe it is up to date. */
  start = g_get_monotonic_time ();
  ok = cg_store_apply_page (job->run->store, job->collection, job->page->records,
                            job->page->cursor, job->more ? NULL : job->etag,
                            job->page->n_skipped, &local_error);
  job->store_us = g_get_monotonic_time () - start;
  g_clear_pointer (&job->page, cg_page_free);
  if (!ok)
    {
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE,
                   _("Cannot write the cache: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
job_not_modified (Job     *job,
                  GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  if (!ensure_store (job->run, error))
    return FALSE;

  /* An empty page: records the success, touches no data, cursor or ETag. */
  none = g_ptr_array_new_with_free_func (cg_collection_get_free_func (job->collection));
  if (!cg_store_apply_page (job->run->store, job->collection, none, NULL, NULL, 0, &local_error))
    {
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE,
                   _("Cannot write the cache: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
job_failure (Job *job)
{
  g_autoptr(GError) error = NULL;

  if (ensure_store (job->run, NULL) &&
      !cg_store_record_failure (job->run->store, job->collection, job->failure, &error))
    g_warning ("Cannot record the sync failure of %s: %s",
               cg_collection_to_string (job->collection), error->message);

  return TRUE;
}

static gboolean
job_close (Job *job)
{
  RunData *run = job->run;

  if (job->failure != NULL && ensure_store (run, NULL))
    {
      g_autoptr(GError) error = NULL;

      if (!cg_store_record_failure (run->store, job->collection, job->failure, &error))
        g_warning ("Cannot record the sync failure of %s: %s",
                   cg_collection_to_string (job->collection), error->message);
    }

  g_clear_object (&run->store);

  return TRUE;
}

static void
run_job_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (job->kind)
    {
    case JOB_PREPARE:
      ok = job_prepare (job, &error);
      break;
    case JOB_DECODE:
      ok = job_decode (job, &error);
      break;
    case JOB_STORE:
      ok = job_store (job, &error);
      break;
    case JOB_NOT_MODIFIED:
      ok = job_not_modified (job, &error);
      break;
    case JOB_FAILURE:
      ok = job_failure (job);
      break;
    case JOB_CLOSE:
      ok = job_close (job);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void on_job_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

/* Takes @job. The job's task has no cancellable: a job always runs to its end, so the
 * run's store connection is never used by two threads; the run checks for cancellation
 * when the job is done. */
static void
start_job (GTask *task,
           Job   *job)
{
  g_autoptr(GTask) job_task = NULL;

  job->run = g_task_get_task_data (task);
  job_task = g_task_new (NULL, NULL, on_job_done_cb, g_object_ref (task));
  g_task_set_source_tag (job_task, start_job);
  g_task_set_task_data (job_task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (job_task, run_job_in_thread);
}

static Job *
job_new (JobKind       kind,
         CgCollection  collection)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->collection = collection;

  return job;
}

/* Errors */

static GError *
http_error (CgCollection  collection,
            guint         status,
            const char   *reason,
            GBytes       *body)
{
  g_autofree char *server_message = NULL;
  const char *title = cg_collection_get_title (collection);
  const char *data = NULL;
  gsize len = 0;

  if (body != NULL)
    data = g_bytes_get_data (body, &len);
  if (data != NULL && len > 0)
    server_message = cg_decode_error_message (data, len);

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      if (server_message != NULL)
        /* TRANSLATORS: %s collection, %u HTTP status, %s server's message */
        return g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_UNAUTHORIZED,
                            _("%s: the server refused access (HTTP %u): %s. Check the API token."),
                            title, status, server_message);
      return g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_UNAUTHORIZED,
                          _("%s: the server refused access (HTTP %u). Check the API token."),
                          title, status);
    }

  if (server_message != NULL)
    /* TRANSLATORS: %s collection, %u HTTP status, %s reason phrase, %s server's message */
    return g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP,
                        _("%s: the server answered HTTP %u %s: %s"),
                        title, status, reason ? reason : "", server_message);

  return g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP,
                      _("%s: the server answered HTTP %u %s"),
                      title, status, reason ? reason : "");
}

/* Retries and stopping
 *
 * A collection is fetched and stored as a pipeline: while the worker writes page N to the
 * cache, the main context fetches page N+1 and another worker decodes it (the next "since"
 * is the decoded page's cursor). At most one page is being fetched or decoded
 * ("fetching"), at most one is being written ("storing") and at most one decoded page
 * waits for the writer ("queued"); pages are written in order, on the run's one
 * connection. A failure stops the pipeline: nothing new starts, an HTTP request in flight
 * is cancelled, and once nothing is in flight the collection or the run fails. */

static void
destroy_wait_sources (RunData *run)
{
  if (run->wait_source != NULL)
    {
      g_source_destroy (run->wait_source);
      g_clear_pointer (&run->wait_source, g_source_unref);
    }
  if (run->cancel_source != NULL)
    {
      g_source_destroy (run->cancel_source);
      g_clear_pointer (&run->cancel_source, g_source_unref);
    }
}

static gboolean
is_collection_error (const GError *error)
{
  return g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP) ||
         g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_BAD_DATA);
}

/* Once nothing is in flight, acts on the stop: fails the collection (and goes on) or the run. */
static void
maybe_stop (GTask *task)
{
  RunData *run = g_task_get_task_data (task);
  GError *error;

  g_assert (run->stopping);

  if (run->storing || run->fetching)
    return;   /* their callbacks come back here */

  error = g_steal_pointer (&run->stop_error);
  run->stopping = FALSE;
  g_cancellable_reset (run->fetch_cancellable);

  if (is_collection_error (error) &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    fail_collection (task, error);
  else
    finish_run (task, error);
}

/* Takes @error: stops the pipeline of the current collection. */
static void
stop (GTask  *task,
      GError *error)
{
  RunData *run = g_task_get_task_data (task);

  if (run->stop_error == NULL)
    run->stop_error = error;
  else if (is_collection_error (run->stop_error) && !is_collection_error (error))
    {
      /* a failure of the whole run wins over one of the collection */
      g_error_free (run->stop_error);
      run->stop_error = error;
    }
  else
    g_error_free (error);

  run->stopping = TRUE;
  run->fetch_paused = FALSE;
  g_clear_pointer (&run->queued, job_free);
  g_cancellable_cancel (run->fetch_cancellable);

  if (run->wait_source != NULL)
    {
      /* waiting to retry: nothing in flight */
      destroy_wait_sources (run);
      run->fetching = FALSE;
    }

  maybe_stop (task);
}

/* TRUE (and stops the run) when the caller cancelled. */
static gboolean
check_cancelled (GTask *task)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      stop (task, error);
      return TRUE;
    }

  return FALSE;
}

static void
wait_done (GTask *task)
{
  g_autoptr(GTask) keep = g_object_ref (task);
  RunData *run = g_task_get_task_data (task);

  destroy_wait_sources (run);
  run->fetching = FALSE;

  if (check_cancelled (keep))
    return;

  send_page (keep);
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  wait_done (G_TASK (user_data));

  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  wait_done (G_TASK (user_data));

  return G_SOURCE_REMOVE;
}

/* Takes @error of the page being fetched: waits and fetches it again, or gives up. */
static void
retry_or_fail (GTask  *task,
               GError *error,
               guint   retry_after_s)
{
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);
  guint delay_ms;

  g_assert (run->fetching);

  if (run->stopping)
    {
      run->fetching = FALSE;
      g_error_free (error);
      maybe_stop (task);
      return;
    }

  run->attempt++;
  if (run->attempt >= self->max_attempts)
    {
      if (self->max_attempts > 1)
        {
          /* TRANSLATORS: appended to an error message */
          g_autofree char *message = g_strdup_printf (_("%s (gave up after %u attempts)"),
                                                      error->message, run->attempt);
          g_free (error->message);
          error->message = g_steal_pointer (&message);
        }
      run->fetching = FALSE;
      stop (task, error);
      return;
    }

  if (retry_after_s > 0)
    delay_ms = retry_after_s * 1000;
  else
    delay_ms = cg_sync_backoff_delay_ms (run->attempt, self->backoff_base_ms,
                                         self->backoff_max_ms, NULL);

  g_debug ("%s (attempt %u); retrying in %u ms", error->message, run->attempt, delay_ms);
  g_error_free (error);

  g_assert (run->wait_source == NULL);
  run->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (run->wait_source, on_wait_timeout_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (run->wait_source, "[cg-sync] retry");
  g_source_attach (run->wait_source, context);

  run->cancel_source = g_cancellable_source_new (run->fetch_cancellable);
  g_source_set_callback (run->cancel_source, G_SOURCE_FUNC (on_wait_cancelled_cb),
                         g_object_ref (task), g_object_unref);
  g_source_attach (run->cancel_source, context);
}

/* Takes @error. A failure that concerns one collection (an HTTP error, invalid data) is
 * recorded and the run goes on with the next collection, to fail at the end with the
 * first such error; anything else (unreachable server, timeout, refused token, cache
 * failure, cancellation) ends the run now. Nothing may be in flight. */
static void
fail_collection (GTask  *task,
                 GError *error)
{
  RunData *run = g_task_get_task_data (task);
  Job *job;

  g_assert (!run->fetching && !run->storing);

  if (!is_collection_error (error))
    {
      finish_run (task, error);
      return;
    }

  g_debug ("%s; going on with the next collection", error->message);

  job = job_new (JOB_FAILURE, run->collections[run->index]);
  job->failure = g_strdup (error->message);
  if (run->first_error == NULL)
    run->first_error = error;
  else
    g_error_free (error);

  start_job (task, job);
}

/* The steps of a run */

static void
collection_done (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  run->index++;
  next_collection (task);
}

static void
maybe_collection_done (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  if (run->stopping)
    {
      maybe_stop (task);
      return;
    }

  if (check_cancelled (task))
    return;

  if (run->fetch_done && !run->fetching && !run->storing && run->queued == NULL)
    collection_done (task);
}

static void
start_store (GTask *task,
             Job   *job)
{
  RunData *run = g_task_get_task_data (task);

  g_assert (!run->storing);
  run->storing = TRUE;
  start_job (task, job);
}

static void
on_page_decoded (GTask *task,
                 Job   *decoded)
{
  RunData *run = g_task_get_task_data (task);
  Job *job;

  run->fetching = FALSE;
  run->fetched++;
  run->attempt = 0;

  /* hand the decoded page to the writer */
  job = job_new (JOB_STORE, decoded->collection);
  job->page = g_steal_pointer (&decoded->page);
  job->etag = g_steal_pointer (&decoded->etag);
  job->more = decoded->more;
  job->n_records = decoded->n_records;
  job->n_skipped = decoded->n_skipped;
  memcpy (job->skipped, decoded->skipped, sizeof job->skipped);
  job->decode_us = decoded->decode_us;

  g_assert (run->queued == NULL);
  if (!run->storing)
    start_store (task, job);
  else
    run->queued = job;

  if (decoded->more)
    {
      /* The cursor of the decoded page is the next "since". */
      g_free (run->since);
      run->since = g_steal_pointer (&decoded->cursor);

      if (run->queued == NULL)
        {
          if (!check_cancelled (task))
            send_page (task);
          return;
        }
      run->fetch_paused = TRUE;
    }
  else
    run->fetch_done = TRUE;

  maybe_collection_done (task);
}

static void
on_page_stored (GTask *task,
                Job   *job)
{
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  CgCollection c = job->collection;

  run->report->pages[c]++;
  run->report->received[c] += job->n_records;
  run->report->skipped[c] += job->n_skipped;
  run->report->decode_seconds += job->decode_us / (double) G_USEC_PER_SEC;
  run->report->store_seconds += job->store_us / (double) G_USEC_PER_SEC;
  for (guint i = 0; i < CG_N_SKIP_REASONS; i++)
    run->skips[c][i] += job->skipped[i];

  run->page++;
  update_progress (self, run);

  g_signal_emit (self, signals[PAGE_APPLIED], 0, (guint) c,
                 run->report->received[c], run->report->skipped[c]);
  if (job->n_records > 0)
    g_signal_emit (self, signals[DATA_CHANGED], 0, (guint) c);

  if (run->stopping)
    {
      maybe_stop (task);
      return;
    }

  if (run->queued != NULL)
    {
      start_store (task, g_steal_pointer (&run->queued));
      if (run->fetch_paused)
        {
          run->fetch_paused = FALSE;
          if (!check_cancelled (task))
            send_page (task);
          return;
        }
    }

  maybe_collection_done (task);
}

static void
on_job_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *run = g_task_get_task_data (task);
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  gboolean ok;

  ok = g_task_propagate_boolean (G_TASK (result), &error);

  switch (job->kind)
    {
    case JOB_PREPARE:
      if (!ok)
        {
          finish_run (task, error);
          break;
        }
      g_free (run->since);
      run->since = g_steal_pointer (&job->since);
      g_free (run->etag);
      run->etag = g_steal_pointer (&job->etag);
      if (!check_cancelled (task))
        send_page (task);
      break;

    case JOB_DECODE:
      if (!ok)
        {
          /* A flaky proxy can cut a body short: try again before giving up. */
          if (g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_BAD_DATA))
            retry_or_fail (task, error, 0);
          else
            {
              run->fetching = FALSE;
              stop (task, error);
            }
          break;
        }
      if (run->stopping)
        {
          run->fetching = FALSE;
          maybe_stop (task);
          break;
        }
      on_page_decoded (task, job);
      break;

    case JOB_STORE:
      run->storing = FALSE;
      if (!ok)
        {
          stop (task, error);
          break;
        }
      on_page_stored (task, job);
      break;

    case JOB_NOT_MODIFIED:
      run->storing = FALSE;
      if (!ok)
        {
          stop (task, error);
          break;
        }
      run->report->not_modified[job->collection]++;
      maybe_collection_done (task);
      break;

    case JOB_FAILURE:
      if (!check_cancelled (task))
        collection_done (task);
      break;

    case JOB_CLOSE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_page_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  CgCollection c = run->collections[run->index];
  const char *title = cg_collection_get_title (c);
  guint status;

  msg = g_steal_pointer (&run->msg);
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (run->stopping)
    {
      run->fetching = FALSE;
      maybe_stop (task);
      return;
    }

  if (body == NULL)
    {
      g_debug ("%s page %u: %s (%s %d)", cg_collection_to_string (c), run->fetched, error->message,
               g_quark_to_string (error->domain), error->code);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          run->fetching = FALSE;
          if (!check_cancelled (task))
            stop (task, g_steal_pointer (&error));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) &&
               g_get_monotonic_time () - run->request_us >= (gint64) self->timeout * G_USEC_PER_SEC * 9 / 10)
        retry_or_fail (task,
                       /* TRANSLATORS: %s collection, %u seconds */
                       g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_TIMEOUT,
                                    _("%s: the server did not answer within %u seconds"),
                                    title, self->timeout),
                       0);
      else if (error->domain == G_TLS_ERROR)
        {
          run->fetching = FALSE;
          stop (task, g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                                   _("%s: the server’s identity could not be verified: %s"),
                                   title, error->message));
        }
      else if (error->domain == G_RESOLVER_ERROR ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        retry_or_fail (task,
                       g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                                    _("%s: cannot reach the server: %s"),
                                    title, error->message),
                       0);
      else
        /* dropped connection, body cut short, ... */
        retry_or_fail (task,
                       g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                                    _("%s: the connection to the server broke off: %s"),
                                    title, error->message),
                       0);
      return;
    }

  run->report->bytes += g_bytes_get_size (body);
  status = soup_message_get_status (msg);
  g_debug ("%s page %u: HTTP %u, %" G_GSIZE_FORMAT " bytes", cg_collection_to_string (c),
           run->fetched, status, g_bytes_get_size (body));

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      run->fetching = FALSE;
      check_cancelled (task);
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED && run->fetched == 0)
    {
      /* up to date; nothing else of this collection is in flight */
      run->fetching = FALSE;
      run->fetch_done = TRUE;
      start_store (task, job_new (JOB_NOT_MODIFIED, c));
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      Job *job = job_new (JOB_DECODE, c);
      const char *etag;

      /* run->fetching stays TRUE until the page is decoded */
      etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
      job->body = g_steal_pointer (&body);
      job->since = g_strdup (run->since);
      job->etag = g_strdup (etag);
      job->page_size = run->page_size;
      start_job (task, job);
    }
  else if (status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429 || status >= 500)
    {
      retry_or_fail (task, http_error (c, status, soup_message_get_reason_phrase (msg), body),
                     cg_api_get_retry_after (msg, RETRY_AFTER_MAX_S));
    }
  else
    {
      /* 401/403 stop the run; other answers fail this collection */
      run->fetching = FALSE;
      stop (task, http_error (c, status, soup_message_get_reason_phrase (msg), body));
    }
}

/* The page's path below the server URL (which ends with "/") */
static char *
build_page_path (CgSync       *self,
                 RunData      *run,
                 CgCollection  collection)
{
  GString *url = g_string_new (NULL);

  if (collection == CG_COLLECTION_COMPLAINTS)
    {
      g_string_append (url, "open311/v2/requests.json?");
      if (run->since != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (run->since, NULL, FALSE);
          g_string_append_printf (url, "updated_after=%s&", escaped);
        }
      g_string_append_printf (url, "page_size=%u", run->page_size);
    }
  else
    {
      g_string_append_printf (url, "api/v1/%s?", cg_collection_to_string (collection));
      if (run->since != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (run->since, NULL, FALSE);
          g_string_append_printf (url, "since=%s&", escaped);
        }
      g_string_append_printf (url, "limit=%u", run->page_size);
    }

  return g_string_free (url, FALSE);
}

static void
send_page (GTask *task)
{
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  CgCollection c = run->collections[run->index];
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SoupMessageHeaders *headers;

  g_assert (!run->fetching);

  if (check_cancelled (task))
    return;

  path = build_page_path (self, run, c);
  g_assert (run->msg == NULL);
  run->msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, path, self->token, &error);
  if (run->msg == NULL)
    {
      stop (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("GET %s%s", self->server_url, path);

  headers = soup_message_get_request_headers (run->msg);
  if (run->fetched == 0 && run->etag != NULL && run->etag[0] != '\0')
    soup_message_headers_replace (headers, "If-None-Match", run->etag);

  run->fetching = TRUE;
  run->request_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->session, run->msg, G_PRIORITY_DEFAULT,
                                    run->fetch_cancellable,
                                    on_page_read_cb, g_object_ref (task));
}

static void
next_collection (GTask *task)
{
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  if (check_cancelled (task))
    return;

  g_assert (!run->fetching && !run->storing && run->queued == NULL);
  run->page = 0;
  run->fetched = 0;
  run->attempt = 0;
  run->fetch_done = FALSE;
  run->fetch_paused = FALSE;
  update_progress (self, run);

  if (run->index >= run->n_collections)
    {
      finish_run (task, g_steal_pointer (&run->first_error));
      return;
    }

  start_job (task, job_new (JOB_PREPARE, run->collections[run->index]));
}

static char *
format_skip_details (RunData *run)
{
  GString *details = g_string_new (NULL);

  for (guint c = 0; c < CG_N_COLLECTIONS; c++)
    for (guint r = 0; r < CG_N_SKIP_REASONS; r++)
      if (run->skips[c][r] > 0)
        /* TRANSLATORS: "merchants: out-of-range ×3"; machine names stay untranslated */
        g_string_append_printf (details, _("%s: %s ×%u\n"),
                                cg_collection_to_string (c),
                                cg_skip_reason_to_string (r),
                                run->skips[c][r]);

  if (details->len == 0)
    {
      g_string_free (details, TRUE);
      return NULL;
    }

  g_string_truncate (details, details->len - 1);

  return g_string_free (details, FALSE);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void schedule_next (CgSync   *self,
                           gboolean  failed);

static void
on_close_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CgSync *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  GError *error = g_steal_pointer (&run->error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Update state first: the callback may drop the last reference. */
  self->running = FALSE;

  if (error == NULL)
    {
      run->report->seconds = (g_get_monotonic_time () - run->started_us) / (double) G_USEC_PER_SEC;
      run->report->skip_details = format_skip_details (run);
      self->finished_a_run = TRUE;
      set_progress (self, 1.0);
      set_last_success (self, now_seconds ());
      set_last_error (self, NULL);
      set_status (self, CG_SYNC_STATUS_OK);
    }
  else if (cancelled)
    {
      set_status (self, run->status_before);
    }
  else
    {
      set_last_error (self, error->message);
      set_status (self, CG_SYNC_STATUS_ERROR);
    }

  if (!cancelled && self->interval > 0)
    schedule_next (self, error != NULL);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&run->report),
                           (GDestroyNotify) cg_sync_report_free);
}

/* Takes @error (NULL = success). Closes the worker connection (recording the failure
 * first), then completes the run. */
static void
finish_run (GTask  *task,
            GError *error)
{
  RunData *run = g_task_get_task_data (task);
  g_autoptr(GTask) job_task = NULL;
  Job *job;

  g_assert (run->error == NULL);
  run->error = error;

  if (error != NULL)
    g_debug ("Sync failed: %s", error->message);

  job = job_new (JOB_CLOSE, run->index < run->n_collections ? run->collections[run->index] : 0);
  job->run = run;
  if (error != NULL && run->index < run->n_collections &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE))
    job->failure = g_strdup (error->message);

  job_task = g_task_new (NULL, NULL, on_close_done_cb, g_object_ref (task));
  g_task_set_source_tag (job_task, finish_run);
  g_task_set_task_data (job_task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (job_task, run_job_in_thread);
}

/* Public API */

void
cg_sync_report_free (CgSyncReport *report)
{
  if (report == NULL)
    return;

  g_free (report->skip_details);
  g_free (report);
}

/* May run in any thread */
static void
on_run_cancelled_cb (GCancellable *cancellable,
                     GCancellable *fetch_cancellable)
{
  g_cancellable_cancel (fetch_cancellable);
}

void
cg_sync_run_async (CgSync              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (CG_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, CG_SYNC_ERROR, CG_SYNC_ERROR_BUSY,
                               _("A sync is already running"));
      return;
    }

  run = g_new0 (RunData, 1);
  memcpy (run->collections, self->collections, sizeof run->collections);
  run->n_collections = self->n_collections;
  run->page_size = self->page_size;
  run->store_path = g_strdup (self->store_path);
  run->report = g_new0 (CgSyncReport, 1);
  run->started_us = g_get_monotonic_time ();
  run->status_before = self->status;
  run->fetch_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      run->user_cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_run_cancelled_cb),
                                                 g_object_ref (run->fetch_cancellable),
                                                 g_object_unref);
    }
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);

  self->running = TRUE;
  clear_schedule_source (self);
  set_next_attempt (self, 0);
  set_progress (self, 0.0);
  set_status (self, CG_SYNC_STATUS_SYNCING);

  next_collection (task);
}

CgSyncReport *
cg_sync_run_finish (CgSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (CG_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
cg_sync_backoff_delay_ms (guint  attempt,
                          guint  base_ms,
                          guint  max_ms,
                          GRand *rand)
{
  guint64 ceiling = base_ms;

  for (guint i = 1; i < attempt && ceiling < max_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, max_ms);
  ceiling = MIN (ceiling, (guint64) G_MAXINT32 - 1);

  if (ceiling == 0)
    return 0;

  /* Full jitter: uniform in [0, ceiling] */
  if (rand != NULL)
    return (guint) g_rand_int_range (rand, 0, (gint32) ceiling + 1);

  return (guint) g_random_int_range (0, (gint32) ceiling + 1);
}

/* Schedule */

static void
on_scheduled_run_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CgSync) self = user_data;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* State, last-error and the next attempt are handled by the run itself. */
  report = cg_sync_run_finish (self, result, &error);
  if (report == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Scheduled sync failed: %s", error->message);
}

void
cg_sync_trigger (CgSync *self)
{
  g_return_if_fail (CG_IS_SYNC (self));

  if (self->running)
    return;

  cg_sync_run_async (self, self->cancellable, on_scheduled_run_cb, g_object_ref (self));
}

static gboolean
on_schedule_timeout_cb (gpointer user_data)
{
  CgSync *self = user_data;

  g_clear_pointer (&self->schedule_source, g_source_unref);
  cg_sync_trigger (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (CgSync   *self,
               gboolean  failed)
{
  guint delay;

  clear_schedule_source (self);

  if (self->interval == 0)
    {
      set_next_attempt (self, 0);
      return;
    }

  if (failed)
    {
      if (self->failure_delay == 0)
        self->failure_delay = MIN (self->schedule_retry_s, self->interval);
      else
        self->failure_delay = MIN (self->failure_delay * 2, self->interval);
      delay = self->failure_delay;
    }
  else
    {
      self->failure_delay = 0;
      delay = self->interval;
    }

  self->schedule_source = g_timeout_source_new_seconds (delay);
  g_source_set_callback (self->schedule_source, on_schedule_timeout_cb, self, NULL);
  g_source_set_static_name (self->schedule_source, "[cg-sync] schedule");
  g_source_attach (self->schedule_source, self->context);
  set_next_attempt (self, now_seconds () + delay);
}

void
cg_sync_start_schedule (CgSync *self,
                        guint   interval_seconds)
{
  g_return_if_fail (CG_IS_SYNC (self));

  if (interval_seconds == 0)
    {
      cg_sync_stop_schedule (self);
      return;
    }

  self->interval = interval_seconds;
  self->failure_delay = 0;

  if (self->running)
    return;   /* the run in progress schedules the next one when it ends */

  cg_sync_trigger (self);
}

void
cg_sync_stop_schedule (CgSync *self)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->interval = 0;
  self->failure_delay = 0;
  clear_schedule_source (self);
  set_next_attempt (self, 0);

  /* Stops a run of the schedule in progress as well. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* Getters and setters */

const char *
cg_sync_get_server_url (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), NULL);

  return self->server_url;
}

void
cg_sync_set_token (CgSync     *self,
                   const char *token)
{
  g_return_if_fail (CG_IS_SYNC (self));

  cg_token_free (self->token);
  self->token = g_strdup (token);
}

void
cg_sync_set_timeout (CgSync *self,
                     guint   seconds)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->timeout = seconds > 0 ? seconds : DEFAULT_TIMEOUT_S;
  soup_session_set_timeout (self->session, self->timeout);
}

void
cg_sync_set_page_size (CgSync *self,
                       guint   page_size)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->page_size = page_size > 0 ? page_size : DEFAULT_PAGE_SIZE;
}

void
cg_sync_set_collections (CgSync             *self,
                         const CgCollection *collections,
                         guint               n_collections)
{
  g_return_if_fail (CG_IS_SYNC (self));
  g_return_if_fail (n_collections <= CG_N_COLLECTIONS);
  g_return_if_fail (collections != NULL || n_collections == 0);

  self->n_collections = 0;
  if (collections == NULL || n_collections == 0)
    {
      for (guint i = 0; i < CG_N_COLLECTIONS; i++)
        self->collections[self->n_collections++] = i;
      return;
    }

  for (guint i = 0; i < n_collections; i++)
    {
      g_return_if_fail (collections[i] < CG_N_COLLECTIONS);
      self->collections[self->n_collections++] = collections[i];
    }
}

CgSyncStatus
cg_sync_get_status (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), CG_SYNC_STATUS_IDLE);

  return self->status;
}

gint64
cg_sync_get_last_success (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), 0);

  return self->last_success;
}

const char *
cg_sync_get_last_error (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), NULL);

  return self->last_error;
}

double
cg_sync_get_progress (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), 0.0);

  return self->progress;
}

gint64
cg_sync_get_next_attempt (CgSync *self)
{
  g_return_val_if_fail (CG_IS_SYNC (self), 0);

  return self->next_attempt;
}

void
_cg_sync_set_backoff_ms (CgSync *self,
                         guint   base_ms,
                         guint   max_ms)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->backoff_base_ms = base_ms;
  self->backoff_max_ms = MAX (max_ms, base_ms);
}

void
_cg_sync_set_backoff_base_ms (CgSync *self,
                              guint   base_ms)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->backoff_base_ms = base_ms;
  self->backoff_max_ms = MAX (self->backoff_max_ms, base_ms);
}

void
_cg_sync_set_max_attempts (CgSync *self,
                           guint   attempts)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->max_attempts = MAX (attempts, 1);
}

void
_cg_sync_set_schedule_retry_s (CgSync *self,
                               guint   seconds)
{
  g_return_if_fail (CG_IS_SYNC (self));

  self->schedule_retry_s = MAX (seconds, 1);
}

/* Construction: last-success comes from the cache, read off the main thread. */

typedef struct
{
  char         *path;
  CgCollection  collections[CG_N_COLLECTIONS];
  guint         n_collections;
} ReadLastSuccess;

static void
read_last_success_free (ReadLastSuccess *data)
{
  g_free (data->path);
  g_free (data);
}

static void
read_last_success_in_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  ReadLastSuccess *data = task_data;
  const char *path = data->path;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 oldest = G_MAXINT64;

  /* Never create (and migrate) a cache here, racing a first run that does. */
  if (g_strcmp0 (path, ":memory:") == 0 || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_task_return_int (task, 0);
      return;
    }

  store = cg_store_open (path, &error);
  if (store == NULL)
    {
      g_debug ("Cannot read the sync state: %s", error->message);
      g_task_return_int (task, 0);
      return;
    }

  /* The whole cache is as fresh as its stalest collection. */
  for (guint i = 0; i < data->n_collections; i++)
    {
      CgSyncState state = { 0 };

      if (!cg_store_get_sync_state (store, data->collections[i], &state, NULL))
        {
          oldest = 0;
          break;
        }
      oldest = MIN (oldest, state.last_success);
      cg_sync_state_clear (&state);
    }

  g_task_return_int (task, oldest == G_MAXINT64 ? 0 : oldest);
}

static void
on_last_success_read_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CgSync *self = CG_SYNC (object);
  gint64 last_success = g_task_propagate_int (G_TASK (result), NULL);

  /* A run that finished meanwhile knows better. */
  if (!self->finished_a_run && self->last_success == 0 && last_success > 0)
    set_last_success (self, last_success);
}

CgSync *
cg_sync_new (const char *server_url,
             const char *token,
             const char *store_path)
{
  CgSync *self;
  g_autoptr(GTask) task = NULL;
  ReadLastSuccess *data;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (CG_TYPE_SYNC, NULL);
  if (g_str_has_suffix (server_url, "/"))
    self->server_url = g_strdup (server_url);
  else
    self->server_url = g_strconcat (server_url, "/", NULL);
  self->token = g_strdup (token);
  self->store_path = g_strdup (store_path);

  data = g_new0 (ReadLastSuccess, 1);
  data->path = g_strdup (store_path);
  memcpy (data->collections, self->collections, sizeof data->collections);
  data->n_collections = self->n_collections;
  task = g_task_new (self, NULL, on_last_success_read_cb, NULL);
  g_task_set_source_tag (task, cg_sync_new);
  g_task_set_task_data (task, data, (GDestroyNotify) read_last_success_free);
  g_task_run_in_thread (task, read_last_success_in_thread);

  return self;
}

static void
cg_sync_dispose (GObject *object)
{
  CgSync *self = CG_SYNC (object);

  clear_schedule_source (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cg_sync_parent_class)->dispose (object);
}

static void
cg_sync_finalize (GObject *object)
{
  CgSync *self = CG_SYNC (object);

  cg_sync_set_token (self, NULL);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (cg_sync_parent_class)->finalize (object);
}

static void
cg_sync_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CgSync *self = CG_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_sync_class_init (CgSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_sync_dispose;
  object_class->finalize = cg_sync_finalize;
  object_class->get_property = cg_sync_get_property;

  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, 0, CG_SYNC_STATUS_ERROR, CG_SYNC_STATUS_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NEXT_ATTEMPT] =
    g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CgSync::data-changed:
   * @collection: the CgCollection (as guint) whose records changed
   *
   * Emitted on the main context after a page with records landed in the cache.
   */
  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * CgSync::page-applied:
   * @collection: the CgCollection (as guint)
   * @received: records of @collection applied so far in this run
   * @skipped: records of @collection skipped so far in this run
   *
   * Emitted after every page that landed, with or without records (progress display).
   */
  signals[PAGE_APPLIED] =
    g_signal_new ("page-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cg_sync_init (CgSync *self)
{
  self->timeout = DEFAULT_TIMEOUT_S;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->schedule_retry_s = SCHEDULE_RETRY_MIN_S;
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  cg_sync_set_collections (self, NULL, 0);

  self->session = cg_api_session_new (self->timeout);
}
