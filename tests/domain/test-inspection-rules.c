/* test-inspection-rules.c: the graded supervision rules and their edge cases
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "cg-day.h"
#include "cg-inspection-rules.h"

/* Dates used below: 2026-11-23 is a Monday; 2026-11-16..29 and 2026-11-30..12-13 are
 * fortnights (counted from Monday 2024-01-01); Nov-Dec is a two-month period. */

static CgDay
D (const char *text)
{
  CgDay day = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (cg_day_parse (text, &day, &error));
  g_assert_no_error (error);
  return day;
}

static void
assert_day (CgDay       day,
            const char *expected)
{
  g_autofree char *text = cg_day_format (day);

  g_assert_cmpstr (text, ==, expected);
}

typedef struct
{
  CgGradeChange grades[4];
  guint         n_grades;
  CgDay         days[16];
  guint         n_days;
  CgDay         history_start;
} Target;

static void
target_init (Target     *t,
             const char *from,
             CgRisk      risk,
             const char *history_start)
{
  memset (t, 0, sizeof *t);
  t->grades[0].from = D (from);
  t->grades[0].risk = risk;
  t->n_grades = 1;
  t->history_start = history_start ? D (history_start) : CG_DAY_NONE;
}

static void
target_regrade (Target     *t,
                const char *from,
                CgRisk      risk)
{
  t->grades[t->n_grades].from = D (from);
  t->grades[t->n_grades].risk = risk;
  t->n_grades++;
}

static void
target_inspect (Target     *t,
                const char *day)
{
  g_assert_cmpuint (t->n_days, <, G_N_ELEMENTS (t->days));
  t->days[t->n_days++] = D (day);
}

static CgInspectionState
eval (const Target *t,
      const char   *date)
{
  CgInspectionState s;

  cg_inspection_rules_evaluate (t->grades, t->n_grades, t->days, t->n_days,
                                t->history_start, D (date), &s);
  return s;
}

static void
assert_window (const Target *t,
               const char   *day,
               const char   *start,
               const char   *end,
               guint         n_required)
{
  CgInspectionWindow w;

  g_assert_true (cg_inspection_window_at (t->grades, t->n_grades, t->history_start, D (day), &w));
  assert_day (w.start, start);
  assert_day (w.end, end);
  g_assert_cmpuint (w.n_required, ==, n_required);
}

