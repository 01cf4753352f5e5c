/* cg-poi-layer.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thousands to hundreds of thousands of points in one layer (platform-notes §1): the points
 * are projected to Mercator once when set, and the ones the filter lets through are
 * clustered by a CgClusterIndex (anchored to the map: clusters are computed per integer zoom
 * in map coordinates, so they do not move while panning). Each snapshot asks the index for
 * the items in view, stamps a pre-rendered sprite per single object into a CPU buffer, draws
 * the clusters (a few hundred at most) into the same buffer with cairo, and appends the
 * buffer as a single texture. When the integer zoom changes, children move out of their
 * parent's position (or into it) for a short, frame-clock driven animation.
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-map-private.h"
#include "cg-mercator.h"
#include "cg-poi-symbols.h"
#include "cg-poi-layer.h"

#define N_KINDS    CG_POI_FILTER_N_KINDS
#define N_RISKS    4
#define N_VARIANTS 4   /* flags: camera, offline */
#define HIT_RADIUS 7.0 /* logical pixels */
#define LARGE_TIER_ZOOM 15.5
#define SYNC_BUILD_LIMIT 30000   /* points clustered on the main thread at most (~6 ms) */
#define ANIM_USEC  (250 * 1000)
#define MARGIN     40.0          /* pixels beyond the edges still drawn (cluster radius) */

/* Per clustered object: kind (bits 0-1), risk (2-3), flags (4-5), overdue (6) */
#define INFO_KIND(i)    ((i) & 3)
#define INFO_RISK(i)    (((i) >> 2) & 3)
#define INFO_FLAGS(i)   (((i) >> 4) & 3)
#define INFO_OVERDUE(i) (((i) >> 6) & 1)

typedef struct
{
  int      size;       /* device pixels, square */
  guint32 *pixels;     /* premultiplied ARGB (cairo ARGB32 = GDK_MEMORY_DEFAULT) */
} Sprite;

/* A cluster index with what drawing needs about its objects, independent of later changes
 * of the layer's points */
typedef struct
{
  CgClusterIndex *index;
  guint32        *map;      /* index point -> layer point index */
  guint8         *info;     /* index point -> INFO_* */
  guint           n;
  GArray         *points;   /* ref: the points it was built for */
} IndexState;

struct _CgPoiLayer
{
  ShumateLayer   parent_instance;

  GArray        *points;      /* CgMapPoint, owned ref */
  GPtrArray     *ids;         /* place ids, same order, nullable */
  double        *pxy;         /* projected, interleaved, same order */
  guint8        *overdue;     /* per point, nullable */
  guint          n_overdue;
  GHashTable    *overdue_ids; /* ref, nullable */
  guint          counts[N_KINDS][N_RISKS];
  guint          shown_counts[N_KINDS][N_RISKS];
  guint          n_shown;
  CgPoiFilter    filter;

  IndexState    *state;
  guint          build_serial;
  guint          building : 1;

  Sprite         sprites[2][N_KINDS][N_RISKS][N_VARIANTS];
  Sprite         badges[2];
  int            sprite_scale;
  PangoLayout   *count_layout;
  GHashTable    *cluster_sprites;  /* cluster id -> Sprite*, for the current index and scale */
  GArray        *items;       /* scratch: CgClusterItem */
  GArray        *pos;         /* scratch: double x, y per item (pixels) */
  guint32       *buf;         /* the drawing buffer while animating, kept cleared */
  GHashTable    *tile_cache;  /* gint64 (ty << 32 | tx) -> CachedTile* or EMPTY_TILE */
  guint32       *tile_buf;    /* scratch: one tile being drawn, tile_buf_dev squared */
  int            tile_buf_dev;
  guint          state_serial;
  guint          tile_serial;
  double         tile_world;
  int            tile_scale;
  gboolean       tile_cairo;  /* the cached tiles are cairo surfaces (cairo renderer) */
  int            buf_w;
  int            buf_h;

  /* animation */
  int            shown_zoom;  /* integer zoom drawn last, G_MININT = none */
  int            anim_from;   /* G_MININT = not animating */
  gint64         anim_start;
  guint          tick_id;
  guint          animate : 1;

  gint64         selected;
  guint          n_drawn;
  guint          n_clusters_drawn;
};

G_DEFINE_FINAL_TYPE (CgPoiLayer, cg_poi_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_N_POINTS,
  PROP_N_SHOWN,
  PROP_BUILDING,
  PROP_SHOW_MERCHANTS,
  PROP_SHOW_SITES,
  PROP_SHOW_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (CgPoiLayer *self);

/* The projection of points, in one place: WGS-84 to Mercator in the datum of the tiles on
 * screen (the map view calls cg_poi_layer_reproject() when that changes) */
void
cg_poi_layer_project (CgPoiLayer       *self,
                      const CgMapPoint *mp,
                      double           *x,
                      double           *y)
{
  _cg_map_project (shumate_layer_get_viewport (SHUMATE_LAYER (self)), mp->lon, mp->lat, x, y);
}

static int
view_zoom (CgPoiLayer *self)
{
  double z = shumate_viewport_get_zoom_level (shumate_layer_get_viewport (SHUMATE_LAYER (self)));

  return (int) floor (z + 1e-9);
}

/* Index states */

static void
index_state_free (IndexState *st)
{
  if (st == NULL)
    return;
  g_clear_pointer (&st->index, cg_cluster_index_unref);
  g_free (st->map);
  g_free (st->info);
  g_clear_pointer (&st->points, g_array_unref);
  g_free (st);
}

typedef struct
{
  IndexState *st;
  double     *x;
  double     *y;
  guint8     *risk;
  guint       serial;
} BuildData;

static void
build_data_free (gpointer data)
{
  BuildData *bd = data;

  index_state_free (bd->st);
  g_free (bd->x);
  g_free (bd->y);
  g_free (bd->risk);
  g_free (bd);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *bd = task_data;
  gint64 start = g_get_monotonic_time ();

  bd->st->index = cg_cluster_index_new (bd->x, bd->y, bd->risk, bd->st->n, NULL);
  g_debug ("Clustered %u points in %.1f ms (worker)", bd->st->n,
           (g_get_monotonic_time () - start) / 1000.0);
  g_task_return_boolean (task, TRUE);
}

static void
set_building (CgPoiLayer *self,
              gboolean    building)
{
  if (self->building == !!building)
    return;
  self->building = !!building;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);
}

