/* test-sync.c: CgSync against a SoupServer whose answers the test controls
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cg-store.h"
#include "cg-sync-private.h"

/* Leaks of the libraries under LeakSanitizer (the -Db_sanitize=address build), not of
 * this code: GLib's test dirs, libsoup's server sockets, libsecret's file backend. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* full stacks at malloc time, or the suppressions cannot match */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n"
         "leak:g_socket_accept\n"
         "leak:soup_server_listen_local\n"
         "leak:secret_password_storev_sync\n";
}

typedef struct _TestServer TestServer;
typedef void (*Respond) (TestServer        *ts,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         guint              n);

typedef struct
{
  char   *path;
  char   *query;            /* raw query string or NULL */
  char   *since;            /* since / updated_after, or NULL */
  char   *limit;            /* limit / page_size */
  char   *auth;
  char   *if_none_match;
  char   *user_agent;
  gint64  time_us;
} Request;

struct _TestServer
{
  SoupServer  *server;
  char        *url;
  GPtrArray   *requests;
  GPtrArray   *paused;
  Respond      respond;
  guint        total;        /* merchants served by serve_merchants */
  guint        version;      /* ETag version */
  char        *dir;
  char        *db;
};

static void
request_free (Request *r)
{
  g_free (r->path);
  g_free (r->query);
  g_free (r->since);
  g_free (r->limit);
  g_free (r->auth);
  g_free (r->if_none_match);
  g_free (r->user_agent);
  g_free (r);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *ts = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  Request *r = g_new0 (Request, 1);
  GUri *uri = soup_server_message_get_uri (msg);

  r->path = g_strdup (path);
  r->query = g_strdup (g_uri_get_query (uri));
  if (query != NULL)
    {
      r->since = g_strdup (g_hash_table_lookup (query, "since"));
      if (r->since == NULL)
        r->since = g_strdup (g_hash_table_lookup (query, "updated_after"));
      r->limit = g_strdup (g_hash_table_lookup (query, "limit"));
      if (r->limit == NULL)
        r->limit = g_strdup (g_hash_table_lookup (query, "page_size"));
    }
  r->auth = g_strdup (soup_message_headers_get_one (h, "Authorization"));
  r->if_none_match = g_strdup (soup_message_headers_get_one (h, "If-None-Match"));
  r->user_agent = g_strdup (soup_message_headers_get_one (h, "User-Agent"));
  r->time_us = g_get_monotonic_time ();
  g_ptr_array_add (ts->requests, r);

  ts->respond (ts, msg, path, query, ts->requests->len - 1);
}

