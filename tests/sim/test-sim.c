/* test-sim.c: chengguan-citysim against a real SoupSession on loopback
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cg-district.h"
#include "cg-sim-server.h"

#define NOW 1795397400   /* 2026-11-23T09:30:00+08:00 */

typedef struct
{
  CgSimServer *server;
  SoupSession *session;
  char        *url;
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
  gboolean            done;
} Response;

static void
response_clear (Response *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
}

static void
small_config (CgSimConfig *config)
{
  cg_sim_config_init (config);
  config->merchants = 3000;
  config->sites = 200;
  config->points = 50;
  config->officers = 60;
  config->vehicles = 8;
  config->complaints_per_hour = 6;
  config->history_days = 60;
  config->now = NOW;
  config->slow_ms = 300;
}

/* a direct-connection resolver: the default one reads GSettings schemas the test
 * environment does not have */
static SoupSession *
new_session (void)
{
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("timeout", 5, "proxy-resolver", resolver, NULL);
}

static void
fixture_start (Fixture           *f,
               const CgSimConfig *config)
{
  g_autoptr(GError) error = NULL;

  f->server = cg_sim_server_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (cg_sim_server_listen (f->server, 0, &error));
  g_assert_no_error (error);
  f->url = cg_sim_server_get_url (f->server);
  g_assert_true (g_str_has_prefix (f->url, "http://127.0.0.1:"));
  f->session = new_session ();
}

static void
fixture_stop (Fixture *f)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Response *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &r->error);
  r->done = TRUE;
}

/* GET @path (relative to the server) with optional extra header */
static void
fetch_full (Fixture    *f,
            const char *path,
            const char *header,
            const char *value,
            Response   *r)
{
  g_autofree char *uri = g_strconcat (f->url, path[0] == '/' ? path + 1 : path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  memset (r, 0, sizeof *r);
  g_assert_nonnull (msg);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

static void
fetch (Fixture    *f,
       const char *path,
       Response   *r)
{
  fetch_full (f, path, NULL, NULL, r);
}

static JsonNode *
parse (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (body);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
assert_json_error (Response   *r,
                   guint       status,
                   const char *code)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *err;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, status);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (r->headers, NULL),
                                   "application/json"));
  root = parse (r->body);
  err = json_object_get_object_member (json_node_get_object (root), "error");
  g_assert_nonnull (err);
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (err, "message")), >, 0);
}

/* Walks a paged collection from @since; returns the pages' records (owned nodes) and the
 * final cursor. @raw collects the bytes of every page when not NULL. */
static GPtrArray *
walk (Fixture    *f,
      const char *collection,
      const char *since,
      guint       limit,
      char      **cursor_out,
      GString    *raw)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor = g_strdup (since);
  gboolean more = TRUE;
  gboolean features = !g_str_equal (collection, "inspections") &&
                      !g_str_equal (collection, "cases") && !g_str_equal (collection, "officers") &&
      !g_str_equal (collection, "dispatches");

  while (more)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) root = NULL;
      Response r;
      JsonObject *page;
      JsonArray *items;

      if (cursor != NULL)
        path = g_strdup_printf ("/api/v1/%s?since=%s&limit=%u", collection, cursor, limit);
      else
        path = g_strdup_printf ("/api/v1/%s?limit=%u", collection, limit);
      fetch (f, path, &r);
      g_assert_no_error (r.error);
      g_assert_cmpuint (r.status, ==, 200);
      if (raw != NULL)
        g_string_append_len (raw, g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
      root = parse (r.body);
      page = json_node_get_object (root);
      if (features)
        g_assert_cmpstr (json_object_get_string_member (page, "type"), ==, "FeatureCollection");
      items = json_object_get_array_member (page, features ? "features" : "items");
      g_assert_nonnull (items);
      g_assert_cmpuint (json_array_get_length (items), <=, limit);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (records, json_node_copy (json_array_get_element (items, i)));
      more = json_object_get_boolean_member (page, "more");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      g_assert_true (g_str_has_prefix (cursor, "c-"));
      response_clear (&r);
    }

  if (cursor_out != NULL)
    *cursor_out = g_steal_pointer (&cursor);
  return records;
}

static const char *
record_id (JsonNode *node)
{
  return json_object_get_string_member (json_node_get_object (node), "id");
}

static JsonObject *
props (JsonNode *node)
{
  return json_object_get_object_member (json_node_get_object (node), "properties");
}

/* ---- tests -------------------------------------------------------------------------- */

