/* test-live-feed.c: CgLiveFeed against a Traccar-like SoupServer the test controls, and
 * against the simulator (routes)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "cg-live-feed-private.h"
#include "cg-sim-server.h"
#include "cg-test-net.h"
#include "cg-track.h"

#define N_DEVICES 3

typedef struct
{
  SoupServer  *server;
  char        *url;
  gboolean     refuse_socket;   /* answer /api/socket with 403 instead of upgrading */
  gboolean     fail_positions;  /* /api/positions answers 503 */
  guint        socket_requests;
  guint        polls;
  GPtrArray   *sockets;         /* SoupWebsocketConnection */
  gint64       fix_time;        /* the time of the positions served */
  double       lat_offset;      /* moves everyone north */
  char        *last_auth;
} Traccar;

static char *
position_json (gint64  id,
               gint64  device,
               gint64  fix_time,
               double  lon,
               double  lat)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (fix_time);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000+00:00");

  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"deviceId\":%" G_GINT64_FORMAT ","
                          "\"fixTime\":\"%s\",\"valid\":true,\"latitude\":%.7f,\"longitude\":%.7f,"
                          "\"speed\":2.7,\"course\":45.0,\"attributes\":{}}",
                          id, device, iso, lat, lon);
}

static char *
positions_array (Traccar *t)
{
  GString *out = g_string_new ("[");

  for (gint64 d = 1; d <= N_DEVICES; d++)
    {
      g_autofree char *p = position_json (d, d, t->fix_time, 121.40 + d * 0.001,
                                          31.25 + t->lat_offset);

      if (d > 1)
        g_string_append_c (out, ',');
      g_string_append (out, p);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static const char devices_json[] =
  "[{\"id\":1,\"name\":\"张伟\",\"uniqueId\":\"cg-o-0001\",\"status\":\"online\",\"groupId\":1,\"category\":\"person\"},"
  "{\"id\":2,\"name\":\"李娜\",\"uniqueId\":\"cg-o-0002\",\"status\":\"online\",\"groupId\":1,\"category\":\"person\"},"
  "{\"id\":3,\"name\":\"普陀城管执法车01\",\"uniqueId\":\"cg-v-0001\",\"status\":\"online\",\"groupId\":2,\"category\":\"car\"}]";

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Traccar *t = user_data;

  g_free (t->last_auth);
  t->last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Authorization"));
  if (g_str_equal (path, "/api/socket"))
    {
      t->socket_requests++;
      if (t->refuse_socket)
        cg_test_set_json (msg, SOUP_STATUS_FORBIDDEN, "{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}");
      return;   /* else the WebSocket handler takes over */
    }
  if (g_str_equal (path, "/api/groups"))
    cg_test_set_json (msg, 200, "[{\"id\":1,\"name\":\"曹杨新村街道中队\",\"attributes\":{\"street_code\":\"310107005\"}},"
                        "{\"id\":2,\"name\":\"长风新村街道中队\"}]");
  else if (g_str_equal (path, "/api/devices"))
    cg_test_set_json (msg, 200, devices_json);
  else if (g_str_equal (path, "/api/positions"))
    {
      g_autofree char *body = NULL;

      t->polls++;
      if (t->fail_positions)
        {
          cg_test_set_json (msg, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}");
          return;
        }
      body = positions_array (t);
      cg_test_set_json (msg, 200, body);
    }
  else
    cg_test_set_json (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"nothing\"}}");
}

static void
send_positions (Traccar                 *t,
                SoupWebsocketConnection *conn)
{
  g_autofree char *array = positions_array (t);
  g_autofree char *text = g_strdup_printf ("{\"positions\":%s}", array);

  soup_websocket_connection_send_text (conn, text);
}

static void
on_socket_closed_cb (SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  Traccar *t = user_data;

  g_ptr_array_remove (t->sockets, conn);
}

static void
on_websocket_cb (SoupServer              *server,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *conn,
                 gpointer                 user_data)
{
  Traccar *t = user_data;
  g_autofree char *devices = g_strdup_printf ("{\"devices\":%s}", devices_json);

  g_ptr_array_add (t->sockets, g_object_ref (conn));
  g_signal_connect (conn, "closed", G_CALLBACK (on_socket_closed_cb), t);
  soup_websocket_connection_send_text (conn, devices);
  send_positions (t, conn);
}

static Traccar *
traccar_new (void)
{
  Traccar *t = g_new0 (Traccar, 1);

  t->fix_time = g_get_real_time () / G_USEC_PER_SEC - 5;
  t->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  t->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (t->server, NULL, on_request_cb, t, NULL);
  /* the early handler of the socket path decides whether the upgrade goes on */
  soup_server_add_handler (t->server, "/api/socket", on_request_cb, t, NULL);
  soup_server_add_websocket_handler (t->server, "/api/socket", NULL, NULL, on_websocket_cb, t, NULL);
  t->url = cg_test_server_listen (t->server, "/");
  return t;
}

static void
traccar_free (Traccar *t)
{
  for (guint i = 0; i < t->sockets->len; i++)
    g_signal_handlers_disconnect_by_data (t->sockets->pdata[i], t);
  g_ptr_array_unref (t->sockets);
  soup_server_disconnect (t->server);
  g_object_unref (t->server);
  g_free (t->url);
  g_free (t->last_auth);
  g_free (t);
}

static void
drop_sockets (Traccar *t)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < t->sockets->len; i++)
    g_ptr_array_add (sockets, g_object_ref (t->sockets->pdata[i]));
  for (guint i = 0; i < sockets->len; i++)
    soup_websocket_connection_close (sockets->pdata[i], SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "restart");
}

