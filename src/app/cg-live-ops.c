/* cg-live-ops.c: live operations in a window
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "cg-live-ops.h"
#include "cg-store-complaints.h"

struct _CgLiveOps
{
  GObject           parent_instance;

  GtkWindow        *window;        /* weak */
  AdwToastOverlay  *toasts;        /* unowned, lives as long as the window */
  CgMapView        *map_view;
  CgLivePanel      *panel;
  GtkButton        *mode_button;

  CgLiveLayer      *layer;
  CgLiveFeed       *feed;
  CgDispatchClient *client;
  CgSync           *sync;
  gint64            followed;
  guint             n_notified;
  GtkWidget        *diagnostics;   /* weak */
  guint             diagnostics_timer;
  guint             reload_timer;
};

G_DEFINE_FINAL_TYPE (CgLiveOps, cg_live_ops, G_TYPE_OBJECT)

static void
notify_user (CgLiveOps  *self,
             const char *id,
             const char *title,
             const char *body,
             gboolean    urgent)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *toast = g_strdup_printf ("%s: %s", title, body);

  self->n_notified++;
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (toast));
  /* desktop notifications go over the session bus: none without one (tests, some kiosks) */
  if (app != NULL && g_application_get_is_registered (app) &&
      g_application_get_dbus_connection (app) != NULL)
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, urgent ? G_NOTIFICATION_PRIORITY_URGENT
                                                        : G_NOTIFICATION_PRIORITY_NORMAL);
      g_application_send_notification (app, id, notification);
    }
  if (self->window != NULL)
    {
      GSettings *settings = NULL;

      g_object_get (self->window, "settings", &settings, NULL);
      if (settings != NULL)
        {
          g_autoptr(GSettingsSchema) schema = NULL;

          g_object_get (settings, "settings-schema", &schema, NULL);
          if (schema != NULL && g_settings_schema_has_key (schema, "notification-sound") &&
              g_settings_get_boolean (settings, "notification-sound"))
            gdk_display_beep (gtk_widget_get_display (GTK_WIDGET (self->window)));
          g_object_unref (settings);
        }
    }
}

/* ---- mode and diagnostics ------------------------------------------------------------- */

static const char *
mode_text (CgLiveMode mode)
{
  switch (mode)
    {
    case CG_LIVE_MODE_LIVE:
      return C_("live mode", "Live");
    case CG_LIVE_MODE_POLLING:
      return C_("live mode", "Polling");
    case CG_LIVE_MODE_CONNECTING:
      return C_("live mode", "Connecting");
    case CG_LIVE_MODE_OFFLINE:
    default:
      return C_("live mode", "Offline");
    }
}

static void
update_mode (CgLiveOps *self)
{
  CgLiveMode mode = self->feed ? cg_live_feed_get_mode (self->feed) : CG_LIVE_MODE_OFFLINE;
  const char *error = self->feed ? cg_live_feed_get_last_error (self->feed) : NULL;
  g_autofree char *tooltip = NULL;
  GtkWidget *button = GTK_WIDGET (self->mode_button);

  gtk_button_set_label (self->mode_button, mode_text (mode));
  switch (mode)
    {
    case CG_LIVE_MODE_LIVE:
      tooltip = g_strdup (_("Live positions over the socket. Click for the diagnostics."));
      break;
    case CG_LIVE_MODE_POLLING:
      tooltip = g_strdup (_("No socket: positions are polled every few seconds. "
                            "Click for the diagnostics."));
      break;
    default:
      if (error != NULL)
        tooltip = g_strdup_printf (_("No live positions: %s"), error);
      else
        tooltip = g_strdup (_("No live positions. Click for the diagnostics."));
    }
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_remove_css_class (button, "success");
  gtk_widget_remove_css_class (button, "warning");
  gtk_widget_remove_css_class (button, "error");
  gtk_widget_add_css_class (button, mode == CG_LIVE_MODE_LIVE ? "success" :
                                    mode == CG_LIVE_MODE_OFFLINE ? "error" : "warning");
}

const char *
cg_live_ops_get_mode_text (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return gtk_button_get_label (self->mode_button);
}

static char *
diagnostics_text (CgLiveOps *self)
{
  CgLiveStats stats;
  g_autofree char *counters = NULL;
  const char *error;

  if (self->feed == NULL)
    return g_strdup (_("No live feed."));

  cg_live_feed_get_stats (self->feed, &stats);
  counters = cg_live_stats_format (&stats);
  error = cg_live_feed_get_last_error (self->feed);
  /* Translators: the diagnostics: mode, then the counters, then the last error if any */
  return g_strdup_printf (_("Mode: %s\n%s%s%s"), mode_text (cg_live_feed_get_mode (self->feed)),
                          counters, error ? "\n" : "", error ? error : "");
}

static gboolean
on_diagnostics_timer_cb (gpointer user_data)
{
  CgLiveOps *self = user_data;
  g_autofree char *text = NULL;

  if (self->diagnostics == NULL)
    {
      self->diagnostics_timer = 0;
      return G_SOURCE_REMOVE;
    }
  text = diagnostics_text (self);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self->diagnostics), text);

  return G_SOURCE_CONTINUE;
}

