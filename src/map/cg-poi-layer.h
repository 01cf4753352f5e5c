/* cg-poi-layer.h: merchants, sites and enforcement points, clustered, in one texture
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-cluster.h"
#include "cg-poi-filter.h"
#include "cg-store.h"

G_BEGIN_DECLS

#define CG_TYPE_POI_LAYER (cg_poi_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgPoiLayer, cg_poi_layer, CG, POI_LAYER, ShumateLayer)

/* What is under a position on the map: a single object or a cluster */
typedef struct
{
  gint64   point;        /* index in the points array for a single object, -1 for a cluster */
  guint32  cluster_id;   /* the item's id in the layer's cluster index */
  int      zoom;         /* the integer zoom the item was found at */
  guint    count;        /* objects in it (1 for a single one) */
  guint    risk_counts[CG_CLUSTER_N_RISK];
  double   x;            /* its centre, widget coordinates */
  double   y;
} CgPoiHit;

CgPoiLayer       *cg_poi_layer_new             (ShumateViewport *viewport);

/* Takes a reference on @points (GArray of CgMapPoint, nullable = none) and projects them once.
 * @ids (nullable, reference taken): the places' ids in the same order (GPtrArray of strings),
 * needed to match cg_poi_layer_set_overdue()'s ids. Clears the selection. */
void              cg_poi_layer_set_points_full (CgPoiLayer      *self,
                                                GArray          *points,
                                                GPtrArray       *ids);
void              cg_poi_layer_set_points      (CgPoiLayer      *self,
                                                GArray          *points);
/* (transfer none) (nullable) */
GArray           *cg_poi_layer_get_points      (CgPoiLayer      *self);
guint             cg_poi_layer_get_n_points    (CgPoiLayer      *self);
/* Number of points of a collection (merchants, sites, points), and of a risk (-1 = any),
 * of all the points (get_count) or of those the filter lets through (get_shown_count) */
guint             cg_poi_layer_get_count       (CgPoiLayer      *self,
                                                CgCollection     collection,
                                                int              risk);
guint             cg_poi_layer_get_shown_count (CgPoiLayer      *self,
                                                CgCollection     collection,
                                                int              risk);
/* Total of objects the filter lets through ("n-shown") */
guint             cg_poi_layer_get_n_shown     (CgPoiLayer      *self);
/* (nullable): the point with that index in the array */
const CgMapPoint *cg_poi_layer_get_point       (CgPoiLayer      *self,
                                                gint64           index);
/* (nullable): its place id, when the ids were given */
const char       *cg_poi_layer_get_point_id    (CgPoiLayer      *self,
                                                gint64           index);

/* Filters. The kind switches ("show-merchants", ...) are the filter's kinds. The clusters are
 * rebuilt for the filter: at once for small sets, on a worker thread for large ones
 * ("building" is TRUE meanwhile, and the previous clusters stay on screen). */
void              cg_poi_layer_set_filter      (CgPoiLayer        *self,
                                                const CgPoiFilter *filter);
void              cg_poi_layer_get_filter      (CgPoiLayer        *self,
                                                CgPoiFilter       *out_filter);
gboolean          cg_poi_layer_get_building    (CgPoiLayer        *self);

/* Marks overdue inspection targets (for the rules engine): @overdue_ids is a set of place ids
 * (keys compared as strings; nullable = none overdue). Needs the ids of
 * cg_poi_layer_set_points_full(). Overdue objects get a red badge, and the filter's
 * "overdue only" keeps them alone. The set is kept and applied again to new points. */
void              cg_poi_layer_set_overdue     (CgPoiLayer      *self,
                                                GHashTable      *overdue_ids);
gboolean          cg_poi_layer_is_overdue      (CgPoiLayer      *self,
                                                gint64           index);
guint             cg_poi_layer_get_n_overdue   (CgPoiLayer      *self);

/* Hit testing through the cluster index: the item drawn under widget coordinates (x, y)
 * (a cluster within its disc, a single object within a few pixels), FALSE when none. */
gboolean          cg_poi_layer_pick            (CgPoiLayer      *self,
                                                double           x,
                                                double           y,
                                                CgPoiHit        *out_hit);
/* Appends to @out_hits (GArray of CgPoiHit) every item (cluster or single object) whose
 * centre is in view at the current zoom; returns their number */
guint             cg_poi_layer_get_visible     (CgPoiLayer      *self,
                                                GArray          *out_hits);
/* The single objects drawn within @radius pixels of (x, y) (GArray of guint32 point indices,
 * transfer full; clusters do not count) */
GArray           *cg_poi_layer_get_points_near (CgPoiLayer     *self,
                                                double          x,
                                                double          y,
                                                double          radius);
/* Index of the single object under (x, y), or -1 (clusters do not count). */
gint64            cg_poi_layer_get_point_at    (CgPoiLayer      *self,
                                                double           x,
                                                double           y);
/* The objects of a cluster of @hit (point indices, GArray of guint32, transfer full), or NULL
 * when the hit is stale (new points or filter since) */
GArray           *cg_poi_layer_get_cluster_points (CgPoiLayer     *self,
                                                   const CgPoiHit *hit);
/* Where a click on a cluster should go: the zoom at which it splits and the extent of its
 * objects (Web Mercator). FALSE when stale or when zooming cannot split it (its objects share
 * one spot, or it splits only beyond @max_zoom): list its objects instead. */
gboolean          cg_poi_layer_get_cluster_expansion (CgPoiLayer     *self,
                                                      const CgPoiHit *hit,
                                                      double          max_zoom,
                                                      double         *out_zoom,
                                                      double         *out_min_x,
                                                      double         *out_min_y,
                                                      double         *out_max_x,
                                                      double         *out_max_y);

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

/* Split/merge animation when the integer zoom changes (on by default; off also when GTK's
 * animations are off) */
void              cg_poi_layer_set_animate     (CgPoiLayer      *self,
                                                gboolean         animate);

/* Single objects stamped and clusters drawn in the last snapshot, for tests and benchmarks */
guint             cg_poi_layer_get_n_drawn     (CgPoiLayer      *self);
guint             cg_poi_layer_get_n_clusters_drawn (CgPoiLayer *self);

/* Mercator position of a map point (the one place points are projected) */
void              cg_poi_layer_project         (CgPoiLayer       *self,
                                                const CgMapPoint *mp,
                                                double           *x,
                                                double           *y);
/* Projects the points again (the tiles' datum changed), keeping filters, overdue marks and
 * the selection */
void              cg_poi_layer_reproject       (CgPoiLayer       *self);

G_END_DECLS