static void
test_sim_determinism (void)
{
  const char *collections[] = { "merchants", "sites", "enforcement-points", "inspections",
                                "cases", "officers" };
  CgSimConfig config;
  Fixture a = { 0 }, b = { 0 }, c = { 0 };
  g_autoptr(GString) raw_a = g_string_new (NULL);
  g_autoptr(GString) raw_b = g_string_new (NULL);
  g_autoptr(GString) raw_c = g_string_new (NULL);

  small_config (&config);
  fixture_start (&a, &config);
  fixture_start (&b, &config);
  config.seed = 2;
  fixture_start (&c, &config);

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_autoptr(GPtrArray) ra = walk (&a, collections[i], NULL, 1000, NULL, raw_a);
      g_autoptr(GPtrArray) rb = walk (&b, collections[i], NULL, 1000, NULL, raw_b);
      g_autoptr(GPtrArray) rc = walk (&c, collections[i], NULL, 1000, NULL, raw_c);
    }
  {
    const char *extra[] = { "/open311/v2/requests.json?page_size=5000&updated_after=2000-01-01T00:00:00Z",
                            "/api/devices", "/api/groups", "/api/positions" };
    for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
      {
        Response ra, rb;

        fetch (&a, extra[i], &ra);
        fetch (&b, extra[i], &rb);
        g_assert_cmpuint (ra.status, ==, 200);
        g_assert_true (g_bytes_equal (ra.body, rb.body));
        response_clear (&ra);
        response_clear (&rb);
      }
  }

  g_assert_cmpuint (raw_a->len, >, 100000);
  g_assert_true (g_string_equal (raw_a, raw_b));
  g_assert_false (g_string_equal (raw_a, raw_c));

  fixture_stop (&a);
  fixture_stop (&b);
  fixture_stop (&c);
  cg_sim_config_clear (&config);
}

