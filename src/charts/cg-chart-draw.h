/* cg-chart-draw.h: bar, line, donut and heat-grid charts drawn with cairo and Pango
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same functions draw on screen (CgChart, through gtk_snapshot_append_cairo) and into the
 * PDF report. Drawing fills a CgChartGeometry with where each bar, point, slice or cell landed;
 * hit-testing and keyboard navigation use it, so they agree with what was drawn.
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "cg-chart-data.h"

G_BEGIN_DECLS

typedef enum
{
  CG_CHART_KIND_BAR,
  CG_CHART_KIND_LINE,
  CG_CHART_KIND_DONUT,
  CG_CHART_KIND_HEAT_GRID,
} CgChartKind;

#define CG_TYPE_CHART_KIND (cg_chart_kind_get_type ())
GType cg_chart_kind_get_type (void) G_GNUC_CONST;

#define CG_CHART_STYLE_MAX_PALETTE 8

typedef struct
{
  CgChartColor background;     /* painted first unless alpha is 0 */
  CgChartColor text;
  CgChartColor text_dim;       /* axis labels, captions, the empty message */
  CgChartColor grid;
  CgChartColor axis;
  CgChartColor heat_low;       /* heat grid: zero */
  CgChartColor heat_high;      /* heat grid: the maximum */
  CgChartColor palette[CG_CHART_STYLE_MAX_PALETTE];
  guint        n_palette;
  char         font_family[96];
  double       font_size;      /* labels, in device units (px on screen, pt in the PDF) */
  gboolean     show_title;
  gboolean     dark;
  gboolean     text_outlines;  /* PDF: see cg_chart_show_layout() */
} CgChartStyle;

void cg_chart_style_init                (CgChartStyle       *style,
                                         gboolean            dark);
void cg_chart_style_get_series_color    (const CgChartStyle *style,
                                         const CgChartData  *data,
                                         guint               series,
                                         CgChartColor       *color);
void cg_chart_style_get_category_color  (const CgChartStyle *style,
                                         const CgChartData  *data,
                                         guint               category,
                                         CgChartColor       *color);

typedef enum
{
  CG_CHART_SHAPE_RECT,     /* a bar or a cell */
  CG_CHART_SHAPE_POINT,    /* a point of a line */
  CG_CHART_SHAPE_SECTOR,   /* a donut slice */
} CgChartShape;

typedef struct
{
  CgChartShape shape;
  guint        series;        /* heat grid: the row */
  guint        category;      /* heat grid: the column */
  /* what was drawn: the bar, the cell, a box around the point or the slice's middle */
  double       x, y, width, height;
  /* RECT and POINT: where the pointer finds the item (a bar's whole column height) */
  double       hit_x, hit_y, hit_width, hit_height;
  /* SECTOR: centre, radii and angles (cairo radians, clockwise, angle1 < angle2) */
  double       cx, cy, inner_radius, outer_radius, angle1, angle2;
} CgChartItem;

typedef struct _CgChartGeometry CgChartGeometry;

CgChartGeometry   *cg_chart_geometry_new         (void);
void               cg_chart_geometry_free        (CgChartGeometry       *self);
void               cg_chart_geometry_clear       (CgChartGeometry       *self);
guint              cg_chart_geometry_get_n_items (const CgChartGeometry *self);
const CgChartItem *cg_chart_geometry_get_item    (const CgChartGeometry *self,
                                                  guint                  index);
const CgChartItem *cg_chart_geometry_find        (const CgChartGeometry *self,
                                                  guint                  series,
                                                  guint                  category);
const CgChartItem *cg_chart_geometry_hit_test    (const CgChartGeometry *self,
                                                  double                 x,
                                                  double                 y);
gboolean           cg_chart_geometry_is_empty_state (const CgChartGeometry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgChartGeometry, cg_chart_geometry_free)

typedef struct _PangoLayout     PangoLayout;
typedef struct _PangoLayoutLine PangoLayoutLine;

void cg_chart_show_layout      (cairo_t         *cr,
                                PangoLayout     *layout,
                                gboolean         outlines);
void cg_chart_show_layout_line (cairo_t         *cr,
                                PangoLayoutLine *line,
                                gboolean         outlines);

void cg_chart_draw (cairo_t            *cr,
                    CgChartKind         kind,
                    const CgChartData  *data,
                    const CgChartStyle *style,
                    double              x,
                    double              y,
                    double              width,
                    double              height,
                    int                 highlight_series,
                    int                 highlight_category,
                    CgChartGeometry    *geometry);

G_END_DECLS
