/* test-dispatch-rank.c: nearest available officers and vehicles
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cg-coords.h"
#include "cg-dispatch-rank.h"

/* Target: 真北路 near 真如; 0.001° lat is about 111 m */
#define LON 121.40
#define LAT 31.25

static void
test_rank_order_and_exclusions (void)
{
  const CgRankCandidate c[] = {
    { 1, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, LON, LAT + 0.004 },   /* ~445 m walk */
    { 2, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, LON, LAT + 0.001 },   /* ~111 m walk: first */
    { 3, CG_UNIT_OFFICER, CG_UNIT_STALE, FALSE, LON, LAT },            /* stale: out */
    { 4, CG_UNIT_OFFICER, CG_UNIT_OFFLINE, FALSE, LON, LAT },          /* offline: out */
    { 5, CG_UNIT_OFFICER, CG_UNIT_ONLINE, TRUE, LON, LAT },            /* dispatched: out */
    { 6, CG_UNIT_VEHICLE, CG_UNIT_ONLINE, FALSE, LON, LAT + 0.02 },    /* 2.2 km by car */
    { 7, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, NAN, NAN },           /* no position: out */
    { 8, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, LON, LAT + 0.02 },    /* 2.2 km on foot: last */
  };
  g_autoptr(GArray) r = cg_dispatch_rank (c, G_N_ELEMENTS (c), LON, LAT, 0, 0);
  g_autoptr(GArray) top = cg_dispatch_rank (c, G_N_ELEMENTS (c), LON, LAT, 0, 2);
  g_autoptr(GArray) cars = cg_dispatch_rank (c, G_N_ELEMENTS (c), LON, LAT, 1u << CG_UNIT_VEHICLE, 0);
  CgRankResult *first;

  g_assert_cmpuint (r->len, ==, 4);
  g_assert_cmpint (g_array_index (r, CgRankResult, 0).device_id, ==, 2);
  g_assert_cmpint (g_array_index (r, CgRankResult, 1).device_id, ==, 1);
  /* the car 2.2 km away beats the officer on foot at the same distance */
  g_assert_cmpint (g_array_index (r, CgRankResult, 2).device_id, ==, 6);
  g_assert_cmpint (g_array_index (r, CgRankResult, 3).device_id, ==, 8);
  first = &g_array_index (r, CgRankResult, 0);
  g_assert_cmpuint (first->index, ==, 1);
  g_assert_cmpfloat_with_epsilon (first->distance_m, 111.2, 0.5);
  g_assert_cmpfloat_with_epsilon (first->eta_s, first->distance_m * CG_RANK_DETOUR_FACTOR / CG_RANK_WALK_SPEED_MS, 1e-6);
  for (guint i = 1; i < r->len; i++)
    g_assert_cmpfloat (g_array_index (r, CgRankResult, i - 1).eta_s, <=, g_array_index (r, CgRankResult, i).eta_s);

  g_assert_cmpuint (top->len, ==, 2);
  g_assert_cmpuint (cars->len, ==, 1);
  g_assert_cmpint (g_array_index (cars, CgRankResult, 0).device_id, ==, 6);
}

static void
test_rank_eta_model (void)
{
  /* 1 km: walking 1300 m at 1.25 m/s = 1040 s; driving 60 + 1300 / 5.5556 = 294 s */
  g_assert_cmpfloat_with_epsilon (cg_dispatch_eta_s (CG_UNIT_OFFICER, 1000), 1040.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (cg_dispatch_eta_s (CG_UNIT_VEHICLE, 1000), 294.0, 0.1);
  /* very close: walking wins over starting a car */
  g_assert_cmpfloat (cg_dispatch_eta_s (CG_UNIT_OFFICER, 20), <, cg_dispatch_eta_s (CG_UNIT_VEHICLE, 20));
}

static void
test_rank_ties_and_empty (void)
{
  const CgRankCandidate c[] = {
    { 9, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, LON + 0.001, LAT },
    { 3, CG_UNIT_OFFICER, CG_UNIT_ONLINE, FALSE, LON + 0.001, LAT },
  };
  g_autoptr(GArray) r = cg_dispatch_rank (c, G_N_ELEMENTS (c), LON, LAT, 0, 0);
  g_autoptr(GArray) none = cg_dispatch_rank (NULL, 0, LON, LAT, 0, 0);
  g_autoptr(GArray) nowhere = cg_dispatch_rank (c, G_N_ELEMENTS (c), NAN, LAT, 0, 0);

  g_assert_cmpint (g_array_index (r, CgRankResult, 0).device_id, ==, 3);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (nowhere->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/dispatch-rank/order", test_rank_order_and_exclusions);
  g_test_add_func ("/cg/dispatch-rank/eta", test_rank_eta_model);
  g_test_add_func ("/cg/dispatch-rank/ties", test_rank_ties_and_empty);
  return g_test_run ();
}