static void
install_state (CgPoiLayer *self,
               IndexState *st)
{
  g_clear_pointer (&self->state, index_state_free);
  self->state = st;
  g_hash_table_remove_all (self->cluster_sprites);
  self->state_serial++;
  /* a new index: no animation between unrelated clusterings */
  self->shown_zoom = G_MININT;
  self->anim_from = G_MININT;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CgPoiLayer *self = CG_POI_LAYER (object);
  BuildData *bd = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  if (bd->serial != self->build_serial)
    return;   /* superseded by a later build */

  install_state (self, g_steal_pointer (&bd->st));
  set_building (self, FALSE);
}

/* Selects the points the filter lets through, counts them, and clusters them (here for small
 * sets, in a worker thread for large ones). */
static void
rebuild (CgPoiLayer *self)
{
  guint n_all = self->points ? self->points->len : 0;
  BuildData *bd;
  IndexState *st;
  guint n = 0;

  memset (self->shown_counts, 0, sizeof self->shown_counts);
  self->build_serial++;

  st = g_new0 (IndexState, 1);
  st->map = g_new (guint32, MAX (n_all, 1));
  st->info = g_new (guint8, MAX (n_all, 1));
  st->points = self->points ? g_array_ref (self->points) : NULL;

  bd = g_new0 (BuildData, 1);
  bd->x = g_new (double, MAX (n_all, 1));
  bd->y = g_new (double, MAX (n_all, 1));
  bd->risk = g_new (guint8, MAX (n_all, 1));
  bd->serial = self->build_serial;

  for (guint i = 0; i < n_all; i++)
    {
      const CgMapPoint *mp = &g_array_index (self->points, CgMapPoint, i);
      gboolean overdue = self->overdue != NULL && self->overdue[i];
      guint risk = MIN (mp->risk, N_RISKS - 1);

      if (!cg_poi_filter_matches (&self->filter, mp->collection, risk, mp->street,
                                  mp->category, overdue))
        continue;

      self->shown_counts[mp->collection][risk]++;
      st->map[n] = i;
      st->info[n] = (guint8) (mp->collection | risk << 2 | (mp->flags & 3) << 4 |
                              (overdue ? 1 : 0) << 6);
      bd->x[n] = self->pxy[2 * i];
      bd->y[n] = self->pxy[2 * i + 1];
      /* enforcement points carry no grade: they count as "not graded" in the rings */
      bd->risk[n] = mp->collection == CG_COLLECTION_POINTS ? CG_RISK_UNKNOWN : risk;
      n++;
    }
  st->n = n;
  bd->st = st;
  self->n_shown = n;

  if (n <= SYNC_BUILD_LIMIT)
    {
      gint64 start = g_get_monotonic_time ();

      st->index = cg_cluster_index_new (bd->x, bd->y, bd->risk, n, NULL);
      g_debug ("Clustered %u points in %.1f ms", n, (g_get_monotonic_time () - start) / 1000.0);
      bd->st = NULL;
      build_data_free (bd);
      install_state (self, st);
      set_building (self, FALSE);
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, build_done_cb, NULL);

      g_task_set_source_tag (task, rebuild);
      g_task_set_task_data (task, bd, build_data_free);
      set_building (self, TRUE);
      /* keep showing the old clusters only if they are of the same points */
      if (self->state != NULL && self->state->points != self->points)
        install_state (self, NULL);
      g_task_run_in_thread (task, build_thread);
    }

  /* notified on every rebuild: the counts per kind and grade may change at the same total */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
}

/* Sprites */

static void
clear_sprites (CgPoiLayer *self)
{
  Sprite *all = &self->sprites[0][0][0][0];

  for (gsize i = 0; i < sizeof self->sprites / sizeof (Sprite); i++)
    g_clear_pointer (&all[i].pixels, g_free);
  for (int t = 0; t < 2; t++)
    g_clear_pointer (&self->badges[t].pixels, g_free);
  self->sprite_scale = 0;
}

typedef void (*DrawFunc) (cairo_t *cr,
                          double   c,
                          int      logical,
                          gpointer data);

static void
render_sprite (Sprite   *sprite,
               int       scale,
               int       logical,
               DrawFunc  draw,
               gpointer  data)
{
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
  draw (cr, sprite->size / 2.0 / scale, logical, data);
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
draw_symbol_cb (cairo_t *cr,
                double   c,
                int      logical,
                gpointer data)
{
  guint key = GPOINTER_TO_UINT (data);

  cg_poi_symbol_draw (cr, key & 0xff, (key >> 8) & 0xff, (key >> 16) & 0xff, c, c, logical);
}

static void
draw_badge_cb (cairo_t *cr,
               double   c,
               int      logical,
               gpointer data)
{
  cg_poi_overdue_badge_draw (cr, c, c, logical);
}

static void
ensure_sprites (CgPoiLayer *self,
                int         scale)
{
  if (self->sprite_scale == scale)
    return;

  clear_sprites (self);
  g_hash_table_remove_all (self->cluster_sprites);
  for (int tier = 0; tier < 2; tier++)
    {
      for (guint kind = 0; kind < N_KINDS; kind++)
        for (guint risk = 0; risk < N_RISKS; risk++)
          for (guint variant = 0; variant < N_VARIANTS; variant++)
            render_sprite (&self->sprites[tier][kind][risk][variant], scale,
                           cg_poi_symbol_get_size (kind, tier), draw_symbol_cb,
                           GUINT_TO_POINTER (kind | risk << 8 | variant << 16));
      render_sprite (&self->badges[tier], scale, tier ? 9 : 7, draw_badge_cb, NULL);
    }
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

/* The buffer is uploaded in TILE x TILE pieces, only those something was drawn in: at city
 * zooms a few clusters touch a few tiles, and the GL upload and blending of a whole
 * 1920x1080 texture every frame was most of the layer's cost (bench/map). */
#define TILE 256

typedef struct
{
  guint8 *dirty;
  int     cols;
  int     rows;
  int     bx0, by0, bx1, by1;   /* bounds of everything marked (inclusive), device pixels */
} Tiles;

static inline void
mark_tiles (Tiles *tiles,
            int    x0,
            int    y0,
            int    x1,
            int    y1)
{
  int c0 = MAX (0, x0) / TILE, r0 = MAX (0, y0) / TILE;
  int c1 = MIN (x1 / TILE, tiles->cols - 1), r1 = MIN (y1 / TILE, tiles->rows - 1);

  if (x1 < 0 || y1 < 0)
    return;
  tiles->bx0 = MIN (tiles->bx0, x0);
  tiles->by0 = MIN (tiles->by0, y0);
  tiles->bx1 = MAX (tiles->bx1, x1);
  tiles->by1 = MAX (tiles->by1, y1);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++)
      tiles->dirty[r * tiles->cols + c] = 1;
}

typedef struct
{
  CgMapImage image;
  double     x, y, w, h;   /* within its tile, logical pixels */
} CachedTile;

static void
tile_unref (gpointer data)
{
  CachedTile *tile = data;

  if (data == (gpointer) 1)
    return;
  _cg_map_image_clear (&tile->image);
  g_free (tile);
}

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  g_free (sprite->pixels);
  g_free (sprite);
}

