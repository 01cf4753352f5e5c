/* test-tile-sources.c: the tile catalogue, template checks, MBTiles checks, the probe and the
 * downloader against a SoupServer on 127.0.0.1 (no display, no internet)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "cg-tile-downloader.h"
#include "cg-tile-sources.h"

/* Leaks of the libraries under LeakSanitizer (the -Db_sanitize=address build), not of this
 * code: GLib's test dirs, libsoup's server sockets. */
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
         "leak:soup_server_listen_local\n";
}

static const guint8 png_bytes[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
};

/* The local tile server */

static SoupServer *server;
static char *server_url;          /* http://127.0.0.1:PORT */
static guint n_requests;
static char *last_path;
static char *last_query;
static char *last_user_agent;
static GPtrArray *stalled;        /* SoupServerMessage, paused forever */

static void
server_cb (SoupServer        *srv,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GUri *uri = soup_server_message_get_uri (msg);

  n_requests++;
  g_free (last_path);
  last_path = g_strdup (path);
  g_free (last_query);
  last_query = g_strdup (g_uri_get_query (uri));
  g_free (last_user_agent);
  last_user_agent = g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "User-Agent"));

  if (g_str_has_prefix (path, "/ok/"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC,
                                        (const char *) png_bytes, sizeof png_bytes);
    }
  else if (g_str_has_prefix (path, "/forbidden/"))
    {
      soup_server_message_set_status (msg, 403, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<h1>invalid key</h1>", 20);
    }
  else if (g_str_has_prefix (path, "/html/"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>login</html>", 18);
    }
  else if (g_str_has_prefix (path, "/stall/"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (stalled, g_object_ref (msg));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  server_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  stalled = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Templates */

static void
test_template_validate (void)
{
  static const char *good[] = {
    "https://tiles.example.gov.cn/{z}/{x}/{y}.png",
    "http://10.1.2.3:8080/tiles/{z}/{x}/{tmsy}.jpg",
    "HTTPS://example.com/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc",
  };
  static const struct
  {
    const char *tmpl;
    const char *message;
  } bad[] = {
    { "", "Enter the tile address" },
    { "ftp://example.com/{z}/{x}/{y}.png", "must start with http:// or https://" },
    { "file:///tmp/{z}/{x}/{y}.png", "must start with http:// or https://" },
    { "example.com/{z}/{x}/{y}.png", "must start with http:// or https://" },
    { "https://example.com/{z}/{x}.png", "must contain {x}, {y} (or {tmsy}) and {z}" },
    { "https://example.com/{x}/{y}.png", "must contain {x}, {y} (or {tmsy}) and {z}" },
    { "https://example.com/{z}/{y}.png", "must contain {x}, {y} (or {tmsy}) and {z}" },
    { "https://example.com/tile.png", "must contain {x}, {y} (or {tmsy}) and {z}" },
    { "https://{s}.tile.example.com/{z}/{x}/{y}.png", "contains {s}" },
    { "https://example.com/{z}/{x}/{-y}.png", "contains {-y}" },
    { "https:///{z}/{x}/{y}.png", "not a valid URL" },
    { "https://exa mple.com/{z}/{x}/{y}.png", "not a valid URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cg_tile_template_validate (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cg_tile_template_validate (bad[i].tmpl, &error));
      g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", bad[i].tmpl, error->message, bad[i].message);
    }
}

static void
test_template_expand (void)
{
  g_autofree char *a = cg_tile_template_expand ("https://t/{z}/{x}/{y}.png", 3, 5, 4);
  g_autofree char *b = cg_tile_template_expand ("https://t/{z}/{x}/{tmsy}?z={z}", 3, 5, 4);

  g_assert_cmpstr (a, ==, "https://t/4/3/5.png");
  /* TMS rows count from the south: 2^4 - 1 - 5 */
  g_assert_cmpstr (b, ==, "https://t/4/3/10?z=4");
}

/* Catalogue */

static void
test_catalogue (void)
{
  CgTileSourceOptions options = { .tianditu_key = "0123abcd" };

  for (guint i = 0; i < CG_TILE_SOURCE_N_KINDS; i++)
    {
      CgTileSourceKind kind = 99;

      g_assert_true (cg_tile_source_kind_from_string (cg_tile_source_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (cg_tile_source_kind_get_title (i));
    }
  {
    CgTileSourceKind kind = CG_TILE_SOURCE_KIND_AMAP;

    g_assert_false (cg_tile_source_kind_from_string ("google", &kind));
    g_assert_false (cg_tile_source_kind_from_string (NULL, &kind));
    g_assert_cmpint (kind, ==, CG_TILE_SOURCE_KIND_AMAP);
  }

  /* fixed datums and templates */
  {
    g_autoptr(CgTileSource) osm = cg_tile_source_new (CG_TILE_SOURCE_KIND_OSM, NULL, NULL);
    g_autoptr(CgTileSource) amap = cg_tile_source_new (CG_TILE_SOURCE_KIND_AMAP, NULL, NULL);
    g_autoptr(CgTileSource) amap_sat = cg_tile_source_new (CG_TILE_SOURCE_KIND_AMAP_SATELLITE, NULL, NULL);
    g_autoptr(CgTileSource) none = cg_tile_source_new (CG_TILE_SOURCE_KIND_NONE, NULL, NULL);
    g_autoptr(CgTileSource) vec = cg_tile_source_new (CG_TILE_SOURCE_KIND_TIANDITU_VECTOR, &options, NULL);
    g_autoptr(CgTileSource) img = cg_tile_source_new (CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY, &options, NULL);

    g_assert_cmpint (cg_tile_source_get_datum (osm), ==, CG_DATUM_WGS84);
    g_assert_cmpstr (cg_tile_source_get_template (osm), ==, "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    g_assert_null (cg_tile_source_get_overlay_template (osm));

    g_assert_cmpint (cg_tile_source_get_datum (amap), ==, CG_DATUM_GCJ02);
    g_assert_cmpint (cg_tile_source_get_datum (amap_sat), ==, CG_DATUM_GCJ02);
    g_assert_true (cg_tile_template_validate (cg_tile_source_get_template (amap), NULL));
    g_assert_nonnull (strstr (cg_tile_source_get_template (amap_sat), "style=6"));
    g_assert_nonnull (strstr (cg_tile_source_get_overlay_template (amap_sat), "style=8"));

    g_assert_false (cg_tile_source_is_network (none));
    g_assert_null (cg_tile_source_get_template (none));

    g_assert_cmpint (cg_tile_source_get_datum (vec), ==, CG_DATUM_WGS84);
    g_assert_true (g_str_has_prefix (cg_tile_source_get_template (vec),
                                     "https://t0.tianditu.gov.cn/vec_w/wmts?"));
    g_assert_nonnull (strstr (cg_tile_source_get_template (vec), "LAYER=vec&"));
    g_assert_nonnull (strstr (cg_tile_source_get_overlay_template (vec), "/cva_w/wmts?"));
    g_assert_true (g_str_has_suffix (cg_tile_source_get_template (vec), "&tk=0123abcd"));
    g_assert_true (cg_tile_template_validate (cg_tile_source_get_template (vec), NULL));
    g_assert_nonnull (strstr (cg_tile_source_get_template (img), "LAYER=img&"));
    g_assert_nonnull (strstr (cg_tile_source_get_overlay_template (img), "LAYER=cia&"));
    g_assert_cmpuint (cg_tile_source_get_max_zoom (img), ==, 18);
  }

  /* Tianditu without a key */
  {
    g_autoptr(GError) error = NULL;
    CgTileSourceOptions blank = { .tianditu_key = "   " };

    g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_TIANDITU_VECTOR, NULL, &error));
    g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MISSING_KEY);
    g_clear_error (&error);
    g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY, &blank, &error));
    g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MISSING_KEY);
  }

  /* a key with URL characters is escaped; base_url replaces the host */
  {
    CgTileSourceOptions o = { .tianditu_key = "a&b c", .base_url = "http://127.0.0.1:1/x/" };
    g_autoptr(CgTileSource) vec = cg_tile_source_new (CG_TILE_SOURCE_KIND_TIANDITU_VECTOR, &o, NULL);

    g_assert_true (g_str_has_prefix (cg_tile_source_get_template (vec),
                                     "http://127.0.0.1:1/x/vec_w/wmts?"));
    g_assert_true (g_str_has_suffix (cg_tile_source_get_template (vec), "&tk=a%26b%20c"));
  }
}

static void
test_custom (void)
{
  g_autoptr(GError) error = NULL;
  CgTileSourceOptions o = {
    .custom_template = "  http://tiles.intranet.sh.gov.cn/{z}/{x}/{y}.png?key=SECRET  ",
    .custom_datum = CG_DATUM_GCJ02,
  };
  g_autoptr(CgTileSource) custom = cg_tile_source_new (CG_TILE_SOURCE_KIND_CUSTOM, &o, &error);
  g_autoptr(ShumateMapSource) base = NULL;
  g_autoptr(ShumateMapSource) overlay = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cg_tile_source_get_datum (custom), ==, CG_DATUM_GCJ02);
  g_assert_cmpstr (cg_tile_source_get_template (custom), ==,
                   "http://tiles.intranet.sh.gov.cn/{z}/{x}/{y}.png?key=SECRET");
  g_assert_cmpstr (cg_tile_source_get_id (custom), ==, "custom");

  g_assert_true (cg_tile_source_create_map_sources (custom, NULL, &base, &overlay, &error));
  g_assert_no_error (error);
  g_assert_true (SHUMATE_IS_RASTER_RENDERER (base));
  g_assert_null (overlay);

  /* bad templates are refused with the validator's message */
  o.custom_template = "https://{s}.example.com/{z}/{x}/{y}.png";
  g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_CUSTOM, &o, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "{s}"));
}

