/* test-preferences-tiles.c: choosing a base map in the preferences (GUI, under Xvfb)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue's servers are replaced by a SoupServer on 127.0.0.1. A refused Tianditu key,
 * a bad template and a corrupt MBTiles file each show their message under the choice, and the
 * map keeps the base map it had; a good choice is saved and shown in the datum of its tiles.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cg-application.h"
#include "cg-preferences-window.h"
#include "cg-test-net.h"
#include "cg-tile-sources.h"
#include "cg-token.h"
#include "cg-window.h"

static GBytes *png;   /* a real 256×256 tile */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *out = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.85, 0.92, 0.85);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.6, 0.7, 0.6);
  cairo_rectangle (cr, 0.5, 0.5, 255, 255);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, write_cb, out);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (out);
}

static SoupServer *server;
static char *server_url;
static char *last_query;
static char *last_auth;    /* the Authorization header of the last request that had one */

static struct
{
  char                *tmpdir;
  CgApplication       *app;
  CgStore             *store;
  CgWindow            *window;
  CgPreferencesWindow *prefs;
  GSettings           *settings;
} fx;

static void
server_cb (SoupServer        *srv,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  g_free (last_query);
  last_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  if (auth != NULL)
    {
      g_free (last_auth);
      last_auth = g_strdup (auth);
    }

  /* Tianditu's answer to a key it does not know */
  if (last_query != NULL && strstr (last_query, "tk=bad-key") != NULL)
    {
      soup_server_message_set_status (msg, 403, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

/* Finds the descendant of @root with @type whose "title" is @title */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
        return c;
      if ((found = find_row (c, type, title)) != NULL)
        return found;
    }

  return NULL;
}

/* The status row under the choice: the only action row without a title until it shows one */
static AdwActionRow *status_row;

static const char *
status_text (void)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (status_row)))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status_row));
}

static gboolean
wait_status (const char *part)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      const char *text = status_text ();

      if (text != NULL && strstr (text, part) != NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_test_message ("status: %s", status_text ());
  return FALSE;
}

static GtkWidget *
status_row_find (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (c) && !gtk_widget_get_visible (c) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), "") == 0)
        return c;
      if ((found = status_row_find (c)) != NULL)
        return found;
    }

  return NULL;
}

