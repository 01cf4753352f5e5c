/* test-coords.c: WGS-84 <-> GCJ-02 <-> BD-09
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib.h>

#include "cg-coords.h"

typedef struct
{
  const char *name;
  double      wgs_lon, wgs_lat;
  double      gcj_lon, gcj_lat;
} Vector;

/* Full-precision vectors from the test suite of eviltransform
 * (github.com/googollee/eviltransform, go/transform_test.go and javascript/test.js),
 * there given as (lat, lng) pairs. */
static const Vector eviltransform_vectors[] = {
  { "shanghai", 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 },
  { "shenzhen", 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 },
  { "beijing", 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 },
};

typedef struct
{
  const char *name;
  double      wgs[2];
  double      gcj[2];
  double      bd[2];
} CityVector;

/* From the fixtures of gcoord (github.com/hujiulong/gcoord,
 * test/fixtures/china-cities.json), [lon, lat], 7 decimals. They are samples from
 * real services, not outputs of the formulas, so gcoord itself checks them to
 * 4 decimals for WGS-84 -> GCJ-02 and to 5 for GCJ-02 -> BD-09 (transform.spec.ts). */
static const CityVector gcoord_cities[] = {
  { "taizhou-js", { 119.9183831, 32.4580023 }, { 119.9231242, 32.4557802 }, { 119.9296902, 32.4615531 } },
  { "jinhua", { 119.6427465, 29.0820414 }, { 119.6474509, 29.0790641 }, { 119.6538875, 29.0854003 } },
  { "tongling", { 117.8059091, 30.9477988 }, { 117.8112693, 30.9455211 }, { 117.8177498, 30.9515411 } },
  { "shenyang", { 123.4253306, 41.8032629 }, { 123.4314787, 41.8057023 }, { 123.438095, 41.8114013 } },
  { "jiuquan", { 98.4937175, 39.7319946 }, { 98.4943595, 39.7328234 }, { 98.5008441, 39.7388949 } },
  { "qinzhou", { 108.6503952, 21.9828281 }, { 108.6541485, 21.9799392 }, { 108.6607283, 21.9856319 } },
};

static void
test_coords_eviltransform_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (eviltransform_vectors); i++)
    {
      const Vector *v = &eviltransform_vectors[i];
      double lon, lat;

      cg_coords_wgs84_to_gcj02 (v->wgs_lon, v->wgs_lat, &lon, &lat);
      g_test_message ("%s forward: %.3g deg %.3g deg", v->name, lon - v->gcj_lon, lat - v->gcj_lat);
      g_assert_cmpfloat_with_epsilon (lon, v->gcj_lon, 1e-9);
      g_assert_cmpfloat_with_epsilon (lat, v->gcj_lat, 1e-9);

      cg_coords_gcj02_to_wgs84 (v->gcj_lon, v->gcj_lat, &lon, &lat);
      g_test_message ("%s inverse: %.3g m", v->name,
                      cg_coords_distance_m (lon, lat, v->wgs_lon, v->wgs_lat));
      g_assert_cmpfloat (cg_coords_distance_m (lon, lat, v->wgs_lon, v->wgs_lat), <, 0.001);
    }
}