/* MBTiles */

static void
make_mbtiles (const char *path,
              const char *format)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("CREATE TABLE metadata (name TEXT, value TEXT);"
                         "INSERT INTO metadata VALUES ('name', '普陀 offline'), ('format', '%s'),"
                         " ('minzoom', '10'), ('maxzoom', '16'), ('attribution', '© district');"
                         "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                         " tile_row INTEGER, tile_data BLOB);"
                         "INSERT INTO tiles VALUES (10, 857, 605, x'89504e470d0a1a0a');", format);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_mbtiles (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cg-tiles-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "putuo.mbtiles", NULL);
  g_autofree char *pbf = g_build_filename (dir, "vector.mbtiles", NULL);
  g_autofree char *corrupt = g_build_filename (dir, "corrupt.mbtiles", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mbtiles", NULL);
  CgTileSourceOptions o = { .mbtiles_datum = CG_DATUM_GCJ02 };

  make_mbtiles (good, "png");
  make_mbtiles (pbf, "pbf");
  g_assert_true (g_file_set_contents (corrupt, "this is not an SQLite database, just text\n"
                                      "with a few lines\n", -1, NULL));

  o.mbtiles_path = good;
  {
    g_autoptr(CgTileSource) src = cg_tile_source_new (CG_TILE_SOURCE_KIND_MBTILES, &o, &error);
    g_autoptr(ShumateMapSource) base = NULL;
    g_autoptr(ShumateMapSource) overlay = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (cg_tile_source_get_datum (src), ==, CG_DATUM_GCJ02);
    g_assert_cmpstr (cg_tile_source_get_name (src), ==, "普陀 offline");
    g_assert_cmpstr (cg_tile_source_get_license (src), ==, "© district");
    g_assert_cmpuint (cg_tile_source_get_min_zoom (src), ==, 10);
    g_assert_cmpuint (cg_tile_source_get_max_zoom (src), ==, 16);
    g_assert_false (cg_tile_source_is_network (src));
    g_assert_true (cg_tile_source_create_map_sources (src, NULL, &base, &overlay, &error));
    g_assert_nonnull (base);
    g_assert_cmpuint (shumate_map_source_get_max_zoom_level (base), ==, 16);
  }

  o.mbtiles_path = missing;
  g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_MBTILES, &o, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES);
  g_assert_nonnull (strstr (error->message, "missing.mbtiles"));
  g_clear_error (&error);

  o.mbtiles_path = corrupt;
  g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_MBTILES, &o, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES);
  g_assert_nonnull (strstr (error->message, "corrupt.mbtiles"));
  g_clear_error (&error);

  o.mbtiles_path = pbf;
  g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_MBTILES, &o, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES);
  g_clear_error (&error);

  o.mbtiles_path = "";
  g_assert_null (cg_tile_source_new (CG_TILE_SOURCE_KIND_MBTILES, &o, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES);
  g_clear_error (&error);

  g_unlink (good);
  g_unlink (pbf);
  g_unlink (corrupt);
  g_rmdir (dir);
}