static void
test_sim_paging (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  g_autoptr(CgDistrict) district = cg_district_load ("310107", NULL);
  const struct { const char *name; guint count; } collections[] = {
    { "merchants", 3000 }, { "sites", 200 }, { "enforcement-points", 50 }, { "officers", 60 },
  };
  guint risk[3] = { 0 };

  small_config (&config);
  fixture_start (&f, &config);

  for (guint c = 0; c < G_N_ELEMENTS (collections); c++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) records = walk (&f, collections[c].name, NULL, 337, NULL, NULL);

      g_assert_cmpuint (records->len, ==, collections[c].count);
      for (guint i = 0; i < records->len; i++)
        {
          JsonNode *node = records->pdata[i];
          const char *id = record_id (node);

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, (gpointer) id);

          if (c < 3)
            {
              JsonObject *p = props (node);
              JsonArray *coords = json_object_get_array_member (
                json_object_get_object_member (json_node_get_object (node), "geometry"), "coordinates");
              double lon = json_array_get_double_element (coords, 0);
              double lat = json_array_get_double_element (coords, 1);
              const CgStreet *street = cg_district_street_at (district, lon, lat);
              const char *rl = json_object_get_string_member_with_default (p, "risk_level", NULL);

              g_assert_nonnull (street);
              g_assert_cmpstr (json_object_get_string_member (p, "street_code"), ==, street->code);
              g_assert_cmpstr (json_object_get_string_member (p, "street_name"), ==, street->name);
              g_assert_true (g_str_has_prefix (json_object_get_string_member (p, "address"), "普陀区"));
              g_assert_nonnull (json_object_get_string_member (p, "name"));
              g_assert_nonnull (json_object_get_string_member (p, "updated_at"));
              if (c == 0)
                {
                  const char *licence = json_object_get_string_member (p, "licence_no");

                  g_assert_cmpuint (strlen (licence), ==, 18);
                  g_assert_true (g_str_has_prefix (licence, "92310107"));
                  risk[g_str_equal (rl, "low") ? 0 : g_str_equal (rl, "medium") ? 1 : 2]++;
                  g_assert_true (g_str_equal (rl, "low") || g_str_equal (rl, "medium") || g_str_equal (rl, "high"));
                }
              else if (c == 1)
                g_assert_nonnull (json_object_get_string_member (p, "stage"));
              else
                {
                  g_assert_null (rl);
                  g_assert_nonnull (json_object_get_string_member (p, "scenario"));
                  g_assert_nonnull (json_object_get_string_member (p, "status"));
                }
            }
        }
    }

  /* the seeds' mix: about 89% low, 8% medium, 3% high */
  g_assert_cmpfloat (risk[0] / 3000.0, >, 0.86);
  g_assert_cmpfloat (risk[0] / 3000.0, <, 0.92);
  g_assert_cmpfloat (risk[1] / 3000.0, >, 0.06);
  g_assert_cmpfloat (risk[1] / 3000.0, <, 0.10);
  g_assert_cmpfloat (risk[2] / 3000.0, >, 0.015);
  g_assert_cmpfloat (risk[2] / 3000.0, <, 0.045);

  /* a limit above the cap is capped, not refused */
  {
    Response r;
    g_autoptr(JsonNode) root = NULL;

    fetch (&f, "/api/v1/merchants?limit=100000", &r);
    g_assert_cmpuint (r.status, ==, 200);
    root = parse (r.body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "features")), ==, 3000);
    response_clear (&r);
  }

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
test_sim_inspections (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  g_autoptr(GPtrArray) merchants = NULL;
  g_autoptr(GPtrArray) inspections = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) risk = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint overdue = 0, targets = 0, simple = 0, non_site = 0, exempt = 0;
  gint64 prev = 0;

  small_config (&config);
  config.history_days = 90;
  fixture_start (&f, &config);

  merchants = walk (&f, "merchants", NULL, 5000, NULL, NULL);
  for (guint i = 0; i < merchants->len; i++)
    g_hash_table_insert (risk, (gpointer) record_id (merchants->pdata[i]),
                         (gpointer) json_object_get_string_member (props (merchants->pdata[i]), "risk_level"));

  inspections = walk (&f, "inspections", NULL, 5000, NULL, NULL);
  g_assert_cmpuint (inspections->len, >, 3000);
  for (guint i = 0; i < inspections->len; i++)
    {
      JsonObject *o = json_node_get_object (inspections->pdata[i]);
      const char *target = json_object_get_string_member (o, "target_id");
      GDateTime *dt = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "inspected_at"), NULL);
      gint64 t = g_date_time_to_unix (dt);
      gint64 *before = g_hash_table_lookup (last, target);

      g_date_time_unref (dt);
      g_assert_cmpint (t, >=, prev);   /* change order = time order here */
      prev = t;
      g_assert_true (g_str_equal (json_object_get_string_member (o, "target_type"), "merchant") ||
                     g_str_equal (json_object_get_string_member (o, "target_type"), "site"));
      g_assert_nonnull (json_object_get_string_member (o, "kind"));
      g_assert_nonnull (json_object_get_string_member (o, "result"));
      if (before != NULL && g_strcmp0 (g_hash_table_lookup (risk, target), "high") == 0)
        g_assert_cmpint (t - *before, >=, 3 * 24 * 3600);   /* two a week, 3 days apart */
      if (before == NULL)
        {
          before = g_new (gint64, 1);
          g_hash_table_insert (last, (gpointer) target, before);
        }
      *before = t;
    }

  /* overdue: last inspection older than the rule's window */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, risk);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        gint64 *t = g_hash_table_lookup (last, key);
        gint64 window = g_str_equal (value, "high") ? 4 : g_str_equal (value, "medium") ? 15 : 61;

        if (g_str_equal (value, "low"))
          continue;   /* 60-day windows: a 90-day history cannot say */
        targets++;
        if (t == NULL || NOW - *t > window * 24 * 3600)
          overdue++;
      }
    g_assert_cmpuint (overdue, >, 0);
    g_assert_cmpfloat ((double) overdue / targets, <, 0.15);
  }

  cases = walk (&f, "cases", NULL, 5000, NULL, NULL);
  g_assert_cmpuint (cases->len, >, 100);
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *o = json_node_get_object (cases->pdata[i]);

      simple += g_str_equal (json_object_get_string_member (o, "procedure"), "simple");
      exempt += json_object_get_boolean_member (o, "exempt");
      if (json_object_get_boolean_member (o, "non_site"))
        {
          non_site++;
          g_assert_nonnull (json_object_get_string_member (o, "discovered_at"));
        }
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "case_no"), "普陀城管"));
      g_assert_true (g_str_equal (json_object_get_string_member (o, "stage"), "closed") ==
                     !json_object_get_null_member (o, "closed_at"));
    }
  g_assert_cmpfloat ((double) simple / cases->len, >, 0.25);
  g_assert_cmpfloat ((double) simple / cases->len, <, 0.50);
  g_assert_cmpuint (non_site, >, 0);
  g_assert_cmpuint (exempt, >, 0);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
