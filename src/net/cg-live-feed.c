/* cg-live-feed.c: live positions of officers and vehicles from a Traccar API
 *
 * States: start() loads /api/groups, /api/devices and /api/positions (CONNECTING), then
 * opens /api/socket (LIVE). A drop schedules a reconnect after a backoff with full jitter
 * (CONNECTING). A handshake that fails (refused upgrade, 4xx/5xx, network) starts polling
 * /api/positions (POLLING) and the socket is retried with the same backoff. When polling
 * fails too the feed is OFFLINE (and keeps retrying). A socket that stays silent longer than
 * the silence timeout is taken for dead.
 *
 * Messages are decoded in one worker thread, in order; positions are applied on the main
 * thread and coalesced (latest per device) into one "positions-changed" per batch, at most
 * one batch per batch_ms: the first positions after a quiet spell of batch_ms go out at the
 * next main loop iteration (a feed that sends every device once a second is not delayed),
 * positions that follow closer than that wait until batch_ms after the previous batch. While
 * the worker is behind by more than max_queue messages, a position-only message is held back in
 * one slot instead; a newer one replaces it (the older is dropped and counted as "flood") and
 * the slot goes to the worker as soon as the queue shrinks, so the newest positions always
 * arrive. Device and event messages are never dropped.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-live"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "cg-api-request.h"
#include "cg-live-feed-private.h"
#include "cg-sync.h"
#include "cg-track.h"

#define DEFAULT_STALE_AFTER_S 300

struct _CgLiveFeed
{
  GObject                  parent_instance;

  char                    *server_url;
  char                    *token;
  SoupSession             *session;
  GMainContext            *context;
  GCancellable            *cancellable;     /* of the current run */
  guint                    generation;      /* bumped by stop(): late results are dropped */
  gboolean                 running;

  CgLiveMode               mode;
  char                    *last_error;
  CgLiveKnobs              knobs;
  guint                    stale_after_s;

  GHashTable              *devices;         /* gint64* -> CgLiveDevice* */
  GPtrArray               *groups;          /* CgTraccarGroup */

  SoupWebsocketConnection *socket;
  guint                    socket_attempt;  /* failures since the last success */
  gint64                   last_socket_us;  /* monotonic time of the last socket message */
  GSource                 *reconnect_source;
  GSource                 *poll_source;
  GSource                 *silence_source;
  GSource                 *flush_source;
  gint64                   last_flush_us;   /* monotonic time of the last batch */
  gboolean                 polling;         /* a poll request is in flight */

  GThreadPool             *pool;
  gint                     queued;          /* atomic: jobs in the pool */
  GHashTable              *pending;         /* gint64* -> CgTraccarPosition*, next batch */
  GBytes                  *deferred;        /* the newest position message held back in a flood */
  gboolean                 deferred_rest;

  CgLiveStats              stats;
};

G_DEFINE_FINAL_TYPE (CgLiveFeed, cg_live_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  POSITIONS_CHANGED,
  DEVICES_CHANGED,
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CgLiveFeed        *self;        /* owned */
  GBytes            *bytes;
  gboolean           rest;        /* an /api/positions answer, not a socket message */
  guint              generation;
  gint64             max_future_s;
  CgTraccarMessage  *message;
  GError            *error;
} Job;

static void connect_socket  (CgLiveFeed *self);
static void start_polling   (CgLiveFeed *self);
static void schedule_socket_retry (CgLiveFeed *self);
static void bootstrap       (CgLiveFeed *self);

const char *
cg_live_mode_to_string (CgLiveMode mode)
{
  switch (mode)
    {
    case CG_LIVE_MODE_CONNECTING:
      return "connecting";
    case CG_LIVE_MODE_LIVE:
      return "live";
    case CG_LIVE_MODE_POLLING:
      return "polling";
    case CG_LIVE_MODE_OFFLINE:
    default:
      return "offline";
    }
}

const char *
cg_live_mode_get_title (CgLiveMode mode)
{
  switch (mode)
    {
    case CG_LIVE_MODE_CONNECTING:
      return _("Connecting to live positions…");
    case CG_LIVE_MODE_LIVE:
      return _("Live positions");
    case CG_LIVE_MODE_POLLING:
      return _("Live positions by polling (no live connection)");
    case CG_LIVE_MODE_OFFLINE:
    default:
      return _("Live positions offline");
    }
}