static TestServer *
test_server_new (Respond respond)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  ts->server = soup_server_new (NULL, NULL);
  ts->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  ts->paused = g_ptr_array_new ();
  ts->respond = respond;
  soup_server_add_handler (ts->server, NULL, server_cb, ts, NULL);
  soup_server_listen_local (ts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (ts->server);
  g_assert_nonnull (uris);
  ts->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  ts->dir = g_dir_make_tmp ("test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  ts->db = g_build_filename (ts->dir, "cache.db", NULL);

  return ts;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_server_free (TestServer *ts)
{
  for (guint i = 0; i < ts->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (ts->paused, i);

      set_json (msg, 500, "{}");
      soup_server_message_unpause (msg);
    }
  /* let the unpaused messages and the connections the client closed go */
  {
    gint64 until = g_get_monotonic_time () + 50 * 1000;

    while (g_get_monotonic_time () < until)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }

  soup_server_disconnect (ts->server);
  g_clear_object (&ts->server);
  /* let the closed connections go */
  {
    gint64 until = g_get_monotonic_time () + 50 * 1000;

    while (g_get_monotonic_time () < until)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_ptr_array_unref (ts->paused);
  g_ptr_array_unref (ts->requests);
  remove_dir (ts->dir);
  g_free (ts->dir);
  g_free (ts->db);
  g_free (ts->url);
  g_free (ts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

static Request *
get_request (TestServer *ts,
             guint       i)
{
  g_assert_cmpuint (i, <, ts->requests->len);
  return g_ptr_array_index (ts->requests, i);
}

/* Responses */

static void
append_feature (GString    *s,
                guint       i,
                double      lon,
                double      lat,
                const char *risk)
{
  if (s->str[s->len - 1] == '}')
    g_string_append_c (s, ',');
  g_string_append_printf (s,
                          "{\"type\":\"Feature\",\"id\":\"m-%06u\","
                          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},"
                          "\"properties\":{\"name\":\"商户 %u\",\"address\":\"普陀区真北路%u号\","
                          "\"street_code\":\"310107022\",\"street_name\":\"真如镇街道\","
                          "\"category\":\"catering\",\"risk_level\":\"%s\","
                          "\"licence_no\":\"92310107MA%08u\","
                          "\"updated_at\":\"2026-11-20T10:00:00+08:00\"}}",
                          i, lon, lat, i, i, risk, i);
}

static guint
parse_since (GHashTable *query)
{
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;

  if (since == NULL)
    return 0;
  g_assert_true (g_str_has_prefix (since, "c-"));
  return (guint) g_ascii_strtoull (since + 2, NULL, 10);
}

static guint
parse_limit (GHashTable *query)
{
  const char *limit = query ? g_hash_table_lookup (query, "limit") : NULL;

  g_assert_nonnull (limit);
  return (guint) g_ascii_strtoull (limit, NULL, 10);
}

/* Merchants 1..total, paged by since/limit, cursor "c-<last>"; empty other collections. */
static void
serve_merchants (TestServer        *ts,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *etag = g_strdup_printf ("\"v%u\"", ts->version);
  guint since, limit, end;

  if (!g_str_equal (path, "/api/v1/merchants"))
    {
      if (g_str_has_prefix (path, "/open311/"))
        set_json (msg, 200, "[]");
      else if (g_str_equal (path, "/api/v1/sites") || g_str_equal (path, "/api/v1/enforcement-points"))
        set_json (msg, 200, "{\"type\":\"FeatureCollection\",\"features\":[],\"more\":false}");
      else
        set_json (msg, 200, "{\"items\":[],\"more\":false}");
      return;
    }

  since = parse_since (query);
  limit = parse_limit (query);
  end = MIN (since + limit, ts->total);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                               "If-None-Match"), etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  g_string_append (s, "{\"type\":\"FeatureCollection\",\"features\":[");
  for (guint i = since + 1; i <= end; i++)
    append_feature (s, i, 121.40 + i * 1e-4, 31.24, "low");
  g_string_append_printf (s, "],\"cursor\":\"c-%u\",\"more\":%s}", end,
                          end < ts->total ? "true" : "false");
  set_json (msg, 200, s->str);
}

static void
respond_merchants (TestServer        *ts,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   guint              n)
{
  serve_merchants (ts, msg, path, query);
}

/* Helpers */

typedef struct
{
  gboolean      done;
  CgSyncReport *report;
  GError       *error;
} RunResult;

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunResult *r = user_data;

  r->report = cg_sync_run_finish (CG_SYNC (object), result, &r->error);
  r->done = TRUE;
}

static CgSyncReport *
run_sync (CgSync        *sync,
          GCancellable  *cancellable,
          GError       **error)
{
  RunResult r = { 0 };

  cg_sync_run_async (sync, cancellable, on_run_done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);

  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.report;
}

static CgSync *
make_sync (TestServer   *ts,
           const char   *token,
           guint         page_size,
           CgCollection  only)
{
  CgSync *sync = cg_sync_new (ts->url, token, ts->db);

  cg_sync_set_page_size (sync, page_size);
  if (only < CG_N_COLLECTIONS)
    cg_sync_set_collections (sync, &only, 1);
  _cg_sync_set_backoff_ms (sync, 10, 50);

  return sync;
}

static gint64
count_rows (TestServer   *ts,
            CgCollection  collection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (ts->db, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  cg_store_count (store, collection, &n, &error);
  g_assert_no_error (error);

  return n;
}

static void
get_state (TestServer   *ts,
           CgCollection  collection,
           CgSyncState  *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (ts->db, &error);

  g_assert_no_error (error);
  cg_store_get_sync_state (store, collection, state, &error);
  g_assert_no_error (error);
}

static void
on_data_changed_cb (CgSync *sync,
                    guint   collection,
                    guint  *counts)
{
  g_assert_cmpuint (collection, <, CG_N_COLLECTIONS);
  counts[collection]++;
}

/* Tests */

static void
test_backoff (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint attempt = 1; attempt <= 12; attempt++)
    {
      guint ceiling = MIN (500u << MIN (attempt - 1, 20), 30000u);
      guint max_seen = 0;

      for (guint i = 0; i < 200; i++)
        {
          guint d = cg_sync_backoff_delay_ms (attempt, 500, 30000, rand);

          g_assert_cmpuint (d, <=, ceiling);
          max_seen = MAX (max_seen, d);
        }
      /* full jitter spreads over the whole range */
      g_assert_cmpuint (max_seen, >=, ceiling / 2);
    }

  g_assert_cmpuint (cg_sync_backoff_delay_ms (1, 0, 100, NULL), ==, 0);
  g_assert_cmpuint (cg_sync_backoff_delay_ms (40, 500, 30000, NULL), <=, 30000);
  g_assert_cmpuint (cg_sync_backoff_delay_ms (0, 500, 30000, NULL), <=, 500);
}

static void
test_paging (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint changed[CG_N_COLLECTIONS] = { 0 };
  CgSyncState state = { 0 };

  ts->total = 5;
  sync = make_sync (ts, "s3cret-token", 2, CG_N_COLLECTIONS);
  g_signal_connect (sync, "data-changed", G_CALLBACK (on_data_changed_cb), changed);

  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  /* 3 merchant pages, then one request for each other collection */
  g_assert_cmpuint (ts->requests->len, ==, 3 + CG_N_COLLECTIONS - 1);
  g_assert_cmpstr (get_request (ts, 0)->path, ==, "/api/v1/merchants");
  g_assert_null (get_request (ts, 0)->since);
  g_assert_cmpstr (get_request (ts, 0)->limit, ==, "2");
  g_assert_cmpstr (get_request (ts, 1)->since, ==, "c-2");
  g_assert_cmpstr (get_request (ts, 2)->since, ==, "c-4");
  g_assert_cmpstr (get_request (ts, 3)->path, ==, "/api/v1/sites");
  g_assert_cmpstr (get_request (ts, 4)->path, ==, "/api/v1/enforcement-points");
  g_assert_cmpstr (get_request (ts, 5)->path, ==, "/api/v1/officers");
  g_assert_cmpstr (get_request (ts, 5)->limit, ==, "2");
  g_assert_cmpstr (get_request (ts, 6)->path, ==, "/api/v1/inspections");
  g_assert_cmpstr (get_request (ts, 7)->path, ==, "/api/v1/cases");
  g_assert_cmpstr (get_request (ts, 8)->path, ==, "/open311/v2/requests.json");
  g_assert_cmpstr (get_request (ts, 8)->limit, ==, "2");

  for (guint i = 0; i < ts->requests->len; i++)
    {
      g_assert_cmpstr (get_request (ts, i)->auth, ==, "Bearer s3cret-token");
      g_assert_true (g_str_has_prefix (get_request (ts, i)->user_agent, "chengguan-command/"));
      g_assert_null (get_request (ts, i)->if_none_match);
    }

  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 5);
  g_assert_cmpuint (report->pages[CG_COLLECTION_MERCHANTS], ==, 3);
  g_assert_cmpuint (report->skipped[CG_COLLECTION_MERCHANTS], ==, 0);
  g_assert_cmpuint (report->pages[CG_COLLECTION_SITES], ==, 1);
  g_assert_cmpuint (report->received[CG_COLLECTION_SITES], ==, 0);
  g_assert_null (report->skip_details);
  g_assert_cmpint (report->bytes, >, 0);
  g_assert_cmpfloat (report->seconds, >, 0);

  g_assert_cmpuint (changed[CG_COLLECTION_MERCHANTS], ==, 3);
  g_assert_cmpuint (changed[CG_COLLECTION_SITES], ==, 0);

  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 5);
  get_state (ts, CG_COLLECTION_MERCHANTS, &state);
  g_assert_cmpstr (state.cursor, ==, "c-5");
  g_assert_cmpint (state.last_success, >, 0);
  g_assert_null (state.last_error);
  cg_sync_state_clear (&state);

  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_OK);
  g_assert_cmpfloat (cg_sync_get_progress (sync), ==, 1.0);
  g_assert_cmpint (cg_sync_get_last_success (sync), >, 0);
  g_assert_null (cg_sync_get_last_error (sync));
}