/* CG_TEST_SAVE_PNG_DIR=dir: pictures of the states, to look at */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("CG_TEST_SAVE_PNG_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  gint64 end = g_get_monotonic_time () + 1000 * 1000;

  if (dir == NULL)
    return;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_test_message ("%s: %d×%d", name, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  if (gtk_widget_get_width (widget) <= 0)
    return;
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    gtk_widget_snapshot_child (widget, c, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
apply_entry (AdwEntryRow *row,
             const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

/* Inside the test: the isolated XDG directories exist only while a test runs */
static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (fx.tmpdir, "cache.db", NULL);

  fx.app = cg_application_new ();
  g_application_set_flags (G_APPLICATION (fx.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  fx.settings = g_settings_new (APP_ID);
  fx.store = cg_store_open (db, &error);
  g_assert_no_error (error);
  fx.window = cg_window_new (GTK_APPLICATION (fx.app), fx.store, fx.settings);
  {
    g_autoptr(CgDistrict) district = cg_district_load ("310107", &error);

    g_assert_no_error (error);
    cg_window_set_district (fx.window, district);
  }
  gtk_window_present (GTK_WINDOW (fx.window));

  fx.prefs = cg_preferences_window_new (fx.app);
  _cg_preferences_window_set_tile_base_url (fx.prefs, server_url);
  gtk_window_set_transient_for (GTK_WINDOW (fx.prefs), GTK_WINDOW (fx.window));
  gtk_window_set_default_size (GTK_WINDOW (fx.prefs), 560, 980);
  status_row = ADW_ACTION_ROW (status_row_find (GTK_WIDGET (fx.prefs)));
  g_assert_nonnull (status_row);
  gtk_window_present (GTK_WINDOW (fx.prefs));
}

static void
test_prefs_tiles (void)
{
  CgMapView *view;
  GtkWidget *root;
  AdwComboRow *tiles_row;
  AdwEntryRow *key_row;
  AdwEntryRow *template_row;
  AdwComboRow *datum_row;
  g_autofree char *good = g_build_filename (fx.tmpdir, "corrupt.mbtiles", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *bad_template = NULL;
  g_autofree char *good_template = NULL;

  set_up ();
  view = cg_window_get_map_view (fx.window);
  root = GTK_WIDGET (fx.prefs);
  tiles_row = ADW_COMBO_ROW (find_row (root, ADW_TYPE_COMBO_ROW, "Base Map"));
  key_row = ADW_ENTRY_ROW (find_row (root, ADW_TYPE_PASSWORD_ENTRY_ROW, "Tianditu Key"));
  template_row = ADW_ENTRY_ROW (find_row (root, ADW_TYPE_ENTRY_ROW,
                                          "Tile Address, e.g. http://gis.example/{z}/{x}/{y}.png"));
  datum_row = ADW_COMBO_ROW (find_row (root, ADW_TYPE_COMBO_ROW, "Datum of the Tiles"));
  g_assert_nonnull (tiles_row);
  g_assert_nonnull (key_row);
  g_assert_nonnull (template_row);
  g_assert_nonnull (datum_row);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");

  /* Tianditu: no key yet, a hint and no switch */
  adw_combo_row_set_selected (tiles_row, CG_TILE_SOURCE_KIND_TIANDITU_VECTOR);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (key_row)));
  g_assert_true (wait_status ("Enter the key"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");

  /* a refused key: the message under the choice, the outline stays, the key is not kept */
  apply_entry (key_row, "bad-key");
  g_assert_true (wait_status ("Tianditu refused this key"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status_row), "error"));
  save_png (GTK_WIDGET (fx.prefs), "prefs-refused.png");
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");
  g_assert_cmpstr (g_settings_get_string (fx.settings, "tile-source"), ==, "none");
  stored = cg_token_lookup (CG_TIANDITU_KEY_SERVER, NULL);
  g_assert_null (stored);

  /* a good key: checked against one tile, saved in the keyring, shown */
  apply_entry (key_row, "good-key");
  g_assert_true (wait_status ("Showing Tianditu map"));
  g_assert_nonnull (strstr (last_query, "tk=good-key"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "tianditu-vector");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);
  /* Tianditu has no level 19: the view stops at 18 */
  g_assert_cmpuint (shumate_viewport_get_max_zoom_level (cg_map_view_get_viewport (view)), ==, 18);
  g_assert_cmpstr (g_settings_get_string (fx.settings, "tile-source"), ==, "tianditu-vector");
  stored = cg_token_lookup (CG_TIANDITU_KEY_SERVER, NULL);
  g_assert_cmpstr (stored, ==, "good-key");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  {
    /* never in the settings */
    g_autofree char *dump = NULL;
    const char *keys[] = { "tile-source", "custom-tile-template", "mbtiles-path" };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autofree char *v = g_settings_get_string (fx.settings, keys[i]);

        g_assert_null (strstr (v, "good-key"));
      }
  }

  /* the other Tianditu layer with nothing typed: the key comes from the keyring */
  g_clear_pointer (&last_query, g_free);
  adw_combo_row_set_selected (tiles_row, CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY);
  g_assert_true (wait_status ("Showing Tianditu imagery"));
  g_assert_nonnull (last_query);
  g_assert_nonnull (strstr (last_query, "tk=good-key"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "tianditu-imagery");

  /* a custom template without {z}: refused where it was typed, Tianditu stays */
  adw_combo_row_set_selected (tiles_row, CG_TILE_SOURCE_KIND_CUSTOM);
  g_assert_true (wait_status ("Enter the address"));
  bad_template = g_strconcat (server_url, "/tiles/{x}/{y}.png", NULL);
  apply_entry (template_row, bad_template);
  g_assert_true (wait_status ("The tile address must contain {x}, {y} (or {tmsy}) and {z}"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "tianditu-imagery");

  /* a good one in GCJ-02: saved, shown, the map in GCJ-02 */
  adw_combo_row_set_selected (datum_row, CG_DATUM_GCJ02);
  good_template = g_strconcat (server_url, "/tiles/{z}/{x}/{y}.png", NULL);
  apply_entry (template_row, good_template);
  g_assert_true (wait_status ("Showing Custom tile server"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "custom");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_GCJ02);
  g_assert_cmpuint (shumate_viewport_get_max_zoom_level (cg_map_view_get_viewport (view)), ==, 19);
  g_assert_cmpstr (g_settings_get_string (fx.settings, "custom-tile-template"), ==, good_template);
  g_assert_cmpstr (g_settings_get_string (fx.settings, "custom-tile-datum"), ==, "gcj02");
  save_png (GTK_WIDGET (fx.prefs), "prefs-custom.png");
  save_png (GTK_WIDGET (fx.window), "window-custom.png");

  /* a corrupt MBTiles file: its message, the custom tiles stay */
  g_assert_true (g_file_set_contents (good, "not a database at all, not even close", -1, NULL));
  adw_combo_row_set_selected (tiles_row, CG_TILE_SOURCE_KIND_MBTILES);
  g_assert_true (wait_status ("Choose an MBTiles file"));
  cg_preferences_window_set_mbtiles_file (fx.prefs, good);
  g_assert_true (wait_status ("corrupt.mbtiles” is not an MBTiles file"));
  save_png (GTK_WIDGET (fx.prefs), "prefs-mbtiles.png");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status_row), "error"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "custom");

  /* back to the outline */
  adw_combo_row_set_selected (tiles_row, CG_TILE_SOURCE_KIND_NONE);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);
  g_assert_cmpstr (g_settings_get_string (fx.settings, "tile-source"), ==, "none");
  g_unlink (good);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static gboolean
wait_source (CgMapView  *view,
             const char *id)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_strcmp0 (cg_map_view_get_tile_source (view), id) != 0 &&
         g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return g_strcmp0 (cg_map_view_get_tile_source (view), id) == 0;
}

/* A new window shows the remembered base map, or the outline when it cannot */
static void
test_restore (void)
{
  g_autofree char *tmpl = g_strconcat (server_url, "/tiles/{z}/{x}/{tmsy}.png", NULL);
  g_autofree char *missing = g_build_filename (fx.tmpdir, "gone.mbtiles", NULL);
  CgWindow *window;
  CgMapView *view;

  if (fx.app == NULL)
    set_up ();

  g_settings_set_string (fx.settings, "custom-tile-template", tmpl);
  g_settings_set_string (fx.settings, "custom-tile-datum", "bd09");
  g_settings_set_string (fx.settings, "tile-source", "custom");
  window = cg_window_new (GTK_APPLICATION (fx.app), fx.store, fx.settings);
  view = cg_window_get_map_view (window);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "custom");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_BD09);
  gtk_window_destroy (GTK_WINDOW (window));

  /* the open window follows a change made elsewhere (gsettings, another window) */
  view = cg_window_get_map_view (fx.window);
  g_assert_true (wait_source (view, "custom"));
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "custom");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_BD09);

  g_settings_set_string (fx.settings, "mbtiles-path", missing);
  g_settings_set_string (fx.settings, "tile-source", "mbtiles");
  window = cg_window_new (GTK_APPLICATION (fx.app), fx.store, fx.settings);
  view = cg_window_get_map_view (window);
  g_assert_cmpstr (cg_map_view_get_tile_source (view), ==, "none");
  g_assert_cmpint (cg_map_view_get_datum (view), ==, CG_DATUM_WGS84);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_source (cg_window_get_map_view (fx.window), "none"));

  /* Tianditu: its key comes from the keyring without blocking the window; a window closed
   * before the keyring answers is no trouble */
  {
    g_autoptr(GError) error = NULL;
    gint64 end;

    /* hidden, so that nothing asks the real Tianditu for tiles */
    gtk_widget_set_visible (GTK_WIDGET (fx.window), FALSE);
    g_assert_true (cg_token_store (CG_TIANDITU_KEY_SERVER, "restored-key", &error));
    g_assert_no_error (error);
    g_settings_set_string (fx.settings, "tile-source", "tianditu-imagery");
    window = cg_window_new (GTK_APPLICATION (fx.app), fx.store, fx.settings);
    gtk_window_destroy (GTK_WINDOW (window));
    window = cg_window_new (GTK_APPLICATION (fx.app), fx.store, fx.settings);
    view = cg_window_get_map_view (window);
    g_assert_true (wait_source (view, "tianditu-imagery"));
    g_assert_true (wait_source (cg_window_get_map_view (fx.window), "tianditu-imagery"));
    gtk_window_destroy (GTK_WINDOW (window));
    end = g_get_monotonic_time () + 100 * 1000;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (cg_token_clear (CG_TIANDITU_KEY_SERVER, &error));
    g_assert_no_error (error);
  }

  g_settings_reset (fx.settings, "tile-source");
  g_settings_reset (fx.settings, "mbtiles-path");
  g_settings_reset (fx.settings, "custom-tile-template");
  g_settings_reset (fx.settings, "custom-tile-datum");
  g_assert_true (wait_source (cg_window_get_map_view (fx.window), "none"));
  gtk_window_present (GTK_WINDOW (fx.window));
}

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  return done (data);
}

