/* cg-indicators.c: the dashboards' indicators (formulas in docs/indicators.md)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cg-indicators.h"

#define SECONDS_PER_DAY 86400.0

static double
ratio (guint num,
       guint den)
{
  return den > 0 ? (double) num / den : NAN;
}

void
cg_indicators_init (CgIndicators *out,
                    gint64        from,
                    gint64        to)
{
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->from = from;
  out->to = to;
  out->closure_rate = out->on_time_closure_rate = out->avg_case_days = NAN;
  out->handling_rate = out->on_time_handling_rate = out->avg_handling_hours = NAN;
  out->satisfaction_rate = NAN;
  out->non_site_avg_days = out->non_site_p90_days = out->non_site_review_avg_days = NAN;
  out->coverage = out->on_schedule_rate = NAN;
}

static gboolean
in_period (const CgIndicators *ind,
           gint64              t)
{
  return t != 0 && t >= ind->from && t < ind->to;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
cg_indicators_percentile (double *values,
                          guint   n,
                          double  p)
{
  guint rank;

  g_return_val_if_fail (p > 0 && p <= 100, NAN);

  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  rank = (guint) ceil (p / 100.0 * n - 1e-9);
  return values[CLAMP (rank, 1, n) - 1];
}

void
cg_indicators_add_cases (CgIndicators      *out,
                         const CgCaseFacts *cases,
                         guint              n_cases)
{
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
  double case_days = 0, ns_days = 0, review_days = 0;
  guint n_review = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (cases != NULL || n_cases == 0);

  for (guint i = 0; i < n_cases; i++)
    {
      const CgCaseFacts *c = &cases[i];

      if (in_period (out, c->filed_at))
        {
          out->cases_filed++;
          if (c->closed_at != 0 && c->closed_at < out->to)
            {
              out->cases_closed++;
              case_days += (c->closed_at - c->filed_at) / SECONDS_PER_DAY;
              if (c->due_at == 0 || c->closed_at <= c->due_at)
                out->cases_closed_on_time++;
            }
        }

      if (c->non_site && in_period (out, c->discovered_at) &&
          c->executed_at != 0 && c->executed_at < out->to)
        {
          double d = (c->executed_at - c->discovered_at) / SECONDS_PER_DAY;

          g_array_append_val (durations, d);
          ns_days += d;
          if (d > 3.0)
            out->non_site_over_3_days++;
          if (c->reviewed_at != 0)
            {
              review_days += (c->reviewed_at - c->discovered_at) / SECONDS_PER_DAY;
              n_review++;
            }
        }
    }

  out->closure_rate = ratio (out->cases_closed, out->cases_filed);
  out->on_time_closure_rate = ratio (out->cases_closed_on_time, out->cases_closed);
  out->avg_case_days = out->cases_closed > 0 ? case_days / out->cases_closed : NAN;

  out->non_site_cases = durations->len;
  out->non_site_avg_days = durations->len > 0 ? ns_days / durations->len : NAN;
  out->non_site_p90_days = cg_indicators_percentile ((double *) durations->data,
                                                     durations->len, 90);
  out->non_site_review_avg_days = n_review > 0 ? review_days / n_review : NAN;
}

static void
add_complaints (CgIndicators           *out,
                const CgComplaintFacts *complaints,
                guint                   n_complaints,
                gsize                   stride,
                GHashTable             *matters)
{
  double hours = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (complaints != NULL || n_complaints == 0);

  for (guint i = 0; i < n_complaints; i++)
    {
      const CgComplaintFacts *c = (const CgComplaintFacts *) (const void *)
                                  ((const char *) complaints + i * stride);

      if (!in_period (out, c->requested_at))
        continue;

      out->complaints++;
      if (c->closed_at != 0 && c->closed_at < out->to)
        {
          out->complaints_closed++;
          hours += (c->closed_at - c->requested_at) / 3600.0;
          if (c->deadline_at == 0 || c->closed_at <= c->deadline_at)
            out->complaints_on_time++;
        }
      if (c->satisfaction >= 0)
        {
          out->complaints_rated++;
          if (c->satisfaction >= 1)
            out->complaints_satisfied++;
          else
            out->complaints_unsatisfied++;
        }
      if (c->repeat_count >= 3)
        {
          out->repeat_complaints++;
          if (c->matter_id != NULL && matters != NULL)
            g_hash_table_add (matters, (gpointer) c->matter_id);
        }
    }

  out->handling_rate = ratio (out->complaints_closed, out->complaints);
  out->on_time_handling_rate = ratio (out->complaints_on_time, out->complaints_closed);
  out->avg_handling_hours = out->complaints_closed > 0 ? hours / out->complaints_closed : NAN;
  out->satisfaction_rate = ratio (out->complaints_satisfied, out->complaints_rated);
  if (matters != NULL)
    out->repeat_matters = g_hash_table_size (matters);
}

void
cg_indicators_add_complaints (CgIndicators           *out,
                              const CgComplaintFacts *complaints,
                              guint                   n_complaints)
{
  g_autoptr(GHashTable) matters = g_hash_table_new (g_str_hash, g_str_equal);

  add_complaints (out, complaints, n_complaints, sizeof (CgComplaintFacts), matters);
}

void
cg_indicators_add_complaints_interned (CgIndicators           *out,
                                       const CgComplaintFacts *complaints,
                                       guint                   n_complaints,
                                       gsize                   stride)
{
  g_autoptr(GHashTable) matters = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_return_if_fail (stride >= sizeof (CgComplaintFacts));
  add_complaints (out, complaints, n_complaints, stride, matters);
}

void
cg_indicators_add_complaints_counted (CgIndicators           *out,
                                      const CgComplaintFacts *complaints,
                                      guint                   n_complaints,
                                      gsize                   stride,
                                      guint                   repeat_matters)
{
  g_return_if_fail (stride >= sizeof (CgComplaintFacts));
  add_complaints (out, complaints, n_complaints, stride, NULL);
  out->repeat_matters = repeat_matters;
}

void
cg_indicators_add_inspections (CgIndicators         *out,
                               CgInspectionRegister *reg)
{
  g_autoptr(GArray) states = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (reg != NULL);

  states = cg_inspection_register_evaluate (reg, cg_day_from_unix (out->to - 1));
  cg_indicators_add_inspection_states (out, reg, states, -1);
}

void
cg_indicators_add_inspection_states (CgIndicators         *out,
                                     CgInspectionRegister *reg,
                                     GArray               *states,
                                     int                   only_risk)
{
  CgDay first, last;

  g_return_if_fail (out != NULL);
  g_return_if_fail (reg != NULL);
  g_return_if_fail (states != NULL && states->len == reg->targets->len);

  first = cg_day_from_unix (out->from);
  last = cg_day_from_unix (out->to - 1);

  for (guint i = 0; i < reg->targets->len; i++)
    {
      const CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, i);
      const CgInspectionState *s = &g_array_index (states, CgInspectionState, i);
      const CgDay *days;

      if (only_risk >= 0 && t->risk != (CgRisk) only_risk)
        continue;
      if (s->status == CG_INSPECTION_STATUS_UNGRADED)
        continue;
      out->graded_targets++;
      if (s->status == CG_INSPECTION_STATUS_OVERDUE)
        out->overdue_targets++;
      if (t->n_inspections == 0)
        continue;
      days = &g_array_index (reg->days, CgDay, t->inspections_offset);
      for (guint k = 0; k < t->n_inspections; k++)
        {
          if (days[k] >= first && days[k] <= last)
            {
              out->inspected_targets++;
              break;
            }
        }
    }

  out->coverage = ratio (out->inspected_targets, out->graded_targets);
  out->on_schedule_rate = out->graded_targets > 0
                          ? 1.0 - (double) out->overdue_targets / out->graded_targets : NAN;
}

char *
cg_indicators_format_rate (double rate)
{
  if (isnan (rate))
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", rate * 100.0);
}
