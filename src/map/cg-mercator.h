/* cg-mercator.h: Web Mercator in the unit square, as libshumate uses it
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-coords.h"

G_BEGIN_DECLS

#define CG_MERCATOR_MAX_LATITUDE 85.0511287798

/* x in [0,1] grows eastwards from 180°W; y in [0,1] grows southwards from 85.05°N */
double  cg_mercator_x_from_lon  (double lon);
double  cg_mercator_y_from_lat  (double lat);
double  cg_mercator_lon_from_x  (double x);
double  cg_mercator_lat_from_y  (double y);

/* The one projection every layer uses: a WGS-84 position (what devices and the API report)
 * to the unit square of tiles drawn in @datum. Tiles in GCJ-02 (AMap) sit 100-700 m away from
 * WGS-84 ones in Shanghai, so objects must move with them. */
void    cg_mercator_project     (CgDatum datum,
                                 double  lon,
                                 double  lat,
                                 double *x,
                                 double *y);
/* The inverse: a point of the unit square of @datum tiles back to WGS-84 (iterative inverse,
 * well under a metre), e.g. for a click on the map. */
void    cg_mercator_unproject   (CgDatum datum,
                                 double  x,
                                 double  y,
                                 double *lon,
                                 double *lat);

/* The zoom level at which the box [x0,x1]×[y0,y1] (unit square) fits into
 * @width × @height pixels with @padding pixels on each side, for tiles of @tile_size. */
double  cg_mercator_fit_zoom    (double x0,
                                 double y0,
                                 double x1,
                                 double y1,
                                 double width,
                                 double height,
                                 double padding,
                                 double tile_size);

G_END_DECLS