static gboolean
auth_is (gpointer data)
{
  return g_strcmp0 (last_auth, data) == 0;
}

static gboolean
has_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_demo (gpointer data)
{
  return cg_application_get_demo (fx.app) == GPOINTER_TO_INT (data);
}

/* Another server with its token: the token goes to the keyring (without blocking the
 * window) before the switch, so the application's first requests carry it; a new token
 * for the same server is used from the next request */
static void
test_server_token (void)
{
  g_autofree char *api = g_strconcat (server_url, "/city/", NULL);
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkEditable *server_row;
  AdwEntryRow *token_row;

  if (fx.app == NULL)
    set_up ();
  server_row = GTK_EDITABLE (find_row (GTK_WIDGET (fx.prefs), ADW_TYPE_ENTRY_ROW, "Server URL"));
  token_row = ADW_ENTRY_ROW (find_row (GTK_WIDGET (fx.prefs), ADW_TYPE_PASSWORD_ENTRY_ROW,
                                       "Access Token"));
  g_assert_nonnull (server_row);
  g_assert_nonnull (token_row);
  g_assert_true (wait_until (is_demo, GINT_TO_POINTER (TRUE)));

  /* the address typed, the token applied: confirm, then stored and switched */
  gtk_editable_set_text (server_row, api);
  apply_entry (token_row, "tok-1");
  g_assert_true (wait_until (has_message_dialog, &dialog));
  adw_message_dialog_response (dialog, "switch");
  g_assert_true (wait_until (auth_is, "Bearer tok-1"));
  g_assert_false (cg_application_get_demo (fx.app));
  g_assert_cmpstr (cg_application_get_server_url (fx.app), ==, api);
  g_assert_cmpstr (g_settings_get_string (fx.settings, "server-url"), ==, api);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
  stored = cg_token_lookup (api, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "tok-1");
  g_clear_pointer (&stored, g_free);

  /* a new token for this server */
  apply_entry (token_row, "tok-2");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
  g_assert_true (wait_until (auth_is, "Bearer tok-2"));
  stored = cg_token_lookup (api, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "tok-2");

  /* never in the settings */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (fx.settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (fx.settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, "tok-"));
      }
  }

  /* back to the demo district */
  g_settings_set_string (fx.settings, "server-url", "");
  g_assert_true (wait_until (is_demo, GINT_TO_POINTER (TRUE)));
  g_assert_true (cg_token_clear (api, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = NULL;
  int ret;

  /* Own XDG directories rather than G_TEST_OPTION_ISOLATE_DIRS: that one also replaces
   * XDG_DATA_DIRS, and without the shared MIME database gdk-pixbuf recognises no image, so
   * neither the tiles nor GTK's icons could load. */
  fx.tmpdir = g_dir_make_tmp ("cg-prefs-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *vars[] = { "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                           "XDG_RUNTIME_DIR" };

    for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
      {
        g_autofree char *dir = g_build_filename (fx.tmpdir, vars[i], NULL);

        g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
        g_setenv (vars[i], dir, TRUE);
      }
  }
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  keyring = g_build_filename (fx.tmpdir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

  png = make_png ();
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  server_url = cg_test_server_listen (server, "");

  g_test_add_func ("/cg/app/preferences/tiles", test_prefs_tiles);
  g_test_add_func ("/cg/app/preferences/restore", test_restore);
  g_test_add_func ("/cg/app/preferences/server-token", test_server_token);

  ret = g_test_run ();

  if (fx.prefs != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.prefs));
  if (fx.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.window));
  g_clear_object (&fx.store);
  g_clear_object (&fx.settings);
  g_clear_object (&fx.app);
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_bytes_unref (png);
  remove_tree (fx.tmpdir);
  g_free (fx.tmpdir);

  return ret;
}
