/* cg-poi-symbols.h: the map symbols, shared by the POI layer and the legend
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Risk colours (GNOME palette): high red, medium orange, low green, unknown grey */
#define CG_COLOR_RISK_HIGH     0xe01b24
#define CG_COLOR_RISK_MEDIUM   0xff7800
#define CG_COLOR_RISK_LOW      0x2ec27e
#define CG_COLOR_RISK_UNKNOWN  0x9a9996
#define CG_COLOR_POINT         0x1c71d8   /* enforcement points (active) */
#define CG_COLOR_POINT_OFFLINE 0x99c1f1

/* 0xRRGGBB of a risk (CgRisk) */
guint32  cg_risk_get_color        (guint8   risk);
/* 0xRRGGBB of a symbol: risk colour for merchants and sites, blue for points */
guint32  cg_poi_symbol_get_color  (guint8   kind,
                                   guint8   risk,
                                   guint8   flags);
/* Logical size (pixels) of a symbol's box at a size tier (0 = small, 1 = large) */
int      cg_poi_symbol_get_size   (guint8   kind,
                                   int      tier);
/* Draws the symbol centred on (cx, cy) with box @size (logical units of @cr) */
void     cg_poi_symbol_draw       (cairo_t *cr,
                                   guint8   kind,
                                   guint8   risk,
                                   guint8   flags,
                                   double   cx,
                                   double   cy,
                                   double   size);

#define CG_COLOR_OVERDUE       0xf6d32d   /* badge of overdue inspection targets */

/* The overdue badge: a yellow disc with "!", centred on (cx, cy), box @size */
void     cg_poi_overdue_badge_draw (cairo_t *cr,
                                    double   cx,
                                    double   cy,
                                    double   size);
/* Offset of the badge's centre from its symbol's centre (right and up) */
double   cg_poi_overdue_badge_offset (guint8 kind,
                                      int    tier);

/* Clusters: a white disc with the count, in a ring whose arcs are proportional to the risk
 * grades of its objects (high, medium, low, not graded, clockwise from the top) */
double   cg_poi_cluster_get_radius (guint          count);
void     cg_poi_cluster_draw       (cairo_t       *cr,
                                    PangoLayout   *layout,
                                    double         cx,
                                    double         cy,
                                    guint          count,
                                    const guint32  risk_counts[4]);

G_END_DECLS
