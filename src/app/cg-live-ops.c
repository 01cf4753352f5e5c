/* cg-live-ops.c: live operations in a window
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "cg-complaint-layer.h"
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
  guint             follow_tick;     /* only while following: a tick keeps the clock running */
  guint             n_notified;
  guint             n_complaints_notified;
  GtkWidget        *diagnostics;   /* weak */
  guint             diagnostics_timer;
  guint             reload_timer;

  /* replay */
  GtkRevealer      *replay_revealer;
  CgReplayBar      *replay_bar;
  CgTrackLayer     *track_layer;
  CgComplaintLayer *complaint_layer;
  GtkWidget        *here_popover;
  double            here_lon;
  double            here_lat;
  CgReplay         *replay;
  GCancellable     *replay_cancellable;
  GSimpleActionGroup *actions;

  /* bench/live: CG_LIVE_LATENCY_LOG=path writes "fix_time batch_us frame_us" per batch */
  FILE             *latency_log;
  GArray           *latency_pending;   /* gint64 pairs: fix time, batch real time (µs) */
  gulong            latency_paint;
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
  /* Translators: a toast: the notification's title, then its text */
  g_autofree char *toast = g_strdup_printf (C_("toast", "%s: %s"), title, body);

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

static gboolean follow_tick_cb (GtkWidget     *widget,
                                GdkFrameClock *clock,
                                gpointer       user_data);

void
cg_live_ops_follow (CgLiveOps *self,
                    gint64     device_id)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  self->followed = device_id;
  if (device_id == 0 && self->follow_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->layer), self->follow_tick);
      self->follow_tick = 0;
    }
  if (device_id != 0 && self->follow_tick == 0)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->layer), follow_tick_cb,
                                                      self, NULL);
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

static void
on_datum_changed_cb (CgLiveOps *self)
{
  CgDatum datum = cg_map_view_get_datum (self->map_view);

  /* positions are WGS-84; AMap tiles are GCJ-02 */
  cg_live_layer_set_datum (self->layer, datum);
  cg_track_layer_set_datum (self->track_layer, datum);
  cg_complaint_layer_set_datum (self->complaint_layer, datum);
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
  g_autofree char *units = cg_live_panel_describe_dispatch (self->feed, dispatch);
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

  self->n_complaints_notified++;
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

guint
cg_live_ops_get_n_complaints_notified (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), 0);
  return self->n_complaints_notified;
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


/* ---- replay --------------------------------------------------------------------------- */

void
cg_replay_preset_range (CgReplayPreset  preset,
                        gint64          now,
                        int             from_hour,
                        int             to_hour,
                        gint64         *from,
                        gint64         *to)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = NULL;
  gint64 day;

  midnight = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local), 0, 0, 0);
  day = g_date_time_to_unix (midnight);

  switch (preset)
    {
    case CG_REPLAY_PRESET_LAST_2H:
      *from = now - 2 * 3600;
      *to = now;
      break;
    case CG_REPLAY_PRESET_CUSTOM:
      from_hour = CLAMP (from_hour, 0, 23);
      to_hour = CLAMP (to_hour, from_hour + 1, 24);
      *from = day + from_hour * 3600;
      *to = MIN (day + to_hour * 3600, now);
      break;
    case CG_REPLAY_PRESET_AFTERNOON:
    default:
      if (now < day + 13 * 3600)
        day -= 86400;   /* not afternoon yet: yesterday's */
      *from = day + 13 * 3600;
      *to = MIN (day + 18 * 3600, now);
      break;
    }
  if (*to <= *from)
    *to = *from + 60;
}

static const char *
device_name (CgLiveOps *self,
             gint64     device_id)
{
  const CgLiveDevice *device = self->feed ? cg_live_feed_lookup_device (self->feed, device_id) : NULL;

  return device && device->name ? device->name : "?";
}

static void
update_replay_stats (CgLiveOps *self)
{
  g_autoptr(GArray) ids = cg_replay_list_devices (self->replay);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      const CgTrackStats *stats = cg_replay_get_stats (self->replay, id);
      g_autofree char *line = stats ? cg_replay_format_stats (stats) : NULL;

      if (line != NULL)
        g_string_append_printf (text, "%s%s: %s", i ? "\n" : "", device_name (self, id), line);
    }
  if (ids->len == 0)
    g_string_append (text, _("No positions in this time range."));
  cg_replay_bar_set_stats_text (self->replay_bar, text->str);
}

