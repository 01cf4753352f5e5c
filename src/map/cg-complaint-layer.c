/* cg-complaint-layer.c: the complaint queue on the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>

#include "cg-complaint-layer.h"
#include "cg-map-private.h"
#include "cg-mercator.h"

#define RADIUS 7.0

typedef struct
{
  char   *id;
  double  lon;
  double  lat;
  double  mx;
  double  my;
  int     urgency;
} Item;

struct _CgComplaintLayer
{
  ShumateLayer  parent_instance;

  GArray       *items;   /* Item, least urgent first (drawn below) */
  CgDatum       datum;
};

G_DEFINE_FINAL_TYPE (CgComplaintLayer, cg_complaint_layer, SHUMATE_TYPE_LAYER)

static void
clear_item (Item *item)
{
  g_free (item->id);
}

static void
project (CgComplaintLayer *self,
         Item             *item)
{
  double lon, lat;

  cg_coords_convert (CG_DATUM_WGS84, self->datum, item->lon, item->lat, &lon, &lat);
  item->mx = cg_mercator_x_from_lon (lon);
  item->my = cg_mercator_y_from_lat (lat);
}

static void
color_for (int      urgency,
           GdkRGBA *c)
{
  if (urgency >= 2)
    *c = (GdkRGBA) { 0.85, 0.11, 0.11, 1 };
  else if (urgency == 1)
    *c = (GdkRGBA) { 0.96, 0.52, 0.0, 1 };
  else if (urgency == 0)
    *c = (GdkRGBA) { 0.55, 0.25, 0.75, 1 };
  else
    *c = (GdkRGBA) { 0.55, 0.55, 0.55, 1 };
}

static void
cg_complaint_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  CgComplaintLayer *self = CG_COMPLAINT_LAYER (widget);
  CgGridView view;
  cairo_t *cr;

  if (self->items->len == 0 ||
      !_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)), widget, &view))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      double x = item->mx * view.world + view.ox;
      double y = item->my * view.world + view.oy;
      GdkRGBA c;

      if (x < -RADIUS || y < -RADIUS || x > view.width + RADIUS || y > view.height + RADIUS)
        continue;
      color_for (item->urgency, &c);
      cairo_new_path (cr);
      cairo_move_to (cr, x, y - RADIUS);
      cairo_line_to (cr, x + RADIUS, y);
      cairo_line_to (cr, x, y + RADIUS);
      cairo_line_to (cr, x - RADIUS, y);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
on_viewport_changed_cb (CgComplaintLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cg_complaint_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (cg_complaint_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (object)), "notify",
                           G_CALLBACK (on_viewport_changed_cb), object, G_CONNECT_SWAPPED);
}

static void
cg_complaint_layer_finalize (GObject *object)
{
  CgComplaintLayer *self = CG_COMPLAINT_LAYER (object);

  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (cg_complaint_layer_parent_class)->finalize (object);
}

static void
cg_complaint_layer_class_init (CgComplaintLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_complaint_layer_constructed;
  object_class->finalize = cg_complaint_layer_finalize;
  widget_class->snapshot = cg_complaint_layer_snapshot;
}

static void
cg_complaint_layer_init (CgComplaintLayer *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_array_set_clear_func (self->items, (GDestroyNotify) clear_item);
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

CgComplaintLayer *
cg_complaint_layer_new (ShumateViewport *viewport)
{
  return g_object_new (CG_TYPE_COMPLAINT_LAYER, "viewport", viewport, NULL);
}

void
cg_complaint_layer_clear (CgComplaintLayer *self)
{
  g_return_if_fail (CG_IS_COMPLAINT_LAYER (self));

  g_array_set_size (self->items, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_complaint_layer_add (CgComplaintLayer *self,
                        const char       *id,
                        double            lon,
                        double            lat,
                        int               urgency)
{
  Item item = { 0 };
  guint at;

  g_return_if_fail (CG_IS_COMPLAINT_LAYER (self));

  if (id == NULL || isnan (lon) || isnan (lat))
    return;
  item.id = g_strdup (id);
  item.lon = lon;
  item.lat = lat;
  item.urgency = urgency;
  project (self, &item);
  /* least urgent first: the urgent ones are drawn on top */
  for (at = self->items->len; at > 0; at--)
    if (g_array_index (self->items, Item, at - 1).urgency <= urgency)
      break;
  g_array_insert_val (self->items, at, item);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
cg_complaint_layer_get_n (CgComplaintLayer *self)
{
  g_return_val_if_fail (CG_IS_COMPLAINT_LAYER (self), 0);
  return self->items->len;
}

void
cg_complaint_layer_set_datum (CgComplaintLayer *self,
                              CgDatum           datum)
{
  g_return_if_fail (CG_IS_COMPLAINT_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  for (guint i = 0; i < self->items->len; i++)
    project (self, &g_array_index (self->items, Item, i));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
cg_complaint_layer_get_at (CgComplaintLayer *self,
                           double            x,
                           double            y)
{
  CgGridView view;

  g_return_val_if_fail (CG_IS_COMPLAINT_LAYER (self), NULL);

  if (!_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self), &view))
    return NULL;
  /* topmost first */
  for (guint i = self->items->len; i > 0; i--)
    {
      const Item *item = &g_array_index (self->items, Item, i - 1);

      if (fabs (item->mx * view.world + view.ox - x) <= RADIUS + 2 &&
          fabs (item->my * view.world + view.oy - y) <= RADIUS + 2)
        return item->id;
    }

  return NULL;
}

gboolean
cg_complaint_layer_get_position (CgComplaintLayer *self,
                                 const char       *id,
                                 double           *x,
                                 double           *y)
{
  CgGridView view;

  g_return_val_if_fail (CG_IS_COMPLAINT_LAYER (self), FALSE);

  if (!_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)), GTK_WIDGET (self), &view))
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);

      if (g_strcmp0 (item->id, id) == 0)
        {
          *x = item->mx * view.world + view.ox;
          *y = item->my * view.world + view.oy;
          return TRUE;
        }
    }

  return FALSE;
}
