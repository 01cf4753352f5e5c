/* test-inspection-text.c: the "next inspection" line in words
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "cg-inspection-text.h"

static CgDay
day (const char *text)
{
  g_autoptr(GError) error = NULL;
  CgDay d;

  g_assert_true (cg_day_parse (text, &d, &error));
  g_assert_no_error (error);
  return d;
}

static void
test_next (void)
{
  CgInspectionState st = { 0 };
  char *text;

  st.status = CG_INSPECTION_STATUS_OVERDUE;
  st.risk = CG_RISK_HIGH;
  st.overdue_since = day ("2026-11-20");
  st.next_due = day ("2026-11-30");
  st.due_by = CG_DAY_NONE;
  text = cg_inspection_state_format_next (&st);
  g_assert_cmpstr (text, ==, "Overdue since 2026-11-20");
  g_free (text);
  text = cg_inspection_state_format_details (&st);
  g_assert_cmpstr (text, ==, "Overdue since 2026-11-20\n"
                             "High risk: twice a week, at least 3 days apart");
  g_free (text);

  st.status = CG_INSPECTION_STATUS_DUE;
  st.risk = CG_RISK_MEDIUM;
  st.overdue_since = CG_DAY_NONE;
  st.due_by = day ("2026-11-27");
  st.next_due = st.due_by;
  text = cg_inspection_state_format_details (&st);
  g_assert_cmpstr (text, ==, "Due by 2026-11-27\nMedium risk: once a fortnight");
  g_free (text);

  st.status = CG_INSPECTION_STATUS_COMPLIANT;
  st.risk = CG_RISK_LOW;
  st.due_by = CG_DAY_NONE;
  st.next_due = day ("2026-12-03");
  text = cg_inspection_state_format_details (&st);
  g_assert_cmpstr (text, ==, "Compliant, next due by 2026-12-03\nLow risk: once every two months");
  g_free (text);

  /* no date known: the status alone */
  st.next_due = CG_DAY_NONE;
  text = cg_inspection_state_format_next (&st);
  g_assert_cmpstr (text, ==, "Compliant");
  g_free (text);

  st.status = CG_INSPECTION_STATUS_UNGRADED;
  st.risk = CG_RISK_UNKNOWN;
  g_assert_null (cg_inspection_state_format_next (&st));
  g_assert_null (cg_inspection_state_format_details (&st));
  g_assert_null (cg_inspection_rule_describe (CG_RISK_UNKNOWN));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspection-text/next", test_next);

  return g_test_run ();
}
