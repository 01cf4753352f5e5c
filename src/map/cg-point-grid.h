/* cg-point-grid.h: screen-grid thinning and a hit-test index over projected points
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C (no GTK), so the unit tests can call it without a display.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A map point projected once to Web Mercator (unit square). */
typedef struct
{
  double  x;
  double  y;
  guint8  kind;    /* CgCollection: merchants, sites or points */
  guint8  risk;    /* CgRisk: higher value = higher risk */
  guint8  flags;   /* CG_MAP_POINT_* */
  guint8  street;
} CgProjPoint;

#define CG_N_POINT_KINDS 3

/* Where the map currently is: screen_x = x * world + ox (logical pixels). */
typedef struct
{
  double world;     /* pixels per unit square side at the current zoom */
  double ox;
  double oy;
  double width;     /* visible area, logical pixels */
  double height;
  double cell;      /* grid cell side in pixels */
  double margin;    /* pixels beyond the edges still drawn (half a symbol) */
} CgGridView;

typedef struct _CgThinGrid CgThinGrid;

CgThinGrid      *cg_thin_grid_new    (void);
void             cg_thin_grid_free   (CgThinGrid         *grid);

/* Thins @points for drawing: the cells are anchored to the map (cell = floor(x * world / cell)),
 * so they stay put while panning. For every occupied cell and every kind whose bit is set in
 * @kind_mask (1 << kind), keeps the point of the highest risk (the first one on ties).
 * Returns the kept indices (owned by @grid, valid until the next call), ordered by kind and
 * then by rising risk, so drawing them in order puts high risks on top. */
const guint32   *cg_thin_grid_run    (CgThinGrid         *grid,
                                      const CgProjPoint  *points,
                                      guint               n_points,
                                      const CgGridView   *view,
                                      guint               kind_mask,
                                      guint              *n_out);

typedef struct _CgPointIndex CgPointIndex;

/* A uniform grid over the points' bounding box, for hit testing. Keeps a pointer to @points:
 * they must outlive the index. */
CgPointIndex    *cg_point_index_new     (const CgProjPoint *points,
                                         guint              n_points);
void             cg_point_index_free    (CgPointIndex      *index);

/* The nearest point of a kind in @kind_mask within @radius (unit square) of (@x, @y);
 * on equal distance the higher risk wins. -1 when none. */
gint64           cg_point_index_nearest (CgPointIndex      *index,
                                         double             x,
                                         double             y,
                                         double             radius,
                                         guint              kind_mask);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgThinGrid, cg_thin_grid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgPointIndex, cg_point_index_free)

G_END_DECLS
