/* cg-preferences-window.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token and the Tianditu key are written to the keyring and never read back into the UI
 * or logged. A base map is checked (template, file, one tile from its server) before it is
 * saved and shown; on failure the message stays under the choice and the map keeps the
 * previous one.
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cg-map-view.h"
#include "cg-preferences-window.h"
#include "cg-tile-sources.h"
#include "cg-token.h"
#include "cg-window.h"

struct _CgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *mode_row;
  GtkButton            *demo_button;
  AdwEntryRow          *server_row;
  AdwEntryRow          *token_row;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *sound_switch;
  AdwComboRow          *tiles_row;
  AdwPasswordEntryRow  *tianditu_key_row;
  AdwEntryRow          *custom_template_row;
  AdwComboRow          *custom_datum_row;
  AdwActionRow         *mbtiles_row;
  GtkButton            *mbtiles_button;
  AdwComboRow          *mbtiles_datum_row;
  AdwActionRow         *tiles_status_row;
  GtkSpinner           *tiles_spinner;
  GtkImage             *tiles_status_icon;

  CgApplication        *application;
  GSettings            *settings;
  char                 *pending_url;
  char                 *mbtiles_path;       /* chosen, not yet saved */
  char                 *tile_base_url;      /* tests: a local server for the catalogue */
  GCancellable         *probe_cancellable; /* the current base-map choice: keyring, probe */
  GtkFileChooserNative *chooser;
  guint                 syncing_tiles : 1;
};

G_DEFINE_FINAL_TYPE (CgPreferencesWindow, cg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_mode (CgPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *subtitle = NULL;
  gboolean demo = *url == '\0';

  if (demo)
    subtitle = g_strdup (_("Demo district: simulated data from this computer"));
  else
    /* Translators: %s is the server's URL */
    subtitle = g_strdup_printf (_("City server %s"), url);

  adw_action_row_set_subtitle (self->mode_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !demo);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
}

static void
toast (CgPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* What a keyring call needs when it answers: the window only if it is still open */
typedef struct
{
  GWeakRef   self;
  GSettings *settings;
  char      *url;
} KeyringData;

static KeyringData *
keyring_data_new (CgPreferencesWindow *self,
                  const char          *url)
{
  KeyringData *data = g_new0 (KeyringData, 1);

  g_weak_ref_init (&data->self, self);
  data->settings = g_object_ref (self->settings);
  data->url = g_strdup (url);

  return data;
}

static void
keyring_data_free (KeyringData *data)
{
  g_weak_ref_clear (&data->self);
  g_object_unref (data->settings);
  g_free (data->url);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyringData, keyring_data_free)

/* The token (if any) is in the keyring: now switch, so that the application finds it */
static void
finish_switch (CgPreferencesWindow *self,
               GSettings           *settings,
               const char          *url,
               const GError        *error)
{
  /* the application restarts the sync and resets the cache (it belongs to one server) */
  g_settings_set_string (settings, "server-url", url);
  if (self == NULL)
    return;

  if (error != NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not store the token: %s"), error->message);
      toast (self, msg);
    }
  update_mode (self);
  toast (self, *url ? _("Switched to the new server; the cached data was cleared")
                    : _("Showing the demo district"));
}

static void
on_switch_token_stored_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(KeyringData) data = user_data;
  g_autoptr(CgPreferencesWindow) self = g_weak_ref_get (&data->self);
  g_autoptr(GError) error = NULL;

  cg_token_store_finish (result, &error);
  if (self != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), TRUE);
  finish_switch (self, data->settings, data->url, error);
}

static void
switch_server (CgPreferencesWindow *self,
               const char          *url)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  g_strstrip (token);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  if (*url == '\0' || *token == '\0')
    {
      finish_switch (self, self->settings, url, NULL);
      return;
    }

  /* the keyring may have to be unlocked first (a prompt): the window stays live */
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), FALSE);
  cg_token_store_async (url, token, NULL, on_switch_token_stored_cb, keyring_data_new (self, url));
  cg_token_wipe (token);
}

static void
on_confirm_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        CgPreferencesWindow *self)
{
  if (g_strcmp0 (response, "switch") == 0 && self->pending_url != NULL)
    switch_server (self, self->pending_url);
  else
    update_mode (self);

  g_clear_pointer (&self->pending_url, g_free);
}

