/* cg-poi-layer.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thousands to hundreds of thousands of points in one layer (platform-notes §1): the points
 * are projected to Mercator once when set; each snapshot thins them with a map-anchored
 * screen grid, stamps one pre-rendered sprite per kept point into a CPU buffer and appends
 * that buffer as a single texture.
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-map-private.h"
#include "cg-mercator.h"
#include "cg-poi-symbols.h"
#include "cg-poi-layer.h"

#define N_RISKS    4
#define N_VARIANTS 4   /* flags: camera, offline */
#define HIT_RADIUS 7.0 /* logical pixels */
#define LARGE_TIER_ZOOM 15.5

typedef struct
{
  int      size;       /* device pixels, square */
  guint32 *pixels;     /* premultiplied ARGB (cairo ARGB32 = GDK_MEMORY_DEFAULT) */
} Sprite;

struct _CgPoiLayer
{
  ShumateLayer   parent_instance;

  GArray        *points;      /* CgMapPoint, owned ref */
  CgProjPoint   *proj;        /* same order */
  CgPointIndex  *index;
  CgThinGrid    *grid;
  guint          counts[CG_N_POINT_KINDS][N_RISKS];

  Sprite         sprites[2][CG_N_POINT_KINDS][N_RISKS][N_VARIANTS];
  int            sprite_scale;

  gint64         selected;
  guint          n_drawn;

  guint          show_merchants : 1;
  guint          show_sites : 1;
  guint          show_points : 1;
};

G_DEFINE_FINAL_TYPE (CgPoiLayer, cg_poi_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_N_POINTS,
  PROP_SHOW_MERCHANTS,
  PROP_SHOW_SITES,
  PROP_SHOW_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
_cg_map_get_view (ShumateViewport *viewport,
                  GtkWidget       *widget,
                  CgGridView      *view)
{
  ShumateMapSource *ref = shumate_viewport_get_reference_map_source (viewport);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));

  memset (view, 0, sizeof *view);

  if (ref == NULL)
    return FALSE;

  view->width = gtk_widget_get_width (widget);
  view->height = gtk_widget_get_height (widget);
  view->world = shumate_map_source_get_tile_size_at_zoom (ref, zoom) *
                shumate_map_source_get_column_count (ref, (guint) zoom);
  view->ox = view->width / 2.0 - cg_mercator_x_from_lon (lon) * view->world;
  view->oy = view->height / 2.0 - cg_mercator_y_from_lat (lat) * view->world;

  return view->width > 0 && view->height > 0 && view->world > 0;
}

static guint
kind_mask (CgPoiLayer *self)
{
  return (self->show_merchants ? 1u << CG_COLLECTION_MERCHANTS : 0) |
         (self->show_sites ? 1u << CG_COLLECTION_SITES : 0) |
         (self->show_points ? 1u << CG_COLLECTION_POINTS : 0);
}

static void
clear_sprites (CgPoiLayer *self)
{
  Sprite *all = &self->sprites[0][0][0][0];

  for (gsize i = 0; i < sizeof self->sprites / sizeof (Sprite); i++)
    g_clear_pointer (&all[i].pixels, g_free);
  self->sprite_scale = 0;
}

static void
render_sprite (Sprite *sprite,
               int     scale,
               guint8  kind,
               guint8  risk,
               guint8  flags,
               int     tier)
{
  int logical = cg_poi_symbol_get_size (kind, tier);
  cairo_surface_t *surface;
  cairo_t *cr;
  int stride;

  /* odd sizes so the centre falls on the middle of a pixel */
  sprite->size = (logical + 2) * scale;
  if (sprite->size % 2 == 0)
    sprite->size++;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sprite->size, sprite->size);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cg_poi_symbol_draw (cr, kind, risk, flags,
                      sprite->size / 2.0 / scale, sprite->size / 2.0 / scale, logical);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  stride = cairo_image_surface_get_stride (surface);
  sprite->pixels = g_new (guint32, (gsize) sprite->size * sprite->size);
  for (int y = 0; y < sprite->size; y++)
    memcpy (sprite->pixels + (gsize) y * sprite->size,
            cairo_image_surface_get_data (surface) + (gsize) y * stride,
            sizeof (guint32) * sprite->size);
  cairo_surface_destroy (surface);
}

static void
ensure_sprites (CgPoiLayer *self,
                int         scale)
{
  if (self->sprite_scale == scale)
    return;

  clear_sprites (self);
  for (int tier = 0; tier < 2; tier++)
    for (guint8 kind = 0; kind < CG_N_POINT_KINDS; kind++)
      for (guint8 risk = 0; risk < N_RISKS; risk++)
        for (guint8 variant = 0; variant < N_VARIANTS; variant++)
          render_sprite (&self->sprites[tier][kind][risk][variant], scale, kind, risk, variant, tier);
  self->sprite_scale = scale;
}