static void
test_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.chengguan.Command");
  g_autoptr(GError) error = NULL;
  g_autoptr(CgTileSource) def = cg_tile_source_new_from_settings (settings, NULL, &error);
  g_autoptr(CgTileSource) custom = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (cg_tile_source_get_kind (def), ==, CG_TILE_SOURCE_KIND_NONE);

  g_settings_set_string (settings, "tile-source", "custom");
  g_settings_set_string (settings, "custom-tile-template", "https://gis.local/{z}/{x}/{tmsy}.png");
  g_settings_set_string (settings, "custom-tile-datum", "bd09");
  custom = cg_tile_source_new_from_settings (settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_tile_source_get_datum (custom), ==, CG_DATUM_BD09);

  g_settings_set_string (settings, "tile-source", "tianditu-vector");
  g_assert_null (cg_tile_source_new_from_settings (settings, NULL, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MISSING_KEY);
  g_settings_reset (settings, "tile-source");
  g_settings_reset (settings, "custom-tile-template");
  g_settings_reset (settings, "custom-tile-datum");
}

/* Probe */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ProbeResult;

static void
on_probe_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ProbeResult *r = user_data;

  r->ok = cg_tile_source_probe_finish (NULL, result, &r->error);
  r->done = TRUE;
}

static gboolean
probe (CgTileSourceKind   kind,
       const char        *prefix,
       guint              timeout_s,
       GError           **error)
{
  g_autofree char *base = g_strconcat (server_url, prefix, NULL);
  CgTileSourceOptions o = { .tianditu_key = "k3y", .base_url = base };
  g_autoptr(CgTileSource) src = cg_tile_source_new (kind, &o, NULL);
  g_autoptr(SoupSession) session = cg_tile_sources_new_session (timeout_s);
  ProbeResult r = { 0 };

  /* People's Square at zoom 15 */
  cg_tile_source_probe_async (src, session, 31.2304, 121.4737, 15, NULL, on_probe_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (r.ok == (r.error == NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static void
test_probe_ok (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (probe (CG_TILE_SOURCE_KIND_TIANDITU_VECTOR, "/ok", 5, &error));
  g_assert_no_error (error);
  /* the tile under the centre, as WMTS row/column, with the key and our User-Agent */
  g_assert_cmpstr (last_path, ==, "/ok/vec_w/wmts");
  g_test_message ("query: %s", last_query);
  g_assert_nonnull (strstr (last_query, "TILEMATRIX=15&TILEROW=13389&TILECOL=27440&tk=k3y"));
  g_assert_cmpstr (last_user_agent, ==, cg_tile_sources_get_user_agent ());
  g_assert_true (g_str_has_prefix (last_user_agent, "ChengguanCommand/"));

  g_assert_true (probe (CG_TILE_SOURCE_KIND_AMAP, "/ok", 5, &error));
  g_assert_nonnull (strstr (last_query, "x=27440&y=13389&z=15"));
}

static void
test_probe_refused (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (probe (CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY, "/forbidden", 5, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED);
  g_assert_nonnull (strstr (error->message, "Tianditu refused this key"));
  g_assert_null (strstr (error->message, "k3y"));   /* never echo the key */
  g_clear_error (&error);

  /* another source: a plain refusal */
  g_assert_false (probe (CG_TILE_SOURCE_KIND_AMAP, "/forbidden", 5, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED);
  g_assert_null (strstr (error->message, "Tianditu"));
}

static void
test_probe_timeout (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (probe (CG_TILE_SOURCE_KIND_OSM, "/stall", 1, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (stalled->len, ==, 1);
}

static void
test_probe_other_failures (void)
{
  g_autoptr(GError) error = NULL;
  CgTileSourceOptions o = { .base_url = "http://127.0.0.1:1" };   /* nothing listens there */
  g_autoptr(CgTileSource) closed = cg_tile_source_new (CG_TILE_SOURCE_KIND_OSM, &o, NULL);
  g_autoptr(SoupSession) session = cg_tile_sources_new_session (2);
  ProbeResult r = { 0 };

  g_assert_false (probe (CG_TILE_SOURCE_KIND_OSM, "/missing", 5, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);

  g_assert_false (probe (CG_TILE_SOURCE_KIND_OSM, "/html", 5, &error));
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NOT_AN_IMAGE);
  g_clear_error (&error);

  cg_tile_source_probe_async (closed, session, 31.23, 121.47, 12, NULL, on_probe_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (r.ok);
  g_assert_error (r.error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NETWORK);
  g_clear_error (&r.error);

  /* offline sources need no probe */
  {
    g_autoptr(CgTileSource) none = cg_tile_source_new (CG_TILE_SOURCE_KIND_NONE, NULL, NULL);
    ProbeResult r2 = { 0 };

    cg_tile_source_probe_async (none, NULL, 31.23, 121.47, 12, NULL, on_probe_cb, &r2);
    while (!r2.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (r2.ok);
  }
}

/* Downloader */

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
  guint     n_received;
  guint     n_errors;
} TileResult;

static void
on_tile_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TileResult *r = user_data;

  r->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result,
                                                       &r->error);
  r->done = TRUE;
}

static void
on_received_cb (ShumateDataSource *source,
                int                x,
                int                y,
                int                z,
                GBytes            *bytes,
                TileResult        *r)
{
  g_assert_cmpint (x, ==, 3);
  g_assert_cmpint (y, ==, 5);
  g_assert_cmpint (z, ==, 4);
  r->n_received++;
}

static void
on_tile_error_cb (CgTileDownloader *source,
                  GError           *error,
                  TileResult       *r)
{
  g_assert_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED);
  r->n_errors++;
}

static void
fetch_tile (CgTileDownloader *dl,
            TileResult       *r)
{
  gulong a = g_signal_connect (dl, "received-data", G_CALLBACK (on_received_cb), r);
  gulong b = g_signal_connect (dl, "tile-error", G_CALLBACK (on_tile_error_cb), r);

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (dl), 3, 5, 4, NULL, on_tile_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (dl, a);
  g_signal_handler_disconnect (dl, b);
}

static void
test_downloader (void)
{
  g_autofree char *cache_dir = cg_tile_sources_dup_cache_dir ();
  g_autofree char *tmpl = g_strconcat (server_url, "/ok/{z}/{x}/{y}.png", NULL);
  g_autofree char *bad_tmpl = g_strconcat (server_url, "/forbidden/{z}/{x}/{y}.png", NULL);
  g_autofree char *tile_file = NULL;
  g_autoptr(SoupSession) session = cg_tile_sources_new_session (5);
  g_autoptr(CgTileDownloader) dl = NULL;
  g_autoptr(CgTileDownloader) bad = NULL;
  TileResult r1 = { 0 }, r2 = { 0 }, r3 = { 0 };
  guint before;

  /* the cache lives in our own directory, under the isolated XDG_CACHE_HOME */
  g_assert_true (g_str_has_prefix (cache_dir, g_get_user_cache_dir ()));
  g_assert_true (g_str_has_suffix (cache_dir, "/chengguan-command/tiles"));
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);

  dl = cg_tile_downloader_new (tmpl, "test-set", cache_dir, session);
  before = n_requests;
  fetch_tile (dl, &r1);
  g_assert_no_error (r1.error);
  g_assert_cmpmem (g_bytes_get_data (r1.bytes, NULL), g_bytes_get_size (r1.bytes),
                   png_bytes, sizeof png_bytes);
  g_assert_cmpuint (r1.n_received, ==, 1);   /* what 1.0.x's renderer listens to */
  g_assert_cmpuint (n_requests, ==, before + 1);
  g_assert_cmpstr (last_path, ==, "/ok/4/3/5.png");
  g_assert_cmpstr (last_user_agent, ==, cg_tile_sources_get_user_agent ());

  /* stored in the cache directory; a second request is served from there */
  tile_file = g_build_filename (cache_dir, "test-set", "4", "3", "5.png", NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    /* the cache writes in a worker thread */
    while (!g_file_test (tile_file, G_FILE_TEST_IS_REGULAR) && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    for (int i = 0; i < 50; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_true (g_file_test (tile_file, G_FILE_TEST_IS_REGULAR));
  fetch_tile (dl, &r2);
  g_assert_no_error (r2.error);
  g_assert_cmpuint (g_bytes_get_size (r2.bytes), ==, sizeof png_bytes);
  g_assert_cmpuint (r2.n_received, ==, 1);
  g_assert_cmpuint (n_requests, ==, before + 1);

  /* a refused tile is reported */
  bad = cg_tile_downloader_new (bad_tmpl, "test-bad", cache_dir, session);
  fetch_tile (bad, &r3);
  g_assert_error (r3.error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED);
  g_assert_null (r3.bytes);
  g_assert_cmpuint (r3.n_errors, ==, 1);
  g_assert_cmpuint (r3.n_received, ==, 0);
  g_assert_cmpuint (cg_tile_downloader_get_n_failed (bad), ==, 1);

  g_clear_pointer (&r1.bytes, g_bytes_unref);
  g_clear_pointer (&r2.bytes, g_bytes_unref);
  g_clear_error (&r3.error);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  start_server ();

  g_test_add_func ("/cg/tiles/template/validate", test_template_validate);
  g_test_add_func ("/cg/tiles/template/expand", test_template_expand);
  g_test_add_func ("/cg/tiles/catalogue", test_catalogue);
  g_test_add_func ("/cg/tiles/custom", test_custom);
  g_test_add_func ("/cg/tiles/mbtiles", test_mbtiles);
  g_test_add_func ("/cg/tiles/from-settings", test_from_settings);
  g_test_add_func ("/cg/tiles/probe/ok", test_probe_ok);
  g_test_add_func ("/cg/tiles/probe/refused", test_probe_refused);
  g_test_add_func ("/cg/tiles/probe/timeout", test_probe_timeout);
  g_test_add_func ("/cg/tiles/probe/other-failures", test_probe_other_failures);
  g_test_add_func ("/cg/tiles/downloader", test_downloader);

  ret = g_test_run ();

  g_clear_pointer (&stalled, g_ptr_array_unref);
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_free (server_url);
  g_free (last_path);
  g_free (last_query);
  g_free (last_user_agent);

  return ret;
}
