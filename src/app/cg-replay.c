/* cg-replay.c: replaying recorded tracks
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-replay.h"

#define TICK_MS 40

struct _CgReplay
{
  GObject     parent_instance;

  GHashTable *tracks;      /* gint64* -> GArray CgTrackPoint */
  GHashTable *stats;       /* gint64* -> CgTrackStats */
  gint64      from;
  gint64      to;
  double      time;
  guint       speed;
  gboolean    playing;
  guint       timer;
  gint64      last_tick;   /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (CgReplay, cg_replay, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
on_tick_cb (gpointer user_data)
{
  CgReplay *self = user_data;
  gint64 now = g_get_monotonic_time ();

  cg_replay_advance (self, (now - self->last_tick) / (double) G_USEC_PER_SEC);
  self->last_tick = now;

  return self->playing ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
cg_replay_dispose (GObject *object)
{
  CgReplay *self = CG_REPLAY (object);

  g_clear_handle_id (&self->timer, g_source_remove);

  G_OBJECT_CLASS (cg_replay_parent_class)->dispose (object);
}

static void
cg_replay_finalize (GObject *object)
{
  CgReplay *self = CG_REPLAY (object);

  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_clear_pointer (&self->stats, g_hash_table_unref);

  G_OBJECT_CLASS (cg_replay_parent_class)->finalize (object);
}

static void
cg_replay_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CgReplay *self = CG_REPLAY (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_double (value, self->time);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_uint (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_replay_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CgReplay *self = CG_REPLAY (object);

  switch (prop_id)
    {
    case PROP_TIME:
      cg_replay_set_time (self, g_value_get_double (value));
      break;
    case PROP_PLAYING:
      cg_replay_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      cg_replay_set_speed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_replay_class_init (CgReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_replay_dispose;
  object_class->finalize = cg_replay_finalize;
  object_class->get_property = cg_replay_get_property;
  object_class->set_property = cg_replay_set_property;

  properties[PROP_TIME] =
    g_param_spec_double ("time", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SPEED] =
    g_param_spec_uint ("speed", NULL, NULL, CG_REPLAY_MIN_SPEED, CG_REPLAY_MAX_SPEED, 8,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cg_replay_init (CgReplay *self)
{
  self->speed = 8;
  self->stats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) cg_track_stats_free);
}

CgReplay *
cg_replay_new (void)
{
  return g_object_new (CG_TYPE_REPLAY, NULL);
}

void
cg_replay_set_tracks (CgReplay   *self,
                      GHashTable *tracks,
                      gint64      from,
                      gint64      to)
{
  g_return_if_fail (CG_IS_REPLAY (self));

  cg_replay_set_playing (self, FALSE);
  g_clear_pointer (&self->tracks, g_hash_table_unref);
  g_hash_table_remove_all (self->stats);
  self->tracks = tracks ? g_hash_table_ref (tracks) : NULL;
  self->from = from;
  self->to = MAX (from, to);
  self->time = -1;
  cg_replay_set_time (self, from);
}

GHashTable *
cg_replay_get_tracks (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), NULL);
  return self->tracks;
}

gint64
cg_replay_get_from (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), 0);
  return self->from;
}

gint64
cg_replay_get_to (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), 0);
  return self->to;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

GArray *
cg_replay_list_devices (CgReplay *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CG_IS_REPLAY (self), ids);

  if (self->tracks == NULL)
    return ids;
  g_hash_table_iter_init (&iter, self->tracks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((GArray *) value)->len > 0)
      g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_ids);

  return ids;
}

double
cg_replay_get_time (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), 0);
  return self->time;
}

void
cg_replay_set_time (CgReplay *self,
                    double    t)
{
  g_return_if_fail (CG_IS_REPLAY (self));

  t = CLAMP (t, (double) self->from, (double) self->to);
  if (t == self->time)
    return;
  self->time = t;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

gboolean
cg_replay_get_playing (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), FALSE);
  return self->playing;
}

void
cg_replay_set_playing (CgReplay *self,
                       gboolean  playing)
{
  g_return_if_fail (CG_IS_REPLAY (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  self->playing = playing;
  if (playing)
    {
      if (self->time >= self->to)
        cg_replay_set_time (self, self->from);   /* play again from the start */
      self->last_tick = g_get_monotonic_time ();
      if (self->timer == 0)
        self->timer = g_timeout_add (TICK_MS, on_tick_cb, self);
    }
  else
    g_clear_handle_id (&self->timer, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

guint
cg_replay_get_speed (CgReplay *self)
{
  g_return_val_if_fail (CG_IS_REPLAY (self), 1);
  return self->speed;
}

void
cg_replay_set_speed (CgReplay *self,
                     guint     speed)
{
  g_return_if_fail (CG_IS_REPLAY (self));

  speed = CLAMP (speed, CG_REPLAY_MIN_SPEED, CG_REPLAY_MAX_SPEED);
  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

void
cg_replay_advance (CgReplay *self,
                   double    elapsed_s)
{
  g_return_if_fail (CG_IS_REPLAY (self));

  cg_replay_set_time (self, self->time + elapsed_s * self->speed);
  if (self->time >= self->to && self->playing)
    {
      self->timer = 0;   /* the tick callback returns G_SOURCE_REMOVE */
      self->playing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }
}

const CgTrackStats *
cg_replay_get_stats (CgReplay *self,
                     gint64    device_id)
{
  CgTrackStats *stats;
  GArray *points;

  g_return_val_if_fail (CG_IS_REPLAY (self), NULL);

  stats = g_hash_table_lookup (self->stats, &device_id);
  if (stats != NULL)
    return stats;
  points = self->tracks ? g_hash_table_lookup (self->tracks, &device_id) : NULL;
  if (points == NULL)
    return NULL;
  stats = cg_track_compute_stats ((const CgTrackPoint *) points->data, points->len, NULL);
  g_hash_table_insert (self->stats, g_memdup2 (&device_id, sizeof device_id), stats);

  return stats;
}

gboolean
cg_replay_get_position (CgReplay *self,
                        gint64    device_id,
                        double   *lon,
                        double   *lat)
{
  GArray *points;

  g_return_val_if_fail (CG_IS_REPLAY (self), FALSE);

  points = self->tracks ? g_hash_table_lookup (self->tracks, &device_id) : NULL;
  if (points == NULL || points->len == 0)
    return FALSE;

  return cg_track_position_at ((const CgTrackPoint *) points->data, points->len,
                               CLAMP (self->time,
                                      (double) g_array_index (points, CgTrackPoint, 0).t,
                                      (double) g_array_index (points, CgTrackPoint, points->len - 1).t),
                               lon, lat);
}

static char *
format_duration (gint64 seconds)
{
  if (seconds >= 3600)
    /* Translators: a duration in hours and minutes */
    return g_strdup_printf (_("%d h %02d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  /* Translators: a duration in minutes */
  return g_strdup_printf (_("%d min"), (int) (seconds / 60));
}

char *
cg_replay_format_stats (const CgTrackStats *stats)
{
  g_autofree char *moving = NULL;
  guint n_stops;

  g_return_val_if_fail (stats != NULL, NULL);

  moving = format_duration (stats->moving_s);
  n_stops = stats->stops ? stats->stops->len : 0;

  /* Translators: a track's stats: distance in km, moving time, number of stops */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.2f km · moving %s · %u stop",
                                       "%.2f km · moving %s · %u stops", n_stops),
                          stats->distance_m / 1000.0, moving, n_stops);
}