static void
test_many_pages (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint changed[CG_N_COLLECTIONS] = { 0 };
  CgSyncState state = { 0 };

  /* pages are fetched while the previous one is written: order and count must hold */
  ts->total = 121;
  sync = make_sync (ts, NULL, 3, CG_COLLECTION_MERCHANTS);
  g_signal_connect (sync, "data-changed", G_CALLBACK (on_data_changed_cb), changed);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ts->requests->len, ==, 41);
  for (guint i = 0; i < ts->requests->len; i++)
    {
      g_autofree char *expected = i > 0 ? g_strdup_printf ("c-%u", 3 * i) : NULL;

      g_assert_cmpstr (get_request (ts, i)->since, ==, expected);
    }
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 121);
  g_assert_cmpuint (report->pages[CG_COLLECTION_MERCHANTS], ==, 41);
  g_assert_cmpuint (changed[CG_COLLECTION_MERCHANTS], ==, 41);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 121);
  get_state (ts, CG_COLLECTION_MERCHANTS, &state);
  g_assert_cmpstr (state.cursor, ==, "c-121");
  cg_sync_state_clear (&state);
}

static void
test_etag (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(CgSyncReport) report2 = NULL;
  g_autoptr(CgSyncReport) report3 = NULL;
  g_autoptr(GError) error = NULL;
  guint changed[CG_N_COLLECTIONS] = { 0 };
  guint first;

  ts->total = 3;
  ts->version = 1;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);

  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 3);
  g_assert_cmpuint (ts->requests->len, ==, 2);
  g_assert_null (get_request (ts, 0)->auth);

  /* Nothing changed: the first request carries the ETag and gets a 304 */
  g_signal_connect (sync, "data-changed", G_CALLBACK (on_data_changed_cb), changed);
  first = ts->requests->len;
  report2 = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ts->requests->len, ==, first + 1);
  g_assert_cmpstr (get_request (ts, first)->if_none_match, ==, "\"v1\"");
  g_assert_cmpstr (get_request (ts, first)->since, ==, "c-3");
  g_assert_cmpuint (report2->not_modified[CG_COLLECTION_MERCHANTS], ==, 1);
  g_assert_cmpuint (report2->received[CG_COLLECTION_MERCHANTS], ==, 0);
  g_assert_cmpuint (report2->pages[CG_COLLECTION_MERCHANTS], ==, 0);
  g_assert_cmpuint (changed[CG_COLLECTION_MERCHANTS], ==, 0);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 3);

  /* The server changed: the ETag no longer matches, new records come */
  ts->version = 2;
  ts->total = 4;
  first = ts->requests->len;
  report3 = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_request (ts, first)->if_none_match, ==, "\"v1\"");
  g_assert_cmpuint (report3->not_modified[CG_COLLECTION_MERCHANTS], ==, 0);
  g_assert_cmpuint (report3->received[CG_COLLECTION_MERCHANTS], ==, 1);
  g_assert_cmpuint (changed[CG_COLLECTION_MERCHANTS], ==, 1);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 4);
}