typedef struct
{
  PangoLayout         *layout;
  const CgClusterItem *item;
} ClusterDraw;

static void
draw_cluster_cb (cairo_t *cr,
                 double   c,
                 int      logical,
                 gpointer data)
{
  ClusterDraw *cd = data;

  cg_poi_cluster_draw (cr, cd->layout, c, c, cd->item->count, cd->item->risk_counts);
}

static PangoLayout *get_count_layout (CgPoiLayer *self);

/* A cluster's symbol depends on its count and grades only: rendered once per index */
static const Sprite *
get_cluster_sprite (CgPoiLayer          *self,
                    const CgClusterItem *item,
                    int                  scale)
{
  Sprite *sprite = g_hash_table_lookup (self->cluster_sprites, GUINT_TO_POINTER (item->id));
  ClusterDraw cd = { get_count_layout (self), item };

  if (sprite != NULL)
    return sprite;

  if (g_hash_table_size (self->cluster_sprites) > 4000)
    g_hash_table_remove_all (self->cluster_sprites);
  sprite = g_new0 (Sprite, 1);
  render_sprite (sprite, scale, (int) ceil (2 * cg_poi_cluster_get_radius (item->count)) + 2,
                 draw_cluster_cb, &cd);
  g_hash_table_insert (self->cluster_sprites, GUINT_TO_POINTER (item->id), sprite);
  return sprite;
}

/* Animation */

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  CgPoiLayer *self = CG_POI_LAYER (widget);

  gtk_widget_queue_draw (widget);
  if (self->anim_from == G_MININT ||
      gdk_frame_clock_get_frame_time (clock) - self->anim_start >= ANIM_USEC)
    {
      self->anim_from = G_MININT;
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
animations_enabled (CgPoiLayer *self)
{
  gboolean enabled = TRUE;

  if (!self->animate)
    return FALSE;
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled,
                NULL);
  return enabled;
}

/* Notes an integer zoom change; returns the eased progress (0..1) of a running animation,
 * or 1 when none runs */
static double
update_animation (CgPoiLayer *self,
                  int         zoom)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 now = clock ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
  double t;

  if (zoom != self->shown_zoom)
    {
      if (self->shown_zoom != G_MININT && ABS (zoom - self->shown_zoom) <= 3 &&
          clock != NULL && animations_enabled (self))
        {
          self->anim_from = self->shown_zoom;
          self->anim_start = now;
          if (self->tick_id == 0)
            self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick_cb,
                                                          NULL, NULL);
        }
      else
        self->anim_from = G_MININT;
      self->shown_zoom = zoom;
    }

  if (self->anim_from == G_MININT)
    return 1.0;

  t = CLAMP ((double) (now - self->anim_start) / ANIM_USEC, 0.0, 1.0);
  if (t >= 1.0)
    {
      self->anim_from = G_MININT;
      return 1.0;
    }
  return 1.0 - pow (1.0 - t, 3.0);
}

/* Drawing */

static PangoLayout *
get_count_layout (CgPoiLayer *self)
{
  if (self->count_layout == NULL)
    {
      PangoFontDescription *font;

      self->count_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      font = pango_font_description_from_string ("Sans Bold 8");
      pango_layout_set_font_description (self->count_layout, font);
      pango_font_description_free (font);
    }
  return self->count_layout;
}

/* Paints @items (their positions in device pixels of @buf in @pos) into @buf: single objects
 * by kind and rising risk (high risks on top), overdue badges, then clusters. Marks the
 * touched tiles when @tiles is given. */
static void
paint_items (CgPoiLayer       *self,
             const IndexState *st,
             GArray           *items,
             GArray           *pos,
             guint32          *buf,
             int               buf_w,
             int               buf_h,
             int               tier,
             int               scale,
             Tiles            *tiles)
{
  guint bucket_start[N_KINDS * N_RISKS + 1] = { 0 };
  g_autofree guint32 *order = NULL;
  guint n_single = 0;

  for (guint k = 0; k < items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);

      if (it->count == 1)
        {
          bucket_start[INFO_KIND (st->info[it->id]) * N_RISKS + INFO_RISK (st->info[it->id]) + 1]++;
          n_single++;
        }
    }
  for (guint b = 0; b < N_KINDS * N_RISKS; b++)
    bucket_start[b + 1] += bucket_start[b];
  order = g_new (guint32, MAX (n_single, 1));
  for (guint k = 0; k < items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);

      if (it->count == 1)
        order[bucket_start[INFO_KIND (st->info[it->id]) * N_RISKS +
                           INFO_RISK (st->info[it->id])]++] = k;
    }

  for (guint s = 0; s < n_single; s++)
    {
      guint k = order[s];
      guint8 info = st->info[g_array_index (items, CgClusterItem, k).id];
      const Sprite *sprite = &self->sprites[tier][INFO_KIND (info)][INFO_RISK (info)][INFO_FLAGS (info)];
      int cx = (int) floor (g_array_index (pos, double, 2 * k));
      int cy = (int) floor (g_array_index (pos, double, 2 * k + 1));

      stamp (buf, buf_w, buf_h, sprite, cx, cy);
      if (tiles != NULL)
        mark_tiles (tiles, cx - sprite->size / 2, cy - sprite->size / 2,
                    cx + sprite->size / 2, cy + sprite->size / 2);
      if (INFO_OVERDUE (info))
        {
          int off = (int) floor (cg_poi_overdue_badge_offset (INFO_KIND (info), tier) * scale);
          const Sprite *badge = &self->badges[tier];

          stamp (buf, buf_w, buf_h, badge, cx + off, cy - off);
          if (tiles != NULL)
            mark_tiles (tiles, cx + off - badge->size / 2, cy - off - badge->size / 2,
                        cx + off + badge->size / 2, cy - off + badge->size / 2);
        }
    }

  /* Clusters on top, from sprites rendered once per cluster */
  for (guint k = 0; k < items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);
      const Sprite *sprite;
      int cx, cy;

      if (it->count == 1)
        continue;
      cx = (int) floor (g_array_index (pos, double, 2 * k));
      cy = (int) floor (g_array_index (pos, double, 2 * k + 1));
      if (cx < -40 * scale || cy < -40 * scale || cx > buf_w + 40 * scale || cy > buf_h + 40 * scale)
        continue;
      sprite = get_cluster_sprite (self, it, scale);
      stamp (buf, buf_w, buf_h, sprite, cx, cy);
      if (tiles != NULL)
        mark_tiles (tiles, cx - sprite->size / 2, cy - sprite->size / 2,
                    cx + sprite->size / 2, cy + sprite->size / 2);
    }
}