char *
cg_live_stats_format (const CgLiveStats *stats)
{
  GString *out = g_string_new (NULL);
  g_autofree char *messages = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->messages);
  g_autofree char *keepalives = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->keepalives);
  g_autofree char *positions = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->positions);
  g_autofree char *batches = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->batches);
  g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->events);
  g_autofree char *polls = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->polls);
  g_autofree char *connects = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->connects);
  g_autofree char *drops = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->drops);
  g_autofree char *failed = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->failed_connects);
  g_autofree char *skipped = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->n_skipped);
  g_autofree char *megabytes = g_strdup_printf ("%.1f", stats->bytes / 1048576.0);

  g_return_val_if_fail (stats != NULL, NULL);

  g_string_append_printf (out, _("Messages: %s (keepalives %s), %s MB"), messages, keepalives, megabytes);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Positions applied: %s in %s batches; events: %s; polls: %s"),
                          positions, batches, events, polls);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Connections: %s, dropped: %s, failed: %s"), connects, drops, failed);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, C_("live diagnostics", "Skipped: %s"), skipped);
  for (guint i = 0; i < CG_TRACCAR_N_SKIP; i++)
    if (stats->skipped[i] > 0)
      g_string_append_printf (out, "\n  %s: %" G_GUINT64_FORMAT, cg_traccar_skip_get_title (i), stats->skipped[i]);
  return g_string_free (out, FALSE);
}