static void
respond_500_once (TestServer        *ts,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  guint              n)
{
  if (n == 1)
    set_json (msg, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"database locked\"}}");
  else
    serve_merchants (ts, msg, path, query);
}

static void
test_500_recovery (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_500_once);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  ts->total = 4;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);

  /* page 1, 500 on page 2, page 2 again */
  g_assert_cmpuint (ts->requests->len, ==, 3);
  g_assert_cmpstr (get_request (ts, 1)->since, ==, "c-2");
  g_assert_cmpstr (get_request (ts, 2)->since, ==, "c-2");
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 4);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 4);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_OK);
}

static void
respond_always_500 (TestServer        *ts,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    guint              n)
{
  set_json (msg, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"database locked\"}}");
}

static void
test_500_gives_up (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_always_500);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CgSyncState state = { 0 };

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  _cg_sync_set_max_attempts (sync, 3);
  report = run_sync (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP);
  g_assert_cmpuint (ts->requests->len, ==, 3);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_nonnull (strstr (error->message, "database locked"));

  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_ERROR);
  g_assert_cmpstr (cg_sync_get_last_error (sync), ==, error->message);

  get_state (ts, CG_COLLECTION_MERCHANTS, &state);
  g_assert_cmpstr (state.last_error, ==, error->message);
  g_assert_null (state.cursor);
  cg_sync_state_clear (&state);
}

static void
respond_merchants_broken (TestServer        *ts,
                          SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query,
                          guint              n)
{
  if (g_str_equal (path, "/api/v1/merchants"))
    set_json (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no merchants here\"}}");
  else
    serve_merchants (ts, msg, path, query);
}

static void
test_other_collections_go_on (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants_broken);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CgSyncState state = { 0 };

  sync = make_sync (ts, NULL, 2, CG_N_COLLECTIONS);
  report = run_sync (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404"));
  g_assert_nonnull (strstr (error->message, "no merchants here"));

  /* a 404 is not retried; the other collections were synced all the same */
  g_assert_cmpuint (ts->requests->len, ==, CG_N_COLLECTIONS);
  g_assert_cmpstr (get_request (ts, CG_N_COLLECTIONS - 1)->path, ==, "/open311/v2/requests.json");

  get_state (ts, CG_COLLECTION_MERCHANTS, &state);
  g_assert_cmpstr (state.last_error, ==, error->message);
  cg_sync_state_clear (&state);
  get_state (ts, CG_COLLECTION_COMPLAINTS, &state);
  g_assert_null (state.last_error);
  g_assert_cmpint (state.last_success, >, 0);
  cg_sync_state_clear (&state);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_ERROR);
}

static void
respond_503_retry_after (TestServer        *ts,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         guint              n)
{
  if (n == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      set_json (msg, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"maintenance\"}}");
    }
  else
    serve_merchants (ts, msg, path, query);
}

static void
test_retry_after (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_503_retry_after);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 gap;

  ts->total = 1;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ts->requests->len, ==, 2);
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 1);

  /* backoff would be at most 50 ms here: the gap is the server's Retry-After */
  gap = get_request (ts, 1)->time_us - get_request (ts, 0)->time_us;
  g_assert_cmpint (gap, >=, 950 * 1000);
  g_assert_cmpint (gap, <, 5 * G_USEC_PER_SEC);
}

