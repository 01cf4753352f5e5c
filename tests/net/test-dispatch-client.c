/* test-dispatch-client.c: idempotent dispatch under retried POSTs, following dispatches,
 * and the simulator's officers walking to a dispatch (over the live feed)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "cg-coords.h"
#include "cg-decode.h"
#include "cg-dispatch-client.h"
#include "cg-live-feed-private.h"
#include "cg-sim-server.h"
#include "cg-sync.h"
#include "cg-test-net.h"

typedef enum
{
  FIRST_STALLS,          /* the first POST is recorded, its answer never comes */
  FIRST_503,             /* the first POST is refused with 503 + Retry-After: 0 */
  ALWAYS_422,
} Behaviour;

typedef struct
{
  SoupServer  *server;
  char        *url;
  Behaviour    behaviour;
  guint        posts;
  GPtrArray   *keys;          /* Idempotency-Key of each POST */
  GHashTable  *by_key;        /* key -> dispatch JSON */
  guint        created;       /* dispatches made */
  GPtrArray   *paused;
} Server;

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Server *s = user_data;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  const char *json;

  if (!g_str_equal (path, "/api/v1/dispatches") ||
      !g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      cg_test_set_json (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"nothing\"}}");
      return;
    }
  s->posts++;
  g_ptr_array_add (s->keys, g_strdup (key));
  if (key == NULL)
    {
      cg_test_set_json (msg, 400, "{\"error\":{\"code\":\"bad_request\",\"message\":\"key\"}}");
      return;
    }
  if (s->behaviour == ALWAYS_422)
    {
      cg_test_set_json (msg, 422, "{\"error\":{\"code\":\"invalid\",\"message\":\"No complaint “x”\"}}");
      return;
    }
  if (s->behaviour == FIRST_503 && s->posts == 1)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
      cg_test_set_json (msg, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"busy\"}}");
      return;
    }

  json = g_hash_table_lookup (s->by_key, key);
  if (json != NULL)
    {
      cg_test_set_json (msg, 200, json);
      return;
    }
  s->created++;
  json = g_strdup_printf ("{\"id\":\"d-%06u\",\"complaint_id\":\"3101070000042\",\"officer_ids\":[\"o-0005\",\"o-0007\"],"
                          "\"note\":null,\"status\":\"sent\",\"created_at\":\"2026-11-23T09:30:00+08:00\","
                          "\"updated_at\":\"2026-11-23T09:30:00+08:00\",\"x_extra\":[1,2]}", s->created);
  g_hash_table_insert (s->by_key, g_strdup (key), (gpointer) json);
  if (s->behaviour == FIRST_STALLS && s->posts == 1)
    {
      /* the dispatch is made, but the answer is lost: the client times out */
      soup_server_message_pause (msg);
      g_ptr_array_add (s->paused, msg);
      return;
    }
  cg_test_set_json (msg, 201, json);
}

static Server *
server_new (Behaviour behaviour)
{
  Server *s = g_new0 (Server, 1);

  s->behaviour = behaviour;
  s->keys = g_ptr_array_new_with_free_func (g_free);
  s->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->paused = g_ptr_array_new ();
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, on_request_cb, s, NULL);
  s->url = cg_test_server_listen (s->server, "/");
  return s;
}

static void
server_free (Server *s)
{
  for (guint i = 0; i < s->paused->len; i++)
    {
      cg_test_set_json (s->paused->pdata[i], 500, "{}");
      soup_server_message_unpause (s->paused->pdata[i]);
    }
  g_ptr_array_unref (s->paused);
  soup_server_disconnect (s->server);
  g_object_unref (s->server);
  g_ptr_array_unref (s->keys);
  g_hash_table_unref (s->by_key);
  g_free (s->url);
  g_free (s);
}

typedef struct
{
  CgDispatch *dispatch;
  GError     *error;
  gboolean    done;
  guint       count;
} Result;

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->dispatch = cg_dispatch_client_send_finish (CG_DISPATCH_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Result *r = user_data;

  r->count = cg_dispatch_client_refresh_finish (CG_DISPATCH_CLIENT (object), result, &r->error);
  r->done = TRUE;
}