static void
live_device_free (CgLiveDevice *device)
{
  g_free (device->name);
  g_free (device->unique_id);
  g_free (device);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->message, cg_traccar_message_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static GSource *
add_timeout (CgLiveFeed  *self,
             guint        ms,
             GSourceFunc  func)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
set_mode (CgLiveFeed *self,
          CgLiveMode  mode)
{
  if (self->mode == mode)
    return;
  g_debug ("mode %s -> %s", cg_live_mode_to_string (self->mode), cg_live_mode_to_string (mode));
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
set_last_error (CgLiveFeed *self,
                const char *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
count_skips (CgLiveFeed             *self,
             const CgTraccarMessage *message)
{
  for (guint i = 0; i < CG_TRACCAR_N_SKIP; i++)
    self->stats.skipped[i] += message->skipped[i];
  self->stats.n_skipped += message->n_skipped;
  if (message->first_skip_detail != NULL)
    g_debug ("skipped %u: first %s", message->n_skipped, message->first_skip_detail);
}

static void
count_skip (CgLiveFeed    *self,
            CgTraccarSkip  reason)
{
  self->stats.skipped[reason]++;
  self->stats.n_skipped++;
}

static guint
backoff_ms (CgLiveFeed *self)
{
  return MAX (cg_sync_backoff_delay_ms (MAX (self->socket_attempt, 1), self->knobs.backoff_base_ms,
                                        self->knobs.backoff_max_ms, NULL), 50);
}

/* ---- applying what arrived ------------------------------------------------------------ */

static gboolean
on_flush_cb (gpointer user_data)
{
  CgLiveFeed *self = user_data;
  g_autoptr(GArray) batch = NULL;
  GHashTableIter iter;
  gpointer value;

  g_clear_pointer (&self->flush_source, g_source_unref);
  self->last_flush_us = g_get_monotonic_time ();
  batch = g_array_sized_new (FALSE, FALSE, sizeof (CgTraccarPosition),
                             g_hash_table_size (self->pending));
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_vals (batch, value, 1);
  g_hash_table_remove_all (self->pending);

  if (batch->len > 0)
    {
      self->stats.batches++;
      g_signal_emit (self, signals[POSITIONS_CHANGED], 0, batch);
    }
  return G_SOURCE_REMOVE;
}

static void
apply_devices (CgLiveFeed *self,
               GPtrArray  *devices)
{
  for (guint i = 0; i < devices->len; i++)
    {
      CgTraccarDevice *d = devices->pdata[i];
      CgLiveDevice *live = g_hash_table_lookup (self->devices, &d->id);

      if (live == NULL)
        {
          live = g_new0 (CgLiveDevice, 1);
          live->id = d->id;
          g_hash_table_insert (self->devices, g_memdup2 (&d->id, sizeof d->id), live);
        }
      g_free (live->name);
      live->name = g_strdup (d->name);
      g_free (live->unique_id);
      live->unique_id = g_strdup (d->unique_id);
      live->group_id = d->group_id;
      live->kind = d->kind;
      live->status = d->status;
    }
  if (devices->len > 0)
    g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static void
apply_positions (CgLiveFeed *self,
                 GArray     *positions)
{
  for (guint i = 0; i < positions->len; i++)
    {
      CgTraccarPosition *p = &g_array_index (positions, CgTraccarPosition, i);
      CgLiveDevice *device = g_hash_table_lookup (self->devices, &p->device_id);
      CgTraccarPosition *pending;

      if (device == NULL)
        {
          count_skip (self, CG_TRACCAR_SKIP_UNKNOWN_DEVICE);
          continue;
        }
      if (device->has_position && p->fix_time < device->position.fix_time)
        {
          count_skip (self, CG_TRACCAR_SKIP_OUT_OF_ORDER);
          continue;
        }
      device->position = *p;
      device->has_position = TRUE;
      self->stats.positions++;

      pending = g_hash_table_lookup (self->pending, &p->device_id);
      if (pending == NULL)
        g_hash_table_insert (self->pending, g_memdup2 (&p->device_id, sizeof p->device_id),
                             g_memdup2 (p, sizeof *p));
      else
        *pending = *p;
    }

  if (g_hash_table_size (self->pending) > 0 && self->flush_source == NULL)
    {
      /* at most one batch per batch_ms, without waiting when the last one is older */
      gint64 wait_us = self->last_flush_us + (gint64) self->knobs.batch_ms * 1000 -
                       g_get_monotonic_time ();

      self->flush_source = add_timeout (self, wait_us > 0 ? (guint) ((wait_us + 999) / 1000) : 0,
                                        on_flush_cb);
    }
}

static void
apply_events (CgLiveFeed *self,
              GPtrArray  *events)
{
  gboolean devices_changed = FALSE;

  for (guint i = 0; i < events->len; i++)
    {
      CgTraccarEvent *e = events->pdata[i];
      CgLiveDevice *device = g_hash_table_lookup (self->devices, &e->device_id);

      if (device == NULL)
        {
          count_skip (self, CG_TRACCAR_SKIP_UNKNOWN_DEVICE);
          continue;
        }
      if (e->kind == CG_TRACCAR_EVENT_DEVICE_OFFLINE && device->status != CG_TRACCAR_STATUS_OFFLINE)
        {
          device->status = CG_TRACCAR_STATUS_OFFLINE;
          devices_changed = TRUE;
        }
      else if (e->kind == CG_TRACCAR_EVENT_DEVICE_ONLINE && device->status != CG_TRACCAR_STATUS_ONLINE)
        {
          device->status = CG_TRACCAR_STATUS_ONLINE;
          devices_changed = TRUE;
        }
      self->stats.events++;
      g_signal_emit (self, signals[EVENT], 0, e);
    }
  if (devices_changed)
    g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static void
apply_message (CgLiveFeed       *self,
               CgTraccarMessage *message)
{
  count_skips (self, message);
  if (message->keepalive)
    self->stats.keepalives++;
  if (message->devices != NULL)
    apply_devices (self, message->devices);
  if (message->positions != NULL)
    apply_positions (self, message->positions);
  if (message->events != NULL)
    apply_events (self, message->events);
}

/* ---- decoding in the worker ------------------------------------------------------------ */

static void push_job (CgLiveFeed *self,
                      GBytes     *bytes,
                      gboolean    rest);

static gboolean
on_job_done_cb (gpointer user_data)
{
  Job *job = user_data;
  CgLiveFeed *self = job->self;

  g_atomic_int_add (&self->queued, -1);
  if (job->generation != self->generation)
    return G_SOURCE_REMOVE;
  if (self->deferred != NULL &&
      (guint) g_atomic_int_get (&self->queued) < self->knobs.max_queue)
    {
      g_autoptr(GBytes) deferred = g_steal_pointer (&self->deferred);

      push_job (self, deferred, self->deferred_rest);
    }

  if (job->error != NULL)
    {
      /* a polled answer that is not a list of positions */
      count_skip (self, job->error->code == CG_TRACCAR_ERROR_INVALID_JSON
                        ? CG_TRACCAR_SKIP_NOT_JSON : CG_TRACCAR_SKIP_BAD_SHAPE);
      set_last_error (self, job->error->message);
      return G_SOURCE_REMOVE;
    }
  apply_message (self, job->message);
  return G_SOURCE_REMOVE;
}

static void
decode_job (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  gsize size;
  const char *text = g_bytes_get_data (job->bytes, &size);
  CgTraccarCheck check = { 0, job->max_future_s, NULL };
  GSource *source;

  if (job->rest)
    job->message = cg_traccar_decode_positions (text, size, &check, &job->error);
  else
    job->message = cg_traccar_decode_message (text, size, &check);

  /* not g_main_context_invoke(): it may run the callback right here when the main thread
   * is between two iterations */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, on_job_done_cb, job, (GDestroyNotify) job_free);
  g_source_attach (source, job->self->context);
  g_source_unref (source);
}

/* A message that holds only positions (cheap look at its start): may be dropped in a flood */
static gboolean
is_positions_only (GBytes *bytes)
{
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  gsize i = 0;

  while (i < size && g_ascii_isspace (text[i]))
    i++;
  if (i >= size || text[i] != '{')
    return FALSE;
  i++;
  while (i < size && g_ascii_isspace (text[i]))
    i++;
  return size - i >= 12 && memcmp (text + i, "\"positions\"", 11) == 0 &&
         g_strstr_len (text, size, "\"events\"") == NULL &&
         g_strstr_len (text, size, "\"devices\"") == NULL;
}

static void
push_job (CgLiveFeed *self,
          GBytes     *bytes,
          gboolean    rest)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->bytes = g_bytes_ref (bytes);
  job->rest = rest;
  job->generation = self->generation;
  job->max_future_s = self->knobs.max_future_s;
  g_atomic_int_inc (&self->queued);
  g_thread_pool_push (self->pool, job, NULL);
}

static void
queue_decode (CgLiveFeed *self,
              GBytes     *bytes,
              gboolean    rest)
{
  self->stats.bytes += g_bytes_get_size (bytes);
  if (g_bytes_get_size (bytes) > self->knobs.max_message_size)
    {
      count_skip (self, CG_TRACCAR_SKIP_TOO_LARGE);
      return;
    }
  if ((guint) g_atomic_int_get (&self->queued) >= self->knobs.max_queue &&
      (rest || is_positions_only (bytes)))
    {
      if (self->deferred != NULL)
        count_skip (self, CG_TRACCAR_SKIP_FLOOD);
      g_clear_pointer (&self->deferred, g_bytes_unref);
      self->deferred = g_bytes_ref (bytes);
      self->deferred_rest = rest;
      return;
    }
  push_job (self, bytes, rest);
}

/* ---- the socket ---------------------------------------------------------------------- */

static void
forget_socket (CgLiveFeed *self)
{
  destroy_source (&self->silence_source);
  if (self->socket == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->socket, self);
  if (soup_websocket_connection_get_state (self->socket) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->socket, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->socket);
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  CgLiveFeed *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  connect_socket (self);
  return G_SOURCE_REMOVE;
}

static void
socket_lost (CgLiveFeed *self,
             const char *why)
{
  guint delay;

  forget_socket (self);
  self->stats.drops++;
  self->socket_attempt++;
  if (!self->running)
    return;

  delay = backoff_ms (self);
  g_debug ("socket lost (%s): reconnecting in %u ms", why, delay);
  set_last_error (self, why);
  if (self->mode == CG_LIVE_MODE_LIVE)
    set_mode (self, CG_LIVE_MODE_CONNECTING);
  destroy_source (&self->reconnect_source);
  self->reconnect_source = add_timeout (self, delay, on_reconnect_cb);
}

static void
on_socket_message_cb (SoupWebsocketConnection *conn,
                      gint                     type,
                      GBytes                  *message,
                      gpointer                 user_data)
{
  CgLiveFeed *self = user_data;

  self->stats.messages++;
  self->stats.last_message = g_get_real_time () / G_USEC_PER_SEC;
  self->last_socket_us = g_get_monotonic_time ();
  queue_decode (self, message, FALSE);
}

static void
on_socket_closed_cb (SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  CgLiveFeed *self = user_data;

  socket_lost (self, _("The live connection was closed"));
}

static void
on_socket_error_cb (SoupWebsocketConnection *conn,
                    GError                  *error,
                    gpointer                 user_data)
{
  g_debug ("socket error: %s", error->message);
}

static gboolean
on_silence_check_cb (gpointer user_data)
{
  CgLiveFeed *self = user_data;

  if (self->socket != NULL &&
      g_get_monotonic_time () - self->last_socket_us > (gint64) self->knobs.silence_timeout_ms * 1000)
    {
      g_clear_pointer (&self->silence_source, g_source_unref);
      socket_lost (self, _("The live connection went silent"));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_socket_connected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(CgLiveFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    {
      g_clear_object (&conn);
      return;
    }
  if (conn == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No live connection: %s"), error->message);

      g_debug ("%s", message);
      self->stats.failed_connects++;
      self->socket_attempt++;
      set_last_error (self, message);
      /* fall back to polling; the socket is retried with backoff */
      start_polling (self);
      schedule_socket_retry (self);
      return;
    }

  self->socket = conn;
  self->socket_attempt = 0;
  self->stats.connects++;
  self->last_socket_us = g_get_monotonic_time ();
  /* a whole district's positions are far above libsoup's default limit of 128 KiB */
  g_object_set (conn, "max-incoming-payload-size", (guint64) self->knobs.max_message_size + 1, NULL);
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  g_signal_connect (conn, "message", G_CALLBACK (on_socket_message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (on_socket_closed_cb), self);
  g_signal_connect (conn, "error", G_CALLBACK (on_socket_error_cb), self);
  destroy_source (&self->poll_source);
  destroy_source (&self->reconnect_source);
  self->silence_source = add_timeout (self, MAX (self->knobs.silence_timeout_ms / 4, 10),
                                      on_silence_check_cb);
  set_last_error (self, NULL);
  set_mode (self, CG_LIVE_MODE_LIVE);
}

static void
connect_socket (CgLiveFeed *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->running || self->socket != NULL)
    return;
  msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, "api/socket", self->token, &error);
  if (msg == NULL)
    {
      set_last_error (self, error->message);
      set_mode (self, CG_LIVE_MODE_OFFLINE);
      return;
    }
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_socket_connected_cb,
                                        g_object_ref (self));
}

static void
schedule_socket_retry (CgLiveFeed *self)
{
  destroy_source (&self->reconnect_source);
  self->reconnect_source = add_timeout (self, backoff_ms (self), on_reconnect_cb);
}

/* ---- polling ------------------------------------------------------------------------- */

static gboolean on_poll_cb (gpointer user_data);

static void
on_poll_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CgLiveFeed) self = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->polling = FALSE;
  if (!self->running)
    return;

  if (bytes == NULL)
    error = cg_api_map_error (g_steal_pointer (&error));
  else
    cg_api_check_response (msg, bytes, &error);

  if (error != NULL)
    {
      g_debug ("poll failed: %s", error->message);
      set_last_error (self, error->message);
      if (self->socket == NULL)
        set_mode (self, CG_LIVE_MODE_OFFLINE);
      return;
    }

  self->stats.polls++;
  self->stats.last_message = g_get_real_time () / G_USEC_PER_SEC;
  queue_decode (self, bytes, TRUE);
  if (self->socket == NULL)
    set_mode (self, CG_LIVE_MODE_POLLING);
}

static void
poll_once (CgLiveFeed *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  if (self->polling)
    return;
  msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, "api/positions", self->token, &error);
  if (msg == NULL)
    return;
  self->polling = TRUE;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_poll_read_cb, g_object_ref (self));
}

