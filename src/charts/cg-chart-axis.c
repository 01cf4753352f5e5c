/* cg-chart-axis.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-chart-axis.h"

/**
 * cg_chart_nice_step:
 * @span: max - min of the data
 * @max_ticks: the most ticks wanted (at least 2)
 *
 * Returns: the smallest step of 1, 2 or 5 x 10^n that covers @span in at most
 *   @max_ticks - 1 intervals; 1 for an empty or invalid span.
 */
double
cg_chart_nice_step (double span,
                    guint  max_ticks)
{
  double raw, mag, norm;

  if (!isfinite (span) || span <= 0)
    return 1.0;

  raw = span / (double) (MAX (max_ticks, 2u) - 1);
  mag = pow (10.0, floor (log10 (raw)));
  norm = raw / mag;
  /* tolerate floating-point noise: 2.0000000001 is 2 */
  if (norm <= 1.0 + 1e-9)
    return mag;
  if (norm <= 2.0 + 1e-9)
    return 2 * mag;
  if (norm <= 5.0 + 1e-9)
    return 5 * mag;
  return 10 * mag;
}

/**
 * cg_chart_axis_compute:
 *
 * Ticks from a multiple of the step at or below @min to one at or above @max. NaN or infinite
 * bounds count as 0; reversed bounds are swapped; a zero span becomes 0..1 (or includes 0).
 */
void
cg_chart_axis_compute (CgChartAxis *axis,
                       double       min,
                       double       max,
                       guint        max_ticks)
{
  double step, lo, hi;

  g_return_if_fail (axis != NULL);

  if (!isfinite (min))
    min = 0;
  if (!isfinite (max))
    max = 0;
  if (min > max)
    {
      double t = min;
      min = max;
      max = t;
    }
  if (min == max)
    {
      if (min > 0)
        min = 0;
      else if (max < 0)
        max = 0;
      else
        max = 1;
    }
  max_ticks = MAX (max_ticks, 2u);

  step = cg_chart_nice_step (max - min, max_ticks);
  for (;;)
    {
      lo = floor (min / step + 1e-9) * step;
      hi = ceil (max / step - 1e-9) * step;
      if (hi <= lo)
        hi = lo + step;
      if ((hi - lo) / step + 1 <= max_ticks + 1e-9)
        break;
      step = cg_chart_nice_step (step * 1.01 * (max_ticks - 1), max_ticks);   /* next nice step */
    }

  axis->min = lo;
  axis->max = hi;
  axis->step = step;
  axis->n_ticks = (guint) lround ((hi - lo) / step) + 1;
}

double
cg_chart_axis_tick (const CgChartAxis *axis,
                    guint              i)
{
  double v;

  g_return_val_if_fail (axis != NULL, 0);

  v = axis->min + i * axis->step;
  if (axis->step >= 1)
    return round (v / axis->step) * axis->step;
  else
    {
      /* snap away accumulated error (0.30000000000000004): divide, don't multiply */
      double scale = pow (10.0, cg_chart_axis_decimals (axis));

      return round (v * scale) / scale;
    }
}

/**
 * cg_chart_axis_decimals:
 *
 * Returns: how many decimals the tick labels need to tell the ticks apart.
 */
guint
cg_chart_axis_decimals (const CgChartAxis *axis)
{
  g_return_val_if_fail (axis != NULL, 0);

  if (axis->step >= 1 - 1e-9)
    return 0;
  return (guint) ceil (-log10 (axis->step) - 1e-9);
}

/**
 * cg_chart_format_number:
 *
 * Returns: (transfer full): @value rounded to @decimals with a comma between thousands
 *   ("-12,345.6"), "—" for NaN or infinity. Independent of the locale.
 */
char *
cg_chart_format_number (double value,
                        guint  decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 64];
  GString *out;
  const char *digits, *dot;
  gsize int_len;

  if (!isfinite (value))
    return g_strdup ("—");

  decimals = MIN (decimals, 6u);
  g_snprintf (buf, sizeof buf, "%.*f", (int) decimals, fabs (value));
  /* "%f" follows LC_NUMERIC: normalise the decimal mark */
  for (char *p = buf; *p; p++)
    if (*p == ',')
      *p = '.';

  out = g_string_new (NULL);
  /* no "-0" after rounding */
  if (value < 0 && strspn (buf, "0.") != strlen (buf))
    g_string_append_c (out, '-');

  digits = buf;
  dot = strchr (digits, '.');
  int_len = dot ? (gsize) (dot - digits) : strlen (digits);
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (dot)
    g_string_append (out, dot);

  return g_string_free (out, FALSE);
}

/**
 * cg_chart_format_value:
 * @unit: (nullable): appended to numbers as given ("件", " km")
 *
 * Returns: (transfer full): @value as a number with @unit, or as a percentage of a fraction.
 */
char *
cg_chart_format_value (double         value,
                       CgChartFormat  format,
                       guint          decimals,
                       const char    *unit)
{
  g_autofree char *number = NULL;

  if (!isfinite (value))
    return g_strdup ("—");

  if (format == CG_CHART_FORMAT_PERCENT)
    {
      number = cg_chart_format_number (value * 100.0, decimals);
      return g_strconcat (number, "%", NULL);
    }

  number = cg_chart_format_number (value, decimals);
  return g_strconcat (number, unit ? unit : "", NULL);
}