test_sim_incremental (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint tombstones = 0;

  small_config (&config);
  config.changes_per_minute = 60;
  fixture_start (&f, &config);

  all = walk (&f, "merchants", NULL, 1000, &cursor, NULL);
  g_assert_cmpuint (all->len, ==, 3000);

  none = walk (&f, "merchants", cursor, 1000, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);

  cg_sim_server_advance (f.server, 600);   /* 600 changes, some on the same merchant */
  changed = walk (&f, "merchants", cursor, 100, &cursor2, NULL);
  g_assert_cmpuint (changed->len, >, 300);
  g_assert_cmpuint (changed->len, <=, 600);
  for (guint i = 0; i < changed->len; i++)
    {
      JsonObject *p = props (changed->pdata[i]);
      const char *id = record_id (changed->pdata[i]);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      if (json_object_get_boolean_member_with_default (p, "deleted", FALSE))
        {
          tombstones++;
          g_assert_true (json_object_get_null_member (json_node_get_object (changed->pdata[i]), "geometry"));
          g_assert_nonnull (json_object_get_string_member (p, "updated_at"));
        }
    }
  g_assert_cmpuint (tombstones, >, 0);
  g_assert_cmpstr (cursor2, >, cursor);

  /* complaints keep arriving and get answered, each change once */
  {
    Response r;
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(JsonNode) again = NULL;

    fetch (&f, "/open311/v2/requests.json?updated_after=2026-11-23T09:30:00%2B08:00&page_size=1000", &r);
    g_assert_cmpuint (r.status, ==, 200);
    root = parse (r.body);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >, 0);
    response_clear (&r);

    cg_sim_server_advance (f.server, 1);
    fetch (&f, "/open311/v2/requests.json?updated_after=2026-11-23T09:40:00%2B08:00&page_size=1000", &r);
    again = parse (r.body);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (again)), <=, 3);
    response_clear (&r);
  }

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
test_sim_etag (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  Response r1, r2, r3, r4;
  g_autofree char *etag = NULL;

  small_config (&config);
  fixture_start (&f, &config);

  fetch (&f, "/api/v1/merchants?limit=100", &r1);
  g_assert_cmpuint (r1.status, ==, 200);
  etag = g_strdup (soup_message_headers_get_one (r1.headers, "ETag"));
  g_assert_nonnull (etag);

  fetch_full (&f, "/api/v1/merchants?limit=100", "If-None-Match", etag, &r2);
  g_assert_cmpuint (r2.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (r2.body), ==, 0);

  /* another limit is another page */
  fetch_full (&f, "/api/v1/merchants?limit=101", "If-None-Match", etag, &r3);
  g_assert_cmpuint (r3.status, ==, 200);

  cg_sim_server_advance (f.server, 60);
  fetch_full (&f, "/api/v1/merchants?limit=100", "If-None-Match", etag, &r4);
  g_assert_cmpuint (r4.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (r4.headers, "ETag"), !=, etag);

  response_clear (&r1);
  response_clear (&r2);
  response_clear (&r3);
  response_clear (&r4);
  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
test_sim_errors (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  const struct { const char *path; guint status; const char *code; } cases[] = {
    { "/api/v1/merchants?limit=abc", 400, "bad_request" },
    { "/api/v1/merchants?limit=0", 400, "bad_request" },
    { "/api/v1/merchants?limit=-5", 400, "bad_request" },
    { "/api/v1/cases?since=yesterday", 400, "bad_request" },
    { "/open311/v2/requests.json?start_date=soon", 400, "bad_request" },
    { "/open311/v2/requests.json?status=maybe", 400, "bad_request" },
    { "/open311/v2/requests.json?page_size=x", 400, "bad_request" },
    { "/api/reports/route?deviceId=1", 400, "bad_request" },
    { "/api/positions?deviceId=abc", 400, "bad_request" },
    { "/nope", 404, "not_found" },
    { "/api/v1/nothing", 404, "not_found" },
    { "/open311/v2/requests/999.json", 404, "not_found" },
    { "/api/socket", 400, "bad_request" },
  };

  small_config (&config);
  config.token = g_strdup ("s3cret");
  fixture_start (&f, &config);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Response r;

      fetch_full (&f, cases[i].path, "Authorization", "Bearer s3cret", &r);
      assert_json_error (&r, cases[i].status, cases[i].code);
      response_clear (&r);
    }

  {
    Response r;

    fetch (&f, "/api/v1/merchants", &r);
    assert_json_error (&r, 401, "unauthorized");
    g_assert_nonnull (soup_message_headers_get_one (r.headers, "WWW-Authenticate"));
    response_clear (&r);

    fetch_full (&f, "/api/v1/merchants", "Authorization", "Bearer wrong", &r);
    assert_json_error (&r, 401, "unauthorized");
    response_clear (&r);

    fetch_full (&f, "/api/v1/merchants?limit=1", "Authorization", "Bearer s3cret", &r);
    g_assert_cmpuint (r.status, ==, 200);
    response_clear (&r);
  }

  g_assert_cmpuint (cg_sim_server_get_hits (f.server, "/api/v1/merchants"), ==, 6);
  g_assert_cmpuint (cg_sim_server_get_hits (f.server, "/never"), ==, 0);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
set_one_fault (Fixture *f,
               double  *field_in_template,
               CgSimConfig *template)
{
  CgSimConfig none;

  memset (&none, 0, sizeof none);
  cg_sim_server_set_faults (f->server, &none);
  *field_in_template = 1.0;
  cg_sim_server_set_faults (f->server, template);
  *field_in_template = 0.0;
}

static void
test_sim_faults (void)
{
  CgSimConfig config;
  CgSimConfig faults;
  Fixture f = { 0 };
  Response r;

  small_config (&config);
  fixture_start (&f, &config);
  memset (&faults, 0, sizeof faults);

  set_one_fault (&f, &faults.fault_500, &faults);
  fetch (&f, "/api/v1/merchants?limit=10", &r);
  assert_json_error (&r, 500, "internal");
  response_clear (&r);

  set_one_fault (&f, &faults.fault_503, &faults);
  fetch (&f, "/api/v1/cases?limit=10", &r);
  assert_json_error (&r, 503, "unavailable");
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, "2");
  response_clear (&r);

  /* faults are for data only: errors stay errors */
  fetch (&f, "/nope", &r);
  assert_json_error (&r, 404, "not_found");
  response_clear (&r);

  set_one_fault (&f, &faults.fault_slow, &faults);
  {
    gint64 start = g_get_monotonic_time ();

    fetch (&f, "/api/v1/sites?limit=10", &r);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
    response_clear (&r);
  }

  set_one_fault (&f, &faults.fault_truncate, &faults);
  fetch (&f, "/api/v1/merchants?limit=200", &r);
  /* the body stops half-way under a full Content-Length; libsoup 3.2 does not always
   * report that as an error, so check both */
  g_assert_true (r.error != NULL ||
                 (gsize) soup_message_headers_get_content_length (r.headers) > g_bytes_get_size (r.body));
  if (r.error == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (r.body, NULL),
                                                  g_bytes_get_size (r.body), NULL));
    }
  response_clear (&r);

  set_one_fault (&f, &faults.fault_drop, &faults);
  fetch (&f, "/api/v1/merchants?limit=10", &r);
  g_assert_nonnull (r.error);
  response_clear (&r);

  set_one_fault (&f, &faults.fault_malformed, &faults);
  fetch (&f, "/api/v1/inspections?limit=10", &r);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (r.body, NULL),
                                                g_bytes_get_size (r.body), &error));
    g_assert_nonnull (error);
  }
  response_clear (&r);

  set_one_fault (&f, &faults.fault_wrong_types, &faults);
  fetch (&f, "/api/v1/merchants?limit=20", &r);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *features = json_object_get_array_member (json_node_get_object (root), "features");
    guint wrong = 0;

    for (guint i = 0; i < json_array_get_length (features); i++)
      {
        JsonObject *p = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
        if (json_node_get_value_type (json_object_get_member (p, "name")) != G_TYPE_STRING)
          wrong++;
      }
    g_assert_cmpuint (wrong, ==, 2);
  }
  response_clear (&r);

  set_one_fault (&f, &faults.fault_bad_coords, &faults);
  fetch (&f, "/api/v1/merchants?limit=20", &r);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *features = json_object_get_array_member (json_node_get_object (root), "features");
    guint bad = 0;

    for (guint i = 0; i < json_array_get_length (features); i++)
      {
        JsonArray *c = json_object_get_array_member (
          json_object_get_object_member (json_array_get_object_element (features, i), "geometry"), "coordinates");
        if (fabs (json_array_get_double_element (c, 0)) > 180 || fabs (json_array_get_double_element (c, 1)) > 90)
          bad++;
      }
    g_assert_cmpuint (bad, ==, 2);
  }
  response_clear (&r);

  /* back to normal */
  memset (&faults, 0, sizeof faults);
  cg_sim_server_set_faults (f.server, &faults);
  fetch (&f, "/api/v1/merchants?limit=10", &r);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static gint64
