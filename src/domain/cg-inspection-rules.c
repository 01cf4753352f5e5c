/* cg-inspection-rules.c: graded, risk-based supervision (分级分类监管)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "cg-inspection-rules.h"

#define DAY_MAX G_MAXINT32
#define HIGH_GAP 3                /* days between the two inspections of a high-risk week */
#define MAX_LOOKBACK_WINDOWS 2000 /* bounds the walk back through missed windows */

/* Monday 2024-01-01: fortnights (medium risk) are counted from it */
#define FORTNIGHT_ANCHOR 19723

const char *
cg_inspection_status_to_string (CgInspectionStatus status)
{
  switch (status)
    {
    case CG_INSPECTION_STATUS_COMPLIANT:
      return "compliant";
    case CG_INSPECTION_STATUS_DUE:
      return "due";
    case CG_INSPECTION_STATUS_OVERDUE:
      return "overdue";
    case CG_INSPECTION_STATUS_UNGRADED:
    default:
      return "ungraded";
    }
}

const char *
cg_inspection_status_get_title (CgInspectionStatus status)
{
  switch (status)
    {
    case CG_INSPECTION_STATUS_COMPLIANT:
      return _("Compliant");
    case CG_INSPECTION_STATUS_DUE:
      return _("Due");
    case CG_INSPECTION_STATUS_OVERDUE:
      return _("Overdue");
    case CG_INSPECTION_STATUS_UNGRADED:
    default:
      return _("Not graded");
    }
}