static void
confirm_switch (CgPreferencesWindow *self,
                const char          *url)
{
  GtkWidget *dialog;

  g_free (self->pending_url);
  self->pending_url = g_strdup (url);

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   *url ? _("Switch to Another Server?")
                                        : _("Switch to the Demo District?"),
                                   _("The data cached from the current server will be deleted "
                                     "from this computer and the map reloaded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "switch", _("_Switch"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
looks_like_url (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

static void
on_server_apply_cb (CgPreferencesWindow *self)
{
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_autofree char *current = g_settings_get_string (self->settings, "server-url");

  g_strstrip (url);
  if (g_strcmp0 (url, current) == 0)
    return;
  if (*url != '\0' && !looks_like_url (url))
    {
      toast (self, _("Enter an address starting with http:// or https://"));
      return;
    }

  confirm_switch (self, url);
}

static void
on_demo_clicked_cb (CgPreferencesWindow *self)
{
  confirm_switch (self, "");
}

static void
on_token_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KeyringData) data = user_data;
  g_autoptr(CgPreferencesWindow) self = g_weak_ref_get (&data->self);
  g_autoptr(GError) error = NULL;

  if (!cg_application_set_token_finish (CG_APPLICATION (object), result, &error))
    {
      g_autofree char *msg = NULL;

      if (self == NULL)
        return;
      msg = g_strdup_printf (_("Could not store the token: %s"), error->message);
      toast (self, msg);
      return;
    }
  if (self != NULL)
    toast (self, _("Token saved in the keyring"));
}

static void
on_token_apply_cb (CgPreferencesWindow *self)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));

  g_strstrip (token);
  if (*token == '\0')
    return;

  /* a new server typed but not applied yet: switch to it, with this token */
  {
    g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
    g_autofree char *current = g_settings_get_string (self->settings, "server-url");

    g_strstrip (url);
    if (g_strcmp0 (url, current) != 0)
      {
        on_server_apply_cb (self);
        return;
      }
    if (*current == '\0')
      {
        toast (self, _("Enter the server's address first"));
        return;
      }
  }

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  cg_application_set_token_async (self->application, token, NULL, on_token_saved_cb,
                                  keyring_data_new (self, NULL));
  cg_token_wipe (token);
}

/* Base map */

static const char *
datum_title (CgDatum datum)
{
  switch (datum)
    {
    case CG_DATUM_GCJ02:
      return _("GCJ-02 (AMap, Tencent)");
    case CG_DATUM_BD09:
      return _("BD-09 (Baidu)");
    case CG_DATUM_WGS84:
    default:
      return _("WGS-84 / CGCS2000 (GPS, Tianditu)");
    }
}

typedef enum
{
  STATUS_HIDDEN,
  STATUS_BUSY,
  STATUS_OK,
  STATUS_HINT,
  STATUS_ERROR,
} TileStatus;

static void
set_tile_status (CgPreferencesWindow *self,
                 TileStatus           status,
                 const char          *message)
{
  GtkWidget *row = GTK_WIDGET (self->tiles_status_row);

  gtk_widget_set_visible (row, status != STATUS_HIDDEN);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message ? message : "");
  gtk_spinner_set_spinning (self->tiles_spinner, status == STATUS_BUSY);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_spinner), status == STATUS_BUSY);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_status_icon),
                          status == STATUS_OK || status == STATUS_ERROR || status == STATUS_HINT);
  gtk_image_set_from_icon_name (self->tiles_status_icon,
                                status == STATUS_OK ? "emblem-ok-symbolic"
                                : status == STATUS_HINT ? "dialog-information-symbolic"
                                : "dialog-warning-symbolic");
  if (status == STATUS_ERROR)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static CgTileSourceKind
selected_kind (CgPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->tiles_row);

  return i < CG_TILE_SOURCE_N_KINDS ? (CgTileSourceKind) i : CG_TILE_SOURCE_KIND_NONE;
}

static gboolean
is_tianditu (CgTileSourceKind kind)
{
  return kind == CG_TILE_SOURCE_KIND_TIANDITU_VECTOR || kind == CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY;
}

static void
update_tile_rows (CgPreferencesWindow *self)
{
  CgTileSourceKind kind = selected_kind (self);
  const char *path = self->mbtiles_path;

  gtk_widget_set_visible (GTK_WIDGET (self->tianditu_key_row), is_tianditu (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->custom_template_row), kind == CG_TILE_SOURCE_KIND_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->custom_datum_row), kind == CG_TILE_SOURCE_KIND_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->mbtiles_row), kind == CG_TILE_SOURCE_KIND_MBTILES);
  gtk_widget_set_visible (GTK_WIDGET (self->mbtiles_datum_row), kind == CG_TILE_SOURCE_KIND_MBTILES);

  if (path != NULL && *path != '\0')
    {
      g_autofree char *display = g_filename_display_name (path);

      adw_action_row_set_subtitle (self->mbtiles_row, display);
    }
  else
    adw_action_row_set_subtitle (self->mbtiles_row, _("No file chosen"));
}