/* The device the replay follows: the followed unit if it has a track, else the first */
static gint64
replay_subject (CgLiveOps *self)
{
  g_autoptr(GArray) ids = cg_replay_list_devices (self->replay);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == self->followed)
      return self->followed;

  return ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
}

static void
center_on_replay (CgLiveOps *self)
{
  ShumateViewport *viewport = cg_map_view_get_viewport (self->map_view);
  gint64 subject = replay_subject (self);
  double x, y, lat, lon;

  if (subject == 0 || !cg_track_layer_get_head (self->track_layer, subject, &x, &y) ||
      gtk_widget_get_width (GTK_WIDGET (self->track_layer)) <= 0)
    return;
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self->track_layer), x, y,
                                              &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
}

static void
on_replay_time_cb (CgLiveOps *self)
{
  cg_track_layer_set_time (self->track_layer, cg_replay_get_time (self->replay));
  if (cg_replay_bar_get_follow (self->replay_bar))
    center_on_replay (self);
}

typedef struct
{
  CgLiveOps *self;
  gint64     from;
  gint64     to;
} RouteRequest;

static void
on_route_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RouteRequest *req = user_data;
  g_autoptr(CgLiveOps) self = req->self;
  g_autoptr(GHashTable) routes = NULL;
  g_autoptr(GHashTable) tracks = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 from = req->from, to = req->to;

  g_free (req);
  routes = cg_live_feed_fetch_route_finish (CG_LIVE_FEED (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->replay_bar == NULL)
    return;
  if (routes == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not load the tracks: %s"), error->message);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (msg));
      return;
    }

  tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  g_hash_table_iter_init (&iter, routes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (tracks, g_memdup2 (key, sizeof (gint64)), cg_live_positions_to_track (value));

  cg_replay_set_tracks (self->replay, tracks, from, to);
  cg_track_layer_set_tracks (self->track_layer, tracks);
  cg_track_layer_set_time (self->track_layer, from);
  gtk_widget_set_visible (GTK_WIDGET (self->track_layer), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->layer), FALSE);
  update_replay_stats (self);
  gtk_revealer_set_reveal_child (self->replay_revealer, TRUE);
  if (shumate_viewport_get_zoom_level (cg_map_view_get_viewport (self->map_view)) < 14)
    shumate_viewport_set_zoom_level (cg_map_view_get_viewport (self->map_view), 15);
  center_on_replay (self);
}

void
cg_live_ops_replay (CgLiveOps *self,
                    gint64     device_id,
                    gint64     group_id,
                    gint64     from,
                    gint64     to)
{
  RouteRequest *req;

  g_return_if_fail (CG_IS_LIVE_OPS (self));

  if (self->feed == NULL || self->replay_bar == NULL)
    return;

  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  self->replay_cancellable = g_cancellable_new ();
  req = g_new0 (RouteRequest, 1);
  req->self = g_object_ref (self);
  req->from = from;
  req->to = to;
  cg_live_feed_fetch_route_async (self->feed, device_id, group_id, from, to,
                                  self->replay_cancellable, on_route_cb, req);
}

void
cg_live_ops_end_replay (CgLiveOps *self)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  g_cancellable_cancel (self->replay_cancellable);
  if (self->replay != NULL)
    cg_replay_set_playing (self->replay, FALSE);
  if (self->track_layer != NULL)
    {
      cg_track_layer_set_tracks (self->track_layer, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->track_layer), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->layer), TRUE);
  if (self->replay_revealer != NULL)
    gtk_revealer_set_reveal_child (self->replay_revealer, FALSE);
}

CgReplay *
cg_live_ops_get_replay (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->replay;
}

CgTrackLayer *
cg_live_ops_get_track_layer (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->track_layer;
}

void
cg_live_ops_set_replay_bar (CgLiveOps   *self,
                            GtkRevealer *revealer,
                            CgReplayBar *bar)
{
  g_return_if_fail (CG_IS_LIVE_OPS (self));

  self->replay_revealer = revealer;
  self->replay_bar = bar;
  cg_replay_bar_set_replay (bar, self->replay);
  g_signal_connect_object (bar, "closed", G_CALLBACK (cg_live_ops_end_replay), self,
                           G_CONNECT_SWAPPED);
}

/* the replay dialog */

typedef struct
{
  CgLiveOps   *self;
  GtkDropDown *subject;
  GtkDropDown *preset;
  GtkSpinButton *from_hour;
  GtkSpinButton *to_hour;
  GArray      *group_ids;     /* gint64 per subject row; -device id for the unit row */
} ReplayForm;