static inline void
stamp (guint32      *buf,
       int           buf_w,
       int           buf_h,
       const Sprite *sprite,
       int           cx,
       int           cy)
{
  int x0 = cx - sprite->size / 2;
  int y0 = cy - sprite->size / 2;
  int sx0 = MAX (0, -x0), sy0 = MAX (0, -y0);
  int sx1 = MIN (sprite->size, buf_w - x0), sy1 = MIN (sprite->size, buf_h - y0);

  for (int sy = sy0; sy < sy1; sy++)
    {
      const guint32 *src = sprite->pixels + (gsize) sy * sprite->size;
      guint32 *dst = buf + (gsize) (y0 + sy) * buf_w + x0;

      for (int sx = sx0; sx < sx1; sx++)
        {
          guint32 s = src[sx];
          guint32 a = s >> 24;

          if (a == 0)
            continue;
          if (a == 255)
            dst[sx] = s;
          else
            {
              /* premultiplied source-over */
              guint32 d = dst[sx];
              guint32 inv = 255 - a;
              guint32 rb = ((d & 0x00ff00ff) * inv + 0x00800080) >> 8 & 0x00ff00ff;
              guint32 ag = ((d >> 8) & 0x00ff00ff) * inv + 0x00800080;

              ag = ag & 0xff00ff00;
              dst[sx] = s + (rb | ag);
            }
        }
    }
}

static void
cg_poi_layer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CgPoiLayer *self = CG_POI_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int scale = gtk_widget_get_scale_factor (widget);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  CgGridView view;
  const guint32 *kept;
  guint n_kept = 0;
  int tier, buf_w, buf_h;
  guint32 *buf;

  self->n_drawn = 0;

  if (self->points == NULL || self->points->len == 0 || kind_mask (self) == 0)
    return;
  if (!_cg_map_get_view (viewport, widget, &view))
    return;

  tier = shumate_viewport_get_zoom_level (viewport) >= LARGE_TIER_ZOOM ? 1 : 0;
  /* one cell per small symbol: coarser cells would hide too much at district zoom */
  view.cell = tier ? 4.0 : 3.0;
  view.margin = 10.0;

  kept = cg_thin_grid_run (self->grid, self->proj, self->points->len, &view,
                           kind_mask (self), &n_kept);
  if (n_kept == 0)
    return;

  ensure_sprites (self, scale);

  buf_w = (int) view.width * scale;
  buf_h = (int) view.height * scale;
  buf = g_malloc0 ((gsize) buf_w * buf_h * sizeof (guint32));

  for (guint k = 0; k < n_kept; k++)
    {
      const CgProjPoint *p = &self->proj[kept[k]];
      const Sprite *sprite = &self->sprites[tier][p->kind][MIN (p->risk, N_RISKS - 1)]
                                           [p->flags & (N_VARIANTS - 1)];
      int cx = (int) floor ((p->x * view.world + view.ox) * scale);
      int cy = (int) floor ((p->y * view.world + view.oy) * scale);

      stamp (buf, buf_w, buf_h, sprite, cx, cy);
    }
  self->n_drawn = n_kept;

  bytes = g_bytes_new_take (buf, (gsize) buf_w * buf_h * sizeof (guint32));
  texture = gdk_memory_texture_new (buf_w, buf_h, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) buf_w * sizeof (guint32));
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (0, 0, view.width, view.height));

  if (self->selected >= 0 && (guint) self->selected < self->points->len)
    {
      const CgProjPoint *p = &self->proj[self->selected];
      double x = p->x * view.world + view.ox;
      double y = p->y * view.world + view.oy;
      double r = cg_poi_symbol_get_size (p->kind, tier) / 2.0 + 5;
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (x - r - 3, y - r - 3,
                                                                    2 * r + 6, 2 * r + 6));

      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
}

static void
on_viewport_notify_cb (CgPoiLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cg_poi_layer_constructed (GObject *object)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  G_OBJECT_CLASS (cg_poi_layer_parent_class)->constructed (object);

  /* libshumate 1.0 has no "changed" signal */
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
cg_poi_layer_finalize (GObject *object)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  clear_sprites (self);
  g_clear_pointer (&self->index, cg_point_index_free);
  g_clear_pointer (&self->grid, cg_thin_grid_free);
  g_clear_pointer (&self->proj, g_free);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (cg_poi_layer_parent_class)->finalize (object);
}