static void
test_days (void)
{
  CgDay day, first, last;
  g_autoptr(GError) error = NULL;
  char buf[11];

  g_assert_cmpint (D ("1970-01-01"), ==, 0);
  g_assert_cmpint (D ("2026-11-23"), ==, 20780);
  g_assert_cmpint (cg_day_weekday (D ("2026-11-23")), ==, 1);
  g_assert_cmpint (cg_day_weekday (D ("2026-11-29")), ==, 7);
  g_assert_cmpint (cg_day_weekday (D ("1969-12-31")), ==, 3);
  g_assert_cmpint (cg_day_days_in_month (D ("2028-02-10")), ==, 29);
  g_assert_cmpint (cg_day_days_in_month (D ("2100-02-10")), ==, 28);
  cg_day_format_buf (D ("2028-02-29"), buf);
  g_assert_cmpstr (buf, ==, "2028-02-29");
  cg_day_format_buf (CG_DAY_NONE, buf);
  g_assert_cmpstr (buf, ==, "");
  g_assert_null (cg_day_format (CG_DAY_NONE));

  for (guint i = 0; i < 5; i++)
    {
      static const char *bad[] = { "2026-02-30", "2026-13-01", "26-11-23", "2026/11/23",
                                   "2026-11-23x" };

      g_assert_false (cg_day_parse (bad[i], &day, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }

  g_assert_true (cg_day_parse_quarter ("2026Q3", &first, &last, &error));
  assert_day (first, "2026-07-01");
  assert_day (last, "2026-09-30");
  g_assert_true (cg_day_parse_quarter ("2028-q1", &first, &last, &error));
  assert_day (last, "2028-03-31");
  g_assert_false (cg_day_parse_quarter ("2026Q5", &first, &last, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* Asia/Shanghai: a day starts at 16:00 UTC the day before */
static void
test_time_zone (void)
{
  gint64 t;

  g_assert_true (cg_parse_time ("2026-11-22T16:00:00Z", &t));
  g_assert_cmpint (cg_day_from_unix (t), ==, D ("2026-11-23"));
  g_assert_cmpint (cg_day_from_unix (t - 1), ==, D ("2026-11-22"));
  g_assert_cmpint (cg_day_to_unix (D ("2026-11-23")), ==, t);
  g_assert_true (cg_parse_time ("2026-11-23T00:30:00+08:00", &t));
  g_assert_cmpint (cg_day_from_unix (t), ==, D ("2026-11-23"));
  g_assert_true (cg_parse_time ("2026-11-22T23:30:00+08:00", &t));
  g_assert_cmpint (cg_day_from_unix (t), ==, D ("2026-11-22"));
  /* before 1970 too */
  g_assert_true (cg_parse_time ("1969-12-31T12:00:00Z", &t));
  g_assert_cmpint (cg_day_from_unix (t), ==, D ("1969-12-31"));
}

/* An inspection late on Sunday belongs to that week, one just after midnight to the next */
static void
test_high_week_boundaries (void)
{
  Target t;
  CgInspectionState s;
  gint64 sunday_late, monday_early;

  target_init (&t, "2026-01-01", CG_RISK_HIGH, "2026-11-09");
  target_inspect (&t, "2026-11-09");
  target_inspect (&t, "2026-11-12");
  g_assert_true (cg_parse_time ("2026-11-19T10:00:00+08:00", &sunday_late));
  t.days[t.n_days++] = cg_day_from_unix (sunday_late);
  g_assert_true (cg_parse_time ("2026-11-22T23:30:00+08:00", &sunday_late));
  t.days[t.n_days++] = cg_day_from_unix (sunday_late);   /* Thursday + Sunday: 3 apart */

  s = eval (&t, "2026-11-22");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  assert_day (s.window.start, "2026-11-16");
  assert_day (s.window.end, "2026-11-22");
  assert_day (s.next_due, "2026-11-26");   /* next week's first inspection by Thursday */
  assert_day (s.last_inspection, "2026-11-22");

  /* Monday of the next week, nothing yet: due, the first by Thursday */
  s = eval (&t, "2026-11-23");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.window.start, "2026-11-23");
  assert_day (s.window.end, "2026-11-29");
  g_assert_cmpuint (s.window.n_required, ==, 2);
  assert_day (s.due_by, "2026-11-26");
  g_assert_cmpint (s.overdue_since, ==, CG_DAY_NONE);

  /* 00:30 on Monday counts for the new week */
  g_assert_true (cg_parse_time ("2026-11-23T00:30:00+08:00", &monday_early));
  t.days[t.n_days++] = cg_day_from_unix (monday_early);
  s = eval (&t, "2026-11-24");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  g_assert_cmpuint (s.n_done, ==, 1);
  assert_day (s.due_by, "2026-11-29");
  target_inspect (&t, "2026-11-26");
  s = eval (&t, "2026-11-26");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  assert_day (s.next_due, "2026-12-03");
  /* an inspection after the date does not count yet */
  s = eval (&t, "2026-11-25");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.last_inspection, "2026-11-23");

  /* no inspection by Thursday: from Friday the week cannot be met */
  target_init (&t, "2026-01-01", CG_RISK_HIGH, "2026-11-16");
  target_inspect (&t, "2026-11-16");
  target_inspect (&t, "2026-11-20");
  s = eval (&t, "2026-11-26");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.due_by, "2026-11-26");
  s = eval (&t, "2026-11-27");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  assert_day (s.overdue_since, "2026-11-27");
  g_assert_cmpint (s.due_by, ==, CG_DAY_NONE);
  assert_day (s.next_due, "2026-11-27");
  g_assert_cmpuint (s.n_missed, ==, 1);
}

static void
test_high_two_days_apart (void)
{
  Target t;
  CgInspectionState s;

  target_init (&t, "2026-01-01", CG_RISK_HIGH, "2026-11-16");
  target_inspect (&t, "2026-11-16");
  target_inspect (&t, "2026-11-19");
  target_inspect (&t, "2026-11-23");
  target_inspect (&t, "2026-11-25");   /* Monday + Wednesday: only 2 days apart */

  s = eval (&t, "2026-11-25");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  g_assert_cmpuint (s.n_done, ==, 2);
  assert_day (s.due_by, "2026-11-29");
  s = eval (&t, "2026-11-29");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);

  /* the next Monday: last week was missed and nothing yet this week */
  s = eval (&t, "2026-11-30");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  assert_day (s.overdue_since, "2026-11-30");
  assert_day (s.due_by, "2026-12-03");
  g_assert_cmpuint (s.n_missed, ==, 1);

  /* Thursday makes it: 3 days after Monday */
  target_inspect (&t, "2026-11-26");
  s = eval (&t, "2026-11-30");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  s = eval (&t, "2026-11-26");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);

  /* Friday and Sunday alone: the week was lost on Friday */
  target_init (&t, "2026-01-01", CG_RISK_HIGH, "2026-11-16");
  target_inspect (&t, "2026-11-16");
  target_inspect (&t, "2026-11-19");
  target_inspect (&t, "2026-11-27");
  target_inspect (&t, "2026-11-29");
  s = eval (&t, "2026-11-29");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  assert_day (s.overdue_since, "2026-11-27");
  /* the next week, one inspection made: due again, arrears cleared by the visit */
  target_inspect (&t, "2026-11-30");
  s = eval (&t, "2026-11-30");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.due_by, "2026-12-06");
}