GtkWidget *
cg_live_ops_show_diagnostics (CgLiveOps *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);

  if (self->diagnostics != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->diagnostics));
      return self->diagnostics;
    }

  text = diagnostics_text (self);
  self->diagnostics = adw_message_dialog_new (self->window, _("Live Feed Diagnostics"), text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self->diagnostics), "close", _("_Close"));
  g_object_add_weak_pointer (G_OBJECT (self->diagnostics), (gpointer *) &self->diagnostics);
  if (self->diagnostics_timer == 0)
    self->diagnostics_timer = g_timeout_add_seconds (1, on_diagnostics_timer_cb, self);
  gtk_window_present (GTK_WINDOW (self->diagnostics));

  return self->diagnostics;
}

/* ---- following ------------------------------------------------------------------------ */

static void
center_on_followed (CgLiveOps *self)
{
  const CgLiveDevice *device;
  ShumateViewport *viewport;
  double x, y, lat, lon;

  if (self->followed == 0 || self->feed == NULL)
    return;
  device = cg_live_feed_lookup_device (self->feed, self->followed);
  if (device == NULL || !device->has_position)
    return;

  viewport = cg_map_view_get_viewport (self->map_view);
  /* where the layer draws it, in the tiles' datum: ask the viewport for that place */
  if (cg_live_layer_get_device_position (self->layer, self->followed, &x, &y) &&
      gtk_widget_get_width (GTK_WIDGET (self->layer)) > 0)
    {
      shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->layer), x, y,
                                                  &lat, &lon);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
    }
  else
    shumate_location_set_location (SHUMATE_LOCATION (viewport),
                                   device->position.lat, device->position.lon);
}

void
cg_live_ops_follow (CgLiveOps *self,
                    gint64     device_id)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  self->followed = device_id;
  if (device_id != 0)
    {
      ShumateViewport *viewport = cg_map_view_get_viewport (self->map_view);

      if (shumate_viewport_get_zoom_level (viewport) < 15)
        shumate_viewport_set_zoom_level (viewport, 16);
      center_on_followed (self);
    }
}

gint64
cg_live_ops_get_followed (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), 0);
  return self->followed;
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  CgLiveOps *self = user_data;

  /* the symbol glides between fixes: keep it centred while it does */
  if (self->followed != 0 && cg_live_layer_get_n_animating (self->layer) > 0)
    center_on_followed (self);

  return G_SOURCE_CONTINUE;
}

/* ---- dispatch ------------------------------------------------------------------------- */

static void
on_dialog_sent_cb (CgDispatchDialog *dialog,
                   const CgDispatch *dispatch,
                   CgLiveOps        *self)
{
  g_autofree char *units = cg_live_panel_describe_dispatch (dispatch);
  /* Translators: a toast after sending units; %s is the units and status */
  g_autofree char *msg = g_strdup_printf (_("Dispatched: %s"), units);

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (msg));
}

CgDispatchDialog *
cg_live_ops_dispatch_complaint (CgLiveOps         *self,
                                const CgComplaint *complaint)
{
  CgDispatchDialog *dialog;
  g_autofree char *title = NULL;

  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  g_return_val_if_fail (complaint != NULL, NULL);

  if (self->feed == NULL || isnan (complaint->lon) || isnan (complaint->lat))
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("No live positions or no location: "
                                                    "cannot rank units for this complaint.")));
      return NULL;
    }

  title = g_strdup_printf ("%s · %s", complaint->service_name ? complaint->service_name : "",
                           complaint->address ? complaint->address : complaint->id);
  dialog = cg_dispatch_dialog_new (self->window, self->feed, self->client, complaint->id, title,
                                   complaint->lon, complaint->lat);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_dialog_sent_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
on_panel_dispatch_cb (CgLivePanel       *panel,
                      const CgComplaint *complaint,
                      CgLiveOps         *self)
{
  cg_live_ops_dispatch_complaint (self, complaint);
}

static void
on_panel_follow_cb (CgLivePanel *panel,
                    gint64       device_id,
                    CgLiveOps   *self)
{
  cg_live_ops_follow (self, device_id);
}

/* ---- notifications -------------------------------------------------------------------- */

static void
on_new_complaint_cb (CgLivePanel       *panel,
                     const CgComplaint *complaint,
                     CgLiveOps         *self)
{
  g_autofree char *id = g_strdup_printf ("complaint-%s", complaint->id);
  g_autofree char *body = g_strdup_printf ("%s · %s",
                                           complaint->service_name ? complaint->service_name : "",
                                           complaint->address ? complaint->address : "");
  gboolean repeat = complaint->repeat_count >= CG_COMPLAINT_REPEAT_FLAG;
  g_autofree char *title = repeat
    /* Translators: notification title of a complaint made for the Nth time */
    ? g_strdup_printf (_("Repeat complaint (×%d)"), complaint->repeat_count)
    : g_strdup (_("New complaint"));

  notify_user (self, id, title, body, repeat);
}