time_member (JsonObject *o,
             const char *name)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_object_get_string_member (o, name), NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
test_sim_open311 (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  Response r;
  g_autoptr(JsonNode) services = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after = g_strdup ("2000-01-01T00:00:00Z");
  g_autofree char *some_id = NULL;
  guint total = 0, repeats = 0, satisfied = 0, open = 0;

  small_config (&config);
  fixture_start (&f, &config);

  fetch (&f, "/open311/v2/services.json", &r);
  g_assert_cmpuint (r.status, ==, 200);
  services = parse (r.body);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (services)), >=, 5);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (json_node_get_array (services), 0), "service_code"));
  response_clear (&r);

  /* the extension: updated_after + page_size walks every request once, ascending */
  for (;;)
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = g_uri_escape_string (after, NULL, FALSE);
      g_autoptr(JsonNode) root = NULL;
      JsonArray *array;
      gint64 prev = 0;

      path = g_strdup_printf ("/open311/v2/requests.json?updated_after=%s&page_size=500", escaped);
      fetch (&f, path, &r);
      g_assert_cmpuint (r.status, ==, 200);
      root = parse (r.body);
      array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);
          gint64 t = time_member (o, "updated_datetime");
          const char *id = json_object_get_string_member (o, "service_request_id");

          g_assert_cmpint (t, >=, prev);
          prev = t;
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
          if (some_id == NULL)
            some_id = g_strdup (id);
          total++;
          if (json_object_get_int_member (o, "x_repeat_count") >= 3)
            repeats++;
          if (g_strcmp0 (json_object_get_string_member_with_default (o, "x_satisfaction", NULL), "satisfied") == 0)
            satisfied++;
          g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "x_street_code"), "310107"));
          g_assert_nonnull (json_object_get_string_member (o, "x_matter_id"));
          g_assert_nonnull (json_object_get_string_member (o, "x_deadline"));
          g_assert_cmpfloat (json_object_get_double_member (o, "lat"), >, 31.1);
          g_assert_cmpfloat (json_object_get_double_member (o, "long"), >, 121.3);
        }
      if (json_array_get_length (array) < 500)
        {
          response_clear (&r);
          break;
        }
      g_free (after);
      after = g_strdup (json_object_get_string_member (json_array_get_object_element (array, json_array_get_length (array) - 1),
                                                       "updated_datetime"));
      response_clear (&r);
    }
  g_assert_cmpuint (total, ==, 6 * 24 * 60);
  g_assert_cmpuint (repeats, >, 0);
  g_assert_cmpuint (satisfied, >, total / 2);

  /* status and dates */
  fetch (&f, "/open311/v2/requests.json?status=open", &r);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);

    open = json_array_get_length (array);
    g_assert_cmpuint (open, >, 0);
    for (guint i = 0; i < open; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "status"), ==, "open");
  }
  response_clear (&r);

  fetch (&f, "/open311/v2/requests.json?start_date=2026-11-20T00:00:00%2B08:00&end_date=2026-11-21T00:00:00%2B08:00", &r);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (array), >, 50);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        gint64 t = time_member (json_array_get_object_element (array, i), "requested_datetime");
        g_assert_cmpint (t, >=, 1795104000);   /* 2026-11-20T00:00:00+08:00 */
        g_assert_cmpint (t, <=, 1795190400);
      }
  }
  response_clear (&r);

  {
    g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", some_id);
    g_autoptr(JsonNode) root = NULL;

    fetch (&f, path, &r);
    g_assert_cmpuint (r.status, ==, 200);
    root = parse (r.body);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0),
                                                    "service_request_id"), ==, some_id);
    response_clear (&r);
  }

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
test_sim_traccar (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  Response r;
  guint people = 0, cars = 0;

  small_config (&config);
  fixture_start (&f, &config);

  fetch (&f, "/api/devices", &r);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (array), ==, 68);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *o = json_array_get_object_element (array, i);
        const char *category = json_object_get_string_member (o, "category");

        people += g_str_equal (category, "person");
        cars += g_str_equal (category, "car");
        g_assert_cmpint (json_object_get_int_member (o, "id"), ==, i + 1);
        g_assert_nonnull (json_object_get_string_member (o, "uniqueId"));
        g_assert_nonnull (json_object_get_string_member (o, "status"));
        g_assert_cmpint (json_object_get_int_member (o, "groupId"), >=, 1);
        g_assert_cmpint (json_object_get_int_member (o, "groupId"), <=, 10);
      }
    g_assert_cmpuint (people, ==, 60);
    g_assert_cmpuint (cars, ==, 8);
  }
  response_clear (&r);

  fetch (&f, "/api/groups", &r);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (array), ==, 10);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==,
                     "曹杨新村街道中队");
  }
  response_clear (&r);

  fetch (&f, "/api/positions", &r);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);

    g_assert_cmpuint (json_array_get_length (array), ==, 68);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *o = json_array_get_object_element (array, i);

        g_assert_cmpfloat (json_object_get_double_member (o, "latitude"), >, 31.1);
        g_assert_cmpfloat (json_object_get_double_member (o, "longitude"), >, 121.2);
        g_assert_cmpfloat (json_object_get_double_member (o, "speed"), >=, 0);
        g_assert_cmpfloat (json_object_get_double_member (o, "course"), >=, 0);
        g_assert_cmpfloat (json_object_get_double_member (o, "course"), <, 360);
        g_assert_true (json_object_get_boolean_member (o, "valid"));
        g_assert_nonnull (json_object_get_string_member (o, "fixTime"));
      }
  }
  response_clear (&r);

  fetch (&f, "/api/reports/route?deviceId=61&from=2026-11-23T08:30:00%2B08:00&to=2026-11-23T09:30:00%2B08:00", &r);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autoptr(JsonNode) root = parse (r.body);
    JsonArray *array = json_node_get_array (root);
    gint64 prev = 0;

    g_assert_cmpuint (json_array_get_length (array), ==, 60);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *o = json_array_get_object_element (array, i);
        gint64 t = time_member (o, "fixTime");

        g_assert_cmpint (json_object_get_int_member (o, "deviceId"), ==, 61);
        g_assert_cmpint (t, >, prev);
        prev = t;
      }
  }
  response_clear (&r);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
