/* cg-window.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cg-dashboards-view.h"
#include "cg-map-view.h"
#include "cg-search-panel.h"
#include "cg-live-ops.h"
#include "cg-live-panel.h"
#include "cg-replay-bar.h"
#include "cg-status-text.h"
#include "cg-sync-indicator.h"
#include "cg-token.h"
#include "cg-window.h"

#define RELOAD_DELAY_MS 250

struct _CgWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toasts;
  AdwViewSwitcherTitle *window_title;
  CgSyncIndicator      *sync_indicator;
  GtkRevealer          *demo_revealer;
  GtkLabel             *demo_label;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkLabel             *next_label;
  CgMapView            *map_view;
  AdwViewStack         *view_stack;
  CgDashboardsView     *dashboards_view;
  GtkSearchBar         *search_bar;
  CgSearchPanel        *search_panel;
  CgLivePanel          *live_panel;
  GtkButton            *live_mode_button;
  GtkRevealer          *replay_revealer;
  CgReplayBar          *replay_bar;

  CgStore              *store;
  GSettings            *settings;
  CgDistrict           *district;
  CgSync               *sync;
  GSignalGroup         *sync_signals;

  guint                 reload_timer;
  guint                 inspections_timer;
  guint                 tile_settings_idle;
  guint                 next_timer;
  GCancellable         *key_lookup;   /* the Tianditu key, being read from the keyring */
  char                 *screenshot_path;
  guint                 screenshot_tick;
  guint                 screenshot_frames;
  gboolean              demo;
  CgLiveOps            *live_ops;
};

G_DEFINE_FINAL_TYPE (CgWindow, cg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_SYNC,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void check_screenshot (CgWindow *self);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
update_title (CgWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *demo = NULL;
  const char *district = self->district ? cg_district_get_name (self->district) : NULL;

  if (district != NULL)
    /* Translators: window title, "城管指挥 · 普陀区": app name · district name */
    title = g_strdup_printf (_("%s · %s"), _("Chengguan Command"), district);
  else
    title = g_strdup (_("Chengguan Command"));

  adw_view_switcher_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_subtitle (self->window_title,
                                        self->demo ? _("Demo district") :
                                        self->sync ? cg_sync_get_server_url (self->sync) : NULL);

  /* Translators: %s is the district's name, 普陀区 */
  demo = g_strdup_printf (_("Demo data: a simulated %s district, not real records. "
                            "Connect to your city's server to see live data."),
                          district ? district : _("demo"));
  gtk_label_set_text (self->demo_label, demo);
  gtk_revealer_set_reveal_child (self->demo_revealer, self->demo);
}

static gboolean
on_next_timer_cb (gpointer user_data);

static void
update_error_bar (CgWindow *self)
{
  gint64 now = now_seconds ();
  g_autofree char *text = NULL;
  g_autofree char *next = NULL;
  gboolean error;

  error = self->sync != NULL && cg_sync_get_status (self->sync) == CG_SYNC_STATUS_ERROR;
  if (error)
    {
      text = cg_status_format_offline (cg_sync_get_last_success (self->sync),
                                       cg_sync_get_last_error (self->sync), now, NULL);
      next = cg_status_format_next_attempt (cg_sync_get_next_attempt (self->sync), now, NULL);
      gtk_label_set_text (self->error_label, text);
      gtk_label_set_text (self->next_label, next ? next : "");
      gtk_widget_set_visible (GTK_WIDGET (self->next_label), next != NULL);
      if (self->next_timer == 0)
        self->next_timer = g_timeout_add_seconds (1, on_next_timer_cb, self);
    }
  else
    g_clear_handle_id (&self->next_timer, g_source_remove);

  gtk_revealer_set_reveal_child (self->error_revealer, error);
}

static gboolean
on_next_timer_cb (gpointer user_data)
{
  CgWindow *self = user_data;

  self->next_timer = 0;
  update_error_bar (self);   /* restarts the timer while the bar is shown */

  return G_SOURCE_REMOVE;
}

static gboolean
on_reload_timer_cb (gpointer user_data)
{
  CgWindow *self = user_data;

  self->reload_timer = 0;
  cg_map_view_reload (self->map_view);

  return G_SOURCE_REMOVE;
}

static gboolean
on_inspections_timer_cb (gpointer user_data)
{
  CgWindow *self = user_data;

  self->inspections_timer = 0;
  cg_inspection_tracker_refresh (cg_map_view_get_inspection_tracker (self->map_view));

  return G_SOURCE_REMOVE;
}

static void
on_sync_data_changed_cb (CgWindow     *self,
                         CgCollection  collection)
{
  /* new inspections change who is due or overdue without moving any point: evaluate the
   * rules again (on the tracker's worker), at most every RELOAD_DELAY_MS; a reload of the
   * points (places changed) evaluates them too */
  if (collection == CG_COLLECTION_INSPECTIONS)
    {
      if (self->inspections_timer == 0)
        self->inspections_timer = g_timeout_add (RELOAD_DELAY_MS, on_inspections_timer_cb, self);
      return;
    }
  if (!cg_collection_is_place (collection))
    return;

  /* a sync lands page after page: reload at most every RELOAD_DELAY_MS */
  if (self->reload_timer == 0)
    self->reload_timer = g_timeout_add (RELOAD_DELAY_MS, on_reload_timer_cb, self);
}

static void
on_sync_status_cb (CgWindow *self)
{
  update_error_bar (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 self->sync != NULL &&
                                 cg_sync_get_status (self->sync) != CG_SYNC_STATUS_SYNCING);
  check_screenshot (self);
}

/* Actions */

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  CgWindow *self = CG_WINDOW (widget);

  if (self->sync != NULL)
    cg_sync_trigger (self->sync);
}