static void
send_text (Traccar    *t,
           const char *text)
{
  g_assert_cmpuint (t->sockets->len, >, 0);
  soup_websocket_connection_send_text (t->sockets->pdata[t->sockets->len - 1], text);
}

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct
{
  guint   batches;
  guint   positions;
  guint   events;
  guint   max_batch;
  GArray *last;             /* the last batch */
  GPtrArray *event_types;
} Seen;

static void
on_positions_changed_cb (CgLiveFeed *feed,
                         GArray     *batch,
                         Seen       *seen)
{
  seen->batches++;
  seen->positions += batch->len;
  seen->max_batch = MAX (seen->max_batch, batch->len);
  g_clear_pointer (&seen->last, g_array_unref);
  seen->last = g_array_ref (batch);
}

static void
on_event_cb (CgLiveFeed     *feed,
             CgTraccarEvent *event,
             Seen           *seen)
{
  seen->events++;
  g_ptr_array_add (seen->event_types,
                   g_strdup_printf ("%s%s%s", event->type, event->alarm ? ":" : "",
                                    event->alarm ? event->alarm : ""));
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->last, g_array_unref);
  g_clear_pointer (&seen->event_types, g_ptr_array_unref);
}

static CgLiveFeed *
new_feed (Traccar *t,
          Seen    *seen)
{
  CgLiveFeed *feed = cg_live_feed_new (t->url, "secret-token");
  CgLiveKnobs knobs;

  _cg_live_feed_get_knobs (feed, &knobs);
  knobs.poll_interval_ms = 100;
  knobs.backoff_base_ms = 50;
  knobs.backoff_max_ms = 200;
  knobs.batch_ms = 10;
  knobs.timeout_s = 3;
  _cg_live_feed_set_knobs (feed, &knobs);
  memset (seen, 0, sizeof *seen);
  seen->event_types = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (feed, "positions-changed", G_CALLBACK (on_positions_changed_cb), seen);
  g_signal_connect (feed, "event", G_CALLBACK (on_event_cb), seen);
  return feed;
}