/* Counts the single objects and clusters within the view (and MARGIN around it) */
static void
count_drawn (CgPoiLayer       *self,
             const IndexState *st,
             const CgGridView *view,
             int               zoom)
{
  self->n_drawn = self->n_clusters_drawn = 0;
  g_array_set_size (self->items, 0);
  cg_cluster_index_query (st->index, zoom,
                          (-MARGIN - view->ox) / view->world, (-MARGIN - view->oy) / view->world,
                          (view->width + MARGIN - view->ox) / view->world,
                          (view->height + MARGIN - view->oy) / view->world, self->items);
  for (guint k = 0; k < self->items->len; k++)
    {
      if (g_array_index (self->items, CgClusterItem, k).count == 1)
        self->n_drawn++;
      else
        self->n_clusters_drawn++;
    }
}

/* Without animation, the layer is drawn in map-anchored tiles of MTILE logical pixels, kept
 * as textures while the zoom stays the same: panning only renders (and uploads) the tiles
 * that come into view. */
#define EMPTY_TILE ((gpointer) 1)
/* 128-px tiles blend less area, but four times the textures made and dropped per zoom frame
 * took peak RSS from 354 MiB to 1.4 GB under llvmpipe (bench/map): 256 it is */
#define MTILE 256

typedef struct
{
  gint64 tx0, tx1, ty0, ty1;
} TileRange;

static gboolean
tile_outside_cb (gpointer key,
                 gpointer value,
                 gpointer user_data)
{
  const TileRange *r = user_data;
  gint64 k = *(const gint64 *) key;
  gint64 tx = (gint32) (k & 0xffffffff), ty = (gint32) (k >> 32);

  return tx < r->tx0 || tx > r->tx1 || ty < r->ty0 || ty > r->ty1;
}

static void
snapshot_tiles (CgPoiLayer       *self,
                GtkSnapshot      *snapshot,
                const IndexState *st,
                const CgGridView *view,
                int               zoom,
                int               tier,
                int               scale)
{
  int dev = MTILE * scale;
  gboolean cairo = _cg_map_draws_with_cairo (GTK_WIDGET (self));
  /* whole device pixels, so the textures are not resampled */
  double ox = round (view->ox * scale) / scale, oy = round (view->oy * scale) / scale;
  gint64 tx0 = (gint64) floor (-ox / MTILE), tx1 = (gint64) floor ((view->width - ox) / MTILE);
  gint64 ty0 = (gint64) floor (-oy / MTILE), ty1 = (gint64) floor ((view->height - oy) / MTILE);

  if (self->tile_serial != self->state_serial || self->tile_world != view->world ||
      self->tile_scale != scale || self->tile_cairo != cairo)
    {
      g_hash_table_remove_all (self->tile_cache);
      self->tile_serial = self->state_serial;
      self->tile_world = view->world;
      self->tile_scale = scale;
      self->tile_cairo = cairo;
    }
  else if (g_hash_table_size (self->tile_cache) > (guint) ((tx1 - tx0 + 3) * (ty1 - ty0 + 3)))
    {
      /* Kept: the tiles in view and one ring around them. Panning at one zoom used to keep
       * up to 400 (each a texture of up to 256 KiB, twice: its pixels and the renderer's
       * copy), most of the all-objects run's memory above the empty map (bench/map). */
      TileRange keep = { tx0 - 1, tx1 + 1, ty0 - 1, ty1 + 1 };

      g_hash_table_foreach_remove (self->tile_cache, tile_outside_cb, &keep);
    }
  if (self->tile_buf == NULL || self->tile_buf_dev != dev)
    {
      g_free (self->tile_buf);
      self->tile_buf = g_new (guint32, (gsize) dev * dev);
      self->tile_buf_dev = dev;
    }

  for (gint64 ty = ty0; ty <= ty1; ty++)
    for (gint64 tx = tx0; tx <= tx1; tx++)
      {
        gint64 key = (ty & 0xffffffff) << 32 | (tx & 0xffffffff);
        gpointer tex = g_hash_table_lookup (self->tile_cache, &key);
        CachedTile *tile;

        if (tex == NULL)
          {
            double wx0 = (double) tx * MTILE, wy0 = (double) ty * MTILE;
            guint32 *buf = self->tile_buf;
            Tiles touched = { NULL, 1, 1, G_MAXINT, G_MAXINT, G_MININT, G_MININT };
            guint8 dirty = 0;
            gint64 *k = g_new (gint64, 1);

            memset (buf, 0, (gsize) dev * dev * sizeof (guint32));
            touched.dirty = &dirty;
            g_array_set_size (self->items, 0);
            cg_cluster_index_query (st->index, zoom, (wx0 - MARGIN) / view->world,
                                    (wy0 - MARGIN) / view->world,
                                    (wx0 + MTILE + MARGIN) / view->world,
                                    (wy0 + MTILE + MARGIN) / view->world, self->items);
            g_array_set_size (self->pos, 2 * self->items->len);
            for (guint i = 0; i < self->items->len; i++)
              {
                const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, i);

                g_array_index (self->pos, double, 2 * i) = (it->x * view->world - wx0) * scale;
                g_array_index (self->pos, double, 2 * i + 1) = (it->y * view->world - wy0) * scale;
              }
            paint_items (self, st, self->items, self->pos, buf, dev, dev, tier, scale, &touched);

            /* cropped to what was drawn: less area for the GPU to blend */
            touched.bx0 = MAX (touched.bx0, 0);
            touched.by0 = MAX (touched.by0, 0);
            touched.bx1 = MIN (touched.bx1, dev - 1);
            touched.by1 = MIN (touched.by1, dev - 1);
            if (dirty && touched.bx0 <= touched.bx1 && touched.by0 <= touched.by1)
              {
                int w = touched.bx1 - touched.bx0 + 1, h = touched.by1 - touched.by0 + 1;

                tile = g_new (CachedTile, 1);
                _cg_map_image_init (&tile->image, cairo,
                                    buf + (gsize) touched.by0 * dev + touched.bx0, w, h, dev,
                                    scale);
                tile->x = (double) touched.bx0 / scale;
                tile->y = (double) touched.by0 / scale;
                tile->w = (double) w / scale;
                tile->h = (double) h / scale;
                tex = tile;
              }
            else
              tex = EMPTY_TILE;
            *k = key;
            g_hash_table_insert (self->tile_cache, k, tex);
          }

        if (tex != EMPTY_TILE)
          {
            tile = tex;
            _cg_map_image_append (&tile->image, snapshot,
                                  &GRAPHENE_RECT_INIT (tx * MTILE + ox + tile->x,
                                                       ty * MTILE + oy + tile->y,
                                                       tile->w, tile->h));
          }
      }

  count_drawn (self, st, view, zoom);
}

