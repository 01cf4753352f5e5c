/* cg-sync-indicator.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spinner and percentage while syncing, "Updated 10:42" afterwards, "Offline" in the
 * error colour after a failure (the window's bar says why).
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-status-text.h"
#include "cg-sync-indicator.h"

struct _CgSyncIndicator
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *spinner;
  GtkWidget    *icon;
  GtkWidget    *label;

  CgSync       *sync;
  GSignalGroup *signals;
  guint         minute_timer;
};

G_DEFINE_FINAL_TYPE (CgSyncIndicator, cg_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (CgSyncIndicator *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  CgSyncStatus status;

  if (self->sync == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->label), "");
      gtk_widget_set_visible (self->spinner, FALSE);
      gtk_widget_set_visible (self->icon, FALSE);
      return;
    }

  status = cg_sync_get_status (self->sync);
  gtk_widget_set_visible (self->spinner, status == CG_SYNC_STATUS_SYNCING);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), status == CG_SYNC_STATUS_SYNCING);
  gtk_widget_set_visible (self->icon, status == CG_SYNC_STATUS_ERROR);
  gtk_widget_remove_css_class (self->label, "error");

  switch (status)
    {
    case CG_SYNC_STATUS_SYNCING:
      text = cg_status_format_syncing (cg_sync_get_progress (self->sync));
      break;
    case CG_SYNC_STATUS_ERROR:
      text = g_strdup (_("Offline"));
      gtk_widget_add_css_class (self->label, "error");
      tooltip = cg_status_format_offline (cg_sync_get_last_success (self->sync),
                                          cg_sync_get_last_error (self->sync), now, NULL);
      break;
    case CG_SYNC_STATUS_OK:
    case CG_SYNC_STATUS_IDLE:
    default:
      text = cg_status_format_updated (cg_sync_get_last_success (self->sync), now, NULL);
      break;
    }

  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static gboolean
on_minute_cb (gpointer user_data)
{
  /* "Updated 23:59" becomes "Updated Nov 23 23:59" after midnight */
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
cg_sync_indicator_dispose (GObject *object)
{
  CgSyncIndicator *self = CG_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->minute_timer, g_source_remove);
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->sync);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (cg_sync_indicator_parent_class)->dispose (object);
}

static void
cg_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CgSyncIndicator *self = CG_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CgSyncIndicator *self = CG_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SYNC:
      cg_sync_indicator_set_sync (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_sync_indicator_class_init (CgSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_sync_indicator_dispose;
  object_class->get_property = cg_sync_indicator_get_property;
  object_class->set_property = cg_sync_indicator_set_property;

  properties[PROP_SYNC] =
    g_param_spec_object ("sync", NULL, NULL, CG_TYPE_SYNC,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sync-indicator");
}

static void
cg_sync_indicator_init (CgSyncIndicator *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->spinner);

  self->icon = gtk_image_new_from_icon_name ("network-offline-symbolic");
  gtk_widget_add_css_class (self->icon, "error");
  gtk_widget_set_visible (self->icon, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->icon);

  self->label = gtk_label_new ("");
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->signals = g_signal_group_new (CG_TYPE_SYNC);
  g_signal_group_connect_swapped (self->signals, "notify::status", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::progress", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::last-success", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::last-error", G_CALLBACK (update), self);

  self->minute_timer = g_timeout_add_seconds (60, on_minute_cb, self);
}

GtkWidget *
cg_sync_indicator_new (void)
{
  return g_object_new (CG_TYPE_SYNC_INDICATOR, NULL);
}

void
cg_sync_indicator_set_sync (CgSyncIndicator *self,
                            CgSync          *sync)
{
  g_return_if_fail (CG_IS_SYNC_INDICATOR (self));
  g_return_if_fail (sync == NULL || CG_IS_SYNC (sync));

  if (!g_set_object (&self->sync, sync))
    return;

  g_signal_group_set_target (self->signals, sync);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

CgSync *
cg_sync_indicator_get_sync (CgSyncIndicator *self)
{
  g_return_val_if_fail (CG_IS_SYNC_INDICATOR (self), NULL);

  return self->sync;
}

const char *
cg_sync_indicator_get_text (CgSyncIndicator *self)
{
  g_return_val_if_fail (CG_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}