typedef gboolean (*Condition) (CgLiveFeed *feed,
                               gpointer    data);

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (CgLiveFeed *feed,
          Condition   condition,
          gpointer    data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout_cb, &timed_out);

  while (!condition (feed, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static gboolean
mode_is (CgLiveFeed *feed,
         gpointer    data)
{
  return cg_live_feed_get_mode (feed) == GPOINTER_TO_UINT (data);
}

static gboolean
one_socket_open (CgLiveFeed *feed,
                 gpointer    data)
{
  Traccar *t = data;

  return t->sockets->len == 1;
}

static gboolean
batches_at_least (CgLiveFeed *feed,
                  gpointer    data)
{
  Seen *seen = g_object_get_data (G_OBJECT (feed), "seen");

  return seen->batches >= GPOINTER_TO_UINT (data);
}

/* the positions of the last batch carry the fix time @data (the socket's first message,
 * sent on connect, may still be on its way when the test sends the next one) */
static gboolean
batch_with_fix_time (CgLiveFeed *feed,
                     gpointer    data)
{
  const CgLiveDevice *d = cg_live_feed_lookup_device (feed, 1);

  return d != NULL && d->has_position &&
         d->position.fix_time == *(const gint64 *) data;
}

static gboolean
stats_skipped_at_least (CgLiveFeed *feed,
                        gpointer    data)
{
  CgLiveStats stats;

  cg_live_feed_get_stats (feed, &stats);
  return stats.n_skipped >= GPOINTER_TO_UINT (data) && stats.queued == 0;
}

static gboolean
events_at_least (CgLiveFeed *feed,
                 gpointer    data)
{
  Seen *seen = g_object_get_data (G_OBJECT (feed), "seen");

  return seen->events >= GPOINTER_TO_UINT (data);
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- tests --------------------------------------------------------------------------- */

static void
test_live_bootstrap_and_socket (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  g_autoptr(GPtrArray) devices = NULL;
  const CgLiveDevice *d;
  CgLiveStats stats;

  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  g_assert_cmpint (cg_live_feed_get_mode (feed), ==, CG_LIVE_MODE_OFFLINE);
  cg_live_feed_start (feed);
  g_assert_cmpint (cg_live_feed_get_mode (feed), ==, CG_LIVE_MODE_CONNECTING);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  wait_for (feed, batches_at_least, GUINT_TO_POINTER (1));

  g_assert_cmpstr (t->last_auth, ==, "Bearer secret-token");
  g_assert_cmpuint (cg_live_feed_get_groups (feed)->len, ==, 2);
  devices = cg_live_feed_list_devices (feed);
  g_assert_cmpuint (devices->len, ==, N_DEVICES);
  d = cg_live_feed_lookup_device (feed, 3);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->name, ==, "普陀城管执法车01");
  g_assert_cmpint (d->kind, ==, CG_UNIT_VEHICLE);
  g_assert_true (d->has_position);
  g_assert_cmpfloat_with_epsilon (d->position.speed_kmh, 2.7 * 1.852, 1e-9);
  g_assert_cmpint (cg_live_feed_get_device_state (feed, d, 0), ==, CG_UNIT_ONLINE);
  g_assert_cmpint (cg_live_feed_get_device_state (feed, d, d->position.fix_time + 301), ==, CG_UNIT_STALE);

  /* the server moves everyone north: a batch with all three */
  t->fix_time += 5;
  t->lat_offset = 0.001;
  seen.batches = 0;
  send_positions (t, t->sockets->pdata[0]);
  wait_for (feed, batch_with_fix_time, &t->fix_time);
  g_assert_cmpuint (seen.last->len, ==, N_DEVICES);
  g_assert_cmpfloat_with_epsilon (cg_live_feed_lookup_device (feed, 1)->position.lat, 31.251, 1e-9);

  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpuint (stats.connects, ==, 1);
  g_assert_cmpuint (stats.n_skipped, ==, 0);
  g_assert_cmpuint (t->polls, ==, 1);            /* the bootstrap only */

  cg_live_feed_stop (feed);
  g_assert_cmpint (cg_live_feed_get_mode (feed), ==, CG_LIVE_MODE_OFFLINE);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

static void
test_live_reconnect_after_drop (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  CgLiveStats stats;
  gboolean was_connecting = FALSE;

  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  cg_live_feed_start (feed);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  g_assert_cmpuint (t->socket_requests, ==, 1);

  /* the server drops the socket: the feed notices, waits a backoff, reconnects */
  drop_sockets (t);
  while (cg_live_feed_get_mode (feed) == CG_LIVE_MODE_LIVE)
    g_main_context_iteration (NULL, TRUE);
  was_connecting = cg_live_feed_get_mode (feed) == CG_LIVE_MODE_CONNECTING;
  g_assert_true (was_connecting);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  /* the server's end of the old socket closes when the client's close frame reaches it,
   * which on a busy machine may come after the new socket is up */
  wait_for (feed, one_socket_open, t);

  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpuint (stats.drops, ==, 1);
  g_assert_cmpuint (stats.connects, ==, 2);
  g_assert_cmpuint (t->socket_requests, ==, 2);
  g_assert_cmpuint (t->sockets->len, ==, 1);

  /* and it still works: new positions arrive over the new socket */
  t->fix_time += 5;
  seen.batches = 0;
  send_positions (t, t->sockets->pdata[0]);
  wait_for (feed, batches_at_least, GUINT_TO_POINTER (1));

  cg_live_feed_stop (feed);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

static void
test_live_fallback_to_polling (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  CgLiveStats stats;
  guint polls;

  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  t->refuse_socket = TRUE;
  cg_live_feed_start (feed);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_POLLING));
  g_assert_nonnull (cg_live_feed_get_last_error (feed));

  /* polling brings new positions */
  t->fix_time += 5;
  t->lat_offset = 0.002;
  seen.batches = 0;
  wait_for (feed, batches_at_least, GUINT_TO_POINTER (1));
  iterate_for (300);
  g_assert_cmpfloat_with_epsilon (cg_live_feed_lookup_device (feed, 2)->position.lat, 31.252, 1e-9);
  g_assert_cmpuint (t->polls, >=, 3);
  g_assert_cmpuint (t->socket_requests, >=, 2);     /* the socket is retried meanwhile */

  /* polling fails as well: offline */
  t->fail_positions = TRUE;
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_OFFLINE));

  /* the socket comes back: live again, polling stops */
  t->fail_positions = FALSE;
  t->refuse_socket = FALSE;
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  /* a poll sent just before the socket opened may still reach the server: let it land,
   * then no new poll may start over four poll intervals */
  iterate_for (150);
  polls = t->polls;
  iterate_for (400);
  g_assert_cmpuint (t->polls, ==, polls);

  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpuint (stats.failed_connects, >=, 2);
  g_assert_cmpuint (stats.polls, >=, 3);

  cg_live_feed_stop (feed);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

static void
test_live_bad_input_and_flood (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  /* the flood below moves time on by a second a message: start in the past */
  gint64 start = (t->fix_time -= 1000);
  g_autofree char *future = position_json (50, 1, start + 86400 * 30, 121.4, 31.25);
  g_autofree char *far = position_json (51, 2, start + 1, 200.0, 95.0);
  g_autofree char *unknown = position_json (52, 99, start + 1, 121.4, 31.25);
  g_autofree char *old = position_json (53, 3, start - 600, 121.4, 31.25);
  g_autofree char *mixed = g_strdup_printf ("{\"positions\":[%s,%s,%s,%s]}", future, far, unknown, old);
  CgLiveStats stats;
  const guint n_flood = 400;
  gint64 last_fix = 0;

  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  cg_live_feed_start (feed);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  wait_for (feed, batches_at_least, GUINT_TO_POINTER (1));

  send_text (t, "this is not JSON");
  send_text (t, "[1,2,3]");
  send_text (t, "{}");
  send_text (t, mixed);
  /* skipped: not-json, bad-shape, future-time, bad-coords, unknown-device, out-of-order */
  wait_for (feed, stats_skipped_at_least, GUINT_TO_POINTER (6));
  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_NOT_JSON], ==, 1);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_BAD_SHAPE], ==, 1);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_FUTURE_TIME], ==, 1);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_BAD_COORDS], ==, 1);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_UNKNOWN_DEVICE], ==, 1);
  g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_OUT_OF_ORDER], ==, 1);
  g_assert_cmpuint (stats.keepalives, ==, 1);
  g_assert_cmpint (cg_live_feed_get_mode (feed), ==, CG_LIVE_MODE_LIVE);
  {
    g_autofree char *text = cg_live_stats_format (&stats);

    g_assert_nonnull (strstr (text, "Skipped: 6"));
    g_assert_nonnull (strstr (text, cg_traccar_skip_get_title (CG_TRACCAR_SKIP_NOT_JSON)));
    g_assert_null (strstr (text, cg_traccar_skip_get_title (CG_TRACCAR_SKIP_FLOOD)));
  }

  /* a flood: 400 messages, each moving every device a step; the feed keeps only the
   * latest per device per batch and ends on the last one */
  seen.batches = 0;
  seen.positions = 0;
  for (guint i = 0; i < n_flood; i++)
    {
      t->fix_time += 1;
      t->lat_offset = 0.00001 * i;
      send_positions (t, t->sockets->pdata[0]);
    }
  last_fix = t->fix_time;
  while (cg_live_feed_lookup_device (feed, 1)->position.fix_time < last_fix)
    g_main_context_iteration (NULL, TRUE);
  iterate_for (50);
  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpint (cg_live_feed_get_mode (feed), ==, CG_LIVE_MODE_LIVE);
  g_assert_cmpfloat_with_epsilon (cg_live_feed_lookup_device (feed, 3)->position.lat,
                                  31.25 + 0.00001 * (n_flood - 1), 1e-9);
  /* coalesced: far fewer batches than messages, never more than one entry per device */
  g_assert_cmpuint (seen.batches, <, n_flood);
  g_assert_cmpuint (seen.max_batch, <=, N_DEVICES);
  g_assert_cmpuint (stats.positions + stats.skipped[CG_TRACCAR_SKIP_FLOOD] * N_DEVICES, >=, n_flood * N_DEVICES);
  g_test_message ("flood: %u messages -> %u batches, %" G_GUINT64_FORMAT " dropped",
                  n_flood, seen.batches, stats.skipped[CG_TRACCAR_SKIP_FLOOD]);

  cg_live_feed_stop (feed);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

