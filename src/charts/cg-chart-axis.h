/* cg-chart-axis.h: axis ticks and number labels, in plain C
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-chart-data.h"

G_BEGIN_DECLS

typedef struct
{
  double min;       /* first tick, <= the data's minimum */
  double max;       /* last tick, >= the data's maximum */
  double step;      /* 1, 2 or 5 x 10^n */
  guint  n_ticks;   /* (max - min) / step + 1 */
} CgChartAxis;

double  cg_chart_nice_step        (double         span,
                                   guint          max_ticks);
void    cg_chart_axis_compute     (CgChartAxis   *axis,
                                   double         min,
                                   double         max,
                                   guint          max_ticks);
double  cg_chart_axis_tick        (const CgChartAxis *axis,
                                   guint          i);
guint   cg_chart_axis_decimals    (const CgChartAxis *axis);
char   *cg_chart_format_number    (double         value,
                                   guint          decimals);
char   *cg_chart_format_value     (double         value,
                                   CgChartFormat  format,
                                   guint          decimals,
                                   const char    *unit);

G_END_DECLS
