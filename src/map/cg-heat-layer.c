/* cg-heat-layer.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each snapshot splats the visible points with a Gaussian kernel into a float grid a quarter
 * of the widget's size, maps it through a colour ramp into a small texture and stretches that
 * over the widget (the scaling smooths it). Points are projected once (_cg_map_project, so
 * they follow the tiles' datum); a frame costs the points in view times the kernel's cells.
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-heat-layer.h"
#include "cg-map-private.h"

#define CELL_PX        4      /* grid cell side in logical pixels */
#define RADIUS_M       350.0  /* kernel radius on the ground */
#define MIN_RADIUS_PX  14.0
#define MAX_RADIUS_PX  72.0
#define EARTH_M        40075016.7

struct _CgHeatLayer
{
  ShumateLayer  parent_instance;

  double       *lonlat;     /* WGS-84, 2 per point */
  double       *xy;         /* unit square, 2 per point */
  double       *weight;
  guint         n_points;

  /* the last drawing, for get_heat_at() */
  float        *grid;
  int           grid_w;
  int           grid_h;
  float         grid_max;
};

G_DEFINE_FINAL_TYPE (CgHeatLayer, cg_heat_layer, SHUMATE_TYPE_LAYER)

void
cg_heat_layer_ramp (double heat,
                    guint8 rgba[4])
{
  /* stops: heat, r, g, b, alpha */
  static const double stops[][5] = {
    { 0.00, 0.21, 0.52, 0.89, 0.00 },
    { 0.12, 0.21, 0.52, 0.89, 0.00 },   /* the faint tail stays clear of the map */
    { 0.30, 0.21, 0.52, 0.89, 0.35 },
    { 0.50, 0.20, 0.82, 0.48, 0.55 },
    { 0.70, 0.96, 0.83, 0.18, 0.70 },
    { 0.85, 1.00, 0.47, 0.00, 0.80 },
    { 1.00, 0.88, 0.11, 0.14, 0.85 },
  };
  double r = 0, g = 0, b = 0, a = 0;

  heat = CLAMP (heat, 0.0, 1.0);
  for (guint i = 1; i < G_N_ELEMENTS (stops); i++)
    if (heat <= stops[i][0])
      {
        double t = (heat - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);

        r = stops[i - 1][1] + t * (stops[i][1] - stops[i - 1][1]);
        g = stops[i - 1][2] + t * (stops[i][2] - stops[i - 1][2]);
        b = stops[i - 1][3] + t * (stops[i][3] - stops[i - 1][3]);
        a = stops[i - 1][4] + t * (stops[i][4] - stops[i - 1][4]);
        break;
      }

  rgba[0] = (guint8) lround (r * a * 255);
  rgba[1] = (guint8) lround (g * a * 255);
  rgba[2] = (guint8) lround (b * a * 255);
  rgba[3] = (guint8) lround (a * 255);
}

static void
project (CgHeatLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  for (guint i = 0; i < self->n_points; i++)
    _cg_map_project (viewport, self->lonlat[2 * i], self->lonlat[2 * i + 1],
                     &self->xy[2 * i], &self->xy[2 * i + 1]);
}

