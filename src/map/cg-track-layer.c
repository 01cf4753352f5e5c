/* cg-track-layer.c: recorded tracks of several devices in one layer, for replay
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>

#include "cg-map-private.h"
#include "cg-mercator.h"
#include "cg-track-layer.h"

typedef struct
{
  gint64  device_id;
  GArray *points;     /* CgTrackPoint, WGS-84 */
  GArray *merc;       /* double x, y pairs in the current datum */
  guint   color;
} Track;

struct _CgTrackLayer
{
  ShumateLayer  parent_instance;

  GPtrArray    *tracks;   /* Track, by device id */
  double        t;
  CgDatum       datum;
};

G_DEFINE_FINAL_TYPE (CgTrackLayer, cg_track_layer, SHUMATE_TYPE_LAYER)

/* distinct on the light map, none of them the live colours */
static const GdkRGBA palette[] = {
  { 0.80, 0.13, 0.40, 1 }, { 0.13, 0.55, 0.13, 1 }, { 0.55, 0.27, 0.07, 1 },
  { 0.42, 0.24, 0.60, 1 }, { 0.00, 0.50, 0.50, 1 }, { 0.85, 0.40, 0.00, 1 },
  { 0.50, 0.50, 0.00, 1 }, { 0.70, 0.10, 0.10, 1 }, { 0.20, 0.30, 0.70, 1 },
  { 0.40, 0.40, 0.40, 1 },
};

static void
track_free (Track *track)
{
  g_array_unref (track->points);
  g_array_unref (track->merc);
  g_free (track);
}

static void
project_track (CgTrackLayer *self,
               Track        *track)
{
  g_array_set_size (track->merc, 0);
  for (guint i = 0; i < track->points->len; i++)
    {
      const CgTrackPoint *p = &g_array_index (track->points, CgTrackPoint, i);
      double lon, lat, xy[2];

      cg_coords_convert (CG_DATUM_WGS84, self->datum, p->lon, p->lat, &lon, &lat);
      xy[0] = cg_mercator_x_from_lon (lon);
      xy[1] = cg_mercator_y_from_lat (lat);
      g_array_append_vals (track->merc, xy, 2);
    }
}

/* Index of the last point at or before @t, -1 when @t is before the track */
static int
index_at (const Track *track,
          double       t)
{
  int lo = 0, hi = (int) track->points->len - 1, found = -1;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;

      if (g_array_index (track->points, CgTrackPoint, mid).t <= t)
        {
          found = mid;
          lo = mid + 1;
        }
      else
        hi = mid - 1;
    }

  return found;
}

/* Mercator position at @t (clamped to the track's ends) */
static gboolean
head_merc (const Track *track,
           double       t,
           double      *x,
           double      *y)
{
  int i = index_at (track, t);
  const double *m = (const double *) track->merc->data;

  if (track->points->len == 0)
    return FALSE;
  if (i < 0)
    i = 0;
  if (i >= (int) track->points->len - 1)
    {
      *x = m[2 * (track->points->len - 1)];
      *y = m[2 * (track->points->len - 1) + 1];
      return TRUE;
    }
  {
    double t0 = g_array_index (track->points, CgTrackPoint, i).t;
    double t1 = g_array_index (track->points, CgTrackPoint, i + 1).t;
    double f = t1 > t0 ? CLAMP ((t - t0) / (t1 - t0), 0.0, 1.0) : 0.0;

    *x = m[2 * i] + (m[2 * i + 2] - m[2 * i]) * f;
    *y = m[2 * i + 1] + (m[2 * i + 3] - m[2 * i + 1]) * f;
  }

  return TRUE;
}

static void
cg_track_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CgTrackLayer *self = CG_TRACK_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  CgGridView view;
  cairo_t *cr;

  if (self->tracks->len == 0 || !_cg_map_get_view (viewport, widget, &view))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint k = 0; k < self->tracks->len; k++)
    {
      const Track *track = self->tracks->pdata[k];
      const GdkRGBA *c = &palette[track->color % G_N_ELEMENTS (palette)];
      const double *m = (const double *) track->merc->data;
      int upto = index_at (track, self->t);
      double hx, hy;

      if (track->points->len == 0)
        continue;

      /* the whole track, faint */
      cairo_new_path (cr);
      for (guint i = 0; i < track->points->len; i++)
        cairo_line_to (cr, m[2 * i] * view.world + view.ox, m[2 * i + 1] * view.world + view.oy);
      cairo_set_source_rgba (cr, c->red, c->green, c->blue, 0.30);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);

      /* up to the replay time, solid, ending at the head */
      if (!head_merc (track, self->t, &hx, &hy))
        continue;
      if (upto >= 0)
        {
          cairo_new_path (cr);
          for (int i = 0; i <= upto; i++)
            cairo_line_to (cr, m[2 * i] * view.world + view.ox, m[2 * i + 1] * view.world + view.oy);
          cairo_line_to (cr, hx * view.world + view.ox, hy * view.world + view.oy);
          cairo_set_source_rgba (cr, c->red, c->green, c->blue, 0.95);
          cairo_set_line_width (cr, 3.5);
          cairo_stroke (cr);
        }

      cairo_new_path (cr);
      cairo_arc (cr, hx * view.world + view.ox, hy * view.world + view.oy, 6.0, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, c->red, c->green, c->blue, 1);
      cairo_set_line_width (cr, 3.0);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
