/* cg-mercator.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>

#include "cg-mercator.h"

double
cg_mercator_x_from_lon (double lon)
{
  return (lon + 180.0) / 360.0;
}

double
cg_mercator_y_from_lat (double lat)
{
  double phi;

  lat = CLAMP (lat, -CG_MERCATOR_MAX_LATITUDE, CG_MERCATOR_MAX_LATITUDE);
  phi = lat * G_PI / 180.0;

  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

double
cg_mercator_lon_from_x (double x)
{
  return x * 360.0 - 180.0;
}

double
cg_mercator_lat_from_y (double y)
{
  double n = G_PI - 2.0 * G_PI * y;

  return 180.0 / G_PI * atan (0.5 * (exp (n) - exp (-n)));
}

void
cg_mercator_project (CgDatum  datum,
                     double   lon,
                     double   lat,
                     double  *x,
                     double  *y)
{
  g_return_if_fail (x != NULL && y != NULL);

  if (datum != CG_DATUM_WGS84)
    cg_coords_convert (CG_DATUM_WGS84, datum, lon, lat, &lon, &lat);

  *x = cg_mercator_x_from_lon (lon);
  *y = cg_mercator_y_from_lat (lat);
}

void
cg_mercator_unproject (CgDatum  datum,
                       double   x,
                       double   y,
                       double  *lon,
                       double  *lat)
{
  double d_lon, d_lat;

  g_return_if_fail (lon != NULL && lat != NULL);

  d_lon = cg_mercator_lon_from_x (x);
  d_lat = cg_mercator_lat_from_y (y);
  if (datum != CG_DATUM_WGS84)
    cg_coords_convert (datum, CG_DATUM_WGS84, d_lon, d_lat, &d_lon, &d_lat);

  *lon = d_lon;
  *lat = d_lat;
}

double
cg_mercator_fit_zoom (double x0,
                      double y0,
                      double x1,
                      double y1,
                      double width,
                      double height,
                      double padding,
                      double tile_size)
{
  double dx = fabs (x1 - x0);
  double dy = fabs (y1 - y0);
  double avail_w = MAX (1.0, width - 2 * padding);
  double avail_h = MAX (1.0, height - 2 * padding);
  double world;

  if (dx <= 0 && dy <= 0)
    return 17.0;

  /* world size (pixels) such that the box fits both ways */
  world = MIN (dx > 0 ? avail_w / dx : G_MAXDOUBLE, dy > 0 ? avail_h / dy : G_MAXDOUBLE);

  return log2 (world / tile_size);
}