static void
replay_form_free (ReplayForm *form)
{
  g_object_unref (form->self);
  g_array_unref (form->group_ids);
  g_free (form);
}

static void
on_replay_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       ReplayForm       *form)
{
  gint64 from, to, key;
  guint i;

  if (g_strcmp0 (response, "replay") != 0)
    return;
  i = gtk_drop_down_get_selected (form->subject);
  if (i >= form->group_ids->len)
    return;
  key = g_array_index (form->group_ids, gint64, i);
  cg_replay_preset_range (gtk_drop_down_get_selected (form->preset),
                          g_get_real_time () / G_USEC_PER_SEC,
                          gtk_spin_button_get_value_as_int (form->from_hour),
                          gtk_spin_button_get_value_as_int (form->to_hour), &from, &to);
  if (key < 0)
    cg_live_ops_replay (form->self, -key, 0, from, to);
  else
    cg_live_ops_replay (form->self, 0, key, from, to);
}

static void
on_preset_changed_cb (ReplayForm *form)
{
  gboolean custom = gtk_drop_down_get_selected (form->preset) == CG_REPLAY_PRESET_CUSTOM;

  gtk_widget_set_sensitive (GTK_WIDGET (form->from_hour), custom);
  gtk_widget_set_sensitive (GTK_WIDGET (form->to_hour), custom);
}

GtkWidget *
cg_live_ops_show_replay_dialog (CgLiveOps *self)
{
  g_autoptr(GtkStringList) subjects = gtk_string_list_new (NULL);
  const char *presets[] = { _("This afternoon (13:00–18:00)"), _("The last 2 hours"),
                            _("Hours of today"), NULL };
  ReplayForm *form;
  GtkWidget *dialog, *grid, *label;
  GPtrArray *groups;

  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);

  if (self->feed == NULL)
    return NULL;

  form = g_new0 (ReplayForm, 1);
  form->self = g_object_ref (self);
  form->group_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->followed != 0)
    {
      g_autofree char *row = g_strdup_printf (_("%s (the unit followed)"),
                                              device_name (self, self->followed));
      gint64 key = -self->followed;

      gtk_string_list_append (subjects, row);
      g_array_append_val (form->group_ids, key);
    }
  groups = cg_live_feed_get_groups (self->feed);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const CgTraccarGroup *group = groups->pdata[i];
      /* Translators: replay subject: the whole squad */
      g_autofree char *row = g_strdup_printf (_("%s (whole squad)"), group->name);

      gtk_string_list_append (subjects, row);
      g_array_append_val (form->group_ids, group->id);
    }

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  label = gtk_label_new (_("Who"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  form->subject = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (subjects)), NULL));
  gtk_drop_down_set_enable_search (form->subject, TRUE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->subject), 1, 0, 2, 1);
  label = gtk_label_new (_("When"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  form->preset = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (presets));
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->preset), 1, 1, 2, 1);
  label = gtk_label_new (_("Hours"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 2, 1, 1);
  form->from_hour = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 23, 1));
  form->to_hour = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 24, 1));
  gtk_spin_button_set_value (form->from_hour, 8);
  gtk_spin_button_set_value (form->to_hour, 12);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->from_hour), 1, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->to_hour), 2, 2, 1, 1);
  g_signal_connect_swapped (form->preset, "notify::selected", G_CALLBACK (on_preset_changed_cb), form);
  on_preset_changed_cb (form);

  dialog = adw_message_dialog_new (self->window, _("Replay Tracks"),
                                   _("Draw the recorded tracks and play them back."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "replay", _("_Replay"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replay",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "replay");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_replay_response_cb), form,
                         (GClosureNotify) (void (*) (void)) replay_form_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
replay_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  cg_live_ops_show_replay_dialog (user_data);
}


/* ---- complaints on the map, dispatch from a point ----------------------------------------- */

/* a dispatch goes to a complaint (the server's rule): from a point, the nearest open one */
#define HERE_RADIUS_M 500.0

static void
on_queue_changed_cb (CgLiveOps *self)
{
  GPtrArray *queue = cg_live_panel_get_complaints (self->panel);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  cg_complaint_layer_clear (self->complaint_layer);
  for (guint i = 0; i < queue->len; i++)
    {
      const CgComplaint *c = queue->pdata[i];

      cg_complaint_layer_add (self->complaint_layer, c->id, c->lon, c->lat,
                              cg_complaint_get_urgency (c, now));
    }
}

static double
distance_m (double lon1,
            double lat1,
            double lon2,
            double lat2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371008.8 * asin (sqrt (a));
}

CgDispatchDialog *
cg_live_ops_dispatch_from_point (CgLiveOps *self,
                                 double     lon,
                                 double     lat)
{
  GPtrArray *queue;
  const CgComplaint *best = NULL;
  double best_d = HERE_RADIUS_M;
  CgDispatchDialog *dialog;
  g_autofree char *title = NULL;

  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);

  queue = cg_live_panel_get_complaints (self->panel);
  for (guint i = 0; i < queue->len; i++)
    {
      const CgComplaint *c = queue->pdata[i];
      double d;

      if (isnan (c->lon) || cg_complaint_get_urgency (c, 0) < 0)
        continue;
      d = distance_m (lon, lat, c->lon, c->lat);
      if (d <= best_d)
        {
          best = c;
          best_d = d;
        }
    }
  if (best == NULL || self->feed == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("Units are sent to a complaint: there is no "
                                                    "open complaint within 500 m of this point.")));
      return NULL;
    }

  /* ranked for the point the dispatcher chose, filed under the complaint there */
  title = g_strdup_printf ("%s · %s", best->service_name ? best->service_name : "",
                           best->address ? best->address : best->id);
  dialog = cg_dispatch_dialog_new (self->window, self->feed, self->client, best->id, title,
                                   lon, lat);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_dialog_sent_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