static void
respond_pause (TestServer        *ts,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               guint              n)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (ts->paused, msg);
}

static void
test_timeout (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_pause);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  cg_sync_set_timeout (sync, 1);
  _cg_sync_set_max_attempts (sync, 2);
  report = run_sync (sync, NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_TIMEOUT);
  g_assert_cmpuint (ts->requests->len, ==, 2);
  g_assert_cmpint (elapsed, >=, 1900 * 1000);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 0);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_ERROR);
  g_assert_nonnull (cg_sync_get_last_error (sync));
}

static void
respond_bad_second_page (TestServer        *ts,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         guint              n)
{
  if (parse_since (query) == 0)
    serve_merchants (ts, msg, path, query);
  else
    /* cut off half-way, as a flaky proxy would */
    set_json (msg, 200, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"m-0");
}

static void
test_bad_json (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_bad_second_page);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CgSyncState state = { 0 };

  ts->total = 4;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  _cg_sync_set_max_attempts (sync, 2);
  report = run_sync (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_BAD_DATA);
  g_assert_nonnull (strstr (error->message, "invalid data"));

  /* page 1 kept, the bad page 2 retried once, never applied */
  g_assert_cmpuint (ts->requests->len, ==, 3);
  g_assert_cmpstr (get_request (ts, 2)->since, ==, "c-2");
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 2);
  get_state (ts, CG_COLLECTION_MERCHANTS, &state);
  g_assert_cmpstr (state.cursor, ==, "c-2");
  g_assert_nonnull (state.last_error);
  cg_sync_state_clear (&state);
}

static void
respond_truncated_body (TestServer        *ts,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        guint              n)
{
  if (n == 0)
    {
      /* Content-Length promises more than is sent, then the connection is cut */
      static const char raw[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                "Content-Length: 4000\r\n\r\n{\"type\":\"FeatureCollection\",\"feat";
      g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);
      GOutputStream *out = g_io_stream_get_output_stream (io);

      g_output_stream_write_all (out, raw, sizeof raw - 1, NULL, NULL, NULL);
      g_output_stream_flush (out, NULL, NULL);
      g_io_stream_close (io, NULL, NULL);
    }
  else
    serve_merchants (ts, msg, path, query);
}

static void
test_truncated_body (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_truncated_body);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  ts->total = 2;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  report = run_sync (sync, NULL, &error);
  /* Either way the broken page is not applied, and the retry succeeds */
  g_assert_no_error (error);
  g_assert_cmpuint (ts->requests->len, >=, 2);
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 2);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 2);
}

static void
respond_401 (TestServer        *ts,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             guint              n)
{
  set_json (msg, 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"token refused\"}}");
}

static void
test_unauthorized (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_401);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  sync = make_sync (ts, "wrong", 2, CG_N_COLLECTIONS);
  report = run_sync (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "token refused"));
  g_assert_cmpuint (ts->requests->len, ==, 1);   /* not retried */
  g_assert_cmpstr (get_request (ts, 0)->auth, ==, "Bearer wrong");
}

static void
respond_skips (TestServer        *ts,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               guint              n)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");

  append_feature (s, 1, 121.41, 31.24, "low");
  append_feature (s, 2, 2.35, 48.85, "low");          /* Paris: out of range */
  append_feature (s, 3, 121.42, 31.25, "extreme");    /* unknown risk */
  append_feature (s, 4, 0.0, 0.0, "high");            /* out of range */
  append_feature (s, 5, 121.43, 31.26, "high");
  g_string_append (s, "],\"cursor\":\"c-5\",\"more\":false}");
  set_json (msg, 200, s->str);
}

static void
test_skipped (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_skips);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  sync = make_sync (ts, NULL, 10, CG_COLLECTION_MERCHANTS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->received[CG_COLLECTION_MERCHANTS], ==, 2);
  g_assert_cmpuint (report->skipped[CG_COLLECTION_MERCHANTS], ==, 3);
  g_assert_nonnull (report->skip_details);
  g_assert_nonnull (strstr (report->skip_details, "merchants: out-of-range ×2"));
  g_assert_nonnull (strstr (report->skip_details, "merchants: unknown-risk ×1"));
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_MERCHANTS), ==, 2);
}