static void
fit_district_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  cg_map_view_fit_district (CG_WINDOW (widget)->map_view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CgWindow *self = CG_WINDOW (widget);
  GtkWidget *entry = GTK_WIDGET (cg_search_panel_get_entry (self->search_panel));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

/* A search result was activated: fly there and select it */
static void
on_search_place_activated_cb (CgWindow      *self,
                              guint          collection,
                              gint64         rowid,
                              CgSearchPanel *panel)
{
  g_autoptr(CgPlace) place = NULL;

  if (cg_map_view_select_place_by_rowid (self->map_view, collection, rowid))
    return;

  /* synced after the map's last reload: go there, the point comes with the next one */
  place = cg_store_get_place (self->store, collection, rowid, NULL);
  if (place == NULL)
    {
      /* deleted by a sync since the search: the next keystroke shows it gone */
      cg_window_show_toast (self, _("This place is no longer in the cache"));
      return;
    }
  shumate_map_go_to_full (cg_map_view_get_map (self->map_view), place->lat, place->lon, 17);
  cg_window_show_toast (self, _("This place is not on the map yet; it appears with the next update"));
  cg_map_view_reload (self->map_view);
}

/* Screenshots (CG_SCREENSHOT) */

GdkTexture *
cg_window_render_texture (CgWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    return NULL;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  if (renderer == NULL)
    return NULL;

  /* gtk_widget_paintable_new() only holds the cached node, NULL on 4.8 (platform-notes §5) */
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
screenshot_after_paint_cb (GdkFrameClock *clock,
                           CgWindow      *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  GtkApplication *app;

  /* after the frame's layout and paint every widget has its allocation: a snapshot taken
   * from a tick callback could meet a widget queued for a resize and draw it blank */
  g_signal_handlers_disconnect_by_func (clock, screenshot_after_paint_cb, self);
  texture = cg_window_render_texture (self);
  if (texture == NULL || !gdk_texture_save_to_png (texture, self->screenshot_path))
    g_warning ("Could not save the screenshot to %s", self->screenshot_path);
  else
    g_message ("Saved a screenshot to %s", self->screenshot_path);

  g_clear_pointer (&self->screenshot_path, g_free);
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
}

static gboolean
screenshot_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  CgWindow *self = CG_WINDOW (widget);

  /* let the map settle a few frames (fit, labels) before taking the picture */
  if (++self->screenshot_frames < 5)
    return G_SOURCE_CONTINUE;

  self->screenshot_tick = 0;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (screenshot_after_paint_cb), self,
                           0);
  gtk_widget_queue_draw (widget);

  return G_SOURCE_REMOVE;
}

static void
check_screenshot (CgWindow *self)
{
  if (self->screenshot_path == NULL || self->screenshot_tick != 0 || self->sync == NULL)
    return;
  if (cg_sync_get_status (self->sync) != CG_SYNC_STATUS_OK ||
      cg_map_view_get_loading (self->map_view) || self->reload_timer != 0 ||
      cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (self->map_view)) == 0)
    return;

  self->screenshot_frames = 0;
  self->screenshot_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), screenshot_tick_cb,
                                                        NULL, NULL);
}