static void
test_regrade_mid_window (void)
{
  Target t;
  CgInspectionState s;

  /* medium -> high on Wednesday: 5 days left in the week, enough for two */
  target_init (&t, "2026-01-01", CG_RISK_MEDIUM, "2026-11-02");
  target_regrade (&t, "2026-11-25", CG_RISK_HIGH);
  assert_window (&t, "2026-11-25", "2026-11-25", "2026-11-29", 2);
  assert_window (&t, "2026-11-20", "2026-11-16", "2026-11-24", 1);   /* medium, cut short */
  target_inspect (&t, "2026-11-05");
  target_inspect (&t, "2026-11-18");
  s = eval (&t, "2026-11-25");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  g_assert_cmpint (s.risk, ==, CG_RISK_HIGH);
  assert_day (s.due_by, "2026-11-26");
  /* without the medium inspection the cut fortnight is missed */
  t.n_days = 1;
  s = eval (&t, "2026-11-25");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  assert_day (s.overdue_since, "2026-11-25");
  assert_day (s.due_by, "2026-11-26");

  /* medium -> high on Saturday: 2 days are too few, they join the next week */
  target_init (&t, "2026-01-01", CG_RISK_MEDIUM, NULL);
  target_regrade (&t, "2026-11-28", CG_RISK_HIGH);
  assert_window (&t, "2026-11-28", "2026-11-28", "2026-12-06", 2);
  assert_window (&t, "2026-12-02", "2026-11-28", "2026-12-06", 2);
  assert_window (&t, "2026-12-07", "2026-12-07", "2026-12-13", 2);
  assert_window (&t, "2026-11-27", "2026-11-16", "2026-11-27", 1);
  s = eval (&t, "2026-11-29");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.due_by, "2026-12-03");

  /* high -> medium on Friday: the high week keeps Mon-Thu (2 needed), the medium
   * fortnight's 3-day stub joins the next fortnight */
  target_init (&t, "2026-01-01", CG_RISK_HIGH, NULL);
  target_regrade (&t, "2026-11-27", CG_RISK_MEDIUM);
  assert_window (&t, "2026-11-24", "2026-11-23", "2026-11-26", 2);
  assert_window (&t, "2026-11-27", "2026-11-27", "2026-12-13", 1);
  target_inspect (&t, "2026-11-23");
  target_inspect (&t, "2026-11-26");
  s = eval (&t, "2026-11-30");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  g_assert_cmpint (s.risk, ==, CG_RISK_MEDIUM);
  assert_day (s.due_by, "2026-12-13");

  /* low -> medium mid two-month period: the 15-day low stub joins Sep-Oct */
  target_init (&t, "2026-01-01", CG_RISK_LOW, NULL);
  target_regrade (&t, "2026-11-16", CG_RISK_MEDIUM);
  assert_window (&t, "2026-11-10", "2026-09-01", "2026-11-15", 1);
  assert_window (&t, "2026-11-16", "2026-11-16", "2026-11-29", 1);
  target_inspect (&t, "2026-09-20");
  s = eval (&t, "2026-11-15");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  assert_day (s.next_due, "2026-11-29");

  /* a "regrade" to the same level changes nothing */
  target_init (&t, "2026-01-01", CG_RISK_LOW, NULL);
  target_regrade (&t, "2026-11-16", CG_RISK_LOW);
  assert_window (&t, "2026-11-20", "2026-11-01", "2026-12-31", 1);
}