static void
snapshot_selection (CgPoiLayer       *self,
                    GtkSnapshot      *snapshot,
                    const CgGridView *view,
                    int               tier)
{
  const CgMapPoint *mp;
  double x, y, r;
  cairo_t *cr;

  if (self->selected < 0 || self->points == NULL || (guint) self->selected >= self->points->len)
    return;

  mp = &g_array_index (self->points, CgMapPoint, self->selected);
  x = self->pxy[2 * self->selected] * view->world + view->ox;
  y = self->pxy[2 * self->selected + 1] * view->world + view->oy;
  r = cg_poi_symbol_get_size (MIN (mp->collection, N_KINDS - 1), tier) / 2.0 + 5;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - r - 3, y - r - 3,
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

static void
cg_poi_layer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CgPoiLayer *self = CG_POI_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  int scale = gtk_widget_get_scale_factor (widget);
  IndexState *st = self->state;
  CgGridView view;
  Tiles tiles;
  int zoom, from, tier, buf_w, buf_h;
  gboolean cairo;
  double e, margin;
  guint32 *buf;

  self->n_drawn = 0;
  self->n_clusters_drawn = 0;

  if (st == NULL || st->index == NULL || st->n == 0)
    return;
  if (!_cg_map_get_view (viewport, widget, &view))
    return;

  zoom = view_zoom (self);
  e = update_animation (self, zoom);
  from = self->anim_from;
  tier = shumate_viewport_get_zoom_level (viewport) >= LARGE_TIER_ZOOM ? 1 : 0;
  ensure_sprites (self, scale);

  if (from == G_MININT)
    {
      snapshot_tiles (self, snapshot, st, &view, zoom, tier, scale);
      snapshot_selection (self, snapshot, &view, tier);
      return;
    }

  /* Animating: the items of the current zoom, or while merging (zooming out) the items of
   * the zoom we came from, moving into their parents; children may come from off screen. */
  margin = MAX (view.width, view.height) / 2.0 + MARGIN;
  g_array_set_size (self->items, 0);
  cg_cluster_index_query (st->index, from > zoom ? from : zoom,
                          (-margin - view.ox) / view.world, (-margin - view.oy) / view.world,
                          (view.width + margin - view.ox) / view.world,
                          (view.height + margin - view.oy) / view.world,
                          self->items);
  if (self->items->len == 0)
    return;

  g_array_set_size (self->pos, 2 * self->items->len);
  for (guint k = 0; k < self->items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, k);
      guint32 anc = cg_cluster_index_get_ancestor (st->index, it->id, MIN (from, zoom));
      double x = it->x, y = it->y, ax, ay;

      if (anc != G_MAXUINT32 && cg_cluster_index_get_position (st->index, anc, &ax, &ay))
        {
          /* zooming in: from the parent to the place; out: from the place to the parent */
          double f = from < zoom ? 1.0 - e : e;

          x += (ax - x) * f;
          y += (ay - y) * f;
        }
      g_array_index (self->pos, double, 2 * k) = (x * view.world + view.ox) * scale;
      g_array_index (self->pos, double, 2 * k + 1) = (y * view.world + view.oy) * scale;
      if (it->count == 1)
        self->n_drawn++;
      else
        self->n_clusters_drawn++;
    }

  buf_w = (int) view.width * scale;
  buf_h = (int) view.height * scale;
  if (self->buf == NULL || self->buf_w != buf_w || self->buf_h != buf_h)
    {
      g_free (self->buf);
      self->buf = g_malloc0 ((gsize) buf_w * buf_h * sizeof (guint32));
      self->buf_w = buf_w;
      self->buf_h = buf_h;
    }
  buf = self->buf;
  tiles.cols = (buf_w + TILE - 1) / TILE;
  tiles.rows = (buf_h + TILE - 1) / TILE;
  tiles.dirty = g_new0 (guint8, tiles.cols * tiles.rows);
  tiles.bx0 = tiles.by0 = G_MAXINT;
  tiles.bx1 = tiles.by1 = G_MININT;

  paint_items (self, st, self->items, self->pos, buf, buf_w, buf_h, tier, scale, &tiles);

  /* One image per touched tile (copied out, and the buffer cleared behind) */
  cairo = _cg_map_draws_with_cairo (widget);
  for (int r = 0; r < tiles.rows; r++)
    for (int c = 0; c < tiles.cols; c++)
      {
        int x0 = c * TILE, y0 = r * TILE;
        int w = MIN (TILE, buf_w - x0), h = MIN (TILE, buf_h - y0);
        CgMapImage image;

        if (!tiles.dirty[r * tiles.cols + c])
          continue;
        _cg_map_image_init (&image, cairo, buf + (gsize) y0 * buf_w + x0, w, h, buf_w, scale);
        _cg_map_image_append (&image, snapshot,
                              &GRAPHENE_RECT_INIT ((double) x0 / scale, (double) y0 / scale,
                                                   (double) w / scale, (double) h / scale));
        _cg_map_image_clear (&image);
        for (int y = 0; y < h; y++)
          memset (buf + (gsize) (y0 + y) * buf_w + x0, 0, (gsize) w * sizeof (guint32));
      }
  g_free (tiles.dirty);

  snapshot_selection (self, snapshot, &view, tier);
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
cg_poi_layer_dispose (GObject *object)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_object (&self->count_layout);

  G_OBJECT_CLASS (cg_poi_layer_parent_class)->dispose (object);
}