static void
cg_heat_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CgHeatLayer *self = CG_HEAT_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  CgGridView view;
  guint8 *pixels;
  double radius, sigma2, lat;
  int gw, gh, rc;

  self->grid_max = 0;
  if (self->n_points == 0 || !_cg_map_get_view (viewport, widget, &view))
    return;

  /* the kernel covers RADIUS_M on the ground, within readable limits on screen */
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  radius = RADIUS_M / (EARTH_M * cos (lat * G_PI / 180.0)) * view.world;
  radius = CLAMP (radius, MIN_RADIUS_PX, MAX_RADIUS_PX) / CELL_PX;   /* in cells */
  sigma2 = (radius / 2) * (radius / 2);
  rc = (int) ceil (radius);

  gw = (int) ceil (view.width / CELL_PX) + 1;
  gh = (int) ceil (view.height / CELL_PX) + 1;
  if (gw != self->grid_w || gh != self->grid_h)
    {
      g_free (self->grid);
      self->grid = g_new (float, (gsize) gw * gh);
      self->grid_w = gw;
      self->grid_h = gh;
    }
  memset (self->grid, 0, sizeof (float) * gw * gh);

  for (guint i = 0; i < self->n_points; i++)
    {
      double cx = (self->xy[2 * i] * view.world + view.ox) / CELL_PX;
      double cy = (self->xy[2 * i + 1] * view.world + view.oy) / CELL_PX;
      int x0 = MAX ((int) floor (cx - rc), 0), x1 = MIN ((int) ceil (cx + rc), gw - 1);
      int y0 = MAX ((int) floor (cy - rc), 0), y1 = MIN ((int) ceil (cy + rc), gh - 1);
      double w = self->weight[i];

      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          {
            double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            double d2 = dx * dx + dy * dy;

            if (d2 <= radius * radius)
              self->grid[y * gw + x] += (float) (w * exp (-d2 / (2 * sigma2)));
          }
    }

  for (int k = 0; k < gw * gh; k++)
    self->grid_max = MAX (self->grid_max, self->grid[k]);
  if (self->grid_max <= 0)
    return;

  pixels = g_malloc ((gsize) gw * gh * 4);
  for (int k = 0; k < gw * gh; k++)
    {
      guint8 rgba[4];

      cg_heat_layer_ramp (self->grid[k] / self->grid_max, rgba);
      /* GDK_MEMORY_R8G8B8A8_PREMULTIPLIED */
      memcpy (pixels + 4 * k, rgba, 4);
    }
  bytes = g_bytes_new_take (pixels, (gsize) gw * gh * 4);
  texture = gdk_memory_texture_new (gw, gh, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes,
                                    (gsize) gw * 4);
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (0, 0, gw * CELL_PX, gh * CELL_PX));
}

static void
cg_heat_layer_constructed (GObject *object)
{
  CgHeatLayer *self = CG_HEAT_LAYER (object);

  G_OBJECT_CLASS (cg_heat_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
cg_heat_layer_finalize (GObject *object)
{
  CgHeatLayer *self = CG_HEAT_LAYER (object);

  g_clear_pointer (&self->lonlat, g_free);
  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->weight, g_free);
  g_clear_pointer (&self->grid, g_free);

  G_OBJECT_CLASS (cg_heat_layer_parent_class)->finalize (object);
}

static void
cg_heat_layer_class_init (CgHeatLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_heat_layer_constructed;
  object_class->finalize = cg_heat_layer_finalize;
  widget_class->snapshot = cg_heat_layer_snapshot;
}

static void
cg_heat_layer_init (CgHeatLayer *self)
{
  /* a picture only: clicks go to the layers below */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

CgHeatLayer *
cg_heat_layer_new (ShumateViewport *viewport)
{
  return g_object_new (CG_TYPE_HEAT_LAYER, "viewport", viewport, NULL);
}

void
cg_heat_layer_set_points (CgHeatLayer  *self,
                          const double *lon,
                          const double *lat,
                          const double *weight,
                          guint         n)
{
  guint k = 0;

  g_return_if_fail (CG_IS_HEAT_LAYER (self));
  g_return_if_fail (n == 0 || (lon != NULL && lat != NULL && weight != NULL));

  g_clear_pointer (&self->lonlat, g_free);
  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->weight, g_free);

  self->lonlat = g_new (double, 2 * MAX (n, 1));
  self->xy = g_new (double, 2 * MAX (n, 1));
  self->weight = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      if (!(weight[i] > 0) || !isfinite (lon[i]) || !isfinite (lat[i]))
        continue;
      self->lonlat[2 * k] = lon[i];
      self->lonlat[2 * k + 1] = lat[i];
      self->weight[k] = weight[i];
      k++;
    }
  self->n_points = k;
  project (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
cg_heat_layer_get_n_points (CgHeatLayer *self)
{
  g_return_val_if_fail (CG_IS_HEAT_LAYER (self), 0);

  return self->n_points;
}

void
cg_heat_layer_reproject (CgHeatLayer *self)
{
  g_return_if_fail (CG_IS_HEAT_LAYER (self));

  project (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
cg_heat_layer_get_heat_at (CgHeatLayer *self,
                           double       x,
                           double       y)
{
  int gx, gy;

  g_return_val_if_fail (CG_IS_HEAT_LAYER (self), 0);

  if (self->grid == NULL || self->grid_max <= 0)
    return 0;
  gx = (int) floor (x / CELL_PX);
  gy = (int) floor (y / CELL_PX);
  if (gx < 0 || gy < 0 || gx >= self->grid_w || gy >= self->grid_h)
    return 0;

  return self->grid[gy * self->grid_w + gx] / self->grid_max;
}