on_viewport_changed_cb (CgTrackLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cg_track_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (cg_track_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (object)), "notify",
                           G_CALLBACK (on_viewport_changed_cb), object, G_CONNECT_SWAPPED);
}

static void
cg_track_layer_finalize (GObject *object)
{
  CgTrackLayer *self = CG_TRACK_LAYER (object);

  g_clear_pointer (&self->tracks, g_ptr_array_unref);

  G_OBJECT_CLASS (cg_track_layer_parent_class)->finalize (object);
}

static void
cg_track_layer_class_init (CgTrackLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_track_layer_constructed;
  object_class->finalize = cg_track_layer_finalize;
  widget_class->snapshot = cg_track_layer_snapshot;
}

static void
cg_track_layer_init (CgTrackLayer *self)
{
  self->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) track_free);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

CgTrackLayer *
cg_track_layer_new (ShumateViewport *viewport)
{
  return g_object_new (CG_TYPE_TRACK_LAYER, "viewport", viewport, NULL);
}

static int
compare_tracks (gconstpointer a,
                gconstpointer b)
{
  const Track *ta = *(Track * const *) a;
  const Track *tb = *(Track * const *) b;

  return (ta->device_id > tb->device_id) - (ta->device_id < tb->device_id);
}

void
cg_track_layer_set_tracks (CgTrackLayer *self,
                           GHashTable   *tracks)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (CG_IS_TRACK_LAYER (self));

  g_ptr_array_set_size (self->tracks, 0);
  if (tracks != NULL)
    {
      g_hash_table_iter_init (&iter, tracks);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GArray *points = value;
          Track *track = g_new0 (Track, 1);

          track->device_id = *(gint64 *) key;
          track->points = g_array_sized_new (FALSE, FALSE, sizeof (CgTrackPoint), points->len);
          g_array_append_vals (track->points, points->data, points->len);
          track->merc = g_array_new (FALSE, FALSE, sizeof (double));
          project_track (self, track);
          g_ptr_array_add (self->tracks, track);
        }
      g_ptr_array_sort (self->tracks, compare_tracks);
      for (guint i = 0; i < self->tracks->len; i++)
        ((Track *) self->tracks->pdata[i])->color = i;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
cg_track_layer_get_n_tracks (CgTrackLayer *self)
{
  g_return_val_if_fail (CG_IS_TRACK_LAYER (self), 0);
  return self->tracks->len;
}

void
cg_track_layer_set_time (CgTrackLayer *self,
                         double        t)
{
  g_return_if_fail (CG_IS_TRACK_LAYER (self));

  if (self->t == t)
    return;
  self->t = t;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_track_layer_set_datum (CgTrackLayer *self,
                          CgDatum       datum)
{
  g_return_if_fail (CG_IS_TRACK_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  for (guint i = 0; i < self->tracks->len; i++)
    project_track (self, self->tracks->pdata[i]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const Track *
find_track (CgTrackLayer *self,
            gint64        device_id)
{
  for (guint i = 0; i < self->tracks->len; i++)
    if (((Track *) self->tracks->pdata[i])->device_id == device_id)
      return self->tracks->pdata[i];
  return NULL;
}

gboolean
cg_track_layer_get_head (CgTrackLayer *self,
                         gint64        device_id,
                         double       *x,
                         double       *y)
{
  const Track *track;
  CgGridView view;
  double mx, my;

  g_return_val_if_fail (CG_IS_TRACK_LAYER (self), FALSE);

  track = find_track (self, device_id);
  if (track == NULL || !head_merc (track, self->t, &mx, &my) ||
      !_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self), &view))
    return FALSE;
  *x = mx * view.world + view.ox;
  *y = my * view.world + view.oy;

  return TRUE;
}

void
cg_track_layer_get_color (CgTrackLayer *self,
                          gint64        device_id,
                          GdkRGBA      *color)
{
  const Track *track;

  g_return_if_fail (CG_IS_TRACK_LAYER (self));

  track = find_track (self, device_id);
  *color = palette[(track ? track->color : 0) % G_N_ELEMENTS (palette)];
}
