/* test-indicators.c: the indicator formulas on a small hand-computed set
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cg-indicators.h"

#define DAY 86400
#define HOUR 3600

static gint64 T0;   /* 2026-11-01 00:00 Shanghai */

static CgDay
D (const char *text)
{
  CgDay day = 0;

  g_assert_true (cg_day_parse (text, &day, NULL));
  return day;
}

static void
test_cases (void)
{
  const CgCaseFacts cases[] = {
    /* filed, due, closed */
    { T0 + 1 * DAY, T0 + 10 * DAY, T0 + 5 * DAY },          /* on time, 4 days */
    { T0 + 2 * DAY, T0 + 5 * DAY, T0 + 8 * DAY },           /* late, 6 days */
    { T0 + 3 * DAY, T0 + 90 * DAY, 0 },                     /* open */
    { T0 + 20 * DAY, 0, T0 + 22 * DAY },                    /* no due date: on time, 2 days */
    { T0 - 5 * DAY, T0 + 10 * DAY, T0 + 1 * DAY },          /* filed before: not counted */
    { T0 + 25 * DAY, T0 + 40 * DAY, T0 + 31 * DAY },        /* closed after the period */
    /* non-site: discovered, reviewed, executed (not filed in the period) */
    { 0, 0, 0, TRUE, T0 + 1 * DAY, T0 + 1 * DAY + 12 * HOUR, T0 + 2 * DAY },   /* 1 day */
    { 0, 0, 0, TRUE, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 6 * DAY },               /* 4 days */
    { 0, 0, 0, TRUE, T0 + 4 * DAY, 0, T0 + 6 * DAY + 12 * HOUR },              /* 2.5 days */
    { 0, 0, 0, TRUE, T0 + 5 * DAY, T0 + 6 * DAY, 0 },                          /* not executed */
    { 0, 0, 0, FALSE, T0 + 5 * DAY, T0 + 6 * DAY, T0 + 7 * DAY },              /* not non-site */
  };
  CgIndicators ind;

  cg_indicators_init (&ind, T0, T0 + 30 * DAY);
  g_assert_true (isnan (ind.closure_rate));
  cg_indicators_add_cases (&ind, cases, G_N_ELEMENTS (cases));

  g_assert_cmpuint (ind.cases_filed, ==, 5);
  g_assert_cmpuint (ind.cases_closed, ==, 3);
  g_assert_cmpuint (ind.cases_closed_on_time, ==, 2);
  g_assert_cmpfloat_with_epsilon (ind.closure_rate, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.on_time_closure_rate, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.avg_case_days, 4.0, 1e-12);

  g_assert_cmpuint (ind.non_site_cases, ==, 3);
  g_assert_cmpfloat_with_epsilon (ind.non_site_avg_days, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.non_site_p90_days, 4.0, 1e-12);
  g_assert_cmpuint (ind.non_site_over_3_days, ==, 1);
  g_assert_cmpfloat_with_epsilon (ind.non_site_review_avg_days, 0.75, 1e-12);
}

static void
test_complaints (void)
{
  const CgComplaintFacts complaints[] = {
    /* requested, closed, deadline, satisfaction, matter, repeat */
    { T0 + 1 * DAY, T0 + 2 * DAY, T0 + 3 * DAY, 2, "mt-1", 1 },        /* 24 h, on time */
    { T0 + 2 * DAY, T0 + 6 * DAY, T0 + 4 * DAY, 0, "mt-2", 3 },        /* 96 h, late */
    { T0 + 3 * DAY, 0, T0 + 4 * DAY, -1, "mt-2", 4 },                  /* open */
    { T0 + 4 * DAY, T0 + 4 * DAY + 12 * HOUR, 0, 1, "mt-3", 3 },       /* 12 h, no deadline */
    { T0 - 1 * DAY, T0, T0 + DAY, 2, "mt-9", 5 },                      /* before the period */
  };
  CgIndicators ind;

  cg_indicators_init (&ind, T0, T0 + 30 * DAY);
  cg_indicators_add_complaints (&ind, complaints, G_N_ELEMENTS (complaints));

  g_assert_cmpuint (ind.complaints, ==, 4);
  g_assert_cmpuint (ind.complaints_closed, ==, 3);
  g_assert_cmpuint (ind.complaints_on_time, ==, 2);
  g_assert_cmpfloat_with_epsilon (ind.handling_rate, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.on_time_handling_rate, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.avg_handling_hours, 44.0, 1e-12);
  g_assert_cmpuint (ind.complaints_rated, ==, 3);
  g_assert_cmpuint (ind.complaints_satisfied, ==, 2);
  g_assert_cmpuint (ind.complaints_unsatisfied, ==, 1);
  g_assert_cmpfloat_with_epsilon (ind.satisfaction_rate, 2.0 / 3.0, 1e-12);
  g_assert_cmpuint (ind.repeat_complaints, ==, 3);
  g_assert_cmpuint (ind.repeat_matters, ==, 2);
}