static void
on_here_clicked_cb (CgLiveOps *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->here_popover));
  cg_live_ops_dispatch_from_point (self, self->here_lon, self->here_lat);
}

static void
show_here_popover (CgLiveOps *self,
                   double     x,
                   double     y)
{
  GtkWidget *map = GTK_WIDGET (cg_map_view_get_map (self->map_view));

  if (!cg_map_view_widget_to_wgs84 (self->map_view, x, y, &self->here_lon, &self->here_lat))
    return;
  if (self->here_popover == NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Dispatch from Here"));

      gtk_widget_add_css_class (button, "flat");
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_here_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      self->here_popover = gtk_popover_new ();
      gtk_popover_set_child (GTK_POPOVER (self->here_popover), button);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->here_popover), TRUE);
      gtk_widget_set_parent (self->here_popover, map);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->here_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->here_popover));
}

static void
on_map_secondary_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     CgLiveOps       *self)
{
  show_here_popover (self, x, y);
}

static void
on_map_long_press_cb (GtkGestureLongPress *gesture,
                      double               x,
                      double               y,
                      CgLiveOps           *self)
{
  show_here_popover (self, x, y);
}

CgComplaintLayer *
cg_live_ops_get_complaint_layer (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->complaint_layer;
}

/* ---- latency log (bench/live) ------------------------------------------------------------ */

static void
on_latency_paint_cb (GdkFrameClock *clock,
                     CgLiveOps     *self)
{
  gint64 frame_us = g_get_real_time ();

  /* the first frame painted after a batch is the one that starts showing it */
  for (guint i = 0; i < self->latency_pending->len; i += 2)
    fprintf (self->latency_log, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
             g_array_index (self->latency_pending, gint64, i),
             g_array_index (self->latency_pending, gint64, i + 1), frame_us);
  fflush (self->latency_log);
  g_array_set_size (self->latency_pending, 0);
  g_clear_signal_handler (&self->latency_paint, clock);
}