static void
test_new_target (void)
{
  Target t;
  CgInspectionState s;

  /* graded high on a Friday: Fri-Sun is too short, so the first window runs to the
   * next Sunday */
  target_init (&t, "2026-11-27", CG_RISK_HIGH, "2026-01-01");
  s = eval (&t, "2026-11-26");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_UNGRADED);
  g_assert_cmpint (s.next_due, ==, CG_DAY_NONE);
  s = eval (&t, "2026-11-27");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.window.start, "2026-11-27");
  assert_day (s.window.end, "2026-12-06");
  assert_day (s.due_by, "2026-12-03");
  g_assert_cmpint (s.last_inspection, ==, CG_DAY_NONE);

  /* a low-risk target from 20 December: its first period ends with February */
  target_init (&t, "2026-12-20", CG_RISK_LOW, "2026-01-01");
  assert_window (&t, "2026-12-20", "2026-12-20", "2027-02-28", 1);
  assert_window (&t, "2027-03-01", "2027-03-01", "2027-04-30", 1);
  /* a leap year's period */
  assert_window (&t, "2028-02-29", "2028-01-01", "2028-02-29", 1);
  assert_window (&t, "2028-12-31", "2028-11-01", "2028-12-31", 1);
}

static void
test_no_history (void)
{
  Target t;
  CgInspectionState s;

  /* medium risk all year, history known from Wednesday 14 October: its 5-day stub of
   * fortnight 10-05..10-18 joins the next, so the first window is 10-14..11-01 */
  target_init (&t, "2026-01-01", CG_RISK_MEDIUM, "2026-10-14");
  assert_window (&t, "2026-10-20", "2026-10-14", "2026-11-01", 1);
  s = eval (&t, "2026-11-23");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  assert_day (s.overdue_since, "2026-11-02");
  g_assert_cmpuint (s.n_missed, ==, 2);
  assert_day (s.due_by, "2026-11-29");
  g_assert_cmpint (s.last_inspection, ==, CG_DAY_NONE);

  /* unknown history start: only the current window is judged */
  target_init (&t, "2026-01-01", CG_RISK_MEDIUM, NULL);
  s = eval (&t, "2026-11-23");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);

  /* not graded */
  s.status = CG_INSPECTION_STATUS_DUE;
  cg_inspection_rules_evaluate (NULL, 0, NULL, 0, CG_DAY_NONE, D ("2026-11-23"), &s);
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_UNGRADED);
  target_init (&t, "2026-01-01", CG_RISK_UNKNOWN, NULL);
  s = eval (&t, "2026-11-23");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_UNGRADED);
  g_assert_cmpstr (cg_inspection_status_to_string (s.status), ==, "ungraded");
}