on_thread_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Response *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &r->error);
  r->done = TRUE;
}

static void
test_sim_thread (void)
{
  CgSimConfig config;
  g_autoptr(GError) error = NULL;
  CgSimThread *thread;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *uri = NULL;
  Response r = { 0 };

  small_config (&config);
  config.now = 0;   /* real time: the world ticks by itself */
  thread = cg_sim_thread_start (&config, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cg_sim_thread_get_url (thread), "http://127.0.0.1:"));

  uri = g_strconcat (cg_sim_thread_get_url (thread), "api/v1/merchants?limit=5", NULL);
  msg = soup_message_new ("GET", uri);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_thread_sent_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  response_clear (&r);

  cg_sim_thread_stop (thread);

  /* an unknown district fails cleanly */
  g_free (config.district);
  config.district = g_strdup ("nowhere");
  g_assert_null (cg_sim_thread_start (&config, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  cg_sim_config_clear (&config);
}

static void
test_sim_other_district (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  g_autoptr(CgDistrict) district = cg_district_load ("310115", NULL);
  g_autoptr(GPtrArray) records = NULL;

  small_config (&config);
  g_free (config.district);
  config.district = g_strdup ("浦东新区");
  config.merchants = 500;
  fixture_start (&f, &config);

  records = walk (&f, "merchants", NULL, 5000, NULL, NULL);
  g_assert_cmpuint (records->len, ==, 500);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *p = props (records->pdata[i]);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (p, "street_code"), "310115"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (p, "address"), "浦东新区"));
      g_assert_nonnull (cg_district_lookup_street (district, json_object_get_string_member (p, "street_code")));
    }

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
on_ws_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SoupWebsocketConnection **conn = user_data;
  g_autoptr(GError) error = NULL;

  *conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static void
