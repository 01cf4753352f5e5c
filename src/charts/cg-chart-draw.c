/* cg-chart-draw.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cg-chart-axis.h"
#include "cg-chart-draw.h"

#define PAD        8.0
#define GAP        6.0
#define SWATCH     10.0
#define MIN_TICK_H 34.0

G_DEFINE_ENUM_TYPE (CgChartKind, cg_chart_kind,
                    G_DEFINE_ENUM_VALUE (CG_CHART_KIND_BAR, "bar"),
                    G_DEFINE_ENUM_VALUE (CG_CHART_KIND_LINE, "line"),
                    G_DEFINE_ENUM_VALUE (CG_CHART_KIND_DONUT, "donut"),
                    G_DEFINE_ENUM_VALUE (CG_CHART_KIND_HEAT_GRID, "heat-grid"))

/* libadwaita's palette: blue 3, green 4, orange 3, red 3, purple 3, yellow 4, brown 3, grey;
 * the dark style takes the lighter shades that read on a dark card */
static const char *light_palette[] = {
  "#3584e4", "#33d17a", "#ff7800", "#e01b24", "#9141ac", "#e5a50a", "#986a44", "#77767b",
};
static const char *dark_palette[] = {
  "#62a0ea", "#57e389", "#ffa348", "#f66151", "#c061cb", "#f8e45c", "#b5835a", "#9a9996",
};

static void
parse (CgChartColor *c,
       const char   *spec)
{
  gboolean ok = cg_chart_color_parse (c, spec);

  g_assert (ok);
}

/**
 * cg_chart_style_init:
 *
 * Fills @style with the libadwaita light or dark palette, a transparent background (the card
 * behind the chart shows) and 12-unit labels.
 */
void
cg_chart_style_init (CgChartStyle *style,
                     gboolean      dark)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = !!dark;
  style->n_palette = G_N_ELEMENTS (light_palette);
  for (guint i = 0; i < style->n_palette; i++)
    parse (&style->palette[i], dark ? dark_palette[i] : light_palette[i]);

  if (dark)
    {
      style->text = (CgChartColor) { 1, 1, 1, 0.92 };
      style->text_dim = (CgChartColor) { 1, 1, 1, 0.62 };
      style->grid = (CgChartColor) { 1, 1, 1, 0.10 };
      style->axis = (CgChartColor) { 1, 1, 1, 0.35 };
      parse (&style->heat_low, "#3a3a3f");
      parse (&style->heat_high, "#62a0ea");
    }
  else
    {
      style->text = (CgChartColor) { 0, 0, 0, 0.82 };
      style->text_dim = (CgChartColor) { 0, 0, 0, 0.58 };
      style->grid = (CgChartColor) { 0, 0, 0, 0.08 };
      style->axis = (CgChartColor) { 0, 0, 0, 0.30 };
      parse (&style->heat_low, "#eef4fc");
      parse (&style->heat_high, "#1a5fb4");
    }
  style->background = (CgChartColor) { 0, 0, 0, 0 };
  g_strlcpy (style->font_family, "Cantarell, Noto Sans CJK SC, sans-serif",
             sizeof style->font_family);
  style->font_size = 12;
  style->show_title = TRUE;
}

void
cg_chart_style_get_series_color (const CgChartStyle *style,
                                 const CgChartData  *data,
                                 guint               series,
                                 CgChartColor       *color)
{
  if (!cg_chart_data_get_series_color (data, series, color))
    *color = style->palette[series % MAX (style->n_palette, 1u)];
}

void
cg_chart_style_get_category_color (const CgChartStyle *style,
                                   const CgChartData  *data,
                                   guint               category,
                                   CgChartColor       *color)
{
  if (!cg_chart_data_get_category_color (data, category, color))
    *color = style->palette[category % MAX (style->n_palette, 1u)];
}

/* Geometry */

struct _CgChartGeometry
{
  GArray   *items;   /* CgChartItem */
  gboolean  empty_state;
};

CgChartGeometry *
cg_chart_geometry_new (void)
{
  CgChartGeometry *self = g_new0 (CgChartGeometry, 1);

  self->items = g_array_new (FALSE, TRUE, sizeof (CgChartItem));
  return self;
}

void
cg_chart_geometry_free (CgChartGeometry *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_free (self);
}

void
cg_chart_geometry_clear (CgChartGeometry *self)
{
  g_return_if_fail (self != NULL);

  g_array_set_size (self->items, 0);
  self->empty_state = FALSE;
}

guint
cg_chart_geometry_get_n_items (const CgChartGeometry *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const CgChartItem *
cg_chart_geometry_get_item (const CgChartGeometry *self,
                            guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, CgChartItem, index);
}

/**
 * cg_chart_geometry_find:
 *
 * Returns: (nullable): the item drawn for @series and @category, NULL if none was
 */
const CgChartItem *
cg_chart_geometry_find (const CgChartGeometry *self,
                        guint                  series,
                        guint                  category)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const CgChartItem *item = &g_array_index (self->items, CgChartItem, i);

      if (item->series == series && item->category == category)
        return item;
    }
  return NULL;
}

/* TRUE if the chart drew its empty message instead of data */
gboolean
cg_chart_geometry_is_empty_state (const CgChartGeometry *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->empty_state;
}

static double
box_distance (const CgChartItem *item,
              double             x,
              double             y)
{
  double dx = MAX (MAX (item->x - x, 0), x - (item->x + item->width));
  double dy = MAX (MAX (item->y - y, 0), y - (item->y + item->height));

  return hypot (dx, dy);
}

static gboolean
in_sector (const CgChartItem *item,
           double             x,
           double             y)
{
  double r = hypot (x - item->cx, y - item->cy);
  double a;

  if (r < item->inner_radius || r > item->outer_radius)
    return FALSE;
  a = atan2 (y - item->cy, x - item->cx);
  while (a < item->angle1)
    a += 2 * G_PI;
  while (a > item->angle1 + 2 * G_PI)
    a -= 2 * G_PI;
  return a <= item->angle2;
}