static void
test_coverage (void)
{
  g_autoptr(CgInspectionRegister) reg = cg_inspection_register_new ();
  CgGradeChange low = { D ("2026-01-01"), CG_RISK_LOW };
  CgGradeChange medium = { D ("2026-01-01"), CG_RISK_MEDIUM };
  CgIndicators ind;

  reg->history_start = D ("2026-09-01");
  cg_inspection_register_add_target (reg, "m-1", FALSE, NULL, NULL, &low, 1);
  cg_inspection_register_add_inspection (reg, D ("2026-11-10"));         /* compliant */
  cg_inspection_register_add_target (reg, "m-2", FALSE, NULL, NULL, &medium, 1);
  cg_inspection_register_add_inspection (reg, D ("2026-11-20"));         /* due */
  cg_inspection_register_add_target (reg, "m-3", FALSE, NULL, NULL, &low, 1);
  cg_inspection_register_add_inspection (reg, D ("2026-09-15"));         /* due, not in Nov */
  cg_inspection_register_add_target (reg, "m-4", FALSE, NULL, NULL, &medium, 1);  /* overdue */
  cg_inspection_register_add_target (reg, "m-5", FALSE, NULL, NULL, NULL, 0);     /* ungraded */
  cg_inspection_register_add_inspection (reg, D ("2026-11-05"));

  cg_indicators_init (&ind, T0, T0 + 30 * DAY);
  cg_indicators_add_inspections (&ind, reg);
  g_assert_cmpuint (ind.graded_targets, ==, 4);
  g_assert_cmpuint (ind.inspected_targets, ==, 2);
  g_assert_cmpuint (ind.overdue_targets, ==, 1);
  g_assert_cmpfloat_with_epsilon (ind.coverage, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ind.on_schedule_rate, 0.75, 1e-12);

  /* from states evaluated once: the same for every target, and per current grade */
  {
    g_autoptr(GArray) states = cg_inspection_register_evaluate (reg, cg_day_from_unix (T0 + 30 * DAY - 1));
    CgIndicators all, low_ind, medium_ind, high_ind;

    cg_indicators_init (&all, T0, T0 + 30 * DAY);
    cg_indicators_add_inspection_states (&all, reg, states, -1);
    g_assert_cmpuint (all.graded_targets, ==, 4);
    g_assert_cmpuint (all.inspected_targets, ==, 2);
    g_assert_cmpuint (all.overdue_targets, ==, 1);
    g_assert_cmpfloat_with_epsilon (all.coverage, 0.5, 1e-12);

    /* low: m-1 (inspected in the period), m-3 (not) */
    cg_indicators_init (&low_ind, T0, T0 + 30 * DAY);
    cg_indicators_add_inspection_states (&low_ind, reg, states, CG_RISK_LOW);
    g_assert_cmpuint (low_ind.graded_targets, ==, 2);
    g_assert_cmpuint (low_ind.inspected_targets, ==, 1);
    g_assert_cmpuint (low_ind.overdue_targets, ==, 0);
    g_assert_cmpfloat_with_epsilon (low_ind.on_schedule_rate, 1.0, 1e-12);
    /* medium: m-2 (inspected), m-4 (overdue) */
    cg_indicators_init (&medium_ind, T0, T0 + 30 * DAY);
    cg_indicators_add_inspection_states (&medium_ind, reg, states, CG_RISK_MEDIUM);
    g_assert_cmpuint (medium_ind.graded_targets, ==, 2);
    g_assert_cmpuint (medium_ind.inspected_targets, ==, 1);
    g_assert_cmpuint (medium_ind.overdue_targets, ==, 1);
    g_assert_cmpfloat_with_epsilon (medium_ind.on_schedule_rate, 0.5, 1e-12);
    cg_indicators_init (&high_ind, T0, T0 + 30 * DAY);
    cg_indicators_add_inspection_states (&high_ind, reg, states, CG_RISK_HIGH);
    g_assert_cmpuint (high_ind.graded_targets, ==, 0);
    g_assert_true (isnan (high_ind.coverage));
  }
}