static gboolean
on_poll_cb (gpointer user_data)
{
  CgLiveFeed *self = user_data;

  if (self->socket != NULL)
    {
      g_clear_pointer (&self->poll_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  poll_once (self);
  return G_SOURCE_CONTINUE;
}

static void
start_polling (CgLiveFeed *self)
{
  if (self->poll_source != NULL)
    return;
  poll_once (self);
  self->poll_source = add_timeout (self, self->knobs.poll_interval_ms, on_poll_cb);
}

/* ---- bootstrap over REST ------------------------------------------------------------- */

typedef enum
{
  STEP_GROUPS,
  STEP_DEVICES,
  STEP_POSITIONS,
  N_STEPS
} Step;

static const char *step_paths[N_STEPS] = { "api/groups", "api/devices", "api/positions" };

typedef struct
{
  CgLiveFeed *self;
  Step        step;
} StepData;

static void fetch_step (CgLiveFeed *self,
                        Step        step);

static gboolean
on_bootstrap_retry_cb (gpointer user_data)
{
  CgLiveFeed *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  bootstrap (self);
  return G_SOURCE_REMOVE;
}

static void
bootstrap_failed (CgLiveFeed   *self,
                  const GError *error)
{
  g_debug ("bootstrap failed: %s", error->message);
  self->socket_attempt++;
  set_last_error (self, error->message);
  set_mode (self, CG_LIVE_MODE_OFFLINE);
  destroy_source (&self->reconnect_source);
  self->reconnect_source = add_timeout (self, backoff_ms (self), on_bootstrap_retry_cb);
}

static void
on_step_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StepData *data = user_data;
  g_autoptr(CgLiveFeed) self = data->self;
  Step step = data->step;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgTraccarMessage) message = NULL;
  gsize size = 0;
  const char *text;

  g_free (data);
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;
  if (bytes == NULL)
    error = cg_api_map_error (g_steal_pointer (&error));
  else
    cg_api_check_response (msg, bytes, &error);
  if (error != NULL)
    {
      bootstrap_failed (self, error);
      return;
    }

  text = g_bytes_get_data (bytes, &size);
  if (step == STEP_POSITIONS)
    {
      /* large: decoded in the worker, then the socket */
      queue_decode (self, bytes, TRUE);
      connect_socket (self);
      return;
    }

  self->stats.bytes += size;
  if (step == STEP_GROUPS)
    message = cg_traccar_decode_groups (text, size, &error);
  else
    message = cg_traccar_decode_devices (text, size, &error);
  if (message == NULL)
    {
      bootstrap_failed (self, error);
      return;
    }
  count_skips (self, message);
  if (step == STEP_GROUPS)
    {
      g_clear_pointer (&self->groups, g_ptr_array_unref);
      self->groups = g_steal_pointer (&message->groups);
    }
  else
    apply_devices (self, message->devices);
  fetch_step (self, step + 1);
}