static void
cg_poi_layer_finalize (GObject *object)
{
  CgPoiLayer *self = CG_POI_LAYER (object);

  clear_sprites (self);
  g_clear_pointer (&self->state, index_state_free);
  g_clear_pointer (&self->pxy, g_free);
  g_clear_pointer (&self->overdue, g_free);
  g_clear_pointer (&self->overdue_ids, g_hash_table_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pos, g_array_unref);
  g_clear_pointer (&self->cluster_sprites, g_hash_table_unref);
  g_clear_pointer (&self->buf, g_free);
  g_clear_pointer (&self->tile_cache, g_hash_table_unref);
  g_clear_pointer (&self->tile_buf, g_free);

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
    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;
    case PROP_BUILDING:
      g_value_set_boolean (value, self->building);
      break;
    case PROP_SHOW_MERCHANTS:
      g_value_set_boolean (value, cg_poi_layer_get_show_merchants (self));
      break;
    case PROP_SHOW_SITES:
      g_value_set_boolean (value, cg_poi_layer_get_show_sites (self));
      break;
    case PROP_SHOW_POINTS:
      g_value_set_boolean (value, cg_poi_layer_get_show_points (self));
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
  object_class->dispose = cg_poi_layer_dispose;
  object_class->finalize = cg_poi_layer_finalize;
  object_class->get_property = cg_poi_layer_get_property;
  object_class->set_property = cg_poi_layer_set_property;

  widget_class->snapshot = cg_poi_layer_snapshot;

  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUILDING] =
    g_param_spec_boolean ("building", NULL, NULL, FALSE,
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
  self->selected = -1;
  self->shown_zoom = G_MININT;
  self->anim_from = G_MININT;
  self->animate = TRUE;
  self->items = g_array_new (FALSE, FALSE, sizeof (CgClusterItem));
  self->pos = g_array_new (FALSE, FALSE, sizeof (double));
  self->cluster_sprites = g_hash_table_new_full (NULL, NULL, NULL, sprite_free);
  self->tile_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, tile_unref);
  cg_poi_filter_init_all (&self->filter);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

CgPoiLayer *
cg_poi_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CG_TYPE_POI_LAYER, "viewport", viewport, NULL);
}

/* Points */

static void
apply_overdue (CgPoiLayer *self)
{
  guint n = self->points ? self->points->len : 0;

  g_clear_pointer (&self->overdue, g_free);
  self->n_overdue = 0;
  if (self->overdue_ids == NULL || self->ids == NULL || n == 0)
    return;

  self->overdue = g_new0 (guint8, n);
  for (guint i = 0; i < n && i < self->ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->ids, i);
      const CgMapPoint *mp = &g_array_index (self->points, CgMapPoint, i);

      /* inspection targets only: merchants and sites */
      if (id != NULL && mp->collection != CG_COLLECTION_POINTS &&
          g_hash_table_contains (self->overdue_ids, id))
        {
          self->overdue[i] = 1;
          self->n_overdue++;
        }
    }
}

void
cg_poi_layer_set_points_full (CgPoiLayer *self,
                              GArray     *points,
                              GPtrArray  *ids)
{
  guint old_n;

  g_return_if_fail (CG_IS_POI_LAYER (self));
  g_return_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (CgMapPoint));

  old_n = cg_poi_layer_get_n_points (self);

  if (points != NULL)
    g_array_ref (points);
  if (ids != NULL)
    g_ptr_array_ref (ids);
  g_clear_pointer (&self->pxy, g_free);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  memset (self->counts, 0, sizeof self->counts);
  self->points = points;
  self->ids = ids;
  self->selected = -1;

  if (points != NULL)
    {
      guint n = points->len;

      /* keep only what is drawable: unknown kinds fail the filter */
      self->pxy = g_new (double, 2 * MAX (n, 1));
      for (guint i = 0; i < n; i++)
        {
          CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);

          cg_poi_layer_project (self, mp, &self->pxy[2 * i], &self->pxy[2 * i + 1]);
          if (mp->collection < N_KINDS)
            self->counts[mp->collection][MIN (mp->risk, N_RISKS - 1)]++;
        }
    }

  apply_overdue (self);
  rebuild (self);

  if (old_n != cg_poi_layer_get_n_points (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
}

void
cg_poi_layer_reproject (CgPoiLayer *self)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));

  if (self->points == NULL)
    return;
  for (guint i = 0; i < self->points->len; i++)
    cg_poi_layer_project (self, &g_array_index (self->points, CgMapPoint, i),
                          &self->pxy[2 * i], &self->pxy[2 * i + 1]);
  rebuild (self);
}

void
cg_poi_layer_set_points (CgPoiLayer *self,
                         GArray     *points)
{
  cg_poi_layer_set_points_full (self, points, NULL);
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

static guint
sum_counts (guint       counts[N_KINDS][N_RISKS],
            CgCollection collection,
            int          risk)
{
  guint n = 0;

  if ((guint) collection >= N_KINDS)
    return 0;
  if (risk >= 0)
    return risk < N_RISKS ? counts[collection][risk] : 0;
  for (int r = 0; r < N_RISKS; r++)
    n += counts[collection][r];

  return n;
}

guint
cg_poi_layer_get_count (CgPoiLayer   *self,
                        CgCollection  collection,
                        int           risk)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  return sum_counts (self->counts, collection, risk);
}

