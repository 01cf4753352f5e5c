/* cg-indicators.h: the dashboards' indicators, defined once (docs/indicators.md)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-inspection-rules.h"

G_BEGIN_DECLS

/* What the formulas need of a case. Times are Unix seconds, 0 = absent. */
typedef struct
{
  gint64   filed_at;
  gint64   due_at;
  gint64   closed_at;
  gboolean non_site;
  gint64   discovered_at;
  gint64   reviewed_at;
  gint64   executed_at;
} CgCaseFacts;

/* What the formulas need of a complaint (12345 work order). */
typedef struct
{
  gint64      requested_at;
  gint64      closed_at;       /* 0 while open (the cache: updated_at of a "closed" one) */
  gint64      deadline_at;     /* 0 = none */
  int         satisfaction;    /* -1 not rated, 0 unsatisfied, 1 basically, 2 satisfied */
  const char *matter_id;       /* nullable, borrowed */
  int         repeat_count;    /* complaints on the matter so far, >= 1 */
} CgComplaintFacts;

/* Rates are fractions in [0, 1]; NAN when the denominator is 0 (shown as "—"). */
typedef struct
{
  gint64  from;                    /* the period [from, to), Unix seconds */
  gint64  to;

  /* cases filed in the period */
  guint   cases_filed;
  guint   cases_closed;            /* of those, closed before the period's end */
  guint   cases_closed_on_time;    /* of those, closed by their due date (or without one) */
  double  closure_rate;            /* cases_closed / cases_filed            结案率 */
  double  on_time_closure_rate;    /* cases_closed_on_time / cases_closed   按期结案率 */
  double  avg_case_days;           /* mean (closed_at - filed_at), days */

  /* complaints received in the period */
  guint   complaints;
  guint   complaints_closed;       /* closed before the period's end */
  guint   complaints_on_time;      /* of those, closed by the deadline (or without one) */
  guint   complaints_rated;        /* satisfaction >= 0 */
  guint   complaints_satisfied;    /* satisfaction >= 1 (satisfied or basically) */
  guint   complaints_unsatisfied;  /* satisfaction == 0 */
  double  handling_rate;           /* complaints_closed / complaints         办结率 */
  double  on_time_handling_rate;   /* complaints_on_time / complaints_closed 按时办结率 */
  double  avg_handling_hours;      /* mean (closed_at - requested_at), hours */
  double  satisfaction_rate;       /* complaints_satisfied / complaints_rated 满意率 */
  guint   repeat_complaints;       /* complaints with repeat_count >= 3      重复诉件 */
  guint   repeat_matters;          /* distinct matters among them */

  /* non-site cases discovered in the period and executed before its end */
  guint   non_site_cases;
  double  non_site_avg_days;       /* discovery -> execution, mean, days */
  double  non_site_p90_days;       /* nearest-rank 90th percentile, days */
  guint   non_site_over_3_days;    /* discovery -> execution > 3 days */
  double  non_site_review_avg_days;/* discovery -> review, mean (those with a review time) */

  /* graded targets (inspection rules) */
  guint   graded_targets;          /* grade in force on the period's last day */
  guint   inspected_targets;       /* of those, inspected at least once in the period */
  guint   overdue_targets;         /* of those, overdue on the period's last day */
  double  coverage;                /* inspected_targets / graded_targets     检查覆盖率 */
  double  on_schedule_rate;        /* 1 - overdue_targets / graded_targets   按频次检查率 */
} CgIndicators;

/* Sets every count to 0 and every rate/mean to NAN. Then each cg_indicators_add_*() fills
 * its part of @out from all of its records at once (call each at most once). */
void    cg_indicators_init                (CgIndicators           *out,
                                           gint64                  from,
                                           gint64                  to);
void    cg_indicators_add_cases           (CgIndicators           *out,
                                           const CgCaseFacts      *cases,
                                           guint                   n_cases);
void    cg_indicators_add_complaints      (CgIndicators           *out,
                                           const CgComplaintFacts *complaints,
                                           guint                   n_complaints);
/* The same for complaints whose matter_id strings are interned: two complaints are on the
 * same matter exactly when their matter_id pointers are equal (no string hashing). The
 * facts are @stride bytes apart (sizeof (CgComplaintFacts), or the size of a larger
 * struct that starts with them). */
void    cg_indicators_add_complaints_interned (CgIndicators       *out,
                                           const CgComplaintFacts *complaints,
                                           guint                   n_complaints,
                                           gsize                   stride);
/* The same for a caller that counted the distinct matters of the period's repeat complaints
 * (repeat_count >= 3, matter_id set) itself, as the dashboards' pass over the rows does:
 * @repeat_matters is taken as is (a set of 260,000 matters for a year cost 30 ms). */
void    cg_indicators_add_complaints_counted (CgIndicators        *out,
                                           const CgComplaintFacts *complaints,
                                           guint                   n_complaints,
                                           gsize                   stride,
                                           guint                   repeat_matters);
/* Coverage and on-schedule rate of @reg over the Shanghai days of [from, to). */
void    cg_indicators_add_inspections     (CgIndicators           *out,
                                           CgInspectionRegister   *reg);
/* The same from @states, cg_inspection_register_evaluate (@reg, last day of the period)
 * already computed, counting only the targets whose current grade (CgInspectionTarget.risk)
 * is @only_risk, or every target when @only_risk is -1. */
void    cg_indicators_add_inspection_states (CgIndicators         *out,
                                           CgInspectionRegister   *reg,
                                           GArray                 *states,
                                           int                     only_risk);

/* Nearest-rank percentile (0 < @p <= 100) of @values (sorted in place); NAN when empty. */
double  cg_indicators_percentile          (double                 *values,
                                           guint                   n,
                                           double                  p);

/* "87.5%" or "—" (for the dashboards and reports). (transfer full) */
char   *cg_indicators_format_rate         (double                  rate);

G_END_DECLS
