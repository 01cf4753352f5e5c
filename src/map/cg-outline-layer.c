/* cg-outline-layer.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws what we always have, with or without tiles: the district (bold), its streets
 * (light fills, dashed borders) and the street names at their centres. The rings are
 * projected to Mercator once; each snapshot only scales and offsets them.
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "cg-map-private.h"
#include "cg-mercator.h"
#include "cg-outline-layer.h"

typedef struct
{
  double *xy;        /* x0, y0, x1, y1, ... in the unit square */
  guint   n_points;
} ProjRing;

typedef struct
{
  GArray *rings;     /* ProjRing */
  double  cx, cy;    /* label position */
  char   *name;
} ProjStreet;

struct _CgOutlineLayer
{
  ShumateLayer  parent_instance;

  CgDistrict   *district;
  GArray       *district_rings;   /* ProjRing */
  GPtrArray    *streets;          /* ProjStreet */
  gboolean      filled;
  CgOutlineLayerMode mode;
};

G_DEFINE_FINAL_TYPE (CgOutlineLayer, cg_outline_layer, SHUMATE_TYPE_LAYER)

/* Light, distinct fills for neighbouring streets (GNOME palette, very light) */
static const guint32 street_fills[] = {
  0x99c1f1, 0x8ff0a4, 0xf9f06b, 0xffbe6f, 0xdc8add,
  0xcdab8f, 0x62a0ea, 0x57e389, 0xf8e45c, 0xc061cb,
};

static void
proj_ring_clear (gpointer data)
{
  ProjRing *ring = data;

  g_clear_pointer (&ring->xy, g_free);
}

static void
proj_street_free (gpointer data)
{
  ProjStreet *street = data;

  g_clear_pointer (&street->rings, g_array_unref);
  g_free (street->name);
  g_free (street);
}

static GArray *
project_rings (CgOutlineLayer *self,
               const CgRing   *rings,
               guint           n_rings)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GArray *out = g_array_sized_new (FALSE, TRUE, sizeof (ProjRing), n_rings);

  g_array_set_clear_func (out, proj_ring_clear);
  for (guint r = 0; r < n_rings; r++)
    {
      ProjRing ring;

      ring.n_points = rings[r].n_points;
      ring.xy = g_new (double, 2 * MAX (ring.n_points, 1));
      for (guint i = 0; i < ring.n_points; i++)
        {
          _cg_map_project (viewport, rings[r].points[i].lon, rings[r].points[i].lat,
                           &ring.xy[2 * i], &ring.xy[2 * i + 1]);
        }
      g_array_append_val (out, ring);
    }

  return out;
}

static void
path_rings (cairo_t          *cr,
            GArray           *rings,
            const CgGridView *view)
{
  for (guint r = 0; r < rings->len; r++)
    {
      const ProjRing *ring = &g_array_index (rings, ProjRing, r);

      for (guint i = 0; i < ring->n_points; i++)
        {
          double x = ring->xy[2 * i] * view->world + view->ox;
          double y = ring->xy[2 * i + 1] * view->world + view->oy;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (ring->n_points > 0)
        cairo_close_path (cr);
    }
}

static void
set_rgba (cairo_t *cr,
          guint32  rgb,
          double   alpha)
{
  cairo_set_source_rgba (cr,
                         ((rgb >> 16) & 0xff) / 255.0,
                         ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0,
                         alpha);
}

static void
draw_labels (CgOutlineLayer   *self,
             cairo_t          *cr,
             const CgGridView *view,
             double            zoom)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  double size = CLAMP (9.0 + (zoom - 12.0) * 1.5, 8.5, 15.0);

  if (zoom < 10.5)
    return;

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), NULL);
  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  for (guint s = 0; s < self->streets->len; s++)
    {
      const ProjStreet *street = g_ptr_array_index (self->streets, s);
      double x = street->cx * view->world + view->ox;
      double y = street->cy * view->world + view->oy;
      int w, h;

      if (street->name == NULL)
        continue;
      if (x < -200 || y < -50 || x > view->width + 200 || y > view->height + 50)
        continue;

      pango_layout_set_text (layout, street->name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);

      cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
      pango_cairo_layout_path (cr, layout);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 3.5);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0.24, 0.22, 0.27, 0.85);
      cairo_fill (cr);
    }
}