static void
cg_poi_layer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  switch (prop_id)
    {
    case PROP_N_POINTS:
      g_value_set_uint (value, cg_poi_layer_get_n_points (self));
      break;
    case PROP_SHOW_MERCHANTS:
      g_value_set_boolean (value, self->show_merchants);
      break;
    case PROP_SHOW_SITES:
      g_value_set_boolean (value, self->show_sites);
      break;
    case PROP_SHOW_POINTS:
      g_value_set_boolean (value, self->show_points);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_poi_layer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  switch (prop_id)
    {
    case PROP_SHOW_MERCHANTS:
      cg_poi_layer_set_show_merchants (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_SITES:
      cg_poi_layer_set_show_sites (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_POINTS:
      cg_poi_layer_set_show_points (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_poi_layer_class_init (CgPoiLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_poi_layer_constructed;
  object_class->finalize = cg_poi_layer_finalize;
  object_class->get_property = cg_poi_layer_get_property;
  object_class->set_property = cg_poi_layer_set_property;

  widget_class->snapshot = cg_poi_layer_snapshot;

  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_MERCHANTS] =
    g_param_spec_boolean ("show-merchants", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_SITES] =
    g_param_spec_boolean ("show-sites", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHOW_POINTS] =
    g_param_spec_boolean ("show-points", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cg_poi_layer_init (CgPoiLayer *self)
{
  self->grid = cg_thin_grid_new ();
  self->selected = -1;
  self->show_merchants = self->show_sites = self->show_points = TRUE;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

CgPoiLayer *
cg_poi_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CG_TYPE_POI_LAYER, "viewport", viewport, NULL);
}

void
cg_poi_layer_set_points (CgPoiLayer *self,
                         GArray     *points)
{
  guint old_n;

  g_return_if_fail (CG_IS_POI_LAYER (self));
  g_return_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (CgMapPoint));

  old_n = cg_poi_layer_get_n_points (self);

  if (points != NULL)
    g_array_ref (points);
  g_clear_pointer (&self->index, cg_point_index_free);
  g_clear_pointer (&self->proj, g_free);
  g_clear_pointer (&self->points, g_array_unref);
  memset (self->counts, 0, sizeof self->counts);
  self->points = points;
  self->selected = -1;

  if (points != NULL)
    {
      self->proj = g_new (CgProjPoint, MAX (points->len, 1));
      for (guint i = 0; i < points->len; i++)
        {
          const CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);
          CgProjPoint *p = &self->proj[i];

          /* WGS-84 to the datum of the tiles on screen (the map view re-sets the points when
           * that changes) */
          _cg_map_project (shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                           mp->lon, mp->lat, &p->x, &p->y);
          p->kind = mp->collection < CG_N_POINT_KINDS ? mp->collection : CG_N_POINT_KINDS;
          p->risk = MIN (mp->risk, N_RISKS - 1);
          p->flags = mp->flags;
          p->street = mp->street;
          if (p->kind < CG_N_POINT_KINDS)
            self->counts[p->kind][p->risk]++;
        }
      self->index = cg_point_index_new (self->proj, points->len);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (old_n != cg_poi_layer_get_n_points (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
}

GArray *
cg_poi_layer_get_points (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), NULL);

  return self->points;
}

guint
cg_poi_layer_get_n_points (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  return self->points ? self->points->len : 0;
}

guint
cg_poi_layer_get_count (CgPoiLayer   *self,
                        CgCollection  collection,
                        int           risk)
{
  guint n = 0;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  if ((guint) collection >= CG_N_POINT_KINDS)
    return 0;
  if (risk >= 0)
    return risk < N_RISKS ? self->counts[collection][risk] : 0;
  for (int r = 0; r < N_RISKS; r++)
    n += self->counts[collection][r];

  return n;
}

const CgMapPoint *
cg_poi_layer_get_point (CgPoiLayer *self,
                        gint64      index)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), NULL);

  if (self->points == NULL || index < 0 || index >= self->points->len)
    return NULL;

  return &g_array_index (self->points, CgMapPoint, index);
}

gint64
cg_poi_layer_get_point_at (CgPoiLayer *self,
                           double      x,
                           double      y)
{
  CgGridView view;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), -1);

  if (self->index == NULL)
    return -1;
  if (!_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                         GTK_WIDGET (self), &view))
    return -1;

  return cg_point_index_nearest (self->index,
                                 (x - view.ox) / view.world,
                                 (y - view.oy) / view.world,
                                 HIT_RADIUS / view.world,
                                 kind_mask (self));
}

void
cg_poi_layer_set_selected (CgPoiLayer *self,
                           gint64      index)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));

  if (index < 0 || self->points == NULL || index >= self->points->len)
    index = -1;
  if (self->selected == index)
    return;

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
cg_poi_layer_get_selected (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), -1);

  return self->selected;
}

static void
set_show (CgPoiLayer *self,
          guint       prop_id,
          gboolean    show)
{
  gboolean old;

  switch (prop_id)
    {
    case PROP_SHOW_MERCHANTS:
      old = self->show_merchants;
      self->show_merchants = !!show;
      break;
    case PROP_SHOW_SITES:
      old = self->show_sites;
      self->show_sites = !!show;
      break;
    default:
      old = self->show_points;
      self->show_points = !!show;
      break;
    }

  if (old == !!show)
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
cg_poi_layer_set_show_merchants (CgPoiLayer *self,
                                 gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, PROP_SHOW_MERCHANTS, show);
}

gboolean
cg_poi_layer_get_show_merchants (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return self->show_merchants;
}

void
cg_poi_layer_set_show_sites (CgPoiLayer *self,
                             gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, PROP_SHOW_SITES, show);
}

gboolean
cg_poi_layer_get_show_sites (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return self->show_sites;
}

void
cg_poi_layer_set_show_points (CgPoiLayer *self,
                              gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, PROP_SHOW_POINTS, show);
}

gboolean
cg_poi_layer_get_show_points (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return self->show_points;
}

guint
cg_poi_layer_get_n_drawn (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);
  return self->n_drawn;
}
