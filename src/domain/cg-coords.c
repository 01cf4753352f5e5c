/* cg-coords.c: WGS-84, GCJ-02 and BD-09 datums and the conversions between them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-coords"

#include "config.h"

#include <math.h>

#include "cg-coords.h"

/* GCJ-02 is WGS-84 plus an offset computed on the Krasovsky 1940 ellipsoid */
#define KRASOVSKY_A   6378245.0
#define KRASOVSKY_EE  0.00669342162296594323

/* BD-09 rotates and scales GCJ-02 a little around an origin shifted by (0.0065, 0.006) */
#define BD09_X_PI     (G_PI * 3000.0 / 180.0)
#define BD09_DLON     0.0065
#define BD09_DLAT     0.006

/* The iterative inverses stop when a step is below this (about 0.1 mm) */
#define INVERSE_EPSILON  1e-12
#define INVERSE_MAX_ITER 30

#define EARTH_RADIUS_M 6371008.8

static const char * const datum_names[CG_DATUM_COUNT] = { "wgs84", "gcj02", "bd09" };
static const char * const datum_alt_names[CG_DATUM_COUNT] = { "wgs-84", "gcj-02", "bd-09" };

gboolean
cg_datum_from_string (const char *str,
                      CgDatum    *out_datum)
{
  g_return_val_if_fail (out_datum != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < CG_DATUM_COUNT; i++)
    {
      if (g_ascii_strcasecmp (str, datum_names[i]) == 0 ||
          g_ascii_strcasecmp (str, datum_alt_names[i]) == 0)
        {
          *out_datum = (CgDatum) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
cg_datum_to_string (CgDatum datum)
{
  if ((guint) datum >= CG_DATUM_COUNT)
    return NULL;

  return datum_names[datum];
}

gboolean
cg_coords_out_of_china (double lon,
                        double lat)
{
  return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
}

static double
offset_lat (double x,
            double y)
{
  double r;

  r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));
  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;

  return r;
}

static double
offset_lon (double x,
            double y)
{
  double r;

  r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));
  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;

  return r;
}

/* The GCJ-02 offset in degrees at a WGS-84 position inside China */
static void
gcj02_delta (double  lon,
             double  lat,
             double *d_lon,
             double *d_lat)
{
  double rad_lat = lat / 180.0 * G_PI;
  double magic = sin (rad_lat);
  double sqrt_magic;

  magic = 1.0 - KRASOVSKY_EE * magic * magic;
  sqrt_magic = sqrt (magic);

  *d_lat = offset_lat (lon - 105.0, lat - 35.0) * 180.0 /
           ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * G_PI);
  *d_lon = offset_lon (lon - 105.0, lat - 35.0) * 180.0 /
           (KRASOVSKY_A / sqrt_magic * cos (rad_lat) * G_PI);
}

void
cg_coords_wgs84_to_gcj02 (double  lon,
                          double  lat,
                          double *out_lon,
                          double *out_lat)
{
  double d_lon, d_lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (cg_coords_out_of_china (lon, lat))
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }

  gcj02_delta (lon, lat, &d_lon, &d_lat);
  *out_lon = lon + d_lon;
  *out_lat = lat + d_lat;
}

void
cg_coords_gcj02_to_wgs84 (double  lon,
                          double  lat,
                          double *out_lon,
                          double *out_lat)
{
  double w_lon, w_lat, d_lon, d_lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (cg_coords_out_of_china (lon, lat))
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }

  /* First guess: subtract the offset taken at the GCJ-02 position (1-2 m off),
   * then fixed-point iteration on forward(w) = g. The offset changes slowly
   * (its derivative is far below 1), so each step gains several digits. */
  gcj02_delta (lon, lat, &d_lon, &d_lat);
  w_lon = lon - d_lon;
  w_lat = lat - d_lat;

  for (guint i = 0; i < INVERSE_MAX_ITER; i++)
    {
      double g_lon, g_lat, e_lon, e_lat;

      cg_coords_wgs84_to_gcj02 (w_lon, w_lat, &g_lon, &g_lat);
      e_lon = g_lon - lon;
      e_lat = g_lat - lat;
      w_lon -= e_lon;
      w_lat -= e_lat;

      if (fabs (e_lon) < INVERSE_EPSILON && fabs (e_lat) < INVERSE_EPSILON)
        break;
    }

  *out_lon = w_lon;
  *out_lat = w_lat;
}