static void
respond_open311 (TestServer        *ts,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 guint              n)
{
  const char *after = query ? g_hash_table_lookup (query, "updated_after") : NULL;
  g_autoptr(GString) s = g_string_new ("[");
  /* three complaints updated at 10:01, 10:02, 10:03 (+08:00) */
  guint from = 1;

  g_assert_cmpstr (path, ==, "/open311/v2/requests.json");
  g_assert_cmpstr (g_hash_table_lookup (query, "page_size"), ==, "2");

  if (after != NULL)
    {
      gint64 t = 0;

      g_assert_true (cg_parse_time (after, &t));
      /* 2026-11-23T02:02:00Z = 10:02 +08:00 */
      g_assert_cmpint (t, ==, 1795399320);
      from = 3;
    }

  for (guint i = from; i <= MIN (from + 1, 3); i++)
    {
      if (s->len > 1)
        g_string_append_c (s, ',');
      g_string_append_printf (s,
                              "{\"service_request_id\":\"r-%u\",\"status\":\"open\","
                              "\"service_code\":\"street_stall\",\"service_name\":\"无序设摊\","
                              "\"description\":\"门口摆摊\",\"requested_datetime\":\"2026-11-23T09:0%u:00+08:00\","
                              "\"updated_datetime\":\"2026-11-23T10:0%u:00+08:00\","
                              "\"address\":\"普陀区\",\"lat\":31.24,\"long\":121.41,"
                              "\"x_street_code\":\"310107022\",\"x_matter_id\":\"mt-%u\","
                              "\"x_repeat_count\":1}",
                              i, i, i, i);
    }
  g_string_append_c (s, ']');
  set_json (msg, 200, s->str);
}

static void
test_complaints (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_open311);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) check = g_date_time_new_from_iso8601 ("2026-11-23T10:02:00+08:00", NULL);

  g_assert_cmpint (g_date_time_to_unix (check), ==, 1795399320);

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_COMPLAINTS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);

  /* full page (2) → more; then one → done */
  g_assert_cmpuint (ts->requests->len, ==, 2);
  g_assert_null (get_request (ts, 0)->since);
  g_assert_nonnull (get_request (ts, 1)->since);
  g_assert_cmpuint (report->received[CG_COLLECTION_COMPLAINTS], ==, 3);
  g_assert_cmpuint (report->pages[CG_COLLECTION_COMPLAINTS], ==, 2);
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_COMPLAINTS), ==, 3);
}

/* Officers in two pages: o-1 (squad leader), o-2 and o-3 with an unknown role, then
 * o-2 deleted and o-1 renamed. */
static void
respond_officers (TestServer        *ts,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  guint              n)
{
  g_assert_cmpstr (path, ==, "/api/v1/officers");
  g_assert_cmpstr (g_hash_table_lookup (query, "limit"), ==, "3");

  if (parse_since (query) == 0)
    set_json (msg, 200,
              "{\"items\":["
              "{\"id\":\"o-1\",\"name\":\"王建国\",\"squad_id\":\"sq-310107022\","
              "\"squad_name\":\"真如镇中队\",\"street_code\":\"310107022\","
              "\"role\":\"squad_leader\",\"traccar_device_id\":1,"
              "\"updated_at\":\"2026-11-20T10:00:00+08:00\"},"
              "{\"id\":\"o-2\",\"name\":\"李明\",\"squad_id\":\"sq-310107022\","
              "\"squad_name\":\"真如镇中队\",\"street_code\":\"310107022\","
              "\"role\":\"officer\",\"traccar_device_id\":2,"
              "\"updated_at\":\"2026-11-20T10:00:00+08:00\"},"
              "{\"id\":\"o-3\",\"name\":\"张伟\",\"role\":\"captain\"}"
              "],\"cursor\":\"c-3\",\"more\":true}");
  else
    {
      g_assert_cmpuint (parse_since (query), ==, 3);
      set_json (msg, 200,
                "{\"items\":["
                "{\"id\":\"o-2\",\"deleted\":true},"
                "{\"id\":\"o-1\",\"name\":\"王建军\",\"squad_id\":\"sq-310107022\","
                "\"squad_name\":\"真如镇中队\",\"street_code\":\"310107022\","
                "\"role\":\"squad_leader\",\"traccar_device_id\":1,"
                "\"updated_at\":\"2026-11-21T10:00:00+08:00\"}"
                "],\"cursor\":\"c-5\",\"more\":false}");
    }
}

