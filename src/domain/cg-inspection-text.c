/* cg-inspection-text.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-inspection-text.h"

const char *
cg_inspection_rule_describe (CgRisk risk)
{
  switch (risk)
    {
    case CG_RISK_HIGH:
      return _("High risk: twice a week, at least 3 days apart");
    case CG_RISK_MEDIUM:
      return _("Medium risk: once a fortnight");
    case CG_RISK_LOW:
      return _("Low risk: once every two months");
    case CG_RISK_UNKNOWN:
    default:
      return NULL;
    }
}

char *
cg_inspection_state_format_next (const CgInspectionState *state)
{
  char day[11];

  g_return_val_if_fail (state != NULL, NULL);

  switch (state->status)
    {
    case CG_INSPECTION_STATUS_OVERDUE:
      cg_day_format_buf (state->overdue_since, day);
      /* Translators: %s is a date (YYYY-MM-DD) */
      return state->overdue_since != CG_DAY_NONE ? g_strdup_printf (_("Overdue since %s"), day)
                                                 : g_strdup (_("Overdue"));
    case CG_INSPECTION_STATUS_DUE:
      cg_day_format_buf (state->due_by != CG_DAY_NONE ? state->due_by : state->next_due, day);
      /* Translators: %s is a date (YYYY-MM-DD) */
      return day[0] ? g_strdup_printf (_("Due by %s"), day) : g_strdup (_("Due"));
    case CG_INSPECTION_STATUS_COMPLIANT:
      cg_day_format_buf (state->next_due, day);
      /* Translators: %s is a date (YYYY-MM-DD) */
      return day[0] ? g_strdup_printf (_("Compliant, next due by %s"), day)
                    : g_strdup (_("Compliant"));
    case CG_INSPECTION_STATUS_UNGRADED:
    default:
      return NULL;
    }
}

char *
cg_inspection_state_format_details (const CgInspectionState *state)
{
  g_autofree char *next = cg_inspection_state_format_next (state);
  const char *rule;

  if (next == NULL)
    return NULL;
  rule = cg_inspection_rule_describe (state->risk);
  return rule != NULL ? g_strdup_printf ("%s\n%s", next, rule) : g_steal_pointer (&next);
}