static void
on_feed_event_cb (CgLiveFeed           *feed,
                  const CgTraccarEvent *event,
                  CgLiveOps            *self)
{
  const CgLiveDevice *device = cg_live_feed_lookup_device (feed, event->device_id);
  gboolean urgent = FALSE;
  g_autofree char *text = cg_traccar_event_describe (event, device ? device->name : NULL, &urgent);
  g_autofree char *id = g_strdup_printf ("event-%" G_GINT64_FORMAT, event->id);

  if (text == NULL)
    return;
  if (event->kind == CG_TRACCAR_EVENT_DEVICE_ONLINE || event->kind == CG_TRACCAR_EVENT_OTHER)
    return;   /* not worth interrupting a dispatcher */
  notify_user (self, id, urgent ? _("Alarm") : _("Live operations"), text, urgent);
}

guint
cg_live_ops_get_n_notified (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), 0);
  return self->n_notified;
}

static gboolean
on_reload_timer_cb (gpointer user_data)
{
  CgLiveOps *self = user_data;

  self->reload_timer = 0;
  cg_live_panel_reload_complaints (self->panel);

  return G_SOURCE_REMOVE;
}

static void
on_sync_data_changed_cb (CgLiveOps    *self,
                         CgCollection  collection)
{
  /* pages land one after the other: reload the queue at most once a second */
  if (collection == CG_COLLECTION_COMPLAINTS && self->reload_timer == 0)
    self->reload_timer = g_timeout_add_seconds (1, on_reload_timer_cb, self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
cg_live_ops_dispose (GObject *object)
{
  CgLiveOps *self = CG_LIVE_OPS (object);

  g_clear_handle_id (&self->diagnostics_timer, g_source_remove);
  g_clear_handle_id (&self->reload_timer, g_source_remove);
  if (self->diagnostics != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->diagnostics), (gpointer *) &self->diagnostics);
  self->diagnostics = NULL;
  cg_live_ops_set_sync (self, NULL);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  g_clear_object (&self->client);
  g_clear_object (&self->layer);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;

  G_OBJECT_CLASS (cg_live_ops_parent_class)->dispose (object);
}

static void
cg_live_ops_class_init (CgLiveOpsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_live_ops_dispose;
}

static void
cg_live_ops_init (CgLiveOps *self)
{
}

CgLiveOps *
cg_live_ops_new (GtkWindow       *window,
                 AdwToastOverlay *toasts,
                 CgMapView       *map_view,
                 CgLivePanel     *panel,
                 GtkButton       *mode_button)
{
  CgLiveOps *self = g_object_new (CG_TYPE_LIVE_OPS, NULL);

  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->toasts = toasts;
  self->map_view = map_view;
  self->panel = panel;
  self->mode_button = mode_button;

  self->layer = g_object_ref_sink (cg_live_layer_new (cg_map_view_get_viewport (map_view)));
  cg_map_view_add_layer (map_view, SHUMATE_LAYER (self->layer));
  gtk_widget_add_tick_callback (GTK_WIDGET (self->layer), follow_tick_cb, self, NULL);

  g_signal_connect_object (panel, "follow-device", G_CALLBACK (on_panel_follow_cb), self, 0);
  g_signal_connect_object (panel, "dispatch-complaint", G_CALLBACK (on_panel_dispatch_cb), self, 0);
  g_signal_connect_object (panel, "new-complaint", G_CALLBACK (on_new_complaint_cb), self, 0);
  g_signal_connect_object (mode_button, "clicked", G_CALLBACK (cg_live_ops_show_diagnostics),
                           self, G_CONNECT_SWAPPED);
  update_mode (self);

  return self;
}

void
cg_live_ops_set_feed (CgLiveOps        *self,
                      CgLiveFeed       *feed,
                      CgDispatchClient *client)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  if (self->feed != feed)
    {
      if (self->feed != NULL)
        g_signal_handlers_disconnect_by_data (self->feed, self);
      g_set_object (&self->feed, feed);
      if (feed != NULL)
        {
          g_signal_connect_swapped (feed, "notify::mode", G_CALLBACK (update_mode), self);
          g_signal_connect_swapped (feed, "notify::last-error", G_CALLBACK (update_mode), self);
          g_signal_connect (feed, "event", G_CALLBACK (on_feed_event_cb), self);
        }
      cg_live_layer_set_feed (self->layer, feed);
      cg_live_panel_set_feed (self->panel, feed);
      self->followed = 0;
      update_mode (self);
    }
  g_set_object (&self->client, client);
  cg_live_panel_set_dispatch_client (self->panel, client);
}

CgLiveFeed *
cg_live_ops_get_feed (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->feed;
}

void
cg_live_ops_set_sync (CgLiveOps *self,
                      CgSync    *sync)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    g_signal_connect_swapped (sync, "data-changed", G_CALLBACK (on_sync_data_changed_cb), self);
}

CgLiveLayer *
cg_live_ops_get_layer (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->layer;
}