static CgMapView *
find_map_view (CgPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return CG_IS_WINDOW (parent) ? cg_window_get_map_view (CG_WINDOW (parent)) : NULL;
}

typedef struct
{
  CgPreferencesWindow *self;
  CgTileSource        *source;
  char                *key;           /* typed Tianditu key, to store on success */
  GCancellable        *cancellable;   /* cancelled by another choice or by closing */
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_object_unref (data->self);
  cg_tile_source_unref (data->source);
  cg_token_free (data->key);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApplyData, apply_data_free)

/* The source checked out (and its typed key is in the keyring, or @key_error says why
 * not): remember it and show it */
static void
commit_source (CgPreferencesWindow *self,
               CgTileSource        *source,
               const GError        *key_error)
{
  CgTileSourceKind kind = cg_tile_source_get_kind (source);
  CgMapView *map_view = find_map_view (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->tianditu_key_row), "");

  self->syncing_tiles = TRUE;
  if (kind == CG_TILE_SOURCE_KIND_CUSTOM)
    {
      g_settings_set_string (self->settings, "custom-tile-template",
                             cg_tile_source_get_template (source));
      g_settings_set_string (self->settings, "custom-tile-datum",
                             cg_datum_to_string (cg_tile_source_get_datum (source)));
    }
  else if (kind == CG_TILE_SOURCE_KIND_MBTILES)
    {
      g_settings_set_string (self->settings, "mbtiles-path", self->mbtiles_path);
      g_settings_set_string (self->settings, "mbtiles-datum",
                             cg_datum_to_string (cg_tile_source_get_datum (source)));
    }
  g_settings_set_string (self->settings, "tile-source", cg_tile_source_get_id (source));
  self->syncing_tiles = FALSE;

  if (map_view != NULL && !cg_map_view_set_source (map_view, source, &error))
    {
      set_tile_status (self, STATUS_ERROR, error->message);
      return;
    }

  if (key_error != NULL)
    {
      /* Translators: %s is the keyring's error */
      message = g_strdup_printf (_("Showing Tianditu, but the key could not be saved in the "
                                   "keyring: %s"), key_error->message);
      set_tile_status (self, STATUS_ERROR, message);
      return;
    }

  if (kind == CG_TILE_SOURCE_KIND_NONE)
    set_tile_status (self, STATUS_HIDDEN, NULL);
  else
    {
      /* Translators: %s is the base map's name */
      message = g_strdup_printf (_("Showing %s"), cg_tile_source_get_name (source));
      set_tile_status (self, STATUS_OK, message);
    }
}

static void
on_key_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ApplyData) data = user_data;
  g_autoptr(GError) error = NULL;

  /* not cancellable: a key that worked is kept even if the window closes meanwhile */
  cg_token_store_finish (result, &error);
  if (error != NULL)
    g_debug ("The Tianditu key was not stored: %s", error->message);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  commit_source (data->self, data->source, error);
}

static void
on_probe_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ApplyData) data = user_data;
  g_autoptr(GError) error = NULL;
  const char *key;

  if (!cg_tile_source_probe_finish (data->source, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_tile_status (data->self, STATUS_ERROR, error->message);
      return;
    }

  if (data->key == NULL)
    {
      commit_source (data->self, data->source, NULL);
      return;
    }

  /* a key that works: into the keyring first (it may prompt), then shown */
  key = data->key;
  cg_token_store_async (CG_TIANDITU_KEY_SERVER, key, NULL, on_key_stored_cb,
                        g_steal_pointer (&data));
}

/* Checks the chosen source with what the user gave: @typed_key is a Tianditu key just
 * typed (stored if the source works), @stored_key the one from the keyring */
