/* cg-heat-layer.h: a heat map of weighted points (complaint hotspots) over the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define CG_TYPE_HEAT_LAYER (cg_heat_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgHeatLayer, cg_heat_layer, CG, HEAT_LAYER, ShumateLayer)

CgHeatLayer *cg_heat_layer_new        (ShumateViewport *viewport);

/* @n points of WGS-84 @lon, @lat with @weight (> 0; others are skipped); copied and projected
 * once into the viewport's datum. n = 0 clears the layer. */
void         cg_heat_layer_set_points (CgHeatLayer     *self,
                                       const double    *lon,
                                       const double    *lat,
                                       const double    *weight,
                                       guint            n);
guint        cg_heat_layer_get_n_points (CgHeatLayer   *self);
/* Projects the points again, after the viewport's datum changed */
void         cg_heat_layer_reproject  (CgHeatLayer     *self);

/* The heat at widget coordinates (x, y) in the last drawing, 0..1 (1 = the hottest spot in
 * view); for tests */
double       cg_heat_layer_get_heat_at (CgHeatLayer    *self,
                                        double          x,
                                        double          y);

/* The colour ramp: heat 0..1 to premultiplied RGBA bytes (transparent at 0, blue, green,
 * yellow, red at 1) */
void         cg_heat_layer_ramp       (double           heat,
                                       guint8           rgba[4]);

G_END_DECLS