static void
on_devices_changed_cb (CgLiveFeed *feed,
                       gboolean   *flag)
{
  *flag = TRUE;
}

static void
test_live_events (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  gboolean devices_changed = FALSE;

  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  cg_live_feed_start (feed);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  wait_for (feed, batches_at_least, GUINT_TO_POINTER (1));
  g_signal_connect (feed, "devices-changed", G_CALLBACK (on_devices_changed_cb), &devices_changed);

  send_text (t, "{\"events\":[{\"id\":1,\"deviceId\":2,\"type\":\"alarm\",\"attributes\":{\"alarm\":\"sos\"},"
                "\"eventTime\":\"2026-11-23T01:29:58.000+00:00\",\"positionId\":2,\"geofenceId\":0},"
                "{\"id\":2,\"deviceId\":1,\"type\":\"geofenceEnter\",\"geofenceId\":7},"
                "{\"id\":3,\"deviceId\":1,\"type\":\"geofenceExit\",\"geofenceId\":7},"
                "{\"id\":4,\"deviceId\":3,\"type\":\"deviceOffline\"},"
                "{\"id\":5,\"deviceId\":42,\"type\":\"alarm\"}]}");
  wait_for (feed, events_at_least, GUINT_TO_POINTER (4));
  g_assert_cmpuint (seen.events, ==, 4);
  g_assert_cmpstr (seen.event_types->pdata[0], ==, "alarm:sos");
  g_assert_cmpstr (seen.event_types->pdata[1], ==, "geofenceEnter");
  g_assert_cmpstr (seen.event_types->pdata[2], ==, "geofenceExit");
  g_assert_cmpstr (seen.event_types->pdata[3], ==, "deviceOffline");
  g_assert_true (devices_changed);
  g_assert_cmpint (cg_live_feed_get_device_state (feed, cg_live_feed_lookup_device (feed, 3), 0), ==,
                   CG_UNIT_OFFLINE);

  {
    CgLiveStats stats;
    g_autoptr(GArray) ranked = NULL;

    cg_live_feed_get_stats (feed, &stats);
    g_assert_cmpuint (stats.skipped[CG_TRACCAR_SKIP_UNKNOWN_DEVICE], ==, 1);
    /* ranking leaves out the offline vehicle */
    ranked = cg_live_feed_rank (feed, 121.40, 31.25, NULL, 0, 0);
    g_assert_cmpuint (ranked->len, ==, 2);
    g_assert_cmpint (g_array_index (ranked, CgRankResult, 0).device_id, ==, 1);
  }

  cg_live_feed_stop (feed);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

static gboolean
drops_at_least (CgLiveFeed *feed,
                gpointer    data)
{
  CgLiveStats stats;

  cg_live_feed_get_stats (feed, &stats);
  return stats.drops >= GPOINTER_TO_UINT (data) && cg_live_feed_get_mode (feed) == CG_LIVE_MODE_LIVE;
}

/* A socket that stays open but goes quiet (a dead NAT entry, a stuck proxy) is dropped and
 * opened again */
static void
test_live_silent_socket (void)
{
  Traccar *t = traccar_new ();
  Seen seen;
  g_autoptr(CgLiveFeed) feed = new_feed (t, &seen);
  CgLiveKnobs knobs;
  CgLiveStats stats;

  _cg_live_feed_get_knobs (feed, &knobs);
  knobs.silence_timeout_ms = 300;
  _cg_live_feed_set_knobs (feed, &knobs);
  g_object_set_data (G_OBJECT (feed), "seen", &seen);
  cg_live_feed_start (feed);
  wait_for (feed, mode_is, GUINT_TO_POINTER (CG_LIVE_MODE_LIVE));
  /* the server sends nothing after the first two messages */
  wait_for (feed, drops_at_least, GUINT_TO_POINTER (1));
  cg_live_feed_get_stats (feed, &stats);
  g_assert_cmpuint (stats.connects, >=, 2);
  g_assert_cmpuint (t->socket_requests, >=, 2);

  cg_live_feed_stop (feed);
  seen_clear (&seen);
  g_clear_object (&feed);
  traccar_free (t);
}

/* ---- routes from the simulator ------------------------------------------------------- */

typedef struct
{
  GHashTable *tracks;
  GError     *error;
  gboolean    done;
} RouteResult;

static void
on_route_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RouteResult *r = user_data;

  r->tracks = cg_live_feed_fetch_route_finish (CG_LIVE_FEED (object), result, &r->error);
  r->done = TRUE;
}