/**
 * cg_chart_geometry_hit_test:
 *
 * Returns: (nullable): the item under (@x, @y): a slice containing it, or among the bars,
 *   cells and points whose hit box contains it, the one drawn nearest
 */
const CgChartItem *
cg_chart_geometry_hit_test (const CgChartGeometry *self,
                            double                 x,
                            double                 y)
{
  const CgChartItem *best = NULL;
  double best_d = INFINITY;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const CgChartItem *item = &g_array_index (self->items, CgChartItem, i);
      double d;

      if (item->shape == CG_CHART_SHAPE_SECTOR)
        {
          if (in_sector (item, x, y))
            return item;
          continue;
        }
      if (x < item->hit_x || x >= item->hit_x + item->hit_width ||
          y < item->hit_y || y >= item->hit_y + item->hit_height)
        continue;
      d = box_distance (item, x, y);
      if (d < best_d)
        {
          best_d = d;
          best = item;
        }
    }
  return best;
}

static void
add_item (CgChartGeometry   *geometry,
          const CgChartItem *item)
{
  if (geometry != NULL)
    g_array_append_val (geometry->items, *item);
}

/* Text */

/* the source made (nearly) invisible; cairo drops text drawn with a fully clear source */
static void
set_ghost_source (cairo_t *cr)
{
  double r = 0, g = 0, b = 0, a = 1;

  if (cairo_pattern_get_rgba (cairo_get_source (cr), &r, &g, &b, &a) != CAIRO_STATUS_SUCCESS)
    r = g = b = 0;
  cairo_set_source_rgba (cr, r, g, b, 1.0 / 255);
}

/**
 * cg_chart_show_layout:
 * @outlines: draw the glyphs as filled outlines over a text layer that is nearly invisible
 *
 * pango_cairo_show_layout() at the current point, with the current source. For PDFs:
 * cairo 1.16's CFF subsetter embeds some glyphs of Noto Sans CJK SC blank (如, U+5982, for
 * one), so the visible text is drawn as outlines while the text layer keeps the PDF
 * searchable and copyable (pdftotext reads it).
 */
