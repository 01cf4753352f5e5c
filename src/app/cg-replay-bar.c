/* cg-replay-bar.c: the replay controls under the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-replay-bar.h"

static const guint speeds[] = { 1, 2, 4, 8, 16, 32, 64 };

struct _CgReplayBar
{
  GtkWidget       parent_instance;

  GtkButton      *play_button;
  GtkLabel       *time_label;
  GtkScale       *time_scale;
  GtkAdjustment  *time_adjustment;
  GtkDropDown    *speed_dropdown;
  GtkCheckButton *follow_check;
  GtkLabel       *stats_label;
  GtkButton      *close_button;

  CgReplay       *replay;
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (CgReplayBar, cg_replay_bar, GTK_TYPE_WIDGET)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (CgReplayBar *self)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;
  double t;

  if (self->replay == NULL)
    return;

  t = cg_replay_get_time (self->replay);
  self->updating = TRUE;
  gtk_adjustment_configure (self->time_adjustment, t,
                            cg_replay_get_from (self->replay), cg_replay_get_to (self->replay),
                            60, 600, 0);
  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i] == cg_replay_get_speed (self->replay))
      gtk_drop_down_set_selected (self->speed_dropdown, i);
  self->updating = FALSE;

  dt = g_date_time_new_from_unix_local ((gint64) t);
  text = dt ? g_date_time_format (dt, "%m-%d %H:%M:%S") : g_strdup ("");
  gtk_label_set_text (self->time_label, text);
  gtk_button_set_icon_name (self->play_button, cg_replay_get_playing (self->replay)
                                               ? "media-playback-pause-symbolic"
                                               : "media-playback-start-symbolic");
}

static void
on_play_clicked_cb (CgReplayBar *self)
{
  if (self->replay != NULL)
    cg_replay_set_playing (self->replay, !cg_replay_get_playing (self->replay));
}

static void
on_time_changed_cb (CgReplayBar *self)
{
  if (!self->updating && self->replay != NULL)
    cg_replay_set_time (self->replay, gtk_adjustment_get_value (self->time_adjustment));
}

static void
on_speed_changed_cb (CgReplayBar *self)
{
  guint i = gtk_drop_down_get_selected (self->speed_dropdown);

  if (!self->updating && self->replay != NULL && i < G_N_ELEMENTS (speeds))
    cg_replay_set_speed (self->replay, speeds[i]);
}

static void
on_close_clicked_cb (CgReplayBar *self)
{
  if (self->replay != NULL)
    cg_replay_set_playing (self->replay, FALSE);
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
cg_replay_bar_dispose (GObject *object)
{
  CgReplayBar *self = CG_REPLAY_BAR (object);
  GtkWidget *child;

  cg_replay_bar_set_replay (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_REPLAY_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cg_replay_bar_parent_class)->dispose (object);
}

static void
cg_replay_bar_class_init (CgReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_replay_bar_dispose;

  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, time_scale);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, time_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, follow_check);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, stats_label);
  gtk_widget_class_bind_template_child (widget_class, CgReplayBar, close_button);
}

static void
cg_replay_bar_init (CgReplayBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->play_button, "clicked", G_CALLBACK (on_play_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->close_button, "clicked", G_CALLBACK (on_close_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->time_adjustment, "value-changed",
                           G_CALLBACK (on_time_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speed_dropdown, "notify::selected",
                           G_CALLBACK (on_speed_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_check_button_set_active (self->follow_check, TRUE);
}

void
cg_replay_bar_set_replay (CgReplayBar *self,
                          CgReplay    *replay)
{
  g_return_if_fail (CG_IS_REPLAY_BAR (self));

  if (self->replay == replay)
    return;
  if (self->replay != NULL)
    g_signal_handlers_disconnect_by_data (self->replay, self);
  g_set_object (&self->replay, replay);
  if (replay != NULL)
    g_signal_connect_swapped (replay, "notify", G_CALLBACK (update), self);
  update (self);
}

void
cg_replay_bar_set_stats_text (CgReplayBar *self,
                              const char  *text)
{
  g_return_if_fail (CG_IS_REPLAY_BAR (self));
  gtk_label_set_text (self->stats_label, text ? text : "");
}

const char *
cg_replay_bar_get_stats_text (CgReplayBar *self)
{
  g_return_val_if_fail (CG_IS_REPLAY_BAR (self), NULL);
  return gtk_label_get_text (self->stats_label);
}

gboolean
cg_replay_bar_get_follow (CgReplayBar *self)
{
  g_return_val_if_fail (CG_IS_REPLAY_BAR (self), FALSE);
  return gtk_check_button_get_active (self->follow_check);
}

void
cg_replay_bar_set_follow (CgReplayBar *self,
                          gboolean     follow)
{
  g_return_if_fail (CG_IS_REPLAY_BAR (self));
  gtk_check_button_set_active (self->follow_check, follow);
}