static void
cg_outline_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CgOutlineLayer *self = CG_OUTLINE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  CgGridView view;
  cairo_t *cr;
  double zoom;

  if (self->district == NULL)
    return;
  if (!_cg_map_get_view (viewport, widget, &view))
    return;

  zoom = shumate_viewport_get_zoom_level (viewport);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (self->mode == CG_OUTLINE_LAYER_LABELS)
    {
      draw_labels (self, cr, &view, zoom);
      cairo_destroy (cr);
      return;
    }

  /* the district's land, slightly lighter than the background around it */
  if (self->filled)
    {
      path_rings (cr, self->district_rings, &view);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_set_source_rgb (cr, 0.99, 0.985, 0.97);
      cairo_fill (cr);
    }

  /* streets: light fills, thin dashed borders */
  for (guint s = 0; s < self->streets->len; s++)
    {
      const ProjStreet *street = g_ptr_array_index (self->streets, s);

      cairo_new_path (cr);
      path_rings (cr, street->rings, &view);
      set_rgba (cr, street_fills[s % G_N_ELEMENTS (street_fills)], self->filled ? 0.22 : 0.10);
      cairo_fill_preserve (cr);
      cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
      cairo_set_line_width (cr, 1.4);
      cairo_set_source_rgba (cr, 0.24, 0.22, 0.27, 0.7);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);

  /* the district: a halo and a bold line */
  cairo_new_path (cr);
  path_rings (cr, self->district_rings, &view);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.7);
  cairo_set_line_width (cr, 7);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.24, 0.22, 0.27);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);

  if (self->mode == CG_OUTLINE_LAYER_ALL)
    draw_labels (self, cr, &view, zoom);

  cairo_destroy (cr);
}

static void
on_viewport_notify_cb (CgOutlineLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cg_outline_layer_constructed (GObject *object)
{
  CgOutlineLayer *self = CG_OUTLINE_LAYER (object);

  G_OBJECT_CLASS (cg_outline_layer_parent_class)->constructed (object);

  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
cg_outline_layer_finalize (GObject *object)
{
  CgOutlineLayer *self = CG_OUTLINE_LAYER (object);

  g_clear_pointer (&self->district, cg_district_unref);
  g_clear_pointer (&self->district_rings, g_array_unref);
  g_clear_pointer (&self->streets, g_ptr_array_unref);

  G_OBJECT_CLASS (cg_outline_layer_parent_class)->finalize (object);
}

static void
cg_outline_layer_class_init (CgOutlineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_outline_layer_constructed;
  object_class->finalize = cg_outline_layer_finalize;
  widget_class->snapshot = cg_outline_layer_snapshot;
}

static void
cg_outline_layer_init (CgOutlineLayer *self)
{
  self->streets = g_ptr_array_new_with_free_func (proj_street_free);
  self->district_rings = g_array_new (FALSE, TRUE, sizeof (ProjRing));
  self->filled = TRUE;
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

CgOutlineLayer *
cg_outline_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CG_TYPE_OUTLINE_LAYER, "viewport", viewport, NULL);
}

/* Projects the district's rings and label points into the viewport's datum */
static void
project_district (CgOutlineLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autofree CgRing *rings = NULL;
  CgDistrict *district = self->district;
  guint n;

  g_ptr_array_set_size (self->streets, 0);
  g_clear_pointer (&self->district_rings, g_array_unref);

  n = district ? cg_district_get_n_rings (district) : 0;
  rings = g_new0 (CgRing, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    rings[i] = *cg_district_get_ring (district, i);
  self->district_rings = project_rings (self, rings, n);

  for (guint s = 0; district != NULL && s < cg_district_get_n_streets (district); s++)
    {
      const CgStreet *street = cg_district_get_street (district, s);
      ProjStreet *ps = g_new0 (ProjStreet, 1);

      ps->rings = project_rings (self, street->rings, street->n_rings);
      _cg_map_project (viewport, street->center.lon, street->center.lat, &ps->cx, &ps->cy);
      ps->name = g_strdup (street->name);
      g_ptr_array_add (self->streets, ps);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_outline_layer_set_district (CgOutlineLayer *self,
                               CgDistrict     *district)
{
  g_return_if_fail (CG_IS_OUTLINE_LAYER (self));

  if (self->district == district)
    return;

  if (district != NULL)
    cg_district_ref (district);
  g_clear_pointer (&self->district, cg_district_unref);
  self->district = district;

  project_district (self);
}

void
cg_outline_layer_reproject (CgOutlineLayer *self)
{
  g_return_if_fail (CG_IS_OUTLINE_LAYER (self));

  project_district (self);
}

CgDistrict *
cg_outline_layer_get_district (CgOutlineLayer *self)
{
  g_return_val_if_fail (CG_IS_OUTLINE_LAYER (self), NULL);

  return self->district;
}

void
cg_outline_layer_set_filled (CgOutlineLayer *self,
                             gboolean        filled)
{
  g_return_if_fail (CG_IS_OUTLINE_LAYER (self));

  if (self->filled == !!filled)
    return;
  self->filled = !!filled;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_outline_layer_set_mode (CgOutlineLayer     *self,
                           CgOutlineLayerMode  mode)
{
  g_return_if_fail (CG_IS_OUTLINE_LAYER (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