static void
check_tile_choice (CgPreferencesWindow *self,
                   const char          *typed_key,
                   const char          *stored_key)
{
  g_autoptr(CgTileSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *message = NULL;
  CgTileSourceKind kind = selected_kind (self);
  CgTileSourceOptions options = { 0 };
  CgMapView *map_view;
  ApplyData *data;
  double lat = 31.23, lon = 121.47;
  int zoom = 12;

  /* what the user still has to give */
  if (is_tianditu (kind) && typed_key == NULL && stored_key == NULL)
    {
      set_tile_status (self, STATUS_HINT, _("Enter the key of your Tianditu account and "
                                            "press Enter"));
      return;
    }
  tmpl = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_template_row))));
  if (kind == CG_TILE_SOURCE_KIND_CUSTOM && *tmpl == '\0')
    {
      set_tile_status (self, STATUS_HINT, _("Enter the address of the tile server and press Enter"));
      return;
    }
  if (kind == CG_TILE_SOURCE_KIND_MBTILES && (self->mbtiles_path == NULL || *self->mbtiles_path == '\0'))
    {
      set_tile_status (self, STATUS_HINT, _("Choose an MBTiles file"));
      return;
    }

  options.tianditu_key = typed_key ? typed_key : stored_key;
  options.custom_template = tmpl;
  options.custom_datum = adw_combo_row_get_selected (self->custom_datum_row);
  options.mbtiles_path = self->mbtiles_path;
  options.mbtiles_datum = adw_combo_row_get_selected (self->mbtiles_datum_row);
  options.base_url = self->tile_base_url;

  source = cg_tile_source_new (kind, &options, &error);
  if (source == NULL)
    {
      set_tile_status (self, STATUS_ERROR, error->message);
      return;
    }

  if (!cg_tile_source_is_network (source))
    {
      commit_source (self, source, NULL);
      return;
    }

  /* one tile where the map is looking */
  map_view = find_map_view (self);
  if (map_view != NULL)
    {
      ShumateViewport *viewport = cg_map_view_get_viewport (map_view);

      lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
      lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
      zoom = (int) shumate_viewport_get_zoom_level (viewport);
    }

  /* Translators: %s is the base map's name */
  message = g_strdup_printf (_("Checking %s…"), cg_tile_source_get_name (source));
  set_tile_status (self, STATUS_BUSY, message);

  data = g_new0 (ApplyData, 1);
  data->self = g_object_ref (self);
  data->source = cg_tile_source_ref (source);
  data->key = g_strdup (typed_key);
  data->cancellable = g_object_ref (self->probe_cancellable);
  cg_tile_source_probe_async (source, NULL, lat, lon, zoom, self->probe_cancellable,
                              on_probe_done_cb, data);
}

static void
on_stored_key_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = cg_token_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No Tianditu key from the keyring: %s", error->message);

  check_tile_choice (self, NULL, stored);
  cg_token_wipe (stored);
}

static void
apply_tile_choice (CgPreferencesWindow *self)
{
  g_autofree char *key = NULL;

  /* a newer choice replaces whatever the last one was still waiting for */
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();

  if (is_tianditu (selected_kind (self)))
    {
      key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tianditu_key_row))));
      if (*key == '\0')
        {
          /* the key saved earlier; the keyring may have to be unlocked first (a prompt) */
          cg_token_lookup_async (CG_TIANDITU_KEY_SERVER, self->probe_cancellable,
                                 on_stored_key_cb, g_object_ref (self));
          return;
        }
    }

  check_tile_choice (self, key, NULL);
  cg_token_wipe (key);
}

static void
on_tiles_selected_cb (CgPreferencesWindow *self)
{
  if (self->syncing_tiles)
    return;

  update_tile_rows (self);
  apply_tile_choice (self);
}

static void
on_tile_datum_selected_cb (CgPreferencesWindow *self)
{
  CgTileSourceKind kind = selected_kind (self);

  if (self->syncing_tiles)
    return;
  if (kind == CG_TILE_SOURCE_KIND_CUSTOM || kind == CG_TILE_SOURCE_KIND_MBTILES)
    apply_tile_choice (self);
}

static void
on_chooser_response_cb (GtkNativeDialog     *dialog,
                        int                  response,
                        CgPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      G_GNUC_END_IGNORE_DEPRECATIONS
      path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cg_preferences_window_set_mbtiles_file (self, path);
      else
        set_tile_status (self, STATUS_ERROR, _("Choose a file on this computer"));
    }

  g_clear_object (&self->chooser);
}