static void
test_low_and_medium (void)
{
  Target t;
  CgInspectionState s;

  target_init (&t, "2026-01-01", CG_RISK_LOW, "2026-01-01");
  target_inspect (&t, "2026-09-30");
  s = eval (&t, "2026-10-31");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  assert_day (s.next_due, "2026-12-31");
  s = eval (&t, "2026-11-01");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.due_by, "2026-12-31");
  /* nothing from January to the 30 September visit: overdue since 1 March */
  s = eval (&t, "2026-09-29");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_OVERDUE);
  g_assert_cmpuint (s.n_missed, ==, 4);   /* since January */
  assert_day (s.overdue_since, "2026-03-01");
  s = eval (&t, "2026-09-30");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);

  target_init (&t, "2026-01-01", CG_RISK_MEDIUM, "2026-11-02");
  target_inspect (&t, "2026-11-02");
  target_inspect (&t, "2026-11-29");
  s = eval (&t, "2026-11-28");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_DUE);
  assert_day (s.due_by, "2026-11-29");
  s = eval (&t, "2026-11-29");
  g_assert_cmpint (s.status, ==, CG_INSPECTION_STATUS_COMPLIANT);
  assert_day (s.next_due, "2026-12-13");
}

static void
test_register (void)
{
  g_autoptr(CgInspectionRegister) reg = cg_inspection_register_new ();
  g_autoptr(GArray) states = NULL;
  CgGradeChange high = { D ("2026-01-01"), CG_RISK_HIGH };
  CgGradeChange low = { D ("2026-01-01"), CG_RISK_LOW };

  reg->history_start = D ("2026-11-01");
  cg_inspection_register_add_target (reg, "m-1", FALSE, "310107002", "A", &high, 1);
  cg_inspection_register_add_inspection (reg, D ("2026-11-26"));
  cg_inspection_register_add_inspection (reg, D ("2026-11-23"));
  cg_inspection_register_add_target (reg, "s-1", TRUE, NULL, NULL, &low, 1);
  cg_inspection_register_add_target (reg, "m-2", FALSE, NULL, NULL, NULL, 0);
  cg_inspection_register_sort (reg);
  states = cg_inspection_register_evaluate (reg, D ("2026-11-27"));

  g_assert_cmpuint (states->len, ==, 3);
  g_assert_cmpint (g_array_index (states, CgInspectionState, 0).status, ==,
                   CG_INSPECTION_STATUS_COMPLIANT);
  g_assert_cmpint (g_array_index (states, CgInspectionState, 1).status, ==,
                   CG_INSPECTION_STATUS_DUE);
  g_assert_cmpint (g_array_index (states, CgInspectionState, 2).status, ==,
                   CG_INSPECTION_STATUS_UNGRADED);
  g_assert_cmpint (g_array_index (reg->targets, CgInspectionTarget, 0).risk, ==, CG_RISK_HIGH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/days", test_days);
  g_test_add_func ("/rules/time-zone", test_time_zone);
  g_test_add_func ("/rules/high/week-boundaries", test_high_week_boundaries);
  g_test_add_func ("/rules/high/two-days-apart", test_high_two_days_apart);
  g_test_add_func ("/rules/regrade-mid-window", test_regrade_mid_window);
  g_test_add_func ("/rules/new-target", test_new_target);
  g_test_add_func ("/rules/no-history", test_no_history);
  g_test_add_func ("/rules/low-and-medium", test_low_and_medium);
  g_test_add_func ("/rules/register", test_register);

  return g_test_run ();
}