void
cg_chart_show_layout (cairo_t     *cr,
                      PangoLayout *layout,
                      gboolean     outlines)
{
  double x, y;

  if (!outlines)
    {
      pango_cairo_show_layout (cr, layout);
      return;
    }

  cairo_get_current_point (cr, &x, &y);
  cairo_save (cr);
  set_ghost_source (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  cairo_fill (cr);
}

/* the same for one line, the current point on its baseline */
void
cg_chart_show_layout_line (cairo_t         *cr,
                           PangoLayoutLine *line,
                           gboolean         outlines)
{
  double x, y;

  if (!outlines)
    {
      pango_cairo_show_layout_line (cr, line);
      return;
    }

  cairo_get_current_point (cr, &x, &y);
  cairo_save (cr);
  set_ghost_source (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout_line (cr, line);
  cairo_restore (cr);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_line_path (cr, line);
  cairo_fill (cr);
}

typedef struct
{
  cairo_t            *cr;
  const CgChartStyle *style;
  const CgChartData  *data;
  CgChartGeometry    *geometry;
  int                 hl_series;
  int                 hl_category;
} Ctx;

static PangoLayout *
make_layout (Ctx        *ctx,
             const char *text,
             double      scale,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (ctx->cr);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, ctx->style->font_family);
  pango_font_description_set_absolute_size (desc, ctx->style->font_size * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text ? text : "", -1);

  return layout;
}

static void
layout_size (PangoLayout *layout,
             double      *w,
             double      *h)
{
  int lw, lh;

  pango_layout_get_pixel_size (layout, &lw, &lh);
  if (w)
    *w = lw;
  if (h)
    *h = lh;
}

static void
set_color (cairo_t            *cr,
           const CgChartColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* draws @layout with its box anchored at (x, y): xalign 0 left, 0.5 centre, 1 right */
static void
show_layout (Ctx                *ctx,
             PangoLayout        *layout,
             double              x,
             double              y,
             double              xalign,
             double              yalign,
             const CgChartColor *color)
{
  double w, h;

  layout_size (layout, &w, &h);
  cairo_save (ctx->cr);
  set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, round (x - w * xalign), round (y - h * yalign));
  cg_chart_show_layout (ctx->cr, layout, ctx->style->text_outlines);
  cairo_restore (ctx->cr);
}

static double
text_width (Ctx        *ctx,
            const char *text,
            double      scale,
            gboolean    bold)
{
  g_autoptr(PangoLayout) layout = make_layout (ctx, text, scale, bold);
  double w;

  layout_size (layout, &w, NULL);
  return w;
}

static double
line_height (Ctx   *ctx,
             double scale)
{
  g_autoptr(PangoLayout) layout = make_layout (ctx, "Ag国", scale, FALSE);
  double h;

  layout_size (layout, NULL, &h);
  return h;
}

/* Shapes */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r_top,
              double   r_bottom)
{
  r_top = MIN (r_top, MIN (w, h) / 2);
  r_bottom = MIN (r_bottom, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r_top, y + r_top, r_top, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r_bottom, y + h - r_bottom, r_bottom, 0, G_PI / 2);
  cairo_arc (cr, x + r_bottom, y + h - r_bottom, r_bottom, G_PI / 2, G_PI);
  cairo_arc (cr, x + r_top, y + r_top, r_top, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
lighten (CgChartColor       *out,
         const CgChartColor *c,
         gboolean            dark)
{
  CgChartColor target = dark ? (CgChartColor) { 1, 1, 1, 1 } : (CgChartColor) { 0, 0, 0, 1 };

  /* the highlighted item: a shade towards the text colour, keeping the alpha */
  cg_chart_color_mix (out, c, &target, dark ? 0.30 : 0.18);
  out->alpha = c->alpha;
}

/* Title and legend, shared by the kinds; return the y below them */

static double
draw_title (Ctx    *ctx,
            double  x,
            double  y,
            double  w)
{
  const char *title = cg_chart_data_get_title (ctx->data);
  g_autoptr(PangoLayout) layout = NULL;
  double h;

  if (!ctx->style->show_title || title == NULL || title[0] == '\0')
    return y;

  layout = make_layout (ctx, title, 1.2, TRUE);
  pango_layout_set_width (layout, (int) (MAX (w, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  layout_size (layout, NULL, &h);
  show_layout (ctx, layout, x, y, 0, 0, &ctx->style->text);

  return y + h + GAP;
}

/* the series' names with their colours, flowing over as many rows as needed */
static double
draw_series_legend (Ctx      *ctx,
                    double    x,
                    double    y,
                    double    w,
                    gboolean  draw)
{
  guint n = cg_chart_data_get_n_series (ctx->data);
  double lh = line_height (ctx, 0.92);
  double cx = x, cy = y;

  if (n < 2)
    return y;

  for (guint s = 0; s < n; s++)
    {
      g_autoptr(PangoLayout) layout = make_layout (ctx, cg_chart_data_get_series_name (ctx->data, s),
                                                   0.92, FALSE);
      CgChartColor color;
      double tw, item_w;

      layout_size (layout, &tw, NULL);
      item_w = SWATCH + 5 + tw + 14;
      if (cx > x && cx + item_w > x + w)
        {
          cx = x;
          cy += lh + 2;
        }
      if (draw)
        {
          cg_chart_style_get_series_color (ctx->style, ctx->data, s, &color);
          set_color (ctx->cr, &color);
          rounded_rect (ctx->cr, cx, cy + (lh - SWATCH) / 2, SWATCH, SWATCH, 2.5, 2.5);
          cairo_fill (ctx->cr);
          show_layout (ctx, layout, cx + SWATCH + 5, cy, 0, 0, &ctx->style->text_dim);
        }
      cx += item_w;
    }

  return cy + lh + GAP;
}

/* Empty state: a muted bar pictogram over the message, centred */

static void
draw_empty (Ctx    *ctx,
            double  x,
            double  y,
            double  w,
            double  h)
{
  g_autoptr(PangoLayout) layout = make_layout (ctx, cg_chart_data_get_empty_message (ctx->data),
                                               1.05, FALSE);
  double icon = CLAMP (MIN (w, h) * 0.18, 0, 40);
  double tw, th, top;
  CgChartColor icon_color = ctx->style->text_dim;

  if (ctx->geometry)
    ctx->geometry->empty_state = TRUE;

  pango_layout_set_width (layout, (int) (MAX (w - 2 * PAD, 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  layout_size (layout, &tw, &th);

  if (icon < 16 || th + icon + GAP > h)
    icon = 0;
  top = y + (h - th - (icon > 0 ? icon + GAP : 0)) / 2;

  if (icon > 0)
    {
      double bw = icon / 4.0;
      double heights[] = { 0.45, 0.8, 0.6 };

      icon_color.alpha *= 0.45;
      set_color (ctx->cr, &icon_color);
      for (guint i = 0; i < 3; i++)
        {
          double bh = icon * heights[i];

          rounded_rect (ctx->cr, x + w / 2 - icon / 2 + i * (bw * 1.5), top + icon - bh,
                        bw, bh, 2, 1);
          cairo_fill (ctx->cr);
        }
      top += icon + GAP;
    }

  /* the layout is as wide as the area and centres itself */
  show_layout (ctx, layout, x + PAD, top, 0, 0, &ctx->style->text_dim);
}

/* Value axis (bars and lines) */

typedef struct
{
  CgChartAxis axis;
  guint       decimals;
  double      plot_x, plot_y, plot_w, plot_h;
  double      slot;          /* width per category */
  guint       label_every;   /* category labels: every n-th */
  gboolean    rotate;        /* category labels at 45 degrees */
  double      label_max_w;   /* ellipsize rotated labels to this */
} Frame;

static char *
tick_label (Ctx         *ctx,
            const Frame *f,
            double       v)
{
  if (cg_chart_data_get_format (ctx->data) == CG_CHART_FORMAT_PERCENT)
    return cg_chart_format_value (v, CG_CHART_FORMAT_PERCENT,
                                  f->decimals >= 2 ? f->decimals - 2 : 0, NULL);
  return cg_chart_format_number (v, f->decimals);
}

static double
value_y (const Frame *f,
         double       v)
{
  return f->plot_y + f->plot_h - (v - f->axis.min) / (f->axis.max - f->axis.min) * f->plot_h;
}

static void
layout_frame (Ctx      *ctx,
              Frame    *f,
              double    x,
              double    top,
              double    w,
              double    bottom,
              gboolean  stacked,
              gboolean  allow_rotate)
{
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  double lh = line_height (ctx, 0.92);
  double lo, hi, y_label_w = 0, max_cat_w = 0, reserve;
  guint max_ticks;

  cg_chart_data_get_range (ctx->data, stacked, &lo, &hi);
  lo = MIN (lo, 0);
  hi = MAX (hi, 0);
  max_ticks = (guint) CLAMP ((bottom - top - lh * 2) / MIN_TICK_H + 1, 2, 8);
  cg_chart_axis_compute (&f->axis, lo, hi, max_ticks);
  f->decimals = cg_chart_axis_decimals (&f->axis);
  if (cg_chart_data_get_format (ctx->data) == CG_CHART_FORMAT_PERCENT)
    f->decimals = MAX (f->decimals, 2u);

  for (guint i = 0; i < f->axis.n_ticks; i++)
    {
      g_autofree char *label = tick_label (ctx, f, cg_chart_axis_tick (&f->axis, i));

      y_label_w = MAX (y_label_w, text_width (ctx, label, 0.92, FALSE));
    }

  f->plot_x = x + y_label_w + GAP;
  f->plot_w = MAX (x + w - f->plot_x - 2, 1);
  f->slot = f->plot_w / MAX (n_cat, 1u);

  for (guint c = 0; c < n_cat; c++)
    max_cat_w = MAX (max_cat_w,
                     text_width (ctx, cg_chart_data_get_category_label (ctx->data, c), 0.92, FALSE));

  f->rotate = FALSE;
  f->label_every = 1;
  f->label_max_w = max_cat_w;
  reserve = lh + GAP;
  if (max_cat_w > f->slot - 6)
    {
      if (allow_rotate && f->slot >= lh * 1.1)
        {
          double cap = MAX ((bottom - top) * 0.35, lh);

          f->rotate = TRUE;
          f->label_max_w = MIN (max_cat_w, cap / G_SQRT2 * 2 - lh);
          f->label_max_w = MAX (f->label_max_w, lh);
          reserve = (f->label_max_w + lh) / G_SQRT2 + GAP;
        }
      else
        {
          f->label_every = (guint) ceil ((max_cat_w + 10) / MAX (f->slot, 1));
        }
    }

  f->plot_y = top + lh / 2;   /* room for the top tick's label */
  f->plot_h = MAX (bottom - reserve - f->plot_y, 1);
}

static void
draw_frame (Ctx         *ctx,
            const Frame *f)
{
  cairo_t *cr = ctx->cr;
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  double lh = line_height (ctx, 0.92);

  /* grid and value labels */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < f->axis.n_ticks; i++)
    {
      double v = cg_chart_axis_tick (&f->axis, i);
      double yy = round (value_y (f, v)) + 0.5;
      g_autofree char *label = tick_label (ctx, f, v);
      g_autoptr(PangoLayout) layout = make_layout (ctx, label, 0.92, FALSE);

      set_color (cr, v == 0 ? &ctx->style->axis : &ctx->style->grid);
      cairo_move_to (cr, f->plot_x, yy);
      cairo_line_to (cr, f->plot_x + f->plot_w, yy);
      cairo_stroke (cr);
      show_layout (ctx, layout, f->plot_x - GAP, yy, 1, 0.5, &ctx->style->text_dim);
    }

  /* category labels */
  for (guint c = 0; c < n_cat; c += f->label_every)
    {
      g_autoptr(PangoLayout) layout =
        make_layout (ctx, cg_chart_data_get_category_label (ctx->data, c), 0.92, FALSE);
      double cx = f->plot_x + f->slot * (c + 0.5);
      double ty = f->plot_y + f->plot_h + 4;
      gboolean hl = ctx->hl_category == (int) c;

      if (f->rotate)
        {
          double tw;

          pango_layout_set_width (layout, (int) (f->label_max_w * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          layout_size (layout, &tw, NULL);
          cairo_save (cr);
          cairo_translate (cr, cx + lh * 0.3, ty);
          cairo_rotate (cr, -G_PI / 4);
          set_color (cr, hl ? &ctx->style->text : &ctx->style->text_dim);
          cairo_move_to (cr, -tw, 0);
          cg_chart_show_layout (cr, layout, ctx->style->text_outlines);
          cairo_restore (cr);
        }
      else
        {
          if (f->label_every == 1)
            {
              pango_layout_set_width (layout, (int) (MAX (f->slot - 2, 1) * PANGO_SCALE));
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
              pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
              show_layout (ctx, layout, cx - (f->slot - 2) / 2, ty, 0, 0,
                           hl ? &ctx->style->text : &ctx->style->text_dim);
            }
          else
            show_layout (ctx, layout, cx, ty, 0.5, 0,
                         hl ? &ctx->style->text : &ctx->style->text_dim);
        }
    }
}

/* Bars: grouped side by side, or stacked */

static void
draw_bars (Ctx    *ctx,
           double  x,
           double  top,
           double  w,
           double  bottom)
{
  cairo_t *cr = ctx->cr;
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  guint n_series = cg_chart_data_get_n_series (ctx->data);
  gboolean stacked = cg_chart_data_get_stacked (ctx->data) && n_series > 1;
  gboolean by_category = n_series == 1;
  Frame f;
  double group_w, bar_w, zero_y;

  layout_frame (ctx, &f, x, top, w, bottom, stacked, TRUE);

  /* the highlighted column's band, under everything */
  if (ctx->hl_category >= 0 && (guint) ctx->hl_category < n_cat)
    {
      set_color (cr, &ctx->style->grid);
      cairo_rectangle (cr, f.plot_x + f.slot * ctx->hl_category, f.plot_y, f.slot, f.plot_h);
      cairo_fill (cr);
    }

  draw_frame (ctx, &f);

  group_w = f.slot * (n_cat > 12 ? 0.78 : 0.64);
  group_w = MIN (group_w, stacked || n_series == 1 ? 56 : 40.0 * n_series);
  bar_w = stacked ? group_w : (group_w - 2.0 * (n_series - 1)) / n_series;
  bar_w = MAX (bar_w, 1);
  zero_y = value_y (&f, 0);

  for (guint c = 0; c < n_cat; c++)
    {
      double gx = f.plot_x + f.slot * c + (f.slot - group_w) / 2;
      double pos = 0, neg = 0;

      for (guint s = 0; s < n_series; s++)
        {
          double v = cg_chart_data_get_value (ctx->data, s, c);
          double bx, y0, y1, r;
          gboolean hl;
          CgChartColor color;
          CgChartItem item = { CG_CHART_SHAPE_RECT, s, c };

          if (!isfinite (v))
            continue;

          if (stacked)
            {
              double from = v >= 0 ? pos : neg;
              double to = from + v;

              if (v >= 0)
                pos = to;
              else
                neg = to;
              bx = gx;
              y0 = value_y (&f, MAX (from, to));
              y1 = value_y (&f, MIN (from, to));
            }
          else
            {
              bx = gx + s * (bar_w + 2);
              y0 = value_y (&f, MAX (v, 0));
              y1 = value_y (&f, MIN (v, 0));
            }

          if (by_category)
            cg_chart_style_get_category_color (ctx->style, ctx->data, c, &color);
          else
            cg_chart_style_get_series_color (ctx->style, ctx->data, s, &color);
          if (by_category && !cg_chart_data_get_category_color (ctx->data, c, NULL))
            cg_chart_style_get_series_color (ctx->style, ctx->data, 0, &color);

          hl = ctx->hl_category == (int) c && (ctx->hl_series < 0 || ctx->hl_series == (int) s);
          if (hl)
            lighten (&color, &color, ctx->style->dark);

          set_color (cr, &color);
          r = MIN (4, bar_w / 4);
          if (stacked)
            rounded_rect (cr, bx, y0, bar_w, MAX (y1 - y0, 0.5),
                          s == n_series - 1 ? r : 0, 0);
          else if (v >= 0)
            rounded_rect (cr, bx, y0, bar_w, MAX (y1 - y0, 0.5), r, 0);
          else
            rounded_rect (cr, bx, y0, bar_w, MAX (y1 - y0, 0.5), 0, r);
          cairo_fill (cr);

          item.x = bx;
          item.y = y0;
          item.width = bar_w;
          item.height = MAX (y1 - y0, 0.5);
          if (stacked)
            {
              item.hit_x = gx;
              item.hit_y = y0;
              item.hit_width = group_w;
              item.hit_height = item.height;
            }
          else
            {
              /* the whole column height: a short bar is as easy to point at as a tall one */
              item.hit_x = bx - 1;
              item.hit_y = f.plot_y;
              item.hit_width = bar_w + 2;
              item.hit_height = f.plot_h;
            }
          add_item (ctx->geometry, &item);

          /* values over the bars when there is room */
          if (!stacked)
            {
              g_autofree char *label = cg_chart_data_format_value (ctx->data, v);
              g_autoptr(PangoLayout) layout = make_layout (ctx, label, 0.8, FALSE);
              double tw, th, room;

              layout_size (layout, &tw, &th);
              /* the label must not reach into the next bar or column */
              room = n_series == 1 ? MIN (f.slot - 4, bar_w + 12) : bar_w + 2;
              if (tw <= room && v >= 0 && y0 - th - 1 >= f.plot_y - th / 2)
                show_layout (ctx, layout, bx + bar_w / 2, y0 - 2, 0.5, 1,
                             hl ? &ctx->style->text : &ctx->style->text_dim);
              else if (tw <= room && v < 0 && y1 + th + 2 <= f.plot_y + f.plot_h)
                show_layout (ctx, layout, bx + bar_w / 2, y1 + 2, 0.5, 0,
                             hl ? &ctx->style->text : &ctx->style->text_dim);
            }
        }

      if (stacked && pos > 0)
        {
          g_autofree char *label = cg_chart_data_format_value (ctx->data, pos);
          g_autoptr(PangoLayout) layout = make_layout (ctx, label, 0.8, FALSE);
          double tw;

          layout_size (layout, &tw, NULL);
          if (tw <= f.slot - 2)
            show_layout (ctx, layout, gx + group_w / 2, value_y (&f, pos) - 2, 0.5, 1,
                         &ctx->style->text_dim);
        }
    }

  /* the zero line over the bars' feet */
  set_color (cr, &ctx->style->axis);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, f.plot_x, round (zero_y) + 0.5);
  cairo_line_to (cr, f.plot_x + f.plot_w, round (zero_y) + 0.5);
  cairo_stroke (cr);
}

/* Lines: one per series over the categories (time), gaps where values are missing */

static void
draw_lines (Ctx    *ctx,
            double  x,
            double  top,
            double  w,
            double  bottom)
{
  cairo_t *cr = ctx->cr;
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  guint n_series = cg_chart_data_get_n_series (ctx->data);
  Frame f;
  double radius;

  layout_frame (ctx, &f, x, top, w, bottom, FALSE, FALSE);
  draw_frame (ctx, &f);

  radius = f.slot >= 14 ? 3.5 : 0;

  /* a guide at the highlighted category */
  if (ctx->hl_category >= 0 && (guint) ctx->hl_category < n_cat)
    {
      double gx = round (f.plot_x + f.slot * (ctx->hl_category + 0.5)) + 0.5;

      set_color (cr, &ctx->style->axis);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, gx, f.plot_y);
      cairo_line_to (cr, gx, f.plot_y + f.plot_h);
      cairo_stroke (cr);
    }

  for (guint s = 0; s < n_series; s++)
    {
      CgChartColor color;
      gboolean pen_down = FALSE;
      double first_x = 0, last_x = 0;
      guint n_points = 0;

      cg_chart_style_get_series_color (ctx->style, ctx->data, s, &color);

      /* a soft area under a lone series */
      if (n_series == 1)
        {
          cairo_pattern_t *gradient;
          double zero_y = value_y (&f, MAX (f.axis.min, 0));

          for (guint c = 0; c < n_cat; c++)
            {
              double v = cg_chart_data_get_value (ctx->data, s, c);
              double px = f.plot_x + f.slot * (c + 0.5);

              if (!isfinite (v))
                {
                  if (pen_down)
                    {
                      cairo_line_to (cr, last_x, zero_y);
                      cairo_line_to (cr, first_x, zero_y);
                      cairo_close_path (cr);
                    }
                  pen_down = FALSE;
                  continue;
                }
              if (!pen_down)
                {
                  cairo_move_to (cr, px, zero_y);
                  first_x = px;
                }
              cairo_line_to (cr, px, value_y (&f, v));
              last_x = px;
              pen_down = TRUE;
            }
          if (pen_down)
            {
              cairo_line_to (cr, last_x, zero_y);
              cairo_line_to (cr, first_x, zero_y);
              cairo_close_path (cr);
            }
          gradient = cairo_pattern_create_linear (0, f.plot_y, 0, f.plot_y + f.plot_h);
          cairo_pattern_add_color_stop_rgba (gradient, 0, color.red, color.green, color.blue, 0.28);
          cairo_pattern_add_color_stop_rgba (gradient, 1, color.red, color.green, color.blue, 0.02);
          cairo_set_source (cr, gradient);
          cairo_fill (cr);
          cairo_pattern_destroy (gradient);
          pen_down = FALSE;
        }

      for (guint c = 0; c < n_cat; c++)
        {
          double v = cg_chart_data_get_value (ctx->data, s, c);
          double px = f.plot_x + f.slot * (c + 0.5);

          if (!isfinite (v))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, px, value_y (&f, v));
          else
            cairo_move_to (cr, px, value_y (&f, v));
          pen_down = TRUE;
          n_points++;
        }
      set_color (cr, &color);
      cairo_set_line_width (cr, 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);

      for (guint c = 0; c < n_cat; c++)
        {
          double v = cg_chart_data_get_value (ctx->data, s, c);
          double px = f.plot_x + f.slot * (c + 0.5);
          double py;
          gboolean hl;
          double r;
          CgChartItem item = { CG_CHART_SHAPE_POINT, s, c };

          if (!isfinite (v))
            continue;
          py = value_y (&f, v);
          hl = ctx->hl_category == (int) c && (ctx->hl_series < 0 || ctx->hl_series == (int) s);
          /* a lone point shows even on a crowded axis */
          r = hl ? 5.5 : (radius > 0 || n_points == 1 ? 3.5 : 0);
          if (r > 0)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, px, py, r, 0, 2 * G_PI);
              set_color (cr, &color);
              cairo_fill_preserve (cr);
              if (ctx->style->background.alpha > 0)
                set_color (cr, &ctx->style->background);
              else
                cairo_set_source_rgb (cr, ctx->style->dark ? 0.19 : 1, ctx->style->dark ? 0.19 : 1,
                                      ctx->style->dark ? 0.19 : 1);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }

          item.x = px - 4;
          item.y = py - 4;
          item.width = item.height = 8;
          item.hit_x = f.plot_x + f.slot * c;
          item.hit_y = f.plot_y - 4;
          item.hit_width = f.slot;
          item.hit_height = f.plot_h + 8;
          add_item (ctx->geometry, &item);
        }
    }
}

/* Donut: slices of the first series' positive values, total in the middle, legend beside */

static void
draw_donut (Ctx    *ctx,
            double  x,
            double  top,
            double  w,
            double  bottom)
{
  cairo_t *cr = ctx->cr;
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  double h = bottom - top;
  double total = 0, angle, cx, cy, r_out, r_in, legend_x, legend_y, legend_w, lh, row_h;
  gboolean legend_below = w < h * 1.4;
  guint max_rows, shown = 0;

  for (guint c = 0; c < n_cat; c++)
    {
      double v = cg_chart_data_get_value (ctx->data, 0, c);

      if (isfinite (v) && v > 0)
        total += v;
    }

  lh = line_height (ctx, 0.92);
  row_h = lh + 6;
  if (legend_below)
    {
      double legend_h = MIN (n_cat, 5u) * row_h;

      r_out = MIN (w, h - legend_h - GAP) / 2 - 6;
      r_out = MAX (r_out, 10);
      cx = x + w / 2;
      cy = top + r_out + 6;
      legend_x = x;
      legend_y = cy + r_out + GAP + 6;
      legend_w = w;
    }
  else
    {
      r_out = MIN (h, w * 0.5) / 2 - 6;
      r_out = MAX (r_out, 10);
      cx = x + r_out + 10;
      cy = top + h / 2;
      legend_x = cx + r_out + 28;
      legend_w = x + w - legend_x;
      legend_y = top + MAX ((h - MIN (n_cat * row_h, h)) / 2, 0);
    }
  r_in = r_out * 0.62;

  angle = -G_PI / 2;
  for (guint c = 0; c < n_cat; c++)
    {
      double v = cg_chart_data_get_value (ctx->data, 0, c);
      double sweep, gap, a1, a2, mid, ro;
      CgChartColor color;
      gboolean hl = ctx->hl_category == (int) c;
      CgChartItem item = { CG_CHART_SHAPE_SECTOR, 0, c };

      if (!isfinite (v) || v <= 0)
        continue;

      sweep = v / total * 2 * G_PI;
      gap = sweep < 2 * G_PI - 1e-6 ? MIN (1.5 / r_out, sweep * 0.25) : 0;
      a1 = angle + gap / 2;
      a2 = angle + sweep - gap / 2;
      ro = hl ? r_out + 4 : r_out;

      cg_chart_style_get_category_color (ctx->style, ctx->data, c, &color);
      if (hl)
        lighten (&color, &color, ctx->style->dark);
      set_color (cr, &color);
      cairo_new_sub_path (cr);
      cairo_arc (cr, cx, cy, ro, a1, a2);
      cairo_arc_negative (cr, cx, cy, r_in, a2, a1);
      cairo_close_path (cr);
      cairo_fill (cr);

      mid = (a1 + a2) / 2;
      item.cx = cx;
      item.cy = cy;
      item.inner_radius = r_in;
      item.outer_radius = r_out + 4;
      item.angle1 = angle;
      item.angle2 = angle + sweep;
      item.x = cx + cos (mid) * (r_in + r_out) / 2 - 4;
      item.y = cy + sin (mid) * (r_in + r_out) / 2 - 4;
      item.width = item.height = 8;
      add_item (ctx->geometry, &item);

      angle += sweep;
    }

  /* the total in the middle */
  {
    g_autofree char *total_text = cg_chart_data_format_value (ctx->data, total);
    g_autoptr(PangoLayout) big = make_layout (ctx, total_text, 1.0, TRUE);
    g_autoptr(PangoLayout) caption = make_layout (ctx, _("Total"), 0.85, FALSE);
    double bw, bh, ch, scale;

    layout_size (big, &bw, &bh);
    scale = CLAMP (r_in * 1.5 / MAX (bw, 1), 0.8, 2.0);
    g_clear_object (&big);
    big = make_layout (ctx, total_text, scale, TRUE);
    layout_size (big, &bw, &bh);
    layout_size (caption, NULL, &ch);
    if (bh + ch < r_in * 1.8)
      {
        show_layout (ctx, big, cx, cy - (bh + ch) / 2, 0.5, 0, &ctx->style->text);
        show_layout (ctx, caption, cx, cy - (bh + ch) / 2 + bh, 0.5, 0, &ctx->style->text_dim);
      }
  }

  /* legend: swatch, label, value and share */
  max_rows = (guint) MAX (floor ((bottom - legend_y) / row_h), 1);
  for (guint c = 0; c < n_cat && legend_w > 40; c++)
    {
      double v = cg_chart_data_get_value (ctx->data, 0, c);
      g_autofree char *value = NULL;
      g_autofree char *share = NULL;
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) figures = NULL;
      CgChartColor color;
      double fw, ly;
      gboolean hl = ctx->hl_category == (int) c;

      if (shown + 1 == max_rows && shown + 1 < n_cat - c + shown)
        {
          g_autofree char *more = g_strdup_printf (_("%u more…"), n_cat - c);
          g_autoptr(PangoLayout) layout = make_layout (ctx, more, 0.92, FALSE);

          show_layout (ctx, layout, legend_x + SWATCH + 8, legend_y + shown * row_h, 0, 0,
                       &ctx->style->text_dim);
          break;
        }

      ly = legend_y + shown * row_h;
      cg_chart_style_get_category_color (ctx->style, ctx->data, c, &color);
      set_color (cr, &color);
      rounded_rect (cr, legend_x, ly + (lh - SWATCH) / 2, SWATCH, SWATCH, 2.5, 2.5);
      cairo_fill (cr);

      value = cg_chart_data_format_value (ctx->data, v);
      share = cg_chart_format_value (isfinite (v) && total > 0 ? MAX (v, 0) / total : 0,
                                     CG_CHART_FORMAT_PERCENT, 0, NULL);
      {
        g_autofree char *text = g_strdup_printf ("%s  %s", value, share);

        figures = make_layout (ctx, text, 0.92, hl);
      }
      layout_size (figures, &fw, NULL);
      show_layout (ctx, figures, legend_x + legend_w, ly, 1, 0,
                   hl ? &ctx->style->text : &ctx->style->text_dim);

      label = make_layout (ctx, cg_chart_data_get_category_label (ctx->data, c), 0.92, hl);
      pango_layout_set_width (label, (int) (MAX (legend_w - SWATCH - 8 - fw - 10, 1) * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      show_layout (ctx, label, legend_x + SWATCH + 8, ly, 0, 0, &ctx->style->text);
      shown++;
    }
}

/* Heat grid: series are rows, categories columns; colour from zero to the maximum */

static void
draw_heat_grid (Ctx    *ctx,
                double  x,
                double  top,
                double  w,
                double  bottom)
{
  cairo_t *cr = ctx->cr;
  guint n_cat = cg_chart_data_get_n_categories (ctx->data);
  guint n_rows = cg_chart_data_get_n_series (ctx->data);
  double lh = line_height (ctx, 0.92);
  double row_label_w = 0, max_col_w = 0, lo, hi, grid_x, grid_w, grid_h, cell_w, cell_h;
  double legend_h = lh + 12 + GAP;
  guint every;

  cg_chart_data_get_range (ctx->data, FALSE, &lo, &hi);
  lo = MIN (lo, 0);
  if (hi <= lo)
    hi = lo + 1;

  for (guint s = 0; s < n_rows; s++)
    row_label_w = MAX (row_label_w,
                       text_width (ctx, cg_chart_data_get_series_name (ctx->data, s), 0.92, FALSE));
  row_label_w = MIN (row_label_w, w * 0.3);
  for (guint c = 0; c < n_cat; c++)
    max_col_w = MAX (max_col_w,
                     text_width (ctx, cg_chart_data_get_category_label (ctx->data, c), 0.85, FALSE));

  grid_x = x + row_label_w + GAP;
  grid_w = MAX (x + w - grid_x, 1);
  grid_h = MAX (bottom - top - lh - 4 - legend_h, 1);
  cell_w = grid_w / MAX (n_cat, 1u);
  cell_h = MIN (grid_h / MAX (n_rows, 1u), 44);
  grid_h = cell_h * n_rows;
  every = max_col_w + 6 > cell_w ? (guint) ceil ((max_col_w + 6) / MAX (cell_w, 1)) : 1;

  for (guint s = 0; s < n_rows; s++)
    {
      g_autoptr(PangoLayout) label =
        make_layout (ctx, cg_chart_data_get_series_name (ctx->data, s), 0.92,
                     ctx->hl_series == (int) s);

      pango_layout_set_width (label, (int) (MAX (row_label_w, 1) * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      show_layout (ctx, label, x, top + s * cell_h + cell_h / 2, 0, 0.5,
                   ctx->hl_series == (int) s ? &ctx->style->text : &ctx->style->text_dim);

      for (guint c = 0; c < n_cat; c++)
        {
          double v = cg_chart_data_get_value (ctx->data, s, c);
          double cx = grid_x + c * cell_w, cy = top + s * cell_h;
          double gap = MIN (2, cell_w * 0.15);
          double t = isfinite (v) ? (v - lo) / (hi - lo) : 0;
          CgChartColor color;
          CgChartItem item = { CG_CHART_SHAPE_RECT, s, c };

          cg_chart_color_mix (&color, &ctx->style->heat_low, &ctx->style->heat_high,
                              isfinite (v) ? 0.08 + 0.92 * t : 0);
          if (!isfinite (v))
            color.alpha *= 0.5;
          set_color (cr, &color);
          rounded_rect (cr, cx + gap / 2, cy + gap / 2, cell_w - gap, cell_h - gap, 2, 2);
          cairo_fill (cr);

          if (isfinite (v) && v != 0 && cell_w >= 22 && cell_h >= lh)
            {
              g_autofree char *text = cg_chart_data_format_value (ctx->data, v);
              g_autoptr(PangoLayout) layout = make_layout (ctx, text, 0.8, FALSE);
              double tw;
              CgChartColor ink = t > 0.5 ? (CgChartColor) { 1, 1, 1, 0.95 } : ctx->style->text;

              layout_size (layout, &tw, NULL);
              if (tw <= cell_w - 4)
                show_layout (ctx, layout, cx + cell_w / 2, cy + cell_h / 2, 0.5, 0.5, &ink);
            }

          if (ctx->hl_series == (int) s && ctx->hl_category == (int) c)
            {
              set_color (cr, &ctx->style->text);
              cairo_set_line_width (cr, 2);
              rounded_rect (cr, cx + gap / 2 + 1, cy + gap / 2 + 1, cell_w - gap - 2,
                            cell_h - gap - 2, 2, 2);
              cairo_stroke (cr);
            }

          item.x = item.hit_x = cx;
          item.y = item.hit_y = cy;
          item.width = item.hit_width = cell_w;
          item.height = item.hit_height = cell_h;
          add_item (ctx->geometry, &item);
        }
    }

  for (guint c = 0; c < n_cat; c += every)
    {
      g_autoptr(PangoLayout) label =
        make_layout (ctx, cg_chart_data_get_category_label (ctx->data, c), 0.85, FALSE);

      show_layout (ctx, label, grid_x + (c + 0.5) * cell_w, top + grid_h + 4, 0.5, 0,
                   ctx->hl_category == (int) c ? &ctx->style->text : &ctx->style->text_dim);
    }

  /* the colour scale: low — gradient — high, under the grid on the right */
  {
    g_autofree char *lo_text = cg_chart_data_format_value (ctx->data, lo);
    g_autofree char *hi_text = cg_chart_data_format_value (ctx->data, hi);
    g_autoptr(PangoLayout) lo_layout = make_layout (ctx, lo_text, 0.85, FALSE);
    g_autoptr(PangoLayout) hi_layout = make_layout (ctx, hi_text, 0.85, FALSE);
    double bar_w = MIN (160, grid_w * 0.4), ly = top + grid_h + lh + 4 + GAP + 2;
    double hw, bx;
    cairo_pattern_t *gradient;
    const CgChartColor *a = &ctx->style->heat_low, *b = &ctx->style->heat_high;
    CgChartColor start;

    layout_size (hi_layout, &hw, NULL);
    bx = grid_x + grid_w - hw - 6 - bar_w;
    cg_chart_color_mix (&start, a, b, 0.08);
    gradient = cairo_pattern_create_linear (bx, 0, bx + bar_w, 0);
    cairo_pattern_add_color_stop_rgba (gradient, 0, start.red, start.green, start.blue, start.alpha);
    cairo_pattern_add_color_stop_rgba (gradient, 1, b->red, b->green, b->blue, b->alpha);
    cairo_set_source (cr, gradient);
    rounded_rect (cr, bx, ly + (lh - 10) / 2, bar_w, 10, 3, 3);
    cairo_fill (cr);
    cairo_pattern_destroy (gradient);
    show_layout (ctx, lo_layout, bx - 6, ly + lh / 2, 1, 0.5, &ctx->style->text_dim);
    show_layout (ctx, hi_layout, bx + bar_w + 6, ly + lh / 2, 0, 0.5, &ctx->style->text_dim);
  }
}

/**
 * cg_chart_draw:
 * @highlight_series: the series (heat grid: row) to highlight, or -1 for all at
 *   @highlight_category
 * @highlight_category: the category to highlight, or -1 for none
 * @geometry: (nullable): cleared, then filled with where each item was drawn
 *
 * Draws @data as @kind into the rectangle; the empty message replaces the axes when
 * cg_chart_data_is_empty(). Never draws outside the rectangle's clip.
 */
void
cg_chart_draw (cairo_t            *cr,
               CgChartKind         kind,
               const CgChartData  *data,
               const CgChartStyle *style,
               double              x,
               double              y,
               double              width,
               double              height,
               int                 highlight_series,
               int                 highlight_category,
               CgChartGeometry    *geometry)
{
  Ctx ctx = { cr, style, data, geometry, highlight_series, highlight_category };
  double top, bottom, ix, iw;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (style != NULL);

  if (geometry)
    cg_chart_geometry_clear (geometry);
  if (!(width > 0) || !(height > 0) || !isfinite (x) || !isfinite (y))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  if (style->background.alpha > 0)
    {
      set_color (cr, &style->background);
      cairo_paint (cr);
    }

  ix = x + PAD;
  iw = MAX (width - 2 * PAD, 1);
  top = draw_title (&ctx, ix, y + PAD, iw);
  bottom = y + height - PAD;

  if (cg_chart_data_is_empty (data) ||
      (kind == CG_CHART_KIND_DONUT && cg_chart_data_get_total (data, 0) <= 0))
    {
      draw_empty (&ctx, x, top, width, MAX (bottom - top, 1));
      cairo_restore (cr);
      return;
    }

  if (kind == CG_CHART_KIND_BAR || kind == CG_CHART_KIND_LINE)
    top = draw_series_legend (&ctx, ix, top, iw, TRUE);

  switch (kind)
    {
    case CG_CHART_KIND_BAR:
      draw_bars (&ctx, ix, top, iw, bottom);
      break;
    case CG_CHART_KIND_LINE:
      draw_lines (&ctx, ix, top, iw, bottom);
      break;
    case CG_CHART_KIND_DONUT:
      draw_donut (&ctx, ix, top, iw, bottom);
      break;
    case CG_CHART_KIND_HEAT_GRID:
      draw_heat_grid (&ctx, ix, top, iw, bottom);
      break;
    default:
      g_warn_if_reached ();
    }

  cairo_restore (cr);
}