static void
fetch_step (CgLiveFeed *self,
            Step        step)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  StepData *data;

  msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, step_paths[step], self->token, &error);
  if (msg == NULL)
    {
      set_last_error (self, error->message);
      set_mode (self, CG_LIVE_MODE_OFFLINE);
      return;
    }
  data = g_new0 (StepData, 1);
  data->self = g_object_ref (self);
  data->step = step;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_step_read_cb, data);
}

static void
bootstrap (CgLiveFeed *self)
{
  if (!self->running)
    return;
  set_mode (self, CG_LIVE_MODE_CONNECTING);
  fetch_step (self, STEP_GROUPS);
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
cg_live_feed_dispose (GObject *object)
{
  CgLiveFeed *self = CG_LIVE_FEED (object);

  cg_live_feed_stop (self);
  destroy_source (&self->flush_source);

  G_OBJECT_CLASS (cg_live_feed_parent_class)->dispose (object);
}

static void
cg_live_feed_finalize (GObject *object)
{
  CgLiveFeed *self = CG_LIVE_FEED (object);

  /* the jobs hold references: none is left when we get here */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->devices, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->last_error);

  G_OBJECT_CLASS (cg_live_feed_parent_class)->finalize (object);
}

static void
cg_live_feed_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CgLiveFeed *self = CG_LIVE_FEED (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_uint (value, self->mode);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_live_feed_class_init (CgLiveFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_live_feed_dispose;
  object_class->finalize = cg_live_feed_finalize;
  object_class->get_property = cg_live_feed_get_property;

  properties[PROP_MODE] =
    g_param_spec_uint ("mode", NULL, NULL, 0, CG_LIVE_MODE_POLLING, CG_LIVE_MODE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[POSITIONS_CHANGED] =
    g_signal_new ("positions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);
  signals[DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
cg_live_feed_init (CgLiveFeed *self)
{
  self->knobs.poll_interval_ms = 5000;
  self->knobs.backoff_base_ms = 1000;
  self->knobs.backoff_max_ms = 60000;
  self->knobs.silence_timeout_ms = 90000;
  self->knobs.batch_ms = 100;
  self->knobs.max_queue = 64;
  self->knobs.max_message_size = 64 * 1024 * 1024;
  self->knobs.timeout_s = 20;
  self->knobs.max_future_s = CG_TRACCAR_DEFAULT_MAX_FUTURE_S;
  self->stale_after_s = DEFAULT_STALE_AFTER_S;
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->session = cg_api_session_new (self->knobs.timeout_s);
  self->devices = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) live_device_free);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_traccar_group_free);
  /* one thread: messages are decoded and applied in the order they came */
  self->pool = g_thread_pool_new (decode_job, NULL, 1, FALSE, NULL);
}

/* ---- public API ---------------------------------------------------------------------- */

CgLiveFeed *
cg_live_feed_new (const char *server_url,
                  const char *token)
{
  CgLiveFeed *self;

  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (CG_TYPE_LIVE_FEED, NULL);
  self->server_url = g_strdup (server_url);
  self->token = g_strdup (token);
  return self;
}

void
cg_live_feed_set_token (CgLiveFeed *self,
                        const char *token)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

void
cg_live_feed_set_stale_after (CgLiveFeed *self,
                              guint       seconds)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));
  self->stale_after_s = seconds;
}