static void
test_coords_gcoord_vectors (void)
{
  const double eps_gcj = 5e-5;   /* gcoord's toBeCloseTo (x, 4) */
  const double eps_bd = 5e-6;    /* gcoord's toBeCloseTo (x, 5) */

  for (guint i = 0; i < G_N_ELEMENTS (gcoord_cities); i++)
    {
      const CityVector *v = &gcoord_cities[i];
      double lon, lat;

      cg_coords_wgs84_to_gcj02 (v->wgs[0], v->wgs[1], &lon, &lat);
      g_test_message ("%s wgs->gcj: %.3g deg %.3g deg", v->name, lon - v->gcj[0], lat - v->gcj[1]);
      g_assert_cmpfloat_with_epsilon (lon, v->gcj[0], eps_gcj);
      g_assert_cmpfloat_with_epsilon (lat, v->gcj[1], eps_gcj);

      cg_coords_gcj02_to_bd09 (v->gcj[0], v->gcj[1], &lon, &lat);
      g_test_message ("%s gcj->bd: %.3g deg %.3g deg", v->name, lon - v->bd[0], lat - v->bd[1]);
      g_assert_cmpfloat_with_epsilon (lon, v->bd[0], eps_bd);
      g_assert_cmpfloat_with_epsilon (lat, v->bd[1], eps_bd);

      cg_coords_wgs84_to_bd09 (v->wgs[0], v->wgs[1], &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, v->bd[0], eps_gcj);
      g_assert_cmpfloat_with_epsilon (lat, v->bd[1], eps_gcj);

      /* Inverses land within the fixtures' own accuracy (5e-5 deg is about 5 m) */
      cg_coords_gcj02_to_wgs84 (v->gcj[0], v->gcj[1], &lon, &lat);
      g_assert_cmpfloat (cg_coords_distance_m (lon, lat, v->wgs[0], v->wgs[1]), <, 6.0);
      cg_coords_bd09_to_wgs84 (v->bd[0], v->bd[1], &lon, &lat);
      g_assert_cmpfloat (cg_coords_distance_m (lon, lat, v->wgs[0], v->wgs[1]), <, 6.0);
      cg_coords_convert (CG_DATUM_BD09, CG_DATUM_GCJ02, v->bd[0], v->bd[1], &lon, &lat);
      g_assert_cmpfloat (cg_coords_distance_m (lon, lat, v->gcj[0], v->gcj[1]), <, 1.0);
    }
}

static void
test_coords_gcoord_unit_vectors (void)
{
  double lon, lat;

  /* gcoord test/unit/crs/GCJ02.spec.ts, BD09.spec.ts and transform.spec.ts, which
   * compare to 5 decimals (toBeCloseTo (x, 5): |d| < 5e-6) */
  cg_coords_gcj02_to_bd09 (123, 45, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 123.00636499, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 45.00636899, 5e-6);

  cg_coords_bd09_to_gcj02 (123, 45, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 122.99363304, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 44.99365430, 5e-6);

  cg_coords_wgs84_to_gcj02 (123, 45, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 123.00607541, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 45.00197815, 5e-6);

  cg_coords_gcj02_to_wgs84 (123, 45, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 122.99395597, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 44.99804071, 5e-6);

  cg_coords_bd09_to_wgs84 (123, 45, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 122.98762210, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 44.99171540, 5e-6);
}

typedef void (*ConvertFunc) (double, double, double *, double *);

/* Forward then inverse over a grid; returns the worst distance in metres */
static double
grid_round_trip (ConvertFunc forward,
                 ConvertFunc inverse,
                 double      lon0,
                 double      lat0,
                 double      lon1,
                 double      lat1,
                 double      step,
                 guint      *n_points)
{
  double worst = 0.0;
  guint n = 0;

  for (double lat = lat0; lat <= lat1; lat += step)
    for (double lon = lon0; lon <= lon1; lon += step)
      {
        double f_lon, f_lat, b_lon, b_lat, d;

        forward (lon, lat, &f_lon, &f_lat);
        inverse (f_lon, f_lat, &b_lon, &b_lat);
        d = cg_coords_distance_m (lon, lat, b_lon, b_lat);
        worst = MAX (worst, d);
        n++;
      }

  *n_points = n;
  return worst;
}

static void
check_grid (const char  *what,
            ConvertFunc  forward,
            ConvertFunc  inverse,
            double       lon0,
            double       lat0,
            double       lon1,
            double       lat1,
            double       step)
{
  guint n = 0;
  double worst = grid_round_trip (forward, inverse, lon0, lat0, lon1, lat1, step, &n);

  g_test_message ("%s: %u points, worst %.3g m", what, n, worst);
  g_assert_cmpuint (n, >, 1000);
  g_assert_cmpfloat (worst, <, 0.5);
  /* What the iteration really achieves */
  g_assert_cmpfloat (worst, <, 0.001);
}

static void
test_coords_round_trip_shanghai (void)
{
  /* Shanghai and around, every ~1 km */
  check_grid ("shanghai wgs->gcj->wgs", cg_coords_wgs84_to_gcj02, cg_coords_gcj02_to_wgs84,
              120.85, 30.68, 122.2, 31.87, 0.01);
  check_grid ("shanghai gcj->wgs->gcj", cg_coords_gcj02_to_wgs84, cg_coords_wgs84_to_gcj02,
              120.85, 30.68, 122.2, 31.87, 0.01);
  check_grid ("shanghai gcj->bd->gcj", cg_coords_gcj02_to_bd09, cg_coords_bd09_to_gcj02,
              120.85, 30.68, 122.2, 31.87, 0.01);
  check_grid ("shanghai bd->gcj->bd", cg_coords_bd09_to_gcj02, cg_coords_gcj02_to_bd09,
              120.85, 30.68, 122.2, 31.87, 0.01);
  check_grid ("shanghai wgs->bd->wgs", cg_coords_wgs84_to_bd09, cg_coords_bd09_to_wgs84,
              120.85, 30.68, 122.2, 31.87, 0.01);
}

