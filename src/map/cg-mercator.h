/* cg-mercator.h: Web Mercator in the unit square, as libshumate uses it
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CG_MERCATOR_MAX_LATITUDE 85.0511287798

/* x in [0,1] grows eastwards from 180°W; y in [0,1] grows southwards from 85.05°N */
double  cg_mercator_x_from_lon  (double lon);
double  cg_mercator_y_from_lat  (double lat);
double  cg_mercator_lon_from_x  (double x);
double  cg_mercator_lat_from_y  (double y);

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
