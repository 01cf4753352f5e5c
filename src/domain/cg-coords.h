/* cg-coords.h: WGS-84, GCJ-02 and BD-09 datums and the conversions between them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WGS-84: GPS, and Tianditu's CGCS2000 to within centimetres.
 * GCJ-02: the obfuscated datum of AMap/Gaode and Tencent tiles.
 * BD-09: Baidu's extra offset on top of GCJ-02. */
typedef enum
{
  CG_DATUM_WGS84,
  CG_DATUM_GCJ02,
  CG_DATUM_BD09,
} CgDatum;

#define CG_DATUM_COUNT 3

/* "wgs84" | "gcj02" | "bd09", case-insensitive; "wgs-84", "gcj-02" and "bd-09"
 * are accepted too. Returns FALSE (and leaves @out_datum alone) for anything else. */
gboolean     cg_datum_from_string          (const char *str,
                                            CgDatum    *out_datum);
/* "wgs84" | "gcj02" | "bd09"; NULL for an invalid value */
const char  *cg_datum_to_string            (CgDatum     datum);

/* The box outside which GCJ-02 is the identity (the usual rough box around China). */
gboolean     cg_coords_out_of_china        (double      lon,
                                            double      lat);

/* All functions take and return degrees, longitude first. The output pointers
 * may point at the inputs' storage. */
void         cg_coords_wgs84_to_gcj02      (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);
/* Iterative inverse of the forward transform: the result maps back to the
 * input to better than 1e-9° (well under a millimetre). */
void         cg_coords_gcj02_to_wgs84      (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);
void         cg_coords_gcj02_to_bd09       (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);
/* Iterative inverse of cg_coords_gcj02_to_bd09(), refining the usual closed
 * form (which alone is off by up to about half a metre). */
void         cg_coords_bd09_to_gcj02       (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);
void         cg_coords_wgs84_to_bd09       (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);
void         cg_coords_bd09_to_wgs84       (double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);

/* Any datum to any other; the identity when @from == @to. */
void         cg_coords_convert             (CgDatum     from,
                                            CgDatum     to,
                                            double      lon,
                                            double      lat,
                                            double     *out_lon,
                                            double     *out_lat);

/* Great-circle distance in metres (haversine, mean earth radius), for tests and
 * for "how far off" messages. */
double       cg_coords_distance_m          (double      lon1,
                                            double      lat1,
                                            double      lon2,
                                            double      lat2);

G_END_DECLS