static void
test_coords_round_trip_china (void)
{
  /* All of China, every 0.25° (inside the out-of-China box by a margin) */
  check_grid ("china wgs->gcj->wgs", cg_coords_wgs84_to_gcj02, cg_coords_gcj02_to_wgs84,
              73.0, 3.0, 135.0, 53.5, 0.25);
  check_grid ("china gcj->wgs->gcj", cg_coords_gcj02_to_wgs84, cg_coords_wgs84_to_gcj02,
              73.0, 3.0, 135.0, 53.5, 0.25);
  check_grid ("china wgs->bd->wgs", cg_coords_wgs84_to_bd09, cg_coords_bd09_to_wgs84,
              73.0, 3.0, 135.0, 53.5, 0.25);
}

static void
test_coords_offset_size (void)
{
  double lon, lat, d;

  /* In Shanghai the GCJ-02 offset is a few hundred metres: the reason this code exists */
  cg_coords_wgs84_to_gcj02 (121.47, 31.23, &lon, &lat);
  d = cg_coords_distance_m (121.47, 31.23, lon, lat);
  g_test_message ("offset in Shanghai: %.1f m", d);
  g_assert_cmpfloat (d, >, 100);
  g_assert_cmpfloat (d, <, 700);
}

static void
test_coords_outside_china (void)
{
  static const double points[][2] = {
    { 2.3522, 48.8566 },     /* Paris */
    { 139.6917, 35.6895 },   /* Tokyo, east of the box */
    { -74.006, 40.7128 },    /* New York */
    { 151.2093, -33.8688 },  /* Sydney */
    { 0.0, 0.0 },
    { 180.0, -90.0 },
    { 100.0, 60.0 },         /* north of the box */
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double lon, lat;

      g_assert_true (cg_coords_out_of_china (points[i][0], points[i][1]));

      cg_coords_wgs84_to_gcj02 (points[i][0], points[i][1], &lon, &lat);
      g_assert_cmpfloat (lon, ==, points[i][0]);
      g_assert_cmpfloat (lat, ==, points[i][1]);

      cg_coords_gcj02_to_wgs84 (points[i][0], points[i][1], &lon, &lat);
      g_assert_cmpfloat (lon, ==, points[i][0]);
      g_assert_cmpfloat (lat, ==, points[i][1]);

      cg_coords_convert (CG_DATUM_WGS84, CG_DATUM_GCJ02, points[i][0], points[i][1], &lon, &lat);
      g_assert_cmpfloat (lon, ==, points[i][0]);
      g_assert_cmpfloat (lat, ==, points[i][1]);

      /* BD-09 is plain arithmetic on GCJ-02 everywhere, and still round-trips */
      cg_coords_convert (CG_DATUM_WGS84, CG_DATUM_BD09, points[i][0], points[i][1], &lon, &lat);
      cg_coords_convert (CG_DATUM_BD09, CG_DATUM_WGS84, lon, lat, &lon, &lat);
      g_assert_cmpfloat (cg_coords_distance_m (lon, lat, points[i][0], points[i][1]), <, 0.001);
    }

  g_assert_false (cg_coords_out_of_china (121.47, 31.23));
}