on_ws_denied_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Response *r = user_data;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &r->error);
  g_assert_null (conn);
  r->done = TRUE;
}

static void
on_ws_message_cb (SoupWebsocketConnection *conn,
                  int                      type,
                  GBytes                  *message,
                  gpointer                 user_data)
{
  GPtrArray *messages = user_data;

  g_ptr_array_add (messages, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
}

static void
test_sim_socket (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) denied = NULL;
  SoupWebsocketConnection *conn = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);

  small_config (&config);
  config.token = g_strdup ("s3cret");
  fixture_start (&f, &config);

  uri = g_strconcat (f.url, "api/socket", NULL);
  memcpy (uri, "ws", 2);   /* "http://..." -> "ws://..." */
  memmove (uri + 2, uri + 4, strlen (uri + 4) + 1);
  g_assert_true (g_str_has_prefix (uri, "ws://127.0.0.1:"));

  /* without the token: refused */
  denied = soup_message_new ("GET", uri);
  {
    Response r = { 0 };

    soup_session_websocket_connect_async (f.session, denied, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                          on_ws_denied_cb, &r);
    while (!r.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (r.error);
    g_assert_cmpuint (soup_message_get_status (denied), ==, 401);
    response_clear (&r);
  }

  msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer s3cret");
  soup_session_websocket_connect_async (f.session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected_cb, &conn);
  while (conn == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (conn, "message", G_CALLBACK (on_ws_message_cb), messages);
  while (messages->len < 2)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *o;

    g_assert_true (json_parser_load_from_data (parser, messages->pdata[0], -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "devices")), ==, 68);
    g_assert_true (json_parser_load_from_data (parser, messages->pdata[1], -1, NULL));
    o = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "positions")), ==, 68);
  }

  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_CLOSED)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (conn);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