guint
cg_poi_layer_get_shown_count (CgPoiLayer   *self,
                              CgCollection  collection,
                              int           risk)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  return sum_counts (self->shown_counts, collection, risk);
}

guint
cg_poi_layer_get_n_shown (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  return self->n_shown;
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

const char *
cg_poi_layer_get_point_id (CgPoiLayer *self,
                           gint64      index)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), NULL);

  if (self->ids == NULL || index < 0 || index >= self->ids->len)
    return NULL;

  return g_ptr_array_index (self->ids, index);
}

/* Filters */

void
cg_poi_layer_set_filter (CgPoiLayer        *self,
                         const CgPoiFilter *filter)
{
  CgPoiFilter old;

  g_return_if_fail (CG_IS_POI_LAYER (self));
  g_return_if_fail (filter != NULL);

  if (cg_poi_filter_equal (&self->filter, filter))
    return;

  old = self->filter;
  self->filter = *filter;
  rebuild (self);

  if ((old.kinds ^ filter->kinds) & (1u << CG_COLLECTION_MERCHANTS))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_MERCHANTS]);
  if ((old.kinds ^ filter->kinds) & (1u << CG_COLLECTION_SITES))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SITES]);
  if ((old.kinds ^ filter->kinds) & (1u << CG_COLLECTION_POINTS))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_POINTS]);
}

void
cg_poi_layer_get_filter (CgPoiLayer  *self,
                         CgPoiFilter *out_filter)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  g_return_if_fail (out_filter != NULL);

  *out_filter = self->filter;
}

gboolean
cg_poi_layer_get_building (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);

  return self->building;
}

/* Overdue */

void
cg_poi_layer_set_overdue (CgPoiLayer *self,
                          GHashTable *overdue_ids)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));

  if (overdue_ids != NULL)
    g_hash_table_ref (overdue_ids);
  g_clear_pointer (&self->overdue_ids, g_hash_table_unref);
  self->overdue_ids = overdue_ids;

  apply_overdue (self);
  rebuild (self);
}

gboolean
cg_poi_layer_is_overdue (CgPoiLayer *self,
                         gint64      index)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);

  return self->overdue != NULL && index >= 0 && index < self->points->len &&
         self->overdue[index];
}

guint
cg_poi_layer_get_n_overdue (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);

  return self->n_overdue;
}

/* Hit testing */

gboolean
cg_poi_layer_pick (CgPoiLayer *self,
                   double      x,
                   double      y,
                   CgPoiHit   *out_hit)
{
  IndexState *st;
  CgGridView view;
  double reach, best = G_MAXDOUBLE;
  int zoom, tier;
  gint best_k = -1;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);

  st = self->state;
  if (st == NULL || st->index == NULL || st->points != self->points)
    return FALSE;
  if (!_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                         GTK_WIDGET (self), &view))
    return FALSE;

  zoom = view_zoom (self);
  tier = shumate_viewport_get_zoom_level (shumate_layer_get_viewport (SHUMATE_LAYER (self)))
         >= LARGE_TIER_ZOOM ? 1 : 0;
  reach = cg_poi_cluster_get_radius (st->n) + 2;

  g_array_set_size (self->items, 0);
  cg_cluster_index_query (st->index, zoom,
                          (x - reach - view.ox) / view.world, (y - reach - view.oy) / view.world,
                          (x + reach - view.ox) / view.world, (y + reach - view.oy) / view.world,
                          self->items);

  for (guint k = 0; k < self->items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, k);
      double dx = it->x * view.world + view.ox - x;
      double dy = it->y * view.world + view.oy - y;
      double d = sqrt (dx * dx + dy * dy);
      double r;

      if (it->count > 1)
        r = cg_poi_cluster_get_radius (it->count);
      else
        r = MAX (HIT_RADIUS,
                 cg_poi_symbol_get_size (INFO_KIND (st->info[it->id]), tier) / 2.0 + 1);

      /* clusters are drawn on top of single objects: they win inside their disc */
      if (d > r)
        continue;
      if (it->count > 1)
        d -= 1000;
      else
        d -= INFO_RISK (st->info[it->id]) * 1e-3;   /* ties: the higher risk, drawn on top */
      if (d < best)
        {
          best = d;
          best_k = k;
        }
    }

  if (best_k < 0)
    return FALSE;

  if (out_hit != NULL)
    {
      const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, best_k);

      out_hit->point = it->count == 1 ? (gint64) st->map[it->id] : -1;
      out_hit->cluster_id = it->id;
      out_hit->zoom = zoom;
      out_hit->count = it->count;
      for (int g = 0; g < CG_CLUSTER_N_RISK; g++)
        out_hit->risk_counts[g] = it->risk_counts[g];
      out_hit->x = it->x * view.world + view.ox;
      out_hit->y = it->y * view.world + view.oy;
    }

  return TRUE;
}

guint
cg_poi_layer_get_visible (CgPoiLayer *self,
                          GArray     *out_hits)
{
  IndexState *st;
  CgGridView view;
  int zoom;
  guint n = 0;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);
  g_return_val_if_fail (out_hits != NULL, 0);

  st = self->state;
  if (st == NULL || st->index == NULL || st->points != self->points)
    return 0;
  if (!_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                         GTK_WIDGET (self), &view))
    return 0;

  zoom = view_zoom (self);
  g_array_set_size (self->items, 0);
  cg_cluster_index_query (st->index, zoom, -view.ox / view.world, -view.oy / view.world,
                          (view.width - view.ox) / view.world,
                          (view.height - view.oy) / view.world, self->items);
  for (guint k = 0; k < self->items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, k);
      CgPoiHit hit;

      hit.point = it->count == 1 ? (gint64) st->map[it->id] : -1;
      hit.cluster_id = it->id;
      hit.zoom = zoom;
      hit.count = it->count;
      for (int g = 0; g < CG_CLUSTER_N_RISK; g++)
        hit.risk_counts[g] = it->risk_counts[g];
      hit.x = it->x * view.world + view.ox;
      hit.y = it->y * view.world + view.oy;
      g_array_append_val (out_hits, hit);
      n++;
    }
  return n;
}

