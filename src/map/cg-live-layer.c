/* cg-live-layer.c: officers and vehicles moving on the map
 *
 * Each device is a sprite holding where its symbol comes from and goes to (Web Mercator in
 * the unit square, in the tiles' datum) and when. A new fix starts a new leg from the
 * position drawn at that instant, lasting as long as the previous leg took to arrive (so the
 * symbol keeps moving at the pace of the feed), 0.5 to 10 s. While any leg runs, a timeout
 * queues a redraw at most GLIDE_FPS times a second, and only when a visible symbol moved by
 * MIN_MOVE_PX or more since the last frame; it removes itself when all legs have ended. (A
 * tick callback redrew at the frame rate: with 1,575 devices all gliding, a software renderer
 * spent half a core rasterising the window.) A new batch is drawn at the next frame. Each
 * symbol is a small texture drawn once per kind, state and heading; a frame is one texture
 * node per device.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cg-live-layer-private.h"
#include "cg-map-private.h"
#include "cg-mercator.h"

#define MIN_LEG_US     (500 * 1000)
#define MAX_LEG_US     (10 * G_USEC_PER_SEC)
#define HIT_RADIUS     9.0
#define MOVING_KMH     1.0            /* below this, no heading pointer */
#define REDRAW_SECONDS 15             /* for stale/online changes without new fixes */
#define GLIDE_FPS      10             /* redraws a second at most while symbols glide */
#define MIN_MOVE_PX    0.5            /* a glide frame only when a symbol moved this much */

typedef struct
{
  gint64      id;
  double      from_x, from_y;
  double      to_x, to_y;
  double      from_course;            /* NAN = unknown */
  double      to_course;
  gint64      start_us;
  gint64      duration_us;
  gint64      last_fix_us;            /* when the latest fix arrived (monotonic) */
} Sprite;

struct _CgLiveLayer
{
  ShumateLayer  parent_instance;

  CgLiveFeed   *feed;
  CgDatum       datum;
  gboolean      show_officers;
  gboolean      show_vehicles;
  GHashTable   *sprites;               /* gint64* -> Sprite* */
  guint         glide_id;              /* the glide's redraw timeout */
  guint         redraw_id;
  gint64        drawn_us;              /* time of the last frame drawn (0 = none) */
  guint         n_queued;              /* redraws queued by the glide and batches (debug) */
  guint         n_animating;
  guint         n_drawn;
  gint64        min_leg_us;
  gint64        max_leg_us;
  CgMapImage    textures[2][3][17];    /* kind, state, heading (16 = none) */
  int           textures_scale;
  gboolean      textures_cairo;        /* cairo surfaces, for the cairo renderer */
};

G_DEFINE_FINAL_TYPE (CgLiveLayer, cg_live_layer, SHUMATE_TYPE_LAYER)