void
cg_window_screenshot_when_ready (CgWindow   *self,
                                 const char *path)
{
  g_return_if_fail (CG_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
  check_screenshot (self);
}

/* Map view state */

static void
restore_map_view (CgWindow *self)
{
  ShumateViewport *viewport = cg_map_view_get_viewport (self->map_view);
  double lat = 0, lon = 0, zoom = 0;

  g_settings_get (self->settings, "map-view", "(ddd)", &lat, &lon, &zoom);
  if (zoom >= 8 && self->district != NULL && cg_district_contains (self->district, lon, lat))
    {
      /* saved in WGS-84; the view is in the datum of the tiles */
      cg_coords_convert (CG_DATUM_WGS84, cg_map_view_get_datum (self->map_view), lon, lat,
                         &lon, &lat);
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
    }
  else
    cg_map_view_fit_district (self->map_view);
}

static gboolean
cg_window_close_request (GtkWindow *window)
{
  CgWindow *self = CG_WINDOW (window);
  ShumateViewport *viewport = cg_map_view_get_viewport (self->map_view);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));

  /* the view is in the datum of the tiles; keep the real place (WGS-84) */
  cg_coords_convert (cg_map_view_get_datum (self->map_view), CG_DATUM_WGS84, lon, lat, &lon, &lat);
  g_settings_set (self->settings, "map-view", "(ddd)", lat, lon,
                  shumate_viewport_get_zoom_level (viewport));

  return GTK_WINDOW_CLASS (cg_window_parent_class)->close_request (window);
}

static const char * const tile_keys[] = {
  "tile-source", "custom-tile-template", "custom-tile-datum", "mbtiles-path", "mbtiles-datum",
};

/* Base map: the remembered source, and later changes of the settings. The preferences check a
 * new one (and its key) before they save it and hand it to the map view themselves; a change
 * made elsewhere (gsettings, another window) is applied here. */

static void
apply_tile_source (CgWindow *self,
                   char     *key)
{
  g_autoptr(CgTileSource) source = NULL;
  g_autoptr(GError) error = NULL;

  source = cg_tile_source_new_from_settings (self->settings, key, &error);
  cg_token_wipe (key);
  if (source == NULL || !cg_map_view_set_source (self->map_view, source, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why, e.g. that the MBTiles file is missing */
      message = g_strdup_printf (_("The chosen base map cannot be shown (%s); showing the "
                                   "outline only"), error->message);
      cg_window_show_toast (self, message);
      cg_map_view_set_source (self->map_view, NULL, NULL);
    }
}

static void
tianditu_key_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CgWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = cg_token_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer choice, or the window is gone */
  if (error != NULL)
    g_debug ("No Tianditu key from the keyring: %s", error->message);

  g_clear_object (&self->key_lookup);
  apply_tile_source (self, key);
}

static void
apply_tile_settings (CgWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "tile-source");

  g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);

  /* the key is in the keyring, which may have to be unlocked first (a prompt): the map
   * keeps what it shows until then */
  if (g_str_has_prefix (id, "tianditu"))
    {
      self->key_lookup = g_cancellable_new ();
      cg_token_lookup_async (CG_TIANDITU_KEY_SERVER, self->key_lookup, tianditu_key_cb, self);
      return;
    }

  apply_tile_source (self, NULL);
}

/* Whether the map already shows what the settings say (the preferences apply a source
 * themselves right after saving it) */
static gboolean
map_matches_settings (CgWindow *self)
{
  CgTileSource *current = cg_map_view_get_source (self->map_view);
  g_autofree char *id = g_settings_get_string (self->settings, "tile-source");
  g_autofree char *tmpl = NULL;
  g_autofree char *path = NULL;
  g_autofree char *datum = NULL;

  if (current == NULL)
    return g_str_equal (id, "none");
  if (!g_str_equal (id, cg_tile_source_get_id (current)))
    return FALSE;

  switch (cg_tile_source_get_kind (current))
    {
    case CG_TILE_SOURCE_KIND_CUSTOM:
      tmpl = g_settings_get_string (self->settings, "custom-tile-template");
      datum = g_settings_get_string (self->settings, "custom-tile-datum");
      return g_strcmp0 (g_strstrip (tmpl), cg_tile_source_get_template (current)) == 0 &&
             g_strcmp0 (datum, cg_datum_to_string (cg_tile_source_get_datum (current))) == 0;
    case CG_TILE_SOURCE_KIND_MBTILES:
      path = g_settings_get_string (self->settings, "mbtiles-path");
      datum = g_settings_get_string (self->settings, "mbtiles-datum");
      return g_strcmp0 (path, cg_tile_source_get_mbtiles_path (current)) == 0 &&
             g_strcmp0 (datum, cg_datum_to_string (cg_tile_source_get_datum (current))) == 0;
    default:
      return TRUE;
    }
}