static void
wait_result (Result *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static const char * const officers[] = { "o-0005", "o-0007", NULL };

static void
test_dispatch_retry_after_timeout (void)
{
  Server *s = server_new (FIRST_STALLS);
  g_autoptr(CgDispatchClient) client = cg_dispatch_client_new (s->url, "t");
  g_autoptr(GHashTable) busy = NULL;
  Result r = { 0 };
  gint64 start = g_get_monotonic_time ();

  cg_dispatch_client_set_retry (client, 1, 4, 50);
  cg_dispatch_client_send_async (client, "3101070000042", officers, NULL, NULL, NULL, NULL, on_sent_cb, &r);
  wait_result (&r);

  g_assert_no_error (r.error);
  g_assert_nonnull (r.dispatch);
  /* the POST went out twice with one key; the server made one dispatch */
  g_assert_cmpuint (s->posts, ==, 2);
  g_assert_cmpuint (s->created, ==, 1);
  g_assert_cmpuint (s->keys->len, ==, 2);
  g_assert_nonnull (s->keys->pdata[0]);
  g_assert_cmpstr (s->keys->pdata[0], ==, s->keys->pdata[1]);
  g_assert_true (g_uuid_string_is_valid (s->keys->pdata[0]));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);   /* the timeout */

  g_assert_cmpstr (r.dispatch->id, ==, "d-000001");
  g_assert_cmpint (r.dispatch->status, ==, CG_DISPATCH_STATUS_SENT);
  g_assert_cmpstr (r.dispatch->officer_ids[1], ==, "o-0007");
  g_assert_null (r.dispatch->officer_ids[2]);
  g_assert_null (r.dispatch->note);
  g_assert_cmpint (r.dispatch->created_at, ==, 1795397400);
  g_assert_nonnull (cg_dispatch_client_lookup (client, "d-000001"));
  busy = cg_dispatch_client_get_busy_units (client);
  g_assert_true (g_hash_table_contains (busy, "o-0005"));
  g_assert_true (g_hash_table_contains (busy, "o-0007"));

  cg_dispatch_free (r.dispatch);
  g_clear_object (&client);
  server_free (s);
}

static void
test_dispatch_retry_after_503_and_422 (void)
{
  Server *s = server_new (FIRST_503);
  g_autoptr(CgDispatchClient) client = cg_dispatch_client_new (s->url, "t");
  g_autofree char *key = cg_dispatch_client_new_key ();
  Result r = { 0 };

  cg_dispatch_client_set_retry (client, 5, 4, 10);
  cg_dispatch_client_send_async (client, "3101070000042", officers, NULL, "带执法记录仪", key, NULL, on_sent_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (s->posts, ==, 2);
  g_assert_cmpuint (s->created, ==, 1);
  g_assert_cmpstr (s->keys->pdata[0], ==, key);
  g_assert_cmpstr (s->keys->pdata[1], ==, key);
  cg_dispatch_free (r.dispatch);

  /* a retry by hand with the kept key: still one dispatch */
  memset (&r, 0, sizeof r);
  cg_dispatch_client_send_async (client, "3101070000042", officers, NULL, NULL, key, NULL, on_sent_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (s->created, ==, 1);
  g_assert_cmpstr (r.dispatch->id, ==, "d-000001");
  cg_dispatch_free (r.dispatch);
  g_clear_object (&client);
  server_free (s);

  /* 422: not retried, the server's message comes through */
  s = server_new (ALWAYS_422);
  client = cg_dispatch_client_new (s->url, "t");
  cg_dispatch_client_set_retry (client, 5, 4, 10);
  memset (&r, 0, sizeof r);
  cg_dispatch_client_send_async (client, "x", officers, NULL, NULL, NULL, NULL, on_sent_cb, &r);
  wait_result (&r);
  g_assert_null (r.dispatch);
  g_assert_error (r.error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP);
  g_assert_nonnull (strstr (r.error->message, "No complaint"));
  g_assert_cmpuint (s->posts, ==, 1);
  g_clear_error (&r.error);
  g_clear_object (&client);
  server_free (s);
}

static void
test_dispatch_decode (void)
{
  static const char *bad[] = { "nope", "[]", "{\"id\":\"d-1\"}", "{\"id\":\"d-1\",\"complaint_id\":\"c\",\"officer_ids\":5}" };
  const char *odd = "{\"id\":17,\"complaint_id\":3101070000042,\"officer_ids\":[\"o-0001\",2,null],"
                    "\"status\":\"en_route\",\"created_at\":\"2026-11-23T01:30:00Z\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDispatch) d = cg_dispatch_decode (odd, strlen (odd), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (d->id, ==, "17");
  g_assert_cmpstr (d->complaint_id, ==, "3101070000042");
  g_assert_cmpstr (d->officer_ids[0], ==, "o-0001");
  g_assert_cmpstr (d->officer_ids[1], ==, "2");
  g_assert_null (d->officer_ids[2]);
  g_assert_cmpint (d->status, ==, CG_DISPATCH_STATUS_UNKNOWN);
  g_assert_cmpstr (d->status_name, ==, "en_route");
  g_assert_cmpint (d->updated_at, ==, d->created_at);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CgDispatch) none = cg_dispatch_decode (bad[i], strlen (bad[i]), &error);
      int code = i == 0 ? CG_DECODE_ERROR_INVALID_JSON : CG_DECODE_ERROR_BAD_SHAPE;

      g_assert_null (none);
      g_assert_error (error, CG_DECODE_ERROR, code);
      g_clear_error (&error);
    }
}