static gint32
floor_div32 (gint64 a,
             gint64 b)
{
  gint64 q = a / b;

  return (gint32) ((a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q);
}

/* The calendar window of @risk holding @day. */
static void
calendar_window (CgRisk  risk,
                 CgDay   day,
                 CgDay  *start,
                 CgDay  *end)
{
  switch (risk)
    {
    case CG_RISK_HIGH:
      *start = day - (cg_day_weekday (day) - 1);
      *end = *start + 6;
      break;
    case CG_RISK_MEDIUM:
      *start = FORTNIGHT_ANCHOR + 14 * floor_div32 ((gint64) day - FORTNIGHT_ANCHOR, 14);
      *end = *start + 13;
      break;
    case CG_RISK_LOW:
    default:
      {
        /* The two-month windows last found, by this thread: evaluating a register asks
         * for the same few (a target's window and its neighbours) 200,000 times, and the
         * calendar arithmetic was two thirds of the evaluation */
        static _Thread_local CgDay cached[4][2] = { { 1, 0 }, { 1, 0 }, { 1, 0 }, { 1, 0 } };
        static _Thread_local guint next;
        int y, m;
        gboolean ok;

        for (guint i = 0; i < G_N_ELEMENTS (cached); i++)
          if (day >= cached[i][0] && day <= cached[i][1])
            {
              *start = cached[i][0];
              *end = cached[i][1];
              return;
            }

        cg_day_to_ymd (day, &y, &m, NULL);
        m -= (m - 1) % 2;
        ok = cg_day_from_ymd (y, m, 1, start);
        ok = ok && (m == 11 ? cg_day_from_ymd (y + 1, 1, 1, end)
                            : cg_day_from_ymd (y, m + 2, 1, end));
        if (ok)
          {
            *end -= 1;
            cached[next][0] = *start;
            cached[next][1] = *end;
            next = (next + 1) % G_N_ELEMENTS (cached);
          }
        else
          *start = *end = day;   /* outside years 1900..9999 */
      }
      break;
    }
}

typedef struct
{
  CgDay    s, e;       /* clipped */
  CgDay    cs, ce;     /* calendar */
  gboolean first;      /* holds the period's start */
  gboolean last;       /* holds the period's end */
} Piece;

static void
piece_at (CgRisk  risk,
          CgDay   ps,
          CgDay   pe,
          CgDay   day,
          Piece  *p)
{
  calendar_window (risk, day, &p->cs, &p->ce);
  p->s = MAX (p->cs, ps);
  p->e = MIN (p->ce, pe);
  p->first = p->cs <= ps;
  p->last = p->ce >= pe;
}

static gboolean
piece_is_short (const Piece *p)
{
  return (gint64) (p->e - p->s + 1) * 2 < (gint64) (p->ce - p->cs + 1);
}

/* Finds the grade period holding @day; FALSE when ungraded. */
static gboolean
find_period (const CgGradeChange *grades,
             guint                n_grades,
             CgDay                history_start,
             CgDay                day,
             CgRisk              *risk,
             CgDay               *ps,
             CgDay               *pe)
{
  guint lo = 0, hi = n_grades;
  guint i, j;

  /* last i with grades[i].from <= day */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (grades[mid].from <= day)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  i = lo - 1;
  if (grades[i].risk == CG_RISK_UNKNOWN)
    return FALSE;

  /* a "change" to the same grade is no change */
  j = i;
  while (j > 0 && grades[j - 1].risk == grades[i].risk)
    j--;
  *risk = grades[i].risk;
  *ps = grades[j].from;
  j = i + 1;
  while (j < n_grades && grades[j].risk == grades[i].risk)
    j++;
  *pe = j < n_grades ? grades[j].from - 1 : DAY_MAX;

  if (history_start != CG_DAY_NONE && day >= history_start && history_start > *ps)
    *ps = history_start;

  return TRUE;
}

gboolean
cg_inspection_window_at (const CgGradeChange *grades,
                         guint                n_grades,
                         CgDay                history_start,
                         CgDay                day,
                         CgInspectionWindow  *out)
{
  CgRisk risk;
  CgDay ps, pe;
  Piece host, n;
  CgDay s, e;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (grades != NULL || n_grades == 0, FALSE);

  if (!find_period (grades, n_grades, history_start, day, &risk, &ps, &pe))
    return FALSE;

  piece_at (risk, ps, pe, day, &host);
  /* a short first piece joins the next window, a short last piece the previous one */
  if (host.first && !host.last && piece_is_short (&host))
    piece_at (risk, ps, pe, host.ce + 1, &host);
  else if (host.last && !host.first && piece_is_short (&host))
    piece_at (risk, ps, pe, host.cs - 1, &host);

  s = host.s;
  e = host.e;
  if (!host.first)
    {
      piece_at (risk, ps, pe, host.cs - 1, &n);
      if (n.first && !n.last && piece_is_short (&n))
        s = n.s;
    }
  if (!host.last)
    {
      piece_at (risk, ps, pe, host.ce + 1, &n);
      if (n.last && !n.first && piece_is_short (&n))
        e = n.e;
    }

  out->start = s;
  out->end = e;
  out->risk = risk;
  out->n_required = (risk == CG_RISK_HIGH && e - s + 1 >= HIGH_GAP + 1) ? 2 : 1;

  return TRUE;
}

/* Index of the first element >= @day. */
static guint
lower_bound (const CgDay *days,
             guint        n,
             CgDay        day)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (days[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Inspections of @w on days <= @until: count, earliest, latest. */
static guint
inspections_in (const CgDay              *days,
                guint                     n,
                const CgInspectionWindow *w,
                CgDay                     until,
                CgDay                    *first,
                CgDay                    *last)
{
  CgDay e = MIN (w->end, until);
  guint a, b;

  if (e < w->start)
    return 0;
  a = lower_bound (days, n, w->start);
  b = lower_bound (days, n, e + 1);
  if (b > a)
    {
      *first = days[a];
      *last = days[b - 1];
    }
  return b - a;
}

static gboolean
window_met (const CgInspectionWindow *w,
            guint                     count,
            CgDay                     first,
            CgDay                     last)
{
  if (count == 0)
    return FALSE;
  return w->n_required < 2 || last - first >= HIGH_GAP;
}

/* The last day by which the window's first inspection must happen. */
static CgDay
first_deadline (const CgInspectionWindow *w)
{
  return w->n_required == 2 ? w->end - HIGH_GAP : w->end;
}

/* The first day on which a window that ends unmet (no inspection after the one counted)
 * could no longer be met: for a pair window without an inspection by its first deadline,
 * the day after that deadline; otherwise the day after the window. */
static CgDay
miss_day (const CgInspectionWindow *w,
          guint                     count,
          CgDay                     first)
{
  if (w->n_required == 2 && (count == 0 || first > first_deadline (w)))
    return first_deadline (w) + 1;
  return w->end + 1;
}

void
cg_inspection_rules_evaluate (const CgGradeChange *grades,
                              guint                n_grades,
                              const CgDay         *inspections,
                              guint                n_inspections,
                              CgDay                history_start,
                              CgDay                date,
                              CgInspectionState   *out)
{
  CgInspectionWindow w, p;
  CgDay first = 0, last = 0;
  CgDay since = CG_DAY_NONE;
  gboolean feasible;
  guint count;
  guint upto;

  g_return_if_fail (out != NULL);
  g_return_if_fail (inspections != NULL || n_inspections == 0);

  memset (out, 0, sizeof *out);
  out->due_by = CG_DAY_NONE;
  out->overdue_since = CG_DAY_NONE;
  out->next_due = CG_DAY_NONE;

  upto = lower_bound (inspections, n_inspections, date + 1);
  out->last_inspection = upto > 0 ? inspections[upto - 1] : CG_DAY_NONE;

  if (!cg_inspection_window_at (grades, n_grades, history_start, date, &w))
    {
      out->status = CG_INSPECTION_STATUS_UNGRADED;
      out->risk = CG_RISK_UNKNOWN;
      return;
    }

  out->risk = w.risk;
  out->window = w;
  count = inspections_in (inspections, upto, &w, date, &first, &last);
  out->n_done = count;

  if (window_met (&w, count, first, last))
    {
      CgInspectionWindow next;

      out->status = CG_INSPECTION_STATUS_COMPLIANT;
      if (w.end < DAY_MAX &&
          cg_inspection_window_at (grades, n_grades, history_start, w.end + 1, &next))
        out->next_due = first_deadline (&next);
      return;
    }

  /* not met yet: can it still be? */
  if (w.n_required == 2 && (count == 0 || first > first_deadline (&w)))
    {
      feasible = date <= first_deadline (&w);
      out->due_by = feasible ? first_deadline (&w) : CG_DAY_NONE;
    }
  else
    {
      feasible = TRUE;
      out->due_by = w.end;
    }

  if (!feasible)
    {
      since = miss_day (&w, count, first);
      out->n_missed = 1;
    }

  /* the run of missed windows before it, back to the start of the known history */
  if (!feasible || count == 0)
    {
      CgDay day = w.start - 1;

      for (guint i = 0; i < MAX_LOOKBACK_WINDOWS; i++)
        {
          guint c;

          if (history_start == CG_DAY_NONE || day < history_start ||
              !cg_inspection_window_at (grades, n_grades, history_start, day, &p))
            break;
          c = inspections_in (inspections, upto, &p, p.end, &first, &last);
          if (window_met (&p, c, first, last))
            break;
          since = miss_day (&p, c, first);
          out->n_missed++;
          day = p.start - 1;
        }
    }

  if (since != CG_DAY_NONE)
    {
      out->status = CG_INSPECTION_STATUS_OVERDUE;
      out->overdue_since = since;
      out->next_due = date;
    }
  else
    {
      out->status = CG_INSPECTION_STATUS_DUE;
      out->next_due = out->due_by;
    }
}

/* The register */

CgInspectionRegister *
cg_inspection_register_new (void)
{
  CgInspectionRegister *reg = g_new0 (CgInspectionRegister, 1);

  reg->targets = g_array_new (FALSE, TRUE, sizeof (CgInspectionTarget));
  reg->grades = g_array_new (FALSE, FALSE, sizeof (CgGradeChange));
  reg->days = g_array_new (FALSE, FALSE, sizeof (CgDay));
  reg->history_start = CG_DAY_NONE;

  return reg;
}

void
cg_inspection_register_free (CgInspectionRegister *reg)
{
  if (reg == NULL)
    return;

  for (guint i = 0; i < reg->targets->len; i++)
    {
      CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, i);

      g_free (t->id);
      g_free (t->name);
      g_free (t->street_code);
    }
  g_array_unref (reg->targets);
  g_array_unref (reg->grades);
  g_array_unref (reg->days);
  g_free (reg);
}

guint
cg_inspection_register_add_target (CgInspectionRegister *reg,
                                   const char           *id,
                                   gboolean              is_site,
                                   const char           *street_code,
                                   const char           *name,
                                   const CgGradeChange  *grades,
                                   guint                 n_grades)
{
  CgInspectionTarget t = { 0 };

  g_return_val_if_fail (reg != NULL, 0);
  g_return_val_if_fail (id != NULL, 0);

  t.id = g_strdup (id);
  t.name = g_strdup (name);
  t.street_code = g_strdup (street_code);
  t.is_site = !!is_site;
  t.risk = n_grades > 0 ? grades[n_grades - 1].risk : CG_RISK_UNKNOWN;
  t.grades_offset = reg->grades->len;
  t.n_grades = n_grades;
  t.inspections_offset = reg->days->len;
  t.n_inspections = 0;
  if (n_grades > 0)
    g_array_append_vals (reg->grades, grades, n_grades);
  g_array_append_val (reg->targets, t);

  return reg->targets->len - 1;
}

void
cg_inspection_register_add_inspection (CgInspectionRegister *reg,
                                       CgDay                 day)
{
  g_return_if_fail (reg != NULL);
  g_return_if_fail (reg->targets->len > 0);

  g_array_append_val (reg->days, day);
  g_array_index (reg->targets, CgInspectionTarget, reg->targets->len - 1).n_inspections++;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  CgDay x = *(const CgDay *) a;
  CgDay y = *(const CgDay *) b;

  return x < y ? -1 : x > y;
}

void
cg_inspection_register_sort (CgInspectionRegister *reg)
{
  g_return_if_fail (reg != NULL);

  for (guint i = 0; i < reg->targets->len; i++)
    {
      CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, i);
      CgDay *d = &g_array_index (reg->days, CgDay, t->inspections_offset);
      gboolean sorted = TRUE;

      for (guint k = 1; k < t->n_inspections && sorted; k++)
        sorted = d[k - 1] <= d[k];
      if (!sorted)
        qsort (d, t->n_inspections, sizeof (CgDay), compare_days);
    }
}

GArray *
cg_inspection_register_evaluate (CgInspectionRegister *reg,
                                 CgDay                 date)
{
  GArray *states;

  g_return_val_if_fail (reg != NULL, NULL);

  states = g_array_sized_new (FALSE, TRUE, sizeof (CgInspectionState), reg->targets->len);
  g_array_set_size (states, reg->targets->len);

  for (guint i = 0; i < reg->targets->len; i++)
    {
      const CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, i);

      cg_inspection_rules_evaluate (&g_array_index (reg->grades, CgGradeChange, t->grades_offset),
                                    t->n_grades,
                                    &g_array_index (reg->days, CgDay, t->inspections_offset),
                                    t->n_inspections,
                                    reg->history_start,
                                    date,
                                    &g_array_index (states, CgInspectionState, i));
    }

  return states;
}
