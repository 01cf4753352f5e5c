/* cg-inspection-text.h: the "next inspection" line of a target, in words
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-inspection-rules.h"

G_BEGIN_DECLS

/* The grade's frequency rule, translated ("High risk: twice a week, at least 3 days
 * apart"); NULL for CG_RISK_UNKNOWN. (transfer none) */
const char *cg_inspection_rule_describe      (CgRisk                    risk);

/* Where the target stands, translated: "Overdue since 2026-11-20", "Due by 2026-11-27",
 * "Compliant, next due by 2026-12-03"; NULL when ungraded. (transfer full) */
char       *cg_inspection_state_format_next  (const CgInspectionState *state);

/* The details panel's "Next inspection" text: the line above and the grade's rule on a
 * second line; NULL when ungraded. (transfer full) */
char       *cg_inspection_state_format_details (const CgInspectionState *state);

G_END_DECLS