guint
cg_live_feed_get_stale_after (CgLiveFeed *self)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), 0);
  return self->stale_after_s;
}

void
cg_live_feed_start (CgLiveFeed *self)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->socket_attempt = 0;
  bootstrap (self);
}

void
cg_live_feed_stop (CgLiveFeed *self)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));

  self->running = FALSE;
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->polling = FALSE;
  g_clear_pointer (&self->deferred, g_bytes_unref);
  destroy_source (&self->reconnect_source);
  destroy_source (&self->poll_source);
  forget_socket (self);
  if (self->mode != CG_LIVE_MODE_OFFLINE)
    set_mode (self, CG_LIVE_MODE_OFFLINE);
}

CgLiveMode
cg_live_feed_get_mode (CgLiveFeed *self)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), CG_LIVE_MODE_OFFLINE);
  return self->mode;
}

const char *
cg_live_feed_get_last_error (CgLiveFeed *self)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);
  return self->last_error;
}

void
cg_live_feed_get_stats (CgLiveFeed  *self,
                        CgLiveStats *stats)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->queued = (guint) g_atomic_int_get (&self->queued);
}

const CgLiveDevice *
cg_live_feed_lookup_device (CgLiveFeed *self,
                            gint64      device_id)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);
  return g_hash_table_lookup (self->devices, &device_id);
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const CgLiveDevice *da = *(const CgLiveDevice **) a;
  const CgLiveDevice *db = *(const CgLiveDevice **) b;

  return da->id < db->id ? -1 : da->id > db->id;
}