static void
on_mbtiles_clicked_cb (CgPreferencesWindow *self)
{
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    return;

  /* GTK 4.8 has no GtkFileDialog */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  self->chooser = gtk_file_chooser_native_new (_("Choose an MBTiles File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("MBTiles files"));
  gtk_file_filter_add_pattern (filter, "*.mbtiles");
  gtk_file_filter_add_pattern (filter, "*.MBTILES");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_unref (filter);
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
cg_preferences_window_set_mbtiles_file (CgPreferencesWindow *self,
                                        const char          *path)
{
  g_return_if_fail (CG_IS_PREFERENCES_WINDOW (self));

  g_free (self->mbtiles_path);
  self->mbtiles_path = g_strdup (path);
  update_tile_rows (self);
  if (selected_kind (self) == CG_TILE_SOURCE_KIND_MBTILES)
    apply_tile_choice (self);
}

void
_cg_preferences_window_set_tile_base_url (CgPreferencesWindow *self,
                                          const char          *base_url)
{
  g_return_if_fail (CG_IS_PREFERENCES_WINDOW (self));

  g_free (self->tile_base_url);
  self->tile_base_url = g_strdup (base_url);
}

static GListModel *
new_datum_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint d = 0; d < CG_DATUM_COUNT; d++)
    gtk_string_list_append (list, datum_title (d));

  return G_LIST_MODEL (list);
}

static void
load_tile_settings (CgPreferencesWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "tile-source");
  g_autofree char *tmpl = g_settings_get_string (self->settings, "custom-tile-template");
  g_autofree char *custom_datum = g_settings_get_string (self->settings, "custom-tile-datum");
  g_autofree char *mbtiles_datum = g_settings_get_string (self->settings, "mbtiles-datum");
  CgTileSourceKind kind = CG_TILE_SOURCE_KIND_NONE;
  CgDatum d1 = CG_DATUM_WGS84, d2 = CG_DATUM_WGS84;

  cg_tile_source_kind_from_string (id, &kind);
  cg_datum_from_string (custom_datum, &d1);
  cg_datum_from_string (mbtiles_datum, &d2);

  g_free (self->mbtiles_path);
  self->mbtiles_path = g_settings_get_string (self->settings, "mbtiles-path");

  self->syncing_tiles = TRUE;
  adw_combo_row_set_selected (self->tiles_row, kind);
  adw_combo_row_set_selected (self->custom_datum_row, d1);
  adw_combo_row_set_selected (self->mbtiles_datum_row, d2);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_template_row), tmpl);
  self->syncing_tiles = FALSE;

  update_tile_rows (self);
}

static void
cg_preferences_window_dispose (GObject *object)
{
  CgPreferencesWindow *self = CG_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), CG_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cg_preferences_window_parent_class)->dispose (object);
}

static void
cg_preferences_window_finalize (GObject *object)
{
  CgPreferencesWindow *self = CG_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_pointer (&self->pending_url, g_free);
  g_clear_pointer (&self->mbtiles_path, g_free);
  g_clear_pointer (&self->tile_base_url, g_free);

  G_OBJECT_CLASS (cg_preferences_window_parent_class)->finalize (object);
}

static void
cg_preferences_window_class_init (CgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_preferences_window_dispose;
  object_class->finalize = cg_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tiles_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tianditu_key_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, custom_template_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, custom_datum_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, mbtiles_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, mbtiles_button);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, mbtiles_datum_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tiles_status_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tiles_spinner);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tiles_status_icon);
}

static void
cg_preferences_window_init (CgPreferencesWindow *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GListModel) custom_datums = new_datum_model ();
  g_autoptr(GListModel) mbtiles_datums = new_datum_model ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* in CgTileSourceKind order */
  for (guint i = 0; i < CG_TILE_SOURCE_N_KINDS; i++)
    gtk_string_list_append (kinds, cg_tile_source_kind_get_title (i));
  self->syncing_tiles = TRUE;
  adw_combo_row_set_model (self->tiles_row, G_LIST_MODEL (kinds));
  adw_combo_row_set_model (self->custom_datum_row, custom_datums);
  adw_combo_row_set_model (self->mbtiles_datum_row, mbtiles_datums);
  self->syncing_tiles = FALSE;

  g_signal_connect_object (self->tiles_row, "notify::selected",
                           G_CALLBACK (on_tiles_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_datum_row, "notify::selected",
                           G_CALLBACK (on_tile_datum_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mbtiles_datum_row, "notify::selected",
                           G_CALLBACK (on_tile_datum_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tianditu_key_row, "apply",
                           G_CALLBACK (apply_tile_choice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_template_row, "apply",
                           G_CALLBACK (apply_tile_choice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mbtiles_button, "clicked",
                           G_CALLBACK (on_mbtiles_clicked_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->server_row, "apply", G_CALLBACK (on_server_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->token_row, "apply", G_CALLBACK (on_token_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->demo_button, "clicked", G_CALLBACK (on_demo_clicked_cb),
                           self, G_CONNECT_SWAPPED);
}

CgPreferencesWindow *
cg_preferences_window_new (CgApplication *application)
{
  CgPreferencesWindow *self;

  g_return_val_if_fail (CG_IS_APPLICATION (application), NULL);

  self = g_object_new (CG_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (cg_application_get_settings (application));

  g_settings_bind (self->settings, "notification-sound", self->sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (self->interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  load_tile_settings (self);
  update_mode (self);

  return self;
}