static gboolean
tile_settings_idle_cb (gpointer user_data)
{
  CgWindow *self = user_data;

  self->tile_settings_idle = 0;
  if (!map_matches_settings (self))
    apply_tile_settings (self);

  return G_SOURCE_REMOVE;
}

static void
on_tile_settings_changed_cb (CgWindow *self)
{
  /* several keys change together: apply once */
  if (self->tile_settings_idle == 0)
    self->tile_settings_idle = g_idle_add (tile_settings_idle_cb, self);
}

static void
on_map_tile_error_cb (CgWindow   *self,
                      const char *message)
{
  g_autofree char *text = NULL;

  /* Translators: %s is why the tiles failed, e.g. "The tile server did not answer in time" */
  text = g_strdup_printf (_("Map tiles cannot be loaded: %s"), message);
  cg_window_show_toast (self, text);
}

/* Pages: the map and the dashboards */

static void
on_dashboards_show_map_cb (CgWindow *self)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "map");
}

/* GObject */

static void
cg_window_constructed (GObject *object)
{
  CgWindow *self = CG_WINDOW (object);
  g_autoptr(CgSearcher) searcher = NULL;

  G_OBJECT_CLASS (cg_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  /* connect first: GSettings only reports changes of keys read after that */
  for (guint i = 0; i < G_N_ELEMENTS (tile_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", tile_keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (on_tile_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  apply_tile_settings (self);
  g_signal_connect_object (self->map_view, "tile-error", G_CALLBACK (on_map_tile_error_cb),
                           self, G_CONNECT_SWAPPED);

  cg_map_view_set_store (self->map_view, self->store);
  cg_dashboards_view_set_store (self->dashboards_view, self->store);
  cg_dashboards_view_set_map_view (self->dashboards_view, self->map_view);
  cg_map_view_reload (self->map_view);   /* whatever the cache holds, before any sync */
  /* the search runs on a worker thread, on its own connection to the same cache */
  searcher = cg_searcher_new (cg_store_get_path (self->store));
  cg_search_panel_set_searcher (self->search_panel, searcher);
  cg_live_panel_set_store (self->live_panel, self->store);
  update_title (self);
}

static void
cg_window_dispose (GObject *object)
{
  CgWindow *self = CG_WINDOW (object);

  g_clear_handle_id (&self->reload_timer, g_source_remove);
  g_clear_handle_id (&self->inspections_timer, g_source_remove);
  g_clear_handle_id (&self->tile_settings_idle, g_source_remove);
  g_clear_handle_id (&self->next_timer, g_source_remove);
  g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);
  if (self->screenshot_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->screenshot_tick);
      self->screenshot_tick = 0;
    }
  if (self->sync_signals != NULL)
    g_signal_group_set_target (self->sync_signals, NULL);

  g_clear_object (&self->live_ops);
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_WINDOW);

  G_OBJECT_CLASS (cg_window_parent_class)->dispose (object);
}

static void
cg_window_finalize (GObject *object)
{
  CgWindow *self = CG_WINDOW (object);

  g_clear_object (&self->sync_signals);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->district, cg_district_unref);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (cg_window_parent_class)->finalize (object);
}

static void
cg_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CgWindow *self = CG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CgWindow *self = CG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SYNC:
      cg_window_set_sync (self, g_value_get_object (value));
      break;
    case PROP_DEMO:
      cg_window_set_demo (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_window_class_init (CgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cg_window_constructed;
  object_class->dispose = cg_window_dispose;
  object_class->finalize = cg_window_finalize;
  object_class->get_property = cg_window_get_property;
  object_class->set_property = cg_window_set_property;
  window_class->close_request = cg_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CG_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, CG_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CG_TYPE_MAP_VIEW);
  g_type_ensure (CG_TYPE_SYNC_INDICATOR);
  g_type_ensure (CG_TYPE_DASHBOARDS_VIEW);
  g_type_ensure (CG_TYPE_SEARCH_PANEL);
  g_type_ensure (CG_TYPE_LIVE_PANEL);
  g_type_ensure (CG_TYPE_REPLAY_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CgWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, next_label);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, dashboards_view);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, search_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_search_place_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, live_panel);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, live_mode_button);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgWindow, replay_bar);

  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.fit-district", NULL, fit_district_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "win.fit-district", NULL);
}