GPtrArray *
cg_live_feed_list_devices (CgLiveFeed *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);

  list = g_ptr_array_sized_new (g_hash_table_size (self->devices));
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_devices);
  return list;
}

GPtrArray *
cg_live_feed_get_groups (CgLiveFeed *self)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);
  return self->groups;
}

CgUnitState
cg_live_feed_get_device_state (CgLiveFeed         *self,
                               const CgLiveDevice *device,
                               gint64              now)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), CG_UNIT_OFFLINE);
  g_return_val_if_fail (device != NULL, CG_UNIT_OFFLINE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  return cg_traccar_device_state (device->status,
                                  device->has_position ? device->position.fix_time : 0,
                                  now, self->stale_after_s);
}

const char *
cg_live_device_get_unit_id (const CgLiveDevice *device)
{
  g_return_val_if_fail (device != NULL, NULL);

  if (device->unique_id == NULL || device->unique_id[0] == '\0')
    return NULL;
  return g_str_has_prefix (device->unique_id, "cg-") ? device->unique_id + 3 : device->unique_id;
}

GArray *
cg_live_feed_rank (CgLiveFeed *self,
                   double      lon,
                   double      lat,
                   GHashTable *busy,
                   guint       kinds_mask,
                   guint       max_results)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GArray) candidates = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);

  devices = cg_live_feed_list_devices (self);
  candidates = g_array_sized_new (FALSE, FALSE, sizeof (CgRankCandidate), devices->len);
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *d = devices->pdata[i];
      CgRankCandidate c;

      c.device_id = d->id;
      c.kind = d->kind;
      c.state = cg_live_feed_get_device_state (self, d, now);
      c.dispatched = busy != NULL && cg_live_device_get_unit_id (d) != NULL &&
                     g_hash_table_contains (busy, cg_live_device_get_unit_id (d));
      c.lon = d->has_position ? d->position.lon : NAN;
      c.lat = d->has_position ? d->position.lat : NAN;
      g_array_append_val (candidates, c);
    }
  return cg_dispatch_rank ((CgRankCandidate *) candidates->data, candidates->len, lon, lat,
                           kinds_mask, max_results);
}