static void
test_live_route_from_sim (void)
{
  const gint64 now = 1795397400;   /* 2026-11-23T09:30:00+08:00 */
  CgSimConfig config;
  g_autoptr(CgSimServer) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CgLiveFeed) feed = NULL;
  RouteResult r = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  cg_sim_config_init (&config);
  config.merchants = 50;
  config.sites = 5;
  config.points = 5;
  config.officers = 30;
  config.vehicles = 4;
  config.history_days = 2;
  config.now = now;
  sim = cg_sim_server_new (&config, &error);
  g_assert_no_error (error);
  cg_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  url = cg_sim_server_get_url (sim);
  feed = cg_live_feed_new (url, NULL);

  /* squad 1 over the last hour: one fix a minute per device */
  cg_live_feed_fetch_route_async (feed, 0, 1, now - 3600, now, NULL, on_route_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_cmpuint (g_hash_table_size (r.tracks), >, 0);
  g_hash_table_iter_init (&iter, r.tracks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *positions = value;
      g_autoptr(GArray) track = cg_live_positions_to_track (positions);
      g_autoptr(CgTrackStats) stats = cg_track_compute_stats ((CgTrackPoint *) track->data, track->len, NULL);

      g_assert_cmpuint (positions->len, ==, 60);
      for (guint i = 1; i < positions->len; i++)
        g_assert_cmpint (g_array_index (positions, CgTraccarPosition, i).fix_time, ==,
                         g_array_index (positions, CgTraccarPosition, i - 1).fix_time + 60);
      /* the simulated officers walk a 250 m circle in an hour (vehicles 900 m in 30 min):
       * always moving, no stops */
      g_assert_cmpint (stats->moving_s, ==, 59 * 60);
      g_assert_cmpuint (stats->stops->len, ==, 0);
      g_assert_cmpfloat (stats->distance_m, >, 1000);
    }
  g_hash_table_unref (r.tracks);

  /* a bad request is an error with the server's message */
  memset (&r, 0, sizeof r);
  cg_live_feed_fetch_route_async (feed, 1, 0, now, now - 60, NULL, on_route_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.tracks);
  g_assert_nonnull (r.error);
  g_clear_error (&r.error);
  cg_sim_config_clear (&config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/live-feed/bootstrap-and-socket", test_live_bootstrap_and_socket);
  g_test_add_func ("/cg/live-feed/reconnect-after-drop", test_live_reconnect_after_drop);
  g_test_add_func ("/cg/live-feed/fallback-to-polling", test_live_fallback_to_polling);
  g_test_add_func ("/cg/live-feed/bad-input-and-flood", test_live_bad_input_and_flood);
  g_test_add_func ("/cg/live-feed/events", test_live_events);
  g_test_add_func ("/cg/live-feed/silent-socket", test_live_silent_socket);
  g_test_add_func ("/cg/live-feed/route-from-sim", test_live_route_from_sim);
  return g_test_run ();
}
