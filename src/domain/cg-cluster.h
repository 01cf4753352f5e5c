/* cg-cluster.h: a hierarchical point-clustering index for the city-scale map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CG_CLUSTER_N_RISK 4

typedef struct
{
  int    min_zoom;     /* lowest zoom with its own clusters (default 0) */
  int    max_zoom;     /* highest zoom with clusters (default 16); from max_zoom + 1 on,
                        * every point is its own item */
  double radius;       /* cluster radius in pixels at 256-px tiles (default 40) */
  guint  min_points;   /* fewest points that form a cluster (default 2) */
} CgClusterOptions;

/* One thing to draw at a zoom: a single point (count == 1, id = the point's index
 * in the arrays given to cg_cluster_index_new()) or a cluster (count >= 2,
 * id = a cluster id, always >= the number of points). x, y are Web Mercator in
 * [0,1] (x eastwards, y southwards): the point itself, or the weighted centroid
 * of the cluster's points. */
typedef struct
{
  double  x;
  double  y;
  guint32 count;
  guint32 risk_counts[CG_CLUSTER_N_RISK];  /* points per risk grade; adds up to count */
  guint32 id;
} CgClusterItem;

typedef struct _CgClusterIndex CgClusterIndex;

void             cg_cluster_options_init            (CgClusterOptions       *opts);

/* Builds the index (about 40 ms for 200,000 points; safe to call in a worker
 * thread). @x and @y are Web Mercator in [0,1] (values outside are clamped, NaN
 * becomes 0); @risk is each point's grade 0..3 (larger values count as 3), or
 * NULL for all grade 0. The arrays are copied. @opts may be NULL for defaults.
 * The index is immutable: any number of threads may query it at once. */
CgClusterIndex  *cg_cluster_index_new               (const double           *x,
                                                     const double           *y,
                                                     const guint8           *risk,
                                                     guint                   n,
                                                     const CgClusterOptions *opts);
CgClusterIndex  *cg_cluster_index_ref               (CgClusterIndex         *self);
void             cg_cluster_index_unref             (CgClusterIndex         *self);

guint            cg_cluster_index_get_n_points      (CgClusterIndex         *self);
guint            cg_cluster_index_get_n_clusters    (CgClusterIndex         *self);
void             cg_cluster_index_get_options       (CgClusterIndex         *self,
                                                     CgClusterOptions       *out_opts);

/* Appends to @out_items (a GArray of CgClusterItem) every item of @zoom whose
 * position lies in the box (inclusive); @zoom is clamped to
 * [min_zoom, max_zoom + 1]. Returns the number appended. No wrapping across the
 * antimeridian. */
guint            cg_cluster_index_query             (CgClusterIndex         *self,
                                                     int                     zoom,
                                                     double                  min_x,
                                                     double                  min_y,
                                                     double                  max_x,
                                                     double                  max_y,
                                                     GArray                 *out_items);

/* Appends to @out_point_indices (a GArray of guint32) the indices of all the
 * points in @cluster_id. @zoom is the zoom the id was seen at: FALSE if the id
 * is not an item at that zoom (a stale id). A point id gives itself. */
gboolean         cg_cluster_index_get_leaves        (CgClusterIndex         *self,
                                                     guint32                 cluster_id,
                                                     int                     zoom,
                                                     GArray                 *out_point_indices);

/* The lowest zoom at which @cluster_id has split into two or more items, or -1
 * if @cluster_id is not a cluster. It can be max_zoom + 1 (points too close to
 * ever split by zooming, e.g. on the same spot): list the leaves then instead. */
int              cg_cluster_index_get_expansion_zoom (CgClusterIndex        *self,
                                                      guint32                cluster_id);

/* The bounding box of the points of @cluster_id (or of the point itself). Precise
 * to about 1e-7 (single precision), enough to fit a view to it. */
gboolean         cg_cluster_index_get_extent        (CgClusterIndex         *self,
                                                     guint32                 cluster_id,
                                                     double                 *min_x,
                                                     double                 *min_y,
                                                     double                 *max_x,
                                                     double                 *max_y);

/* The item of @zoom that holds @node (a point index or a cluster id): @node itself when it
 * is an item at @zoom, else the cluster it was merged into at @zoom. G_MAXUINT32 when @node
 * is a cluster that only exists below @zoom (it is split there) or is unknown. Used to
 * animate splits and merges: children move out of / into that position. */
guint32          cg_cluster_index_get_ancestor      (CgClusterIndex         *self,
                                                     guint32                 node,
                                                     int                     zoom);
/* The position of a point or cluster (Web Mercator), FALSE for an unknown id */
gboolean         cg_cluster_index_get_position      (CgClusterIndex         *self,
                                                     guint32                 node,
                                                     double                 *x,
                                                     double                 *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgClusterIndex, cg_cluster_index_unref)

G_END_DECLS