/* ---- routes -------------------------------------------------------------------------- */

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  const CgTraccarPosition *pa = a;
  const CgTraccarPosition *pb = b;

  return pa->fix_time < pb->fix_time ? -1 : pa->fix_time > pb->fix_time;
}

static void
decode_route_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgTraccarMessage) message = NULL;
  GHashTable *tracks;
  gsize size;
  const char *text = g_bytes_get_data (bytes, &size);
  GHashTableIter iter;
  gpointer value;

  message = cg_traccar_decode_positions (text, size, NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                  (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < message->positions->len; i++)
    {
      CgTraccarPosition *p = &g_array_index (message->positions, CgTraccarPosition, i);
      GArray *track = g_hash_table_lookup (tracks, &p->device_id);

      if (track == NULL)
        {
          track = g_array_new (FALSE, FALSE, sizeof (CgTraccarPosition));
          g_hash_table_insert (tracks, g_memdup2 (&p->device_id, sizeof p->device_id), track);
        }
      g_array_append_vals (track, p, 1);
    }
  g_hash_table_iter_init (&iter, tracks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (value, compare_positions);
  g_task_return_pointer (task, tracks, (GDestroyNotify) g_hash_table_unref);
}

static void
on_route_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    error = cg_api_map_error (g_steal_pointer (&error));
  else
    cg_api_check_response (msg, bytes, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_route_thread);
}

void
cg_live_feed_fetch_route_async (CgLiveFeed          *self,
                                gint64               device_id,
                                gint64               group_id,
                                gint64               from,
                                gint64               to,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_str = cg_format_time (from);
  g_autofree char *to_str = cg_format_time (to);
  g_autofree char *path = NULL;

  g_return_if_fail (CG_IS_LIVE_FEED (self));
  g_return_if_fail (device_id > 0 || group_id > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_live_feed_fetch_route_async);

  if (device_id > 0)
    path = g_strdup_printf ("api/reports/route?deviceId=%" G_GINT64_FORMAT "&from=%s&to=%s",
                            device_id, from_str, to_str);
  else
    path = g_strdup_printf ("api/reports/route?groupId=%" G_GINT64_FORMAT "&from=%s&to=%s",
                            group_id, from_str, to_str);
  msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, path, self->token, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_route_read_cb, g_steal_pointer (&task));
}

GHashTable *
cg_live_feed_fetch_route_finish (CgLiveFeed    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CG_IS_LIVE_FEED (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GArray *
cg_live_positions_to_track (GArray *positions)
{
  GArray *track;

  g_return_val_if_fail (positions != NULL, NULL);

  track = g_array_sized_new (FALSE, FALSE, sizeof (CgTrackPoint), positions->len);
  for (guint i = 0; i < positions->len; i++)
    {
      const CgTraccarPosition *p = &g_array_index (positions, CgTraccarPosition, i);
      CgTrackPoint point = { p->fix_time, p->lon, p->lat };

      g_array_append_val (track, point);
    }
  return track;
}

/* ---- knobs --------------------------------------------------------------------------- */

void
_cg_live_feed_get_knobs (CgLiveFeed  *self,
                         CgLiveKnobs *knobs)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));
  *knobs = self->knobs;
}

void
_cg_live_feed_set_knobs (CgLiveFeed        *self,
                         const CgLiveKnobs *knobs)
{
  g_return_if_fail (CG_IS_LIVE_FEED (self));

  self->knobs = *knobs;
  self->knobs.batch_ms = MAX (self->knobs.batch_ms, 1);
  self->knobs.poll_interval_ms = MAX (self->knobs.poll_interval_ms, 10);
  self->knobs.max_queue = MAX (self->knobs.max_queue, 1);
  if (self->knobs.timeout_s > 0)
    soup_session_set_timeout (self->session, self->knobs.timeout_s);
}