static void
test_officers (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_officers);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  CgSyncState state = { 0 };
  CgOfficer *o;

  sync = make_sync (ts, NULL, 3, CG_COLLECTION_OFFICERS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ts->requests->len, ==, 2);
  g_assert_null (get_request (ts, 0)->since);
  g_assert_cmpstr (get_request (ts, 1)->since, ==, "c-3");
  g_assert_cmpuint (report->pages[CG_COLLECTION_OFFICERS], ==, 2);
  g_assert_cmpuint (report->received[CG_COLLECTION_OFFICERS], ==, 4);   /* incl. the tombstone */
  g_assert_cmpuint (report->skipped[CG_COLLECTION_OFFICERS], ==, 1);
  g_assert_nonnull (report->skip_details);
  g_assert_nonnull (strstr (report->skip_details, "officers: bad-value ×1"));
  g_assert_cmpint (count_rows (ts, CG_COLLECTION_OFFICERS), ==, 1);

  get_state (ts, CG_COLLECTION_OFFICERS, &state);
  g_assert_cmpstr (state.cursor, ==, "c-5");
  g_assert_cmpint (state.n_skipped, ==, 1);
  g_assert_null (state.last_error);
  cg_sync_state_clear (&state);

  store = cg_store_open (ts->db, &error);
  g_assert_no_error (error);
  officers = cg_store_load_officers (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 1);
  o = g_ptr_array_index (officers, 0);
  g_assert_cmpstr (o->id, ==, "o-1");
  g_assert_cmpstr (o->name, ==, "王建军");
  g_assert_cmpstr (o->squad_name, ==, "真如镇中队");
  g_assert_cmpstr (o->role, ==, "squad_leader");
  g_assert_cmpint (o->traccar_device_id, ==, 1);
}

static gboolean
cancel_later_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *names)
{
  g_ptr_array_add (names, g_strdup (pspec->name));
}

static guint
count_string (GPtrArray  *names,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    n += g_str_equal (g_ptr_array_index (names, i), name);
  return n;
}

static void
test_cancel (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_pause);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  g_signal_connect (sync, "notify", G_CALLBACK (on_notify_cb), names);
  g_timeout_add (200, cancel_later_cb, cancellable);
  report = run_sync (sync, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* silent: back to the state before, no error message */
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_IDLE);
  g_assert_null (cg_sync_get_last_error (sync));
  g_assert_cmpuint (count_string (names, "status"), ==, 2);
  g_assert_cmpuint (count_string (names, "last-error"), ==, 0);
}

static void
test_cancel_during_backoff (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_always_500);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start = g_get_monotonic_time ();

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  _cg_sync_set_backoff_ms (sync, 20000, 20000);   /* long waits */
  _cg_sync_set_max_attempts (sync, 4);
  g_timeout_add (300, cancel_later_cb, cancellable);
  report = run_sync (sync, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* full jitter may pick a short delay: allow a few attempts, but not 20 s waits */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_busy_and_properties (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  RunResult r1 = { 0 };
  RunResult r2 = { 0 };

  ts->total = 6;
  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  g_signal_connect (sync, "notify", G_CALLBACK (on_notify_cb), names);

  cg_sync_run_async (sync, NULL, on_run_done_cb, &r1);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_SYNCING);
  cg_sync_run_async (sync, NULL, on_run_done_cb, &r2);
  while (!r1.done || !r2.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (r1.error);
  g_assert_nonnull (r1.report);
  g_assert_error (r2.error, CG_SYNC_ERROR, CG_SYNC_ERROR_BUSY);
  g_clear_error (&r2.error);
  g_clear_pointer (&r1.report, cg_sync_report_free);

  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_OK);
  g_assert_cmpuint (count_string (names, "status"), ==, 2);      /* SYNCING, OK */
  g_assert_cmpuint (count_string (names, "last-success"), ==, 1);
  g_assert_cmpuint (count_string (names, "last-error"), ==, 0);
  /* 3 pages + the end: the bar moves forward only */
  g_assert_cmpuint (count_string (names, "progress"), >=, 3);
  g_assert_cmpfloat (cg_sync_get_progress (sync), ==, 1.0);
}

static void
on_last_success_notify_cb (GObject    *object,
                           GParamSpec *pspec,
                           gboolean   *flag)
{
  *flag = TRUE;
}

static void
test_last_success_from_cache (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSync) sync2 = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean notified = FALSE;
  gint64 deadline;

  ts->total = 1;
  sync = make_sync (ts, NULL, 2, CG_N_COLLECTIONS);
  report = run_sync (sync, NULL, &error);
  g_assert_no_error (error);

  sync2 = make_sync (ts, NULL, 2, CG_N_COLLECTIONS);
  g_signal_connect (sync2, "notify::last-success", G_CALLBACK (on_last_success_notify_cb), &notified);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!notified && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (notified);
  g_assert_cmpint (cg_sync_get_last_success (sync2), >, 0);
  g_assert_cmpint (ABS (cg_sync_get_last_success (sync2) - cg_sync_get_last_success (sync)), <=, 2);
  g_assert_cmpuint (cg_sync_get_status (sync2), ==, CG_SYNC_STATUS_IDLE);
}

