/* cg-dispatch-dialog.c: choose the nearest available officers and vehicles and send them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "cg-dispatch-dialog.h"

struct _CgDispatchDialog
{
  AdwWindow         parent_instance;

  /* template children */
  GtkButton        *send_button;
  GtkLabel         *target_label;
  GtkLabel         *status_label;
  GtkListBox       *candidates_list;

  CgLiveFeed       *feed;
  CgDispatchClient *client;
  GCancellable     *cancellable;
  char             *complaint_id;
  char             *key;           /* Idempotency-Key of this dispatch, kept for a retry */
  GArray           *candidates;    /* CgRankResult */
  GPtrArray        *checks;        /* GtkCheckButton per candidate */
  gboolean          sending;
};

G_DEFINE_FINAL_TYPE (CgDispatchDialog, cg_dispatch_dialog, ADW_TYPE_WINDOW)

enum {
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
squad_name (CgLiveFeed *feed,
            gint64      group_id)
{
  GPtrArray *groups = cg_live_feed_get_groups (feed);

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const CgTraccarGroup *group = groups->pdata[i];

      if (group->id == group_id)
        return group->name;
    }

  return C_("squad", "No squad");
}

static char *
format_distance (double metres)
{
  if (metres < 1000)
    /* Translators: a distance in metres */
    return g_strdup_printf (_("%.0f m"), metres);
  /* Translators: a distance in kilometres */
  return g_strdup_printf (_("%.1f km"), metres / 1000);
}

static void
update_send (CgDispatchDialog *self)
{
  guint n = cg_dispatch_dialog_get_n_selected (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), n > 0 && !self->sending);
}

