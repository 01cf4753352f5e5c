/* test-district.c: the embedded districts
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cg-district.h"

static const struct
{
  const char *code;
  const char *name;
} putuo_streets[] = {
  { "310107005", "曹杨新村街道" },
  { "310107014", "长风新村街道" },
  { "310107015", "长寿路街道" },
  { "310107016", "甘泉路街道" },
  { "310107017", "石泉路街道" },
  { "310107020", "宜川路街道" },
  { "310107021", "万里街道" },
  { "310107022", "真如镇街道" },
  { "310107102", "长征镇" },
  { "310107103", "桃浦镇" },
};

static void
test_district_load (void)
{
  const char *keys[] = { "310107", "普陀区", "普陀", "putuo", "PuTuo", " 310107 " };
  const char * const *codes = cg_district_list_codes ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CgDistrict) d = cg_district_load (keys[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (d);
      g_assert_cmpstr (cg_district_get_code (d), ==, "310107");
      g_assert_cmpstr (cg_district_get_name (d), ==, "普陀区");
      g_assert_cmpstr (cg_district_get_pinyin (d), ==, "putuo");
      g_assert_cmpstr (cg_district_get_city_name (d), ==, "上海市");
    }

  g_assert_cmpuint (g_strv_length ((char **) codes), ==, 16);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CgDistrict) d = cg_district_load (codes[i], &error);
      CgLonLat c;

      g_assert_no_error (error);
      g_assert_cmpuint (cg_district_get_n_rings (d), >=, 1);
      g_assert_cmpuint (cg_district_get_n_streets (d), >=, 5);
      c = cg_district_get_center (d);
      g_assert_true (cg_district_contains (d, c.lon, c.lat));
      for (guint s = 0; s < cg_district_get_n_streets (d); s++)
        {
          const CgStreet *street = cg_district_get_street (d, s);

          g_assert_true (g_str_has_prefix (street->code, codes[i]));
          g_assert_true (cg_district_contains (d, street->center.lon, street->center.lat));
          g_assert_true (cg_district_street_at (d, street->center.lon, street->center.lat) == street);
        }
    }

  {
    g_autoptr(CgDistrict) pudong = cg_district_load ("pudong", NULL);
    g_autoptr(CgDistrict) chongming = cg_district_load ("崇明区", NULL);

    g_assert_cmpstr (cg_district_get_code (pudong), ==, "310115");
    g_assert_cmpuint (cg_district_get_n_rings (chongming), ==, 3);
  }
}

static void
test_district_putuo_streets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDistrict) d = cg_district_load ("310107", &error);
  g_autofree const char **codes = NULL;
  double min_lon, min_lat, max_lon, max_lat;

  g_assert_no_error (error);
  g_assert_cmpuint (cg_district_get_n_streets (d), ==, G_N_ELEMENTS (putuo_streets));

  cg_district_get_bounds (d, &min_lon, &min_lat, &max_lon, &max_lat);
  g_assert_cmpfloat (min_lon, >, 121.30);
  g_assert_cmpfloat (max_lon, <, 121.48);
  g_assert_cmpfloat (min_lat, >, 31.19);
  g_assert_cmpfloat (max_lat, <, 31.33);

  codes = cg_district_dup_street_codes (d);
  g_assert_cmpuint (g_strv_length ((char **) codes), ==, G_N_ELEMENTS (putuo_streets));

  for (guint i = 0; i < G_N_ELEMENTS (putuo_streets); i++)
    {
      const CgStreet *s = cg_district_lookup_street (d, putuo_streets[i].code);
      g_autofree char *squad = g_strconcat (putuo_streets[i].name, "中队", NULL);
      gboolean in_own = FALSE;

      g_assert_nonnull (s);
      g_assert_cmpstr (codes[i], ==, putuo_streets[i].code);
      g_assert_cmpint (cg_district_street_index (d, putuo_streets[i].code), ==, (int) i);
      g_assert_cmpstr (s->name, ==, putuo_streets[i].name);
      g_assert_cmpstr (s->squad_name, ==, squad);
      g_assert_cmpuint (s->n_rings, >=, 1);
      for (guint r = 0; r < s->n_rings; r++)
        if (cg_ring_contains (&s->rings[r], s->center.lon, s->center.lat))
          in_own = TRUE;
      g_assert_true (in_own);
      g_assert_true (cg_district_contains (d, s->center.lon, s->center.lat));
    }

  g_assert_null (cg_district_lookup_street (d, "310107999"));
  g_assert_cmpint (cg_district_street_index (d, "nope"), ==, -1);

  /* real places: 曹杨新村 near 121.412,31.245; 桃浦 in the north-west */
  g_assert_cmpstr (cg_district_street_at (d, 121.412, 31.245)->code, ==, "310107005");
  g_assert_cmpstr (cg_district_street_at (d, 121.355, 31.282)->code, ==, "310107103");
  /* 人民广场 (黄浦区) and the sea are not in Putuo */
  g_assert_false (cg_district_contains (d, 121.475, 31.232));
  g_assert_null (cg_district_street_at (d, 121.475, 31.232));
  g_assert_null (cg_district_street_at (d, 122.5, 31.0));
}

static void
test_district_ring (void)
{
  /* a concave "U": 0..3 wide, notch from x 1..2, y 1..3 */
  CgLonLat pts[] = { { 0, 0 }, { 3, 0 }, { 3, 3 }, { 2, 3 }, { 2, 1 }, { 1, 1 }, { 1, 3 }, { 0, 3 } };
  CgRing ring = { pts, G_N_ELEMENTS (pts) };

  g_assert_true (cg_ring_contains (&ring, 0.5, 0.5));
  g_assert_true (cg_ring_contains (&ring, 0.5, 2.5));
  g_assert_true (cg_ring_contains (&ring, 2.5, 2.5));
  g_assert_false (cg_ring_contains (&ring, 1.5, 2.0));   /* in the notch */
  g_assert_false (cg_ring_contains (&ring, -0.1, 1.0));
  g_assert_false (cg_ring_contains (&ring, 1.5, 3.5));
  g_assert_false (cg_ring_contains (&ring, 4.0, 0.5));
}

static void
test_district_unknown (void)
{
  const char *keys[] = { "310199", "北京市", "", "nowhere" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CgDistrict) d = cg_district_load (keys[i], &error);

      g_assert_null (d);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/district/load", test_district_load);
  g_test_add_func ("/cg/district/putuo-streets", test_district_putuo_streets);
  g_test_add_func ("/cg/district/ring", test_district_ring);
  g_test_add_func ("/cg/district/unknown", test_district_unknown);

  return g_test_run ();
}