static gint64
now_us (CgLiveLayer *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static void
project (CgLiveLayer *self,
         double       lon,
         double       lat,
         double      *x,
         double      *y)
{
  cg_coords_convert (CG_DATUM_WGS84, self->datum, lon, lat, &lon, &lat);
  *x = cg_mercator_x_from_lon (lon);
  *y = cg_mercator_y_from_lat (lat);
}

/* Where the sprite is at @t: linear along the leg, constant speed */
static double
sprite_progress (const Sprite *s,
                 gint64        t)
{
  if (s->duration_us <= 0 || t >= s->start_us + s->duration_us)
    return 1.0;
  if (t <= s->start_us)
    return 0.0;
  return (double) (t - s->start_us) / s->duration_us;
}

static void
sprite_at (const Sprite *s,
           gint64        t,
           double       *x,
           double       *y,
           double       *course)
{
  double f = sprite_progress (s, t);

  *x = s->from_x + (s->to_x - s->from_x) * f;
  *y = s->from_y + (s->to_y - s->from_y) * f;
  if (isnan (s->from_course) || isnan (s->to_course))
    *course = s->to_course;
  else
    {
      /* the short way round */
      double d = fmod (s->to_course - s->from_course + 540.0, 360.0) - 180.0;

      *course = fmod (s->from_course + d * f + 360.0, 360.0);
    }
}

static void
queue_frame (CgLiveLayer *self)
{
  self->n_queued++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean shown_id (CgLiveLayer *self,
                          gint64       id);

/* Whether a visible symbol moved by MIN_MOVE_PX or more between the last frame and @t */
static gboolean
moved_since_drawn (CgLiveLayer *self,
                   gint64       t,
                   guint       *running)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double half = 14.0;
  gboolean moved = FALSE;
  gboolean visible;
  CgGridView view;
  GHashTableIter iter;
  gpointer value;

  visible = gtk_widget_get_mapped (GTK_WIDGET (self)) &&
            _cg_map_get_view (viewport, GTK_WIDGET (self), &view);
  *running = 0;
  g_hash_table_iter_init (&iter, self->sprites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Sprite *s = value;
      double x0, y0, x1, y1, c;

      if (sprite_progress (s, t) < 1.0)
        (*running)++;
      if (moved || !visible || sprite_progress (s, self->drawn_us) >= 1.0)
        continue;
      sprite_at (s, self->drawn_us, &x0, &y0, &c);
      sprite_at (s, t, &x1, &y1, &c);
      x0 = x0 * view.world + view.ox;
      y0 = y0 * view.world + view.oy;
      x1 = x1 * view.world + view.ox;
      y1 = y1 * view.world + view.oy;
      if (hypot (x1 - x0, y1 - y0) < MIN_MOVE_PX)
        continue;
      if (((x0 >= -half && y0 >= -half && x0 <= view.width + half && y0 <= view.height + half) ||
           (x1 >= -half && y1 >= -half && x1 <= view.width + half && y1 <= view.height + half)) &&
          shown_id (self, s->id))
        moved = TRUE;
    }
  return moved;
}

static gboolean
on_glide_cb (gpointer user_data)
{
  CgLiveLayer *self = CG_LIVE_LAYER (user_data);
  guint running;

  if (moved_since_drawn (self, g_get_monotonic_time (), &running))
    queue_frame (self);
  self->n_animating = running;
  if (running == 0)
    {
      self->glide_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* (Re)starts the glide's timeout: the next glide frame one period after now */
static void
restart_glide (CgLiveLayer *self)
{
  g_clear_handle_id (&self->glide_id, g_source_remove);
  self->glide_id = g_timeout_add (1000 / GLIDE_FPS, on_glide_cb, self);
}

static void
on_positions_changed_cb (CgLiveFeed  *feed,
                         GArray      *batch,
                         CgLiveLayer *self)
{
  gint64 t = now_us (self);
  gboolean moved = FALSE;

  for (guint i = 0; i < batch->len; i++)
    {
      const CgTraccarPosition *p = &g_array_index (batch, CgTraccarPosition, i);
      Sprite *s = g_hash_table_lookup (self->sprites, &p->device_id);
      double x, y;

      project (self, p->lon, p->lat, &x, &y);
      if (s == NULL)
        {
          s = g_new0 (Sprite, 1);
          s->id = p->device_id;
          s->from_x = s->to_x = x;
          s->from_y = s->to_y = y;
          s->from_course = s->to_course = p->course;
          s->last_fix_us = t;
          g_hash_table_insert (self->sprites, g_memdup2 (&s->id, sizeof s->id), s);
          continue;
        }

      /* the new leg starts where the symbol is drawn now */
      sprite_at (s, t, &s->from_x, &s->from_y, &s->from_course);
      s->to_x = x;
      s->to_y = y;
      s->to_course = p->course;
      s->start_us = t;
      s->duration_us = CLAMP (t - s->last_fix_us, self->min_leg_us, self->max_leg_us);
      s->last_fix_us = t;
      moved = TRUE;
    }

  if (moved)
    restart_glide (self);
  queue_frame (self);
}

static void
on_devices_changed_cb (CgLiveFeed  *feed,
                       CgLiveLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_redraw_cb (gpointer user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
  return G_SOURCE_CONTINUE;
}

/* Fills the sprites of devices the feed already has a position for */
static void
load_sprites (CgLiveLayer *self)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (CgTraccarPosition));

  g_hash_table_remove_all (self->sprites);
  if (self->feed == NULL)
    return;
  devices = cg_live_feed_list_devices (self->feed);
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *d = devices->pdata[i];

      if (d->has_position)
        g_array_append_vals (batch, &d->position, 1);
    }
  on_positions_changed_cb (self->feed, batch, self);
}

/* ---- drawing ------------------------------------------------------------------------- */

static void
state_color (CgUnitState  state,
             double      *rgb)
{
  static const double colors[][3] = {
    [CG_UNIT_ONLINE] = { 0.11, 0.44, 0.85 },     /* blue */
    [CG_UNIT_STALE] = { 0.90, 0.59, 0.04 },      /* amber */
    [CG_UNIT_OFFLINE] = { 0.55, 0.55, 0.55 },    /* grey */
  };

  rgb[0] = colors[state][0];
  rgb[1] = colors[state][1];
  rgb[2] = colors[state][2];
}

static void
draw_heading (cairo_t *cr,
              double   x,
              double   y,
              double   course,
              double   distance)
{
  double a = course * G_PI / 180.0;
  double dx = sin (a);
  double dy = -cos (a);

  /* a small triangle ahead of the symbol, pointing where it goes */
  cairo_move_to (cr, x + dx * (distance + 5), y + dy * (distance + 5));
  cairo_line_to (cr, x + dx * distance - dy * 3.5, y + dy * distance + dx * 3.5);
  cairo_line_to (cr, x + dx * distance + dy * 3.5, y + dy * distance - dx * 3.5);
  cairo_close_path (cr);
}

static void
draw_symbol (cairo_t     *cr,
             CgUnitKind   kind,
             CgUnitState  state,
             gboolean     moving,
             double       x,
             double       y,
             double       course)
{
  double rgb[3];
  double size = kind == CG_UNIT_VEHICLE ? 7.0 : 5.0;

  state_color (state, rgb);
  cairo_new_path (cr);
  if (kind == CG_UNIT_VEHICLE)
    {
      double r = 3.0;

      /* a rounded square */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x + size - r, y - size + r, r, -G_PI / 2, 0);
      cairo_arc (cr, x + size - r, y + size - r, r, 0, G_PI / 2);
      cairo_arc (cr, x - size + r, y + size - r, r, G_PI / 2, G_PI);
      cairo_arc (cr, x - size + r, y - size + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
  else
    cairo_arc (cr, x, y, size, 0, 2 * G_PI);
  if (moving)
    draw_heading (cr, x, y, course, size + 1.5);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill (cr);

  /* vehicles: a white chevron inside, pointing where the vehicle heads (north if unknown) */
  if (kind == CG_UNIT_VEHICLE)
    {
      double a = (isfinite (course) ? course : 0.0) * G_PI / 180.0;
      double dx = sin (a), dy = -cos (a);

      cairo_move_to (cr, x + dx * 4.5, y + dy * 4.5);
      cairo_line_to (cr, x - dx * 3.0 - dy * 3.5, y - dy * 3.0 + dx * 3.5);
      cairo_line_to (cr, x - dx * 1.0, y - dy * 1.0);
      cairo_line_to (cr, x - dx * 3.0 + dy * 3.5, y - dy * 3.0 - dx * 3.5);
      cairo_close_path (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
    }
}

/* Symbols are drawn once per kind, state and heading (16 directions, and none) into small
 * images; a frame is then one node per device, far cheaper to render than one cairo surface
 * the size of the map (measured with 1,575 devices: 36 ms a frame for the cairo surface).
 * The images are textures for GL and cairo surfaces for the cairo renderer (CgMapImage). */
#define N_HEADINGS    16
#define NO_HEADING    N_HEADINGS
#define SPRITE_SIZE   28

static void
clear_textures (CgLiveLayer *self)
{
  for (guint k = 0; k < 2; k++)
    for (guint st = 0; st < 3; st++)
      for (guint h = 0; h <= N_HEADINGS; h++)
        _cg_map_image_clear (&self->textures[k][st][h]);
}

static void
ensure_textures (CgLiveLayer *self,
                 int          scale)
{
  int px = SPRITE_SIZE * scale;
  gboolean cairo = _cg_map_draws_with_cairo (GTK_WIDGET (self));

  if (self->textures_scale == scale && self->textures_cairo == cairo &&
      _cg_map_image_is_set (&self->textures[0][0][0]))
    return;
  clear_textures (self);
  self->textures_scale = scale;
  self->textures_cairo = cairo;
  for (guint k = 0; k < 2; k++)
    for (guint st = 0; st < 3; st++)
      for (guint h = 0; h <= N_HEADINGS; h++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
          cairo_t *cr = cairo_create (surface);

          cairo_scale (cr, scale, scale);
          draw_symbol (cr, k, st, h != NO_HEADING, SPRITE_SIZE / 2.0, SPRITE_SIZE / 2.0,
                       h != NO_HEADING ? h * 360.0 / N_HEADINGS : NAN);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          /* cairo's ARGB32 is GDK_MEMORY_DEFAULT (premultiplied, native endian) */
          _cg_map_image_init (&self->textures[k][st][h], cairo,
                              (const guint32 *) cairo_image_surface_get_data (surface), px, px,
                              cairo_image_surface_get_stride (surface) / 4, scale);
          cairo_surface_destroy (surface);
        }
}

static gboolean
shown (CgLiveLayer        *self,
       const CgLiveDevice *d)
{
  return d->kind == CG_UNIT_VEHICLE ? self->show_vehicles : self->show_officers;
}

static gboolean
shown_id (CgLiveLayer *self,
          gint64       id)
{
  const CgLiveDevice *d = self->feed != NULL ? cg_live_feed_lookup_device (self->feed, id) : NULL;

  return d != NULL && shown (self, d);
}

static void
cg_live_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CgLiveLayer *self = CG_LIVE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  gint64 t = now_us (self);
  gint64 wall = g_get_real_time () / G_USEC_PER_SEC;
  double half = SPRITE_SIZE / 2.0;
  CgGridView view;
  GHashTableIter iter;
  gpointer value;

  self->n_drawn = 0;
  self->drawn_us = t;
  if (self->feed == NULL || g_hash_table_size (self->sprites) == 0 ||
      !_cg_map_get_view (viewport, widget, &view))
    return;
  ensure_textures (self, gtk_widget_get_scale_factor (widget));

  /* offline first, then stale, then online on top */
  for (int pass = CG_UNIT_OFFLINE; pass >= CG_UNIT_ONLINE; pass--)
    {
      g_hash_table_iter_init (&iter, self->sprites);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const Sprite *s = value;
          const CgLiveDevice *d = cg_live_feed_lookup_device (self->feed, s->id);
          double mx, my, course, x, y;
          CgUnitState state;
          gboolean moving;
          guint heading;

          if (d == NULL || !shown (self, d))
            continue;
          state = cg_live_feed_get_device_state (self->feed, d, wall);
          if ((int) state != pass)
            continue;
          sprite_at (s, t, &mx, &my, &course);
          x = mx * view.world + view.ox;
          y = my * view.world + view.oy;
          if (x < -half || y < -half || x > view.width + half || y > view.height + half)
            continue;
          moving = d->has_position && isfinite (course) && isfinite (d->position.speed_kmh) &&
                   d->position.speed_kmh >= MOVING_KMH && state != CG_UNIT_OFFLINE;
          heading = moving ? (guint) floor (course / (360.0 / N_HEADINGS) + 0.5) % N_HEADINGS
                           : NO_HEADING;
          _cg_map_image_append (&self->textures[d->kind][state][heading], snapshot,
                                &GRAPHENE_RECT_INIT (x - half, y - half, SPRITE_SIZE, SPRITE_SIZE));
          self->n_drawn++;
        }
    }
}

static gboolean
cg_live_layer_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  CgLiveLayer *self = CG_LIVE_LAYER (widget);
  gint64 id = cg_live_layer_get_device_at (self, x, y);
  g_autofree char *text = NULL;

  if (id == 0 || (text = cg_live_layer_describe_device (self, id)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
on_viewport_notify_cb (CgLiveLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cg_live_layer_constructed (GObject *object)
{
  CgLiveLayer *self = CG_LIVE_LAYER (object);

  G_OBJECT_CLASS (cg_live_layer_parent_class)->constructed (object);

  /* libshumate 1.0 has no "changed" signal */
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (on_viewport_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
cg_live_layer_dispose (GObject *object)
{
  CgLiveLayer *self = CG_LIVE_LAYER (object);

  cg_live_layer_set_feed (self, NULL);
  g_clear_handle_id (&self->glide_id, g_source_remove);
  g_clear_handle_id (&self->redraw_id, g_source_remove);

  G_OBJECT_CLASS (cg_live_layer_parent_class)->dispose (object);
}

static void
cg_live_layer_finalize (GObject *object)
{
  CgLiveLayer *self = CG_LIVE_LAYER (object);

  g_clear_pointer (&self->sprites, g_hash_table_unref);
  clear_textures (self);

  G_OBJECT_CLASS (cg_live_layer_parent_class)->finalize (object);
}

static void
cg_live_layer_class_init (CgLiveLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cg_live_layer_constructed;
  object_class->dispose = cg_live_layer_dispose;
  object_class->finalize = cg_live_layer_finalize;
  widget_class->snapshot = cg_live_layer_snapshot;
  widget_class->query_tooltip = cg_live_layer_query_tooltip;
}

static void
cg_live_layer_init (CgLiveLayer *self)
{
  self->datum = CG_DATUM_WGS84;
  self->min_leg_us = MIN_LEG_US;
  self->max_leg_us = MAX_LEG_US;
  self->show_officers = TRUE;
  self->show_vehicles = TRUE;
  self->sprites = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/* ---- public API ---------------------------------------------------------------------- */

CgLiveLayer *
cg_live_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CG_TYPE_LIVE_LAYER, "viewport", viewport, NULL);
}

void
cg_live_layer_set_feed (CgLiveLayer *self,
                        CgLiveFeed  *feed)
{
  g_return_if_fail (CG_IS_LIVE_LAYER (self));
  g_return_if_fail (feed == NULL || CG_IS_LIVE_FEED (feed));

  if (self->feed == feed)
    return;
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_set_object (&self->feed, feed);
  if (feed != NULL)
    {
      g_signal_connect (feed, "positions-changed", G_CALLBACK (on_positions_changed_cb), self);
      g_signal_connect (feed, "devices-changed", G_CALLBACK (on_devices_changed_cb), self);
      self->redraw_id = g_timeout_add_seconds (REDRAW_SECONDS, on_redraw_cb, self);
    }
  load_sprites (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CgLiveFeed *
cg_live_layer_get_feed (CgLiveLayer *self)
{
  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), NULL);
  return self->feed;
}

void
cg_live_layer_set_datum (CgLiveLayer *self,
                         CgDatum      datum)
{
  g_return_if_fail (CG_IS_LIVE_LAYER (self));

  if (self->datum == datum)
    return;
  self->datum = datum;
  load_sprites (self);       /* re-projected, without animating the datum shift */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_live_layer_set_show_officers (CgLiveLayer *self,
                                 gboolean     show)
{
  g_return_if_fail (CG_IS_LIVE_LAYER (self));
  self->show_officers = !!show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cg_live_layer_set_show_vehicles (CgLiveLayer *self,
                                 gboolean     show)
{
  g_return_if_fail (CG_IS_LIVE_LAYER (self));
  self->show_vehicles = !!show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cg_live_layer_get_device_position (CgLiveLayer *self,
                                   gint64       device_id,
                                   double      *x,
                                   double      *y)
{
  ShumateViewport *viewport;
  const Sprite *s;
  CgGridView view;
  double mx, my, course;

  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), FALSE);

  s = g_hash_table_lookup (self->sprites, &device_id);
  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (s == NULL || !_cg_map_get_view (viewport, GTK_WIDGET (self), &view))
    return FALSE;
  sprite_at (s, now_us (self), &mx, &my, &course);
  *x = mx * view.world + view.ox;
  *y = my * view.world + view.oy;
  return TRUE;
}

gint64
cg_live_layer_get_device_at (CgLiveLayer *self,
                             double       x,
                             double       y)
{
  GHashTableIter iter;
  gpointer value;
  gint64 best = 0;
  double best_d2 = HIT_RADIUS * HIT_RADIUS;

  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), 0);

  if (self->feed == NULL)
    return 0;
  g_hash_table_iter_init (&iter, self->sprites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Sprite *s = value;
      const CgLiveDevice *d = cg_live_feed_lookup_device (self->feed, s->id);
      double sx, sy, d2;

      if (d == NULL || !shown (self, d) || !cg_live_layer_get_device_position (self, s->id, &sx, &sy))
        continue;
      d2 = (sx - x) * (sx - x) + (sy - y) * (sy - y);
      if (d2 < best_d2)
        {
          best_d2 = d2;
          best = s->id;
        }
    }
  return best;
}

char *
cg_live_layer_describe_device (CgLiveLayer *self,
                               gint64       device_id)
{
  const CgLiveDevice *d;
  const char *kind, *state;
  g_autoptr(GDateTime) fix = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), NULL);

  if (self->feed == NULL || (d = cg_live_feed_lookup_device (self->feed, device_id)) == NULL)
    return NULL;
  kind = d->kind == CG_UNIT_VEHICLE ? C_("live unit", "Vehicle") : C_("live unit", "Officer");
  switch (cg_live_feed_get_device_state (self->feed, d, 0))
    {
    case CG_UNIT_ONLINE:
      state = C_("live state", "online");
      break;
    case CG_UNIT_STALE:
      state = C_("live state", "no recent position");
      break;
    case CG_UNIT_OFFLINE:
    default:
      state = C_("live state", "offline");
      break;
    }
  if (!d->has_position)
    return g_strdup_printf ("%s · %s · %s", d->name, kind, state);

  fix = g_date_time_new_from_unix_local (d->position.fix_time);
  time = fix != NULL ? g_date_time_format (fix, "%H:%M:%S") : g_strdup ("?");
  if (isfinite (d->position.speed_kmh))
    /* TRANSLATORS: name · officer/vehicle · state · speed · time of the fix */
    return g_strdup_printf (_("%s · %s · %s · %.0f km/h · %s"), d->name, kind, state,
                            d->position.speed_kmh, time);
  return g_strdup_printf ("%s · %s · %s · %s", d->name, kind, state, time);
}

guint
cg_live_layer_get_n_animating (CgLiveLayer *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 t;
  guint n = 0;

  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), 0);

  t = now_us (self);
  g_hash_table_iter_init (&iter, self->sprites);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (sprite_progress (value, t) < 1.0)
      n++;
  return n;
}

guint
cg_live_layer_get_n_drawn (CgLiveLayer *self)
{
  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), 0);
  return self->n_drawn;
}

guint
_cg_live_layer_get_n_queued (CgLiveLayer *self)
{
  g_return_val_if_fail (CG_IS_LIVE_LAYER (self), 0);
  return self->n_queued;
}

void
_cg_live_layer_set_leg_limits (CgLiveLayer *self,
                               gint64       min_us,
                               gint64       max_us)
{
  g_return_if_fail (CG_IS_LIVE_LAYER (self));

  self->min_leg_us = MAX (min_us, 1);
  self->max_leg_us = MAX (max_us, self->min_leg_us);
}