static void
cg_window_init (CgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar,
                                GTK_EDITABLE (cg_search_panel_get_entry (self->search_panel)));

  self->sync_signals = g_signal_group_new (CG_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify::status",
                                  G_CALLBACK (on_sync_status_cb), self);
  g_signal_group_connect_swapped (self->sync_signals, "notify::last-error",
                                  G_CALLBACK (update_error_bar), self);
  g_signal_group_connect_swapped (self->sync_signals, "notify::next-attempt",
                                  G_CALLBACK (update_error_bar), self);
  g_signal_group_connect_swapped (self->sync_signals, "data-changed",
                                  G_CALLBACK (on_sync_data_changed_cb), self);

  g_signal_connect_object (self->map_view, "points-loaded",
                           G_CALLBACK (check_screenshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboards_view, "show-map",
                           G_CALLBACK (on_dashboards_show_map_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboards_view, "toast",
                           G_CALLBACK (cg_window_show_toast), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", FALSE);

  self->live_ops = cg_live_ops_new (GTK_WINDOW (self), self->toasts, self->map_view,
                                    self->live_panel, self->live_mode_button);
  cg_live_ops_set_replay_bar (self->live_ops, self->replay_revealer, self->replay_bar);
}

CgWindow *
cg_window_new (GtkApplication *application,
               CgStore        *store,
               GSettings      *settings)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CG_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CG_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "settings", settings,
                       NULL);
}

void
cg_window_set_district (CgWindow   *self,
                        CgDistrict *district)
{
  g_return_if_fail (CG_IS_WINDOW (self));

  if (self->district == district)
    return;

  if (district != NULL)
    cg_district_ref (district);
  g_clear_pointer (&self->district, cg_district_unref);
  self->district = district;

  cg_map_view_set_district (self->map_view, district);
  cg_dashboards_view_set_district (self->dashboards_view, district);
  restore_map_view (self);
  update_title (self);
}

void
cg_window_set_sync (CgWindow *self,
                    CgSync   *sync)
{
  g_return_if_fail (CG_IS_WINDOW (self));
  g_return_if_fail (sync == NULL || CG_IS_SYNC (sync));

  if (!g_set_object (&self->sync, sync))
    return;

  g_signal_group_set_target (self->sync_signals, sync);
  cg_live_ops_set_sync (self->live_ops, sync);
  cg_sync_indicator_set_sync (self->sync_indicator, sync);
  cg_dashboards_view_set_sync (self->dashboards_view, sync);
  on_sync_status_cb (self);
  /* another server means another cache content (the application resets it) */
  cg_map_view_reload (self->map_view);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

CgSync *
cg_window_get_sync (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->sync;
}

void
cg_window_set_demo (CgWindow *self,
                    gboolean  demo)
{
  g_return_if_fail (CG_IS_WINDOW (self));

  if (self->demo == !!demo)
    return;

  self->demo = !!demo;
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

gboolean
cg_window_get_demo (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), FALSE);

  return self->demo;
}

void
cg_window_show_toast (CgWindow   *self,
                      const char *message)
{
  g_return_if_fail (CG_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

CgMapView *
cg_window_get_map_view (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->map_view;
}

CgSearchPanel *
cg_window_get_search_panel (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->search_panel;
}

const char *
cg_window_get_status_text (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return cg_sync_indicator_get_text (self->sync_indicator);
}

gboolean
cg_window_get_error_revealed (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->error_revealer);
}

const char *
cg_window_get_error_text (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return gtk_label_get_text (self->error_label);
}

CgDashboardsView *
cg_window_get_dashboards_view (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->dashboards_view;
}

/* "map" or "dashboards" */
void
cg_window_set_page (CgWindow   *self,
                    const char *name)
{
  g_return_if_fail (CG_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
cg_window_get_page (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
cg_window_set_live (CgWindow         *self,
                    CgLiveFeed       *feed,
                    CgDispatchClient *client)
{
  g_return_if_fail (CG_IS_WINDOW (self));

  cg_live_ops_set_feed (self->live_ops, feed, client);
}

CgLiveOps *
cg_window_get_live_ops (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->live_ops;
}

CgLivePanel *
cg_window_get_live_panel (CgWindow *self)
{
  g_return_val_if_fail (CG_IS_WINDOW (self), NULL);

  return self->live_panel;
}