/* Interned matters read in place from larger rows give the string-keyed result */
static void
test_complaints_interned (void)
{
  typedef struct { CgComplaintFacts f; gint64 other; } Row;
  static const char mt1[] = "mt-1", mt2[] = "mt-2", mt3[] = "mt-3", mt9[] = "mt-9";
  const Row rows[] = {
    { { T0 + 1 * DAY, T0 + 2 * DAY, T0 + 3 * DAY, 2, mt1, 1 }, 1 },
    { { T0 + 2 * DAY, T0 + 6 * DAY, T0 + 4 * DAY, 0, mt2, 3 }, 2 },
    { { T0 + 3 * DAY, 0, T0 + 4 * DAY, -1, mt2, 4 }, 3 },
    { { T0 + 4 * DAY, T0 + 4 * DAY + 12 * HOUR, 0, 1, mt3, 3 }, 4 },
    { { T0 - 1 * DAY, T0, T0 + DAY, 2, mt9, 5 }, 5 },
  };
  CgComplaintFacts plain[G_N_ELEMENTS (rows)];
  CgIndicators a, b;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    plain[i] = rows[i].f;
  cg_indicators_init (&a, T0, T0 + 30 * DAY);
  cg_indicators_add_complaints (&a, plain, G_N_ELEMENTS (plain));
  cg_indicators_init (&b, T0, T0 + 30 * DAY);
  cg_indicators_add_complaints_interned (&b, &rows[0].f, G_N_ELEMENTS (rows), sizeof (Row));
  /* the caller's own count of the matters: taken as is, the rest as before */
  {
    CgIndicators c;

    cg_indicators_init (&c, T0, T0 + 30 * DAY);
    cg_indicators_add_complaints_counted (&c, &rows[0].f, G_N_ELEMENTS (rows), sizeof (Row), 2);
    g_assert_cmpuint (c.repeat_matters, ==, 2);
    g_assert_cmpuint (c.complaints, ==, 4);
    g_assert_cmpuint (c.repeat_complaints, ==, 3);
    g_assert_cmpuint (c.complaints_closed, ==, a.complaints_closed);
    g_assert_cmpuint (c.complaints_on_time, ==, a.complaints_on_time);
    g_assert_cmpuint (c.complaints_satisfied, ==, a.complaints_satisfied);
    g_assert_cmpfloat_with_epsilon (c.avg_handling_hours, a.avg_handling_hours, 1e-9);
    g_assert_cmpfloat_with_epsilon (c.satisfaction_rate, a.satisfaction_rate, 1e-9);
  }

  g_assert_cmpuint (b.complaints, ==, 4);
  g_assert_cmpuint (b.repeat_complaints, ==, 3);
  g_assert_cmpuint (b.repeat_matters, ==, 2);
  g_assert_cmpuint (b.complaints_closed, ==, a.complaints_closed);
  g_assert_cmpuint (b.complaints_on_time, ==, a.complaints_on_time);
  g_assert_cmpuint (b.complaints_rated, ==, a.complaints_rated);
  g_assert_cmpuint (b.complaints_satisfied, ==, a.complaints_satisfied);
  g_assert_cmpuint (b.complaints_unsatisfied, ==, a.complaints_unsatisfied);
  g_assert_cmpfloat (b.avg_handling_hours, ==, a.avg_handling_hours);
  g_assert_cmpfloat (b.handling_rate, ==, a.handling_rate);
  g_assert_cmpfloat (b.satisfaction_rate, ==, a.satisfaction_rate);
}

static void
test_empty_and_format (void)
{
  CgIndicators ind;
  double values[] = { 5, 1, 4, 2, 3, 6, 7, 8, 9, 10 };
  g_autofree char *rate = NULL;
  g_autofree char *none = NULL;

  cg_indicators_init (&ind, T0, T0 + DAY);
  cg_indicators_add_cases (&ind, NULL, 0);
  cg_indicators_add_complaints (&ind, NULL, 0);
  g_assert_true (isnan (ind.closure_rate));
  g_assert_true (isnan (ind.satisfaction_rate));
  g_assert_true (isnan (ind.non_site_p90_days));

  g_assert_cmpfloat (cg_indicators_percentile (values, 10, 90), ==, 9);
  g_assert_cmpfloat (cg_indicators_percentile (values, 10, 50), ==, 5);
  g_assert_cmpfloat (cg_indicators_percentile (values, 1, 90), ==, 1);

  rate = cg_indicators_format_rate (0.875);
  g_assert_cmpstr (rate, ==, "87.5%");
  none = cg_indicators_format_rate (NAN);
  g_assert_cmpstr (none, ==, "—");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  T0 = cg_day_to_unix (D ("2026-11-01"));

  g_test_add_func ("/indicators/cases", test_cases);
  g_test_add_func ("/indicators/complaints", test_complaints);
  g_test_add_func ("/indicators/coverage", test_coverage);
  g_test_add_func ("/indicators/complaints-interned", test_complaints_interned);
  g_test_add_func ("/indicators/empty-and-format", test_empty_and_format);

  return g_test_run ();
}