void
cg_coords_gcj02_to_bd09 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double z, theta;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  z = sqrt (lon * lon + lat * lat) + 0.00002 * sin (lat * BD09_X_PI);
  theta = atan2 (lat, lon) + 0.000003 * cos (lon * BD09_X_PI);
  *out_lon = z * cos (theta) + BD09_DLON;
  *out_lat = z * sin (theta) + BD09_DLAT;
}

/* The closed form everyone uses; it evaluates the small terms at the shifted
 * BD-09 position instead of the GCJ-02 one. */
static void
bd09_to_gcj02_approx (double  lon,
                      double  lat,
                      double *out_lon,
                      double *out_lat)
{
  double x = lon - BD09_DLON;
  double y = lat - BD09_DLAT;
  double z = sqrt (x * x + y * y) - 0.00002 * sin (y * BD09_X_PI);
  double theta = atan2 (y, x) - 0.000003 * cos (x * BD09_X_PI);

  *out_lon = z * cos (theta);
  *out_lat = z * sin (theta);
}

void
cg_coords_bd09_to_gcj02 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double g_lon, g_lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  bd09_to_gcj02_approx (lon, lat, &g_lon, &g_lat);

  for (guint i = 0; i < INVERSE_MAX_ITER; i++)
    {
      double b_lon, b_lat, e_lon, e_lat;

      cg_coords_gcj02_to_bd09 (g_lon, g_lat, &b_lon, &b_lat);
      e_lon = b_lon - lon;
      e_lat = b_lat - lat;
      g_lon -= e_lon;
      g_lat -= e_lat;

      if (fabs (e_lon) < INVERSE_EPSILON && fabs (e_lat) < INVERSE_EPSILON)
        break;
    }

  *out_lon = g_lon;
  *out_lat = g_lat;
}

void
cg_coords_wgs84_to_bd09 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double g_lon, g_lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  cg_coords_wgs84_to_gcj02 (lon, lat, &g_lon, &g_lat);
  cg_coords_gcj02_to_bd09 (g_lon, g_lat, out_lon, out_lat);
}

void
cg_coords_bd09_to_wgs84 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double g_lon, g_lat;

  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  cg_coords_bd09_to_gcj02 (lon, lat, &g_lon, &g_lat);
  cg_coords_gcj02_to_wgs84 (g_lon, g_lat, out_lon, out_lat);
}

void
cg_coords_convert (CgDatum  from,
                   CgDatum  to,
                   double   lon,
                   double   lat,
                   double  *out_lon,
                   double  *out_lat)
{
  double g_lon, g_lat;

  g_return_if_fail ((guint) from < CG_DATUM_COUNT);
  g_return_if_fail ((guint) to < CG_DATUM_COUNT);
  g_return_if_fail (out_lon != NULL && out_lat != NULL);

  if (from == to)
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }

  /* Through GCJ-02, the datum both others are defined against */
  switch (from)
    {
    case CG_DATUM_WGS84:
      cg_coords_wgs84_to_gcj02 (lon, lat, &g_lon, &g_lat);
      break;
    case CG_DATUM_BD09:
      cg_coords_bd09_to_gcj02 (lon, lat, &g_lon, &g_lat);
      break;
    case CG_DATUM_GCJ02:
    default:
      g_lon = lon;
      g_lat = lat;
      break;
    }

  switch (to)
    {
    case CG_DATUM_WGS84:
      cg_coords_gcj02_to_wgs84 (g_lon, g_lat, out_lon, out_lat);
      break;
    case CG_DATUM_BD09:
      cg_coords_gcj02_to_bd09 (g_lon, g_lat, out_lon, out_lat);
      break;
    case CG_DATUM_GCJ02:
    default:
      *out_lon = g_lon;
      *out_lat = g_lat;
      break;
    }
}

double
cg_coords_distance_m (double lon1,
                      double lat1,
                      double lon2,
                      double lat2)
{
  double p1 = lat1 * G_PI / 180.0;
  double p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1;
  double dl = (lon2 - lon1) * G_PI / 180.0;
  double h = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2.0 * EARTH_RADIUS_M * asin (MIN (1.0, sqrt (h)));
}
