/* cg-inspection-rules.h: graded, risk-based supervision (分级分类监管) as plain C
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules (docs/indicators.md has the full definitions and the reasons):
 *   high   (高风险) twice in each ISO week (Monday-Sunday), the two at least 3 calendar
 *          days apart (Monday and Thursday qualify);
 *   medium (中风险) once in each fortnight: pairs of ISO weeks counted from Monday
 *          2024-01-01 (the regrade cycle);
 *   low    (低风险) once in each two-month period: January-February, March-April, ...
 * All days are Asia/Shanghai calendar days (CgDay). Every inspection of a target counts,
 * whatever its kind (graded, double random, special).
 *
 * A grade is in force from its change day until the next change. A window cut by the start
 * or end of a grade period (a new target, a regrade, the start of the known history) keeps
 * its own requirement when at least half of it remains; a shorter piece is merged into the
 * neighbouring window of the same period. A high-risk window shorter than 4 days needs
 * one inspection only (two that are 3 days apart do not fit).
 */

#pragma once

#include <glib.h>

#include "cg-day.h"
#include "cg-records.h"

G_BEGIN_DECLS

/* The grade in force from @from (inclusive) until the next change. CG_RISK_UNKNOWN
 * = not graded (no obligation). */
typedef struct
{
  CgDay   from;
  CgRisk  risk;
} CgGradeChange;

typedef enum
{
  CG_INSPECTION_STATUS_UNGRADED,    /* no grade in force on the date */
  CG_INSPECTION_STATUS_COMPLIANT,   /* the current window's requirement is met */
  CG_INSPECTION_STATUS_DUE,         /* not yet met, still possible by due_by */
  CG_INSPECTION_STATUS_OVERDUE,     /* a requirement was missed and not made up for */
} CgInspectionStatus;

/* "ungraded" | "compliant" | "due" | "overdue" (machine names, CSV/JSON) */
const char *cg_inspection_status_to_string (CgInspectionStatus status);
/* translated ("逾期") */
const char *cg_inspection_status_get_title (CgInspectionStatus status);

typedef struct
{
  CgDay   start;        /* inclusive */
  CgDay   end;          /* inclusive */
  CgRisk  risk;
  guint   n_required;   /* 1, or 2 (high risk: at least 3 days apart) */
} CgInspectionWindow;

/* The window (after clipping and merging at grade-period edges) that holds @day under the
 * grade in force on @day. @history_start: the first day whose inspections are known
 * (windows before it are not judged; a grade period is clipped to start there);
 * CG_DAY_NONE = all known. @grades: sorted by from, ascending. FALSE when no grade is
 * in force on @day. */
gboolean    cg_inspection_window_at        (const CgGradeChange *grades,
                                            guint                n_grades,
                                            CgDay                history_start,
                                            CgDay                day,
                                            CgInspectionWindow  *out);

/* Where a target stands on a date. */
typedef struct
{
  CgInspectionStatus  status;
  CgRisk              risk;             /* grade in force on the date */
  CgInspectionWindow  window;           /* the current window (zeroed when ungraded) */
  guint               n_done;           /* inspections in the window up to the date */
  CgDay               due_by;           /* last day for the next inspection of the current
                                         * window; CG_DAY_NONE when compliant, ungraded, or
                                         * when the window can no longer be met */
  CgDay               overdue_since;    /* first day of the unbroken run of missed
                                         * requirements; CG_DAY_NONE unless overdue */
  guint               n_missed;         /* windows in that run */
  CgDay               last_inspection;  /* latest inspection on or before the date */
  CgDay               next_due;         /* when the next inspection is needed: due_by, the
                                         * date itself when overdue, or the next window's
                                         * deadline when compliant; CG_DAY_NONE if ungraded */
} CgInspectionState;

/* Evaluates one target on @date. @inspections: the days of its inspections, sorted
 * ascending (later ones than @date are ignored; duplicates allowed). */
void        cg_inspection_rules_evaluate   (const CgGradeChange *grades,
                                            guint                n_grades,
                                            const CgDay         *inspections,
                                            guint                n_inspections,
                                            CgDay                history_start,
                                            CgDay                date,
                                            CgInspectionState   *out);

/* A register of targets for evaluating a whole district or city at once. */
typedef struct
{
  char    *id;
  char    *name;              /* nullable */
  char    *street_code;       /* nullable */
  gboolean is_site;           /* target_type "site", else "merchant" */
  CgRisk   risk;              /* current grade, as the cache knows it */
  guint    grades_offset;     /* into CgInspectionRegister.grades */
  guint    n_grades;
  guint    inspections_offset;/* into CgInspectionRegister.days */
  guint    n_inspections;
} CgInspectionTarget;

typedef struct
{
  GArray *targets;            /* CgInspectionTarget (strings owned) */
  GArray *grades;             /* CgGradeChange */
  GArray *days;               /* CgDay, each target's run sorted ascending */
  CgDay   history_start;      /* CG_DAY_NONE = unknown */
} CgInspectionRegister;

CgInspectionRegister *cg_inspection_register_new      (void);
void                  cg_inspection_register_free     (CgInspectionRegister *reg);
/* Appends a target and its grade history; returns its index. Inspections are added after
 * it with cg_inspection_register_add_inspection() (days of the LAST target added). */
guint                 cg_inspection_register_add_target (CgInspectionRegister *reg,
                                                         const char           *id,
                                                         gboolean              is_site,
                                                         const char           *street_code,
                                                         const char           *name,
                                                         const CgGradeChange  *grades,
                                                         guint                 n_grades);
void                  cg_inspection_register_add_inspection (CgInspectionRegister *reg,
                                                             CgDay                 day);
/* Sorts each target's days (cheap when already sorted). */
void                  cg_inspection_register_sort     (CgInspectionRegister *reg);
/* One CgInspectionState per target, in register order. (transfer full) */
GArray               *cg_inspection_register_evaluate (CgInspectionRegister *reg,
                                                       CgDay                 date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgInspectionRegister, cg_inspection_register_free)

G_END_DECLS