static void
post_dispatch (Fixture    *f,
               const char *key,
               const char *json,
               Response   *r)
{
  g_autofree char *uri = g_strconcat (f->url, "api/v1/dispatches", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  memset (r, 0, sizeof *r);
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

static void
test_sim_dispatch (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  Response r1, r2, r3;
  g_autofree char *json = NULL;
  g_autofree char *complaint = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) later = NULL;

  small_config (&config);
  fixture_start (&f, &config);

  /* any existing complaint */
  fetch (&f, "/open311/v2/requests.json?page_size=1", &r1);
  {
    g_autoptr(JsonNode) root = parse (r1.body);
    complaint = g_strdup (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0),
                                                         "service_request_id"));
  }
  response_clear (&r1);

  json = g_strdup_printf ("{\"complaint_id\": \"%s\", \"officer_ids\": [\"o-0001\", \"o-0002\"], "
                          "\"note\": \"请尽快到场 \\\"核实\\\"\"}", complaint);
  post_dispatch (&f, "key-1", json, &r1);
  g_assert_cmpuint (r1.status, ==, 201);
  post_dispatch (&f, "key-1", json, &r2);
  g_assert_cmpuint (r2.status, ==, 200);
  g_assert_true (g_bytes_equal (r1.body, r2.body));
  {
    g_autoptr(JsonNode) root = parse (r1.body);
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "d-000001");
    g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "sent");
    g_assert_cmpstr (json_object_get_string_member (o, "note"), ==, "请尽快到场 \"核实\"");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "officer_ids")), ==, 2);
  }
  response_clear (&r1);
  response_clear (&r2);

  post_dispatch (&f, NULL, json, &r1);
  assert_json_error (&r1, 400, "bad_request");
  post_dispatch (&f, "key-2", "{\"complaint_id\": 5}", &r2);
  assert_json_error (&r2, 400, "bad_request");
  post_dispatch (&f, "key-3", "{\"complaint_id\": \"nope\", \"officer_ids\": [\"o-0001\"]}", &r3);
  assert_json_error (&r3, 422, "invalid");
  response_clear (&r1);
  response_clear (&r2);
  response_clear (&r3);

  items = walk (&f, "dispatches", NULL, 100, &cursor, NULL);
  g_assert_cmpuint (items->len, ==, 1);

  cg_sim_server_advance (f.server, 700);   /* accepted, then on site */
  later = walk (&f, "dispatches", cursor, 100, NULL, NULL);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (later->pdata[0]), "status"), ==, "on_site");

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

/* Open file descriptors of this process */
static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A client that closes its idle connections leaves none open on the server (libsoup 3.2
 * loses such a connection, with its descriptor, unless the server closes it) */
static void
test_sim_connections_closed (void)
{
  CgSimConfig config;
  Fixture f = { 0 };
  guint before;
  gint64 deadline;

  small_config (&config);
  fixture_start (&f, &config);
  before = count_fds ();

  for (guint round = 0; round < 3; round++)
    {
      g_clear_object (&f.session);
      f.session = new_session ();
      for (guint i = 0; i < 8; i++)
        {
          Response r;

          fetch (&f, i % 2 ? "/api/v1/sites?limit=5" : "/api/v1/merchants?limit=5", &r);
          g_assert_no_error (r.error);
          g_assert_cmpuint (r.status, ==, 200);
          response_clear (&r);
        }
    }
  g_clear_object (&f.session);

  /* the server sees each close from the main loop; a lost connection wakes nothing, so
   * the loop is polled rather than waited on */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (count_fds () > before && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpuint (count_fds (), <=, before);

  fixture_stop (&f);
  cg_sim_config_clear (&config);
}

int
main (int   argc,
      char *argv[])
{
  /* GSocketClient always asks for the default proxy resolver, and GNOME's reads
   * GSettings schemas the test environment does not have */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/sim/determinism", test_sim_determinism);
  g_test_add_func ("/cg/sim/paging", test_sim_paging);
  g_test_add_func ("/cg/sim/inspections-cases", test_sim_inspections);
  g_test_add_func ("/cg/sim/incremental", test_sim_incremental);
  g_test_add_func ("/cg/sim/etag", test_sim_etag);
  g_test_add_func ("/cg/sim/errors", test_sim_errors);
  g_test_add_func ("/cg/sim/faults", test_sim_faults);
  g_test_add_func ("/cg/sim/open311", test_sim_open311);
  g_test_add_func ("/cg/sim/traccar", test_sim_traccar);
  g_test_add_func ("/cg/sim/thread", test_sim_thread);
  g_test_add_func ("/cg/sim/other-district", test_sim_other_district);
  g_test_add_func ("/cg/sim/socket", test_sim_socket);
  g_test_add_func ("/cg/sim/dispatch", test_sim_dispatch);
  g_test_add_func ("/cg/sim/connections-closed", test_sim_connections_closed);

  return g_test_run ();
}