static void
test_coords_convert_matrix (void)
{
  const double lon = 121.4737, lat = 31.2304;   /* People's Square, WGS-84 */
  double ref[CG_DATUM_COUNT][2];

  ref[CG_DATUM_WGS84][0] = lon;
  ref[CG_DATUM_WGS84][1] = lat;
  cg_coords_wgs84_to_gcj02 (lon, lat, &ref[CG_DATUM_GCJ02][0], &ref[CG_DATUM_GCJ02][1]);
  cg_coords_gcj02_to_bd09 (ref[CG_DATUM_GCJ02][0], ref[CG_DATUM_GCJ02][1],
                           &ref[CG_DATUM_BD09][0], &ref[CG_DATUM_BD09][1]);

  for (guint from = 0; from < CG_DATUM_COUNT; from++)
    for (guint to = 0; to < CG_DATUM_COUNT; to++)
      {
        double o_lon, o_lat;

        cg_coords_convert (from, to, ref[from][0], ref[from][1], &o_lon, &o_lat);
        g_test_message ("%s -> %s: %.3g m", cg_datum_to_string (from), cg_datum_to_string (to),
                        cg_coords_distance_m (o_lon, o_lat, ref[to][0], ref[to][1]));
        g_assert_cmpfloat (cg_coords_distance_m (o_lon, o_lat, ref[to][0], ref[to][1]), <, 0.001);
        if (from == to)
          {
            g_assert_cmpfloat (o_lon, ==, ref[from][0]);
            g_assert_cmpfloat (o_lat, ==, ref[from][1]);
          }
      }

  /* Outputs may alias the inputs */
  {
    double a = lon, b = lat;

    cg_coords_convert (CG_DATUM_WGS84, CG_DATUM_BD09, a, b, &a, &b);
    g_assert_cmpfloat_with_epsilon (a, ref[CG_DATUM_BD09][0], 1e-12);
    g_assert_cmpfloat_with_epsilon (b, ref[CG_DATUM_BD09][1], 1e-12);
  }
}

static void
test_coords_datum_strings (void)
{
  static const struct
  {
    const char *str;
    gboolean    ok;
    CgDatum     datum;
  } cases[] = {
    { "wgs84", TRUE, CG_DATUM_WGS84 },
    { "gcj02", TRUE, CG_DATUM_GCJ02 },
    { "bd09", TRUE, CG_DATUM_BD09 },
    { "WGS84", TRUE, CG_DATUM_WGS84 },
    { "GCJ-02", TRUE, CG_DATUM_GCJ02 },
    { "bd-09", TRUE, CG_DATUM_BD09 },
    { "", FALSE, 0 },
    { "wgs", FALSE, 0 },
    { "gcj02 ", FALSE, 0 },
    { "epsg3857", FALSE, 0 },
  };
  CgDatum d = CG_DATUM_BD09;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CgDatum out = 42;

      g_assert_cmpint (cg_datum_from_string (cases[i].str, &out), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (out, ==, cases[i].datum);
      else
        g_assert_cmpint (out, ==, 42);
    }

  g_assert_false (cg_datum_from_string (NULL, &d));
  g_assert_cmpint (d, ==, CG_DATUM_BD09);

  for (guint i = 0; i < CG_DATUM_COUNT; i++)
    {
      g_assert_true (cg_datum_from_string (cg_datum_to_string (i), &d));
      g_assert_cmpint (d, ==, i);
    }

  g_assert_cmpstr (cg_datum_to_string (CG_DATUM_WGS84), ==, "wgs84");
  g_assert_cmpstr (cg_datum_to_string (CG_DATUM_GCJ02), ==, "gcj02");
  g_assert_cmpstr (cg_datum_to_string (CG_DATUM_BD09), ==, "bd09");
  g_assert_null (cg_datum_to_string (CG_DATUM_COUNT));
}

static void
test_coords_distance (void)
{
  /* One degree of latitude is about 111.2 km on the mean sphere */
  g_assert_cmpfloat_with_epsilon (cg_coords_distance_m (121, 31, 121, 32), 111195.0, 1.0);
  g_assert_cmpfloat (cg_coords_distance_m (121, 31, 121, 31), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/coords/vectors/eviltransform", test_coords_eviltransform_vectors);
  g_test_add_func ("/cg/coords/vectors/gcoord-cities", test_coords_gcoord_vectors);
  g_test_add_func ("/cg/coords/vectors/gcoord-unit", test_coords_gcoord_unit_vectors);
  g_test_add_func ("/cg/coords/round-trip/shanghai", test_coords_round_trip_shanghai);
  g_test_add_func ("/cg/coords/round-trip/china", test_coords_round_trip_china);
  g_test_add_func ("/cg/coords/offset-size", test_coords_offset_size);
  g_test_add_func ("/cg/coords/outside-china", test_coords_outside_china);
  g_test_add_func ("/cg/coords/convert-matrix", test_coords_convert_matrix);
  g_test_add_func ("/cg/coords/datum-strings", test_coords_datum_strings);
  g_test_add_func ("/cg/coords/distance", test_coords_distance);

  return g_test_run ();
}