static void
fill (CgDispatchDialog *self,
      double            lon,
      double            lat)
{
  g_autoptr(GHashTable) busy = NULL;

  if (self->client != NULL)
    busy = cg_dispatch_client_get_busy_units (self->client);
  self->candidates = cg_live_feed_rank (self->feed, lon, lat, busy, 0, CG_DISPATCH_DIALOG_MAX);

  for (guint i = 0; i < self->candidates->len; i++)
    {
      const CgRankResult *r = &g_array_index (self->candidates, CgRankResult, i);
      const CgLiveDevice *device = cg_live_feed_lookup_device (self->feed, r->device_id);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *distance = format_distance (r->distance_m);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;
      guint minutes = (guint) ceil (r->eta_s / 60.0);

      /* Translators: a candidate: kind · squad · distance · ETA in minutes */
      subtitle = g_strdup_printf (_("%s · %s · %s · about %u min"),
                                  r->kind == CG_UNIT_VEHICLE ? C_("unit", "Vehicle")
                                                             : C_("unit", "Officer"),
                                  squad_name (self->feed, device ? device->group_id : 0),
                                  distance, MAX (minutes, 1));
      title = g_markup_escape_text (device && device->name ? device->name : "?", -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_send), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->checks, check);
      gtk_list_box_append (self->candidates_list, row);
    }

  if (self->candidates->len == 0)
    gtk_label_set_text (self->status_label, _("No officer or vehicle is available now."));
  else
    gtk_label_set_text (self->status_label, _("Nearest available units first."));
  update_send (self);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CgDispatchDialog) self = user_data;
  g_autoptr(CgDispatch) dispatch = NULL;
  g_autoptr(GError) error = NULL;

  dispatch = cg_dispatch_client_send_finish (CG_DISPATCH_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;
  if (dispatch == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not send: %s"), error->message);

      /* the key stays: sending again cannot make a second dispatch */
      gtk_label_set_text (self->status_label, msg);
      update_send (self);
      return;
    }

  g_signal_emit (self, signals[SENT], 0, dispatch);
  cg_dispatch_client_refresh_async (self->client, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
cg_dispatch_dialog_send (CgDispatchDialog *self)
{
  g_autoptr(GPtrArray) officers = g_ptr_array_new ();
  g_autoptr(GPtrArray) vehicles = g_ptr_array_new ();

  g_return_if_fail (CG_IS_DISPATCH_DIALOG (self));

  if (self->sending || self->client == NULL)
    return;

  for (guint i = 0; i < self->checks->len; i++)
    {
      const CgRankResult *r = &g_array_index (self->candidates, CgRankResult, i);
      const CgLiveDevice *device;
      const char *unit;

      if (!gtk_check_button_get_active (self->checks->pdata[i]))
        continue;
      device = cg_live_feed_lookup_device (self->feed, r->device_id);
      unit = device ? cg_live_device_get_unit_id (device) : NULL;
      if (unit == NULL)
        continue;
      g_ptr_array_add (r->kind == CG_UNIT_VEHICLE ? vehicles : officers, (gpointer) unit);
    }
  if (officers->len + vehicles->len == 0)
    return;
  g_ptr_array_add (officers, NULL);
  g_ptr_array_add (vehicles, NULL);

  self->sending = TRUE;
  update_send (self);
  gtk_label_set_text (self->status_label, _("Sending…"));
  cg_dispatch_client_send_async (self->client, self->complaint_id,
                                 (const char * const *) officers->pdata,
                                 (const char * const *) vehicles->pdata,
                                 NULL, self->key, self->cancellable, on_sent_cb,
                                 g_object_ref (self));
}

static void
cg_dispatch_dialog_dispose (GObject *object)
{
  CgDispatchDialog *self = CG_DISPATCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_DISPATCH_DIALOG);

  G_OBJECT_CLASS (cg_dispatch_dialog_parent_class)->dispose (object);
}

static void
cg_dispatch_dialog_finalize (GObject *object)
{
  CgDispatchDialog *self = CG_DISPATCH_DIALOG (object);

  g_clear_object (&self->feed);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->complaint_id, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (cg_dispatch_dialog_parent_class)->finalize (object);
}

static void
cg_dispatch_dialog_class_init (CgDispatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_dispatch_dialog_dispose;
  object_class->finalize = cg_dispatch_dialog_finalize;

  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-dispatch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CgDispatchDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, CgDispatchDialog, target_label);
  gtk_widget_class_bind_template_child (widget_class, CgDispatchDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CgDispatchDialog, candidates_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cg_dispatch_dialog_init (CgDispatchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
  self->key = cg_dispatch_client_new_key ();
  g_signal_connect_object (self->send_button, "clicked",
                           G_CALLBACK (cg_dispatch_dialog_send), self, G_CONNECT_SWAPPED);
}

CgDispatchDialog *
cg_dispatch_dialog_new (GtkWindow        *parent,
                        CgLiveFeed       *feed,
                        CgDispatchClient *client,
                        const char       *complaint_id,
                        const char       *title,
                        double            lon,
                        double            lat)
{
  CgDispatchDialog *self;

  g_return_val_if_fail (CG_IS_LIVE_FEED (feed), NULL);
  g_return_val_if_fail (client == NULL || CG_IS_DISPATCH_CLIENT (client), NULL);
  g_return_val_if_fail (complaint_id != NULL, NULL);

  self = g_object_new (CG_TYPE_DISPATCH_DIALOG, "transient-for", parent, NULL);
  self->feed = g_object_ref (feed);
  self->client = client ? g_object_ref (client) : NULL;
  self->complaint_id = g_strdup (complaint_id);
  gtk_label_set_text (self->target_label, title ? title : complaint_id);
  fill (self, lon, lat);

  return self;
}

GArray *
cg_dispatch_dialog_get_candidates (CgDispatchDialog *self)
{
  g_return_val_if_fail (CG_IS_DISPATCH_DIALOG (self), NULL);
  return self->candidates;
}

void
cg_dispatch_dialog_set_selected (CgDispatchDialog *self,
                                 guint             index,
                                 gboolean          selected)
{
  g_return_if_fail (CG_IS_DISPATCH_DIALOG (self));
  g_return_if_fail (index < self->checks->len);

  gtk_check_button_set_active (self->checks->pdata[index], selected);
}

guint
cg_dispatch_dialog_get_n_selected (CgDispatchDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (CG_IS_DISPATCH_DIALOG (self), 0);

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (self->checks->pdata[i]);

  return n;
}
