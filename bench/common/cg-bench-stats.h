/* cg-bench-stats.h: the statistics the benchmarks print
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdlib.h>
#include <glib.h>

static inline int
cg_bench_compare_doubles (const void *a,
                          const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of @v (sorted in place, so v[0] is then the best) */
static inline double
cg_bench_median (double *v,
                 guint   n)
{
  qsort (v, n, sizeof *v, cg_bench_compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
