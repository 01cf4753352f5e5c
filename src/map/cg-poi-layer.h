/* cg-poi-layer.h: merchants, sites and enforcement points, stamped into one texture
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-store.h"

G_BEGIN_DECLS

#define CG_TYPE_POI_LAYER (cg_poi_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgPoiLayer, cg_poi_layer, CG, POI_LAYER, ShumateLayer)

CgPoiLayer       *cg_poi_layer_new             (ShumateViewport *viewport);

/* Takes a reference on @points (GArray of CgMapPoint, nullable = none) and projects them once. */
void              cg_poi_layer_set_points      (CgPoiLayer      *self,
                                                GArray          *points);
/* (transfer none) (nullable) */
GArray           *cg_poi_layer_get_points      (CgPoiLayer      *self);
guint             cg_poi_layer_get_n_points    (CgPoiLayer      *self);
/* Number of points of a collection (merchants, sites, points), and of a risk (-1 = any) */
guint             cg_poi_layer_get_count       (CgPoiLayer      *self,
                                                CgCollection     collection,
                                                int              risk);
/* (nullable): the point with that index in the array */
const CgMapPoint *cg_poi_layer_get_point       (CgPoiLayer      *self,
                                                gint64           index);

/* Index of the visible point under widget coordinates (x, y) (within a few pixels), or -1. */
gint64            cg_poi_layer_get_point_at    (CgPoiLayer      *self,
                                                double           x,
                                                double           y);

/* Highlights one point (-1 = none) */
void              cg_poi_layer_set_selected    (CgPoiLayer      *self,
                                                gint64           index);
gint64            cg_poi_layer_get_selected    (CgPoiLayer      *self);

void              cg_poi_layer_set_show_merchants (CgPoiLayer   *self,
                                                   gboolean      show);
gboolean          cg_poi_layer_get_show_merchants (CgPoiLayer   *self);
void              cg_poi_layer_set_show_sites     (CgPoiLayer   *self,
                                                   gboolean      show);
gboolean          cg_poi_layer_get_show_sites     (CgPoiLayer   *self);
void              cg_poi_layer_set_show_points    (CgPoiLayer   *self,
                                                   gboolean      show);
gboolean          cg_poi_layer_get_show_points    (CgPoiLayer   *self);

/* Points actually stamped in the last snapshot (after thinning), for tests and benchmarks */
guint             cg_poi_layer_get_n_drawn     (CgPoiLayer      *self);

G_END_DECLS