/* ---- against the simulator ----------------------------------------------------------- */

static gint64 NOW;             /* the simulator's pinned clock: the real time, so fixes are fresh */
#define OFFICER_DEVICE 5
#define VEHICLE_DEVICE 32         /* v-0002 with 30 officers */

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits until device 5's fix is at least @t */
static void
wait_fix (CgLiveFeed *feed,
          gint64      t)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout_cb, &timed_out);
  const CgLiveDevice *d;

  while (((d = cg_live_feed_lookup_device (feed, VEHICLE_DEVICE)) == NULL || !d->has_position ||
          d->position.fix_time < t ||
          (d = cg_live_feed_lookup_device (feed, OFFICER_DEVICE)) == NULL || !d->has_position ||
          d->position.fix_time < t) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
on_event_cb (CgLiveFeed     *feed,
             CgTraccarEvent *event,
             guint          *count)
{
  (*count)++;
}

static double
distance_to (CgLiveFeed *feed,
             gint64      device,
             double      lon,
             double      lat)
{
  const CgLiveDevice *d = cg_live_feed_lookup_device (feed, device);

  return cg_coords_distance_m (d->position.lon, d->position.lat, lon, lat);
}

static gboolean
rank_has (GArray *ranked,
          gint64  device)
{
  for (guint i = 0; i < ranked->len; i++)
    if (g_array_index (ranked, CgRankResult, i).device_id == device)
      return TRUE;
  return FALSE;
}

static void
refresh (CgDispatchClient *client)
{
  Result r = { 0 };

  cg_dispatch_client_refresh_async (client, NULL, on_refreshed_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_dispatch_sim_officers_walk (void)
{
  CgSimConfig config;
  g_autoptr(CgSimServer) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CgLiveFeed) feed = NULL;
  g_autoptr(CgDispatchClient) client = NULL;
  g_autoptr(CgPage) page = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *request_url = NULL;
  g_autoptr(GHashTable) busy = NULL;
  GAsyncResult *result = NULL;
  const char * const one[] = { "o-0005", NULL };
  const char * const car[] = { "v-0002", NULL };
  g_autoptr(GArray) ranked = NULL;
  double car_start;
  CgComplaint *complaint;
  CgLiveKnobs knobs;
  Result r = { 0 };
  double start_distance, mid_distance;
  guint events = 0;
  const CgDispatch *d;

  cg_sim_config_init (&config);
  config.merchants = 50;
  config.sites = 5;
  config.points = 5;
  config.officers = 30;
  config.vehicles = 4;
  config.history_days = 2;
  NOW = g_get_real_time () / G_USEC_PER_SEC;
  config.now = NOW;
  config.live_interval = 1;
  config.events_per_hour = 3600;
  sim = cg_sim_server_new (&config, &error);
  g_assert_no_error (error);
  cg_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  url = cg_sim_server_get_url (sim);

  /* the complaint's place, from Open311 */
  request_url = g_strconcat (url, "open311/v2/requests/3101070000001.json", NULL);
  msg = soup_message_new ("GET", request_url);
  /* the simulator answers in this thread's main context: no synchronous request */
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_read_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  page = cg_decode_page (CG_COLLECTION_COMPLAINTS, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->records->len, ==, 1);
  complaint = page->records->pdata[0];

  feed = cg_live_feed_new (url, NULL);
  _cg_live_feed_get_knobs (feed, &knobs);
  knobs.batch_ms = 10;
  /* the test moves the simulated clock ahead of the real one */
  knobs.max_future_s = 3 * 3600;
  _cg_live_feed_set_knobs (feed, &knobs);
  g_signal_connect (feed, "event", G_CALLBACK (on_event_cb), &events);
  cg_live_feed_start (feed);
  wait_fix (feed, NOW - 30);
  start_distance = distance_to (feed, OFFICER_DEVICE, complaint->lon, complaint->lat);
  car_start = distance_to (feed, VEHICLE_DEVICE, complaint->lon, complaint->lat);
  g_assert_cmpfloat (start_distance, >, 100);
  g_assert_cmpstr (cg_live_device_get_unit_id (cg_live_feed_lookup_device (feed, OFFICER_DEVICE)), ==, "o-0005");
  g_assert_cmpstr (cg_live_device_get_unit_id (cg_live_feed_lookup_device (feed, VEHICLE_DEVICE)), ==, "v-0002");

  /* before: both are candidates for the complaint (online, fresh, free) */
  ranked = cg_live_feed_rank (feed, complaint->lon, complaint->lat, NULL, 0, 0);
  g_assert_true (rank_has (ranked, OFFICER_DEVICE));
  g_assert_true (rank_has (ranked, VEHICLE_DEVICE));
  g_clear_pointer (&ranked, g_array_unref);

  client = cg_dispatch_client_new (url, NULL);
  cg_dispatch_client_send_async (client, complaint->id, one, car, NULL, NULL, NULL, on_sent_cb, &r);
  wait_result (&r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.dispatch->status, ==, CG_DISPATCH_STATUS_SENT);
  g_assert_cmpstr (r.dispatch->complaint_id, ==, complaint->id);

  /* 1 min: accepted. 5.5 min: half-way (he walks from minute 1 to minute 10) */
  cg_sim_server_advance (sim, 330);
  wait_fix (feed, NOW + 330 - 30);
  refresh (client);
  d = cg_dispatch_client_lookup (client, r.dispatch->id);
  g_assert_cmpint (d->status, ==, CG_DISPATCH_STATUS_ACCEPTED);
  busy = cg_dispatch_client_get_busy_units (client);
  g_assert_true (g_hash_table_contains (busy, "o-0005"));
  g_assert_true (g_hash_table_contains (busy, "v-0002"));
  /* dispatched units are not offered again */
  ranked = cg_live_feed_rank (feed, complaint->lon, complaint->lat, busy, 0, 0);
  g_assert_false (rank_has (ranked, OFFICER_DEVICE));
  g_assert_false (rank_has (ranked, VEHICLE_DEVICE));
  g_assert_cmpuint (ranked->len, >, 0);
  g_clear_pointer (&busy, g_hash_table_unref);
  g_assert_cmpfloat (distance_to (feed, VEHICLE_DEVICE, complaint->lon, complaint->lat), <, car_start * 0.75);
  mid_distance = distance_to (feed, OFFICER_DEVICE, complaint->lon, complaint->lat);
  g_test_message ("officer 5: %.0f m away, then %.0f m", start_distance, mid_distance);
  g_assert_cmpfloat (mid_distance, <, start_distance * 0.75);
  g_assert_cmpfloat (mid_distance, >, start_distance * 0.25);

  /* 11 min: on site */
  cg_sim_server_advance (sim, 330);
  wait_fix (feed, NOW + 660 - 30);
  refresh (client);
  g_assert_cmpint (cg_dispatch_client_lookup (client, r.dispatch->id)->status, ==, CG_DISPATCH_STATUS_ON_SITE);
  g_assert_cmpfloat (distance_to (feed, OFFICER_DEVICE, complaint->lon, complaint->lat), <, 1.0);
  g_assert_cmpfloat (distance_to (feed, VEHICLE_DEVICE, complaint->lon, complaint->lat), <, 1.0);

  /* 41 min: resolved, free again */
  cg_sim_server_advance (sim, 1800);
  refresh (client);
  g_assert_cmpint (cg_dispatch_client_lookup (client, r.dispatch->id)->status, ==, CG_DISPATCH_STATUS_RESOLVED);
  busy = cg_dispatch_client_get_busy_units (client);
  g_assert_false (g_hash_table_contains (busy, "o-0005"));

  /* one event a second of simulated time: the feed got some over the socket */
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (5, on_timeout_cb, &timed_out);

    while (events == 0 && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
    g_assert_cmpuint (events, >, 0);
  }

  cg_live_feed_stop (feed);
  cg_dispatch_free (r.dispatch);
  cg_sim_config_clear (&config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/dispatch/retry-after-timeout", test_dispatch_retry_after_timeout);
  g_test_add_func ("/cg/dispatch/retry-after-503-and-422", test_dispatch_retry_after_503_and_422);
  g_test_add_func ("/cg/dispatch/decode", test_dispatch_decode);
  g_test_add_func ("/cg/dispatch/sim-officers-walk", test_dispatch_sim_officers_walk);
  return g_test_run ();
}