GArray *
cg_poi_layer_get_points_near (CgPoiLayer *self,
                              double      x,
                              double      y,
                              double      radius)
{
  IndexState *st;
  CgGridView view;
  GArray *out;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), NULL);

  out = g_array_new (FALSE, FALSE, sizeof (guint32));
  st = self->state;
  if (st == NULL || st->index == NULL || st->points != self->points ||
      !_cg_map_get_view (shumate_layer_get_viewport (SHUMATE_LAYER (self)),
                         GTK_WIDGET (self), &view))
    return out;

  g_array_set_size (self->items, 0);
  cg_cluster_index_query (st->index, view_zoom (self),
                          (x - radius - view.ox) / view.world, (y - radius - view.oy) / view.world,
                          (x + radius - view.ox) / view.world, (y + radius - view.oy) / view.world,
                          self->items);
  for (guint k = 0; k < self->items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (self->items, CgClusterItem, k);
      double dx = it->x * view.world + view.ox - x, dy = it->y * view.world + view.oy - y;

      if (it->count == 1 && dx * dx + dy * dy <= radius * radius)
        g_array_append_val (out, st->map[it->id]);
    }
  return out;
}

gint64
cg_poi_layer_get_point_at (CgPoiLayer *self,
                           double      x,
                           double      y)
{
  CgPoiHit hit;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), -1);

  if (!cg_poi_layer_pick (self, x, y, &hit))
    return -1;
  return hit.point;
}

GArray *
cg_poi_layer_get_cluster_points (CgPoiLayer     *self,
                                 const CgPoiHit *hit)
{
  IndexState *st;
  GArray *leaves;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  st = self->state;
  if (st == NULL || st->index == NULL || st->points != self->points)
    return NULL;

  leaves = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (!cg_cluster_index_get_leaves (st->index, hit->cluster_id, hit->zoom, leaves))
    {
      g_array_unref (leaves);
      return NULL;
    }
  for (guint i = 0; i < leaves->len; i++)
    g_array_index (leaves, guint32, i) = st->map[g_array_index (leaves, guint32, i)];

  return leaves;
}

gboolean
cg_poi_layer_get_cluster_expansion (CgPoiLayer     *self,
                                    const CgPoiHit *hit,
                                    double          max_zoom,
                                    double         *out_zoom,
                                    double         *out_min_x,
                                    double         *out_min_y,
                                    double         *out_max_x,
                                    double         *out_max_y)
{
  IndexState *st;
  double x0, y0, x1, y1;
  int ez;

  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  st = self->state;
  if (st == NULL || st->index == NULL || st->points != self->points || hit->count < 2)
    return FALSE;

  ez = cg_cluster_index_get_expansion_zoom (st->index, hit->cluster_id);
  if (ez < 0 || ez > max_zoom)
    return FALSE;

  /* The index keeps extents in single precision (about 8 px at zoom 19): take the exact
   * one from the objects */
  {
    g_autoptr(GArray) leaves = cg_poi_layer_get_cluster_points (self, hit);
    double world = 256.0 * ldexp (1.0, (int) ceil (max_zoom));

    if (leaves == NULL || leaves->len == 0)
      return FALSE;
    x0 = y0 = G_MAXDOUBLE;
    x1 = y1 = -G_MAXDOUBLE;
    for (guint i = 0; i < leaves->len; i++)
      {
        guint32 p = g_array_index (leaves, guint32, i);

        x0 = MIN (x0, self->pxy[2 * p]);
        x1 = MAX (x1, self->pxy[2 * p]);
        y0 = MIN (y0, self->pxy[2 * p + 1]);
        y1 = MAX (y1, self->pxy[2 * p + 1]);
      }
    /* all on one spot (a building with several merchants): zooming never separates them */
    if ((x1 - x0) * world < 1.0 && (y1 - y0) * world < 1.0)
      return FALSE;
  }

  if (out_zoom)
    *out_zoom = ez;
  if (out_min_x)
    *out_min_x = x0;
  if (out_min_y)
    *out_min_y = y0;
  if (out_max_x)
    *out_max_x = x1;
  if (out_max_y)
    *out_max_y = y1;
  return TRUE;
}

/* Selection */

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

/* Kinds */

static void
set_show (CgPoiLayer   *self,
          CgCollection  kind,
          gboolean      show)
{
  CgPoiFilter filter = self->filter;

  if (show)
    filter.kinds |= 1u << kind;
  else
    filter.kinds &= ~(1u << kind);
  cg_poi_layer_set_filter (self, &filter);
}

void
cg_poi_layer_set_show_merchants (CgPoiLayer *self,
                                 gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, CG_COLLECTION_MERCHANTS, show);
}

gboolean
cg_poi_layer_get_show_merchants (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return (self->filter.kinds & (1u << CG_COLLECTION_MERCHANTS)) != 0;
}

void
cg_poi_layer_set_show_sites (CgPoiLayer *self,
                             gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, CG_COLLECTION_SITES, show);
}

gboolean
cg_poi_layer_get_show_sites (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return (self->filter.kinds & (1u << CG_COLLECTION_SITES)) != 0;
}

void
cg_poi_layer_set_show_points (CgPoiLayer *self,
                              gboolean    show)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));
  set_show (self, CG_COLLECTION_POINTS, show);
}

gboolean
cg_poi_layer_get_show_points (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), FALSE);
  return (self->filter.kinds & (1u << CG_COLLECTION_POINTS)) != 0;
}

void
cg_poi_layer_set_animate (CgPoiLayer *self,
                          gboolean    animate)
{
  g_return_if_fail (CG_IS_POI_LAYER (self));

  self->animate = !!animate;
  if (!animate)
    self->anim_from = G_MININT;
}

guint
cg_poi_layer_get_n_drawn (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);
  return self->n_drawn;
}

guint
cg_poi_layer_get_n_clusters_drawn (CgPoiLayer *self)
{
  g_return_val_if_fail (CG_IS_POI_LAYER (self), 0);
  return self->n_clusters_drawn;
}