static void
on_latency_positions_cb (CgLiveFeed *feed,
                         GArray     *positions,
                         CgLiveOps  *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->layer));
  gint64 fix = 0, now = g_get_real_time ();

  for (guint i = 0; i < positions->len; i++)
    fix = MAX (fix, g_array_index (positions, CgTraccarPosition, i).fix_time);
  if (clock == NULL || fix == 0)
    return;
  g_array_append_val (self->latency_pending, fix);
  g_array_append_val (self->latency_pending, now);
  if (self->latency_paint == 0)
    self->latency_paint = g_signal_connect (clock, "after-paint",
                                            G_CALLBACK (on_latency_paint_cb), self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
cg_live_ops_dispose (GObject *object)
{
  CgLiveOps *self = CG_LIVE_OPS (object);

  g_clear_handle_id (&self->diagnostics_timer, g_source_remove);
  g_clear_handle_id (&self->reload_timer, g_source_remove);
  if (self->latency_paint != 0 && self->layer != NULL &&
      gtk_widget_get_frame_clock (GTK_WIDGET (self->layer)) != NULL)
    g_clear_signal_handler (&self->latency_paint,
                            gtk_widget_get_frame_clock (GTK_WIDGET (self->layer)));
  self->latency_paint = 0;
  g_clear_pointer (&self->latency_log, fclose);
  g_clear_pointer (&self->latency_pending, g_array_unref);
  if (self->diagnostics != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->diagnostics), (gpointer *) &self->diagnostics);
  self->diagnostics = NULL;
  cg_live_ops_set_sync (self, NULL);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  g_clear_object (&self->client);
  if (self->follow_tick != 0 && self->layer != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->layer), self->follow_tick);
  self->follow_tick = 0;
  g_clear_object (&self->layer);
  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  if (self->replay != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->replay, self);
      cg_replay_set_playing (self->replay, FALSE);
    }
  g_clear_object (&self->replay);
  g_clear_object (&self->track_layer);
  g_clear_object (&self->complaint_layer);
  g_clear_pointer (&self->here_popover, gtk_widget_unparent);
  if (self->window != NULL && self->actions != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self->window), "live", NULL);
  g_clear_object (&self->actions);
  self->replay_bar = NULL;
  self->replay_revealer = NULL;
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

  self->track_layer = g_object_ref_sink (cg_track_layer_new (cg_map_view_get_viewport (map_view)));
  gtk_widget_set_visible (GTK_WIDGET (self->track_layer), FALSE);
  cg_map_view_add_layer (map_view, SHUMATE_LAYER (self->track_layer));
  self->complaint_layer = g_object_ref_sink (cg_complaint_layer_new (cg_map_view_get_viewport (map_view)));
  cg_map_view_add_layer (map_view, SHUMATE_LAYER (self->complaint_layer));
  /* units above the complaints they are sent to */
  cg_map_view_remove_layer (map_view, SHUMATE_LAYER (self->layer));
  cg_map_view_add_layer (map_view, SHUMATE_LAYER (self->layer));
  g_signal_connect_object (panel, "queue-changed", G_CALLBACK (on_queue_changed_cb), self,
                           G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();
    GtkGesture *press = gtk_gesture_long_press_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect_object (click, "pressed", G_CALLBACK (on_map_secondary_cb), self, 0);
    gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
    g_signal_connect_object (press, "pressed", G_CALLBACK (on_map_long_press_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (cg_map_view_get_map (map_view)),
                               GTK_EVENT_CONTROLLER (click));
    gtk_widget_add_controller (GTK_WIDGET (cg_map_view_get_map (map_view)),
                               GTK_EVENT_CONTROLLER (press));
  }
  self->replay = cg_replay_new ();
  g_signal_connect_object (map_view, "notify::datum", G_CALLBACK (on_datum_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_datum_changed_cb (self);
  g_signal_connect_swapped (self->replay, "notify::time", G_CALLBACK (on_replay_time_cb), self);

  {
    static const GActionEntry entries[] = { { "replay", replay_action } };

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries,
                                     G_N_ELEMENTS (entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (window), "live", G_ACTION_GROUP (self->actions));
  }

  g_signal_connect_object (panel, "follow-device", G_CALLBACK (on_panel_follow_cb), self, 0);
  g_signal_connect_object (panel, "dispatch-complaint", G_CALLBACK (on_panel_dispatch_cb), self, 0);
  g_signal_connect_object (panel, "new-complaint", G_CALLBACK (on_new_complaint_cb), self, 0);
  g_signal_connect_object (mode_button, "clicked", G_CALLBACK (cg_live_ops_show_diagnostics),
                           self, G_CONNECT_SWAPPED);
  update_mode (self);

  if (g_getenv ("CG_LIVE_LATENCY_LOG") != NULL)
    {
      self->latency_log = fopen (g_getenv ("CG_LIVE_LATENCY_LOG"), "w");
      if (self->latency_log == NULL)
        g_warning ("Cannot write %s", g_getenv ("CG_LIVE_LATENCY_LOG"));
      self->latency_pending = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

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
          if (self->latency_log != NULL)
            g_signal_connect (feed, "positions-changed", G_CALLBACK (on_latency_positions_cb), self);
        }
      cg_live_layer_set_feed (self->layer, feed);
      cg_live_panel_set_feed (self->panel, feed);
      cg_live_ops_follow (self, 0);
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

const char *
cg_live_ops_get_replay_stats_text (CgLiveOps *self)
{
  g_return_val_if_fail (CG_IS_LIVE_OPS (self), NULL);
  return self->replay_bar ? cg_replay_bar_get_stats_text (self->replay_bar) : NULL;
}