static void
test_schedule (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_always_500);
  g_autoptr(CgSync) sync = NULL;
  gint64 next1, next2, now, deadline;

  sync = make_sync (ts, NULL, 2, CG_COLLECTION_MERCHANTS);
  _cg_sync_set_max_attempts (sync, 1);
  _cg_sync_set_schedule_retry_s (sync, 1);

  cg_sync_start_schedule (sync, 60);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_SYNCING);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (cg_sync_get_next_attempt (sync) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* failed: the next attempt comes soon (1 s), not after the interval */
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_ERROR);
  g_assert_nonnull (cg_sync_get_last_error (sync));
  now = g_get_real_time () / G_USEC_PER_SEC;
  next1 = cg_sync_get_next_attempt (sync);
  g_assert_cmpint (next1, >=, now);
  g_assert_cmpint (next1, <=, now + 2);
  g_assert_cmpuint (ts->requests->len, ==, 1);

  /* the retry happens by itself, then backs off to 2 s */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (ts->requests->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ts->requests->len, ==, 2);
  while (cg_sync_get_status (sync) == CG_SYNC_STATUS_SYNCING || cg_sync_get_next_attempt (sync) == 0)
    g_main_context_iteration (NULL, TRUE);
  now = g_get_real_time () / G_USEC_PER_SEC;
  next2 = cg_sync_get_next_attempt (sync);
  g_assert_cmpint (next2, >=, now + 1);
  g_assert_cmpint (next2, <=, now + 3);

  /* on demand: trigger runs now */
  cg_sync_trigger (sync);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_SYNCING);
  g_assert_cmpint (cg_sync_get_next_attempt (sync), ==, 0);
  while (cg_sync_get_status (sync) == CG_SYNC_STATUS_SYNCING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ts->requests->len, ==, 3);

  cg_sync_stop_schedule (sync);
  g_assert_cmpint (cg_sync_get_next_attempt (sync), ==, 0);
}

static void
test_unreachable (void)
{
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *dir = g_dir_make_tmp ("test-sync-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *expected_url = NULL;
  CgCollection only = CG_COLLECTION_MERCHANTS;
  guint16 port;

  /* a port that nothing listens on: bind, read the port, close */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  addr = g_inet_socket_address_new (lo, 0);
  g_socket_bind (socket, addr, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&addr);
  addr = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr));
  g_socket_close (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  sync = cg_sync_new (url, NULL, db);
  cg_sync_set_collections (sync, &only, 1);
  _cg_sync_set_backoff_ms (sync, 10, 20);
  expected_url = g_strconcat (url, "/", NULL);
  g_assert_cmpstr (cg_sync_get_server_url (sync), ==, expected_url);
  report = run_sync (sync, NULL, &error);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "cannot reach"));
  remove_dir (dir);
}

static void
test_store_error (void)
{
  g_autoptr(TestServer) ts = test_server_new (respond_merchants);
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(CgSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CgCollection only = CG_COLLECTION_MERCHANTS;

  ts->total = 3;
  sync = cg_sync_new (ts->url, NULL, "/nonexistent-dir/cache.db");
  cg_sync_set_collections (sync, &only, 1);
  report = run_sync (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_STORE);
  g_assert_cmpuint (ts->requests->len, ==, 0);
  g_assert_cmpuint (cg_sync_get_status (sync), ==, CG_SYNC_STATUS_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback only: no system proxy settings (they need GSettings schemas that
   * isolated test dirs do not have) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/sync/backoff", test_backoff);
  g_test_add_func ("/cg/sync/paging", test_paging);
  g_test_add_func ("/cg/sync/many-pages", test_many_pages);
  g_test_add_func ("/cg/sync/etag", test_etag);
  g_test_add_func ("/cg/sync/500-recovery", test_500_recovery);
  g_test_add_func ("/cg/sync/500-gives-up", test_500_gives_up);
  g_test_add_func ("/cg/sync/retry-after", test_retry_after);
  g_test_add_func ("/cg/sync/other-collections-go-on", test_other_collections_go_on);
  g_test_add_func ("/cg/sync/timeout", test_timeout);
  g_test_add_func ("/cg/sync/bad-json", test_bad_json);
  g_test_add_func ("/cg/sync/truncated-body", test_truncated_body);
  g_test_add_func ("/cg/sync/unauthorized", test_unauthorized);
  g_test_add_func ("/cg/sync/skipped", test_skipped);
  g_test_add_func ("/cg/sync/complaints", test_complaints);
  g_test_add_func ("/cg/sync/officers", test_officers);
  g_test_add_func ("/cg/sync/cancel", test_cancel);
  g_test_add_func ("/cg/sync/cancel-during-backoff", test_cancel_during_backoff);
  g_test_add_func ("/cg/sync/busy-and-properties", test_busy_and_properties);
  g_test_add_func ("/cg/sync/last-success-from-cache", test_last_success_from_cache);
  g_test_add_func ("/cg/sync/schedule", test_schedule);
  g_test_add_func ("/cg/sync/unreachable", test_unreachable);
  g_test_add_func ("/cg/sync/store-error", test_store_error);

  return g_test_run ();
}
