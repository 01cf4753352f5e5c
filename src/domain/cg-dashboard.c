/* cg-dashboard.c: dashboard queries, ranges, results and tables (no SQL, no GTK)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cg-chart-axis.h"
#include "cg-csv.h"
#include "cg-dashboard.h"

G_DEFINE_QUARK (cg-dashboard-error-quark, cg_dashboard_error)

static const char * const kind_ids[CG_DASHBOARD_N_KINDS] = {
  "inspections", "cases", "complaints",
};

const char *
cg_dashboard_kind_to_id (CgDashboardKind kind)
{
  g_return_val_if_fail ((guint) kind < CG_DASHBOARD_N_KINDS, NULL);
  return kind_ids[kind];
}

gboolean
cg_dashboard_kind_from_id (const char      *id,
                           CgDashboardKind *out)
{
  for (guint i = 0; id != NULL && i < CG_DASHBOARD_N_KINDS; i++)
    if (strcmp (id, kind_ids[i]) == 0)
      {
        *out = (CgDashboardKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cg_dashboard_kind_get_title (CgDashboardKind kind)
{
  switch (kind)
    {
    case CG_DASHBOARD_INSPECTIONS:
      return _("Inspections");
    case CG_DASHBOARD_CASES:
      return _("Cases");
    case CG_DASHBOARD_COMPLAINTS:
      return _("Complaints");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Ranges */

CgDay
cg_dashboard_today (void)
{
  return cg_day_from_unix (g_get_real_time () / G_USEC_PER_SEC);
}

gboolean
cg_dashboard_check_range (CgDay    first,
                          CgDay    last,
                          GError **error)
{
  if (first == CG_DAY_NONE || last == CG_DAY_NONE)
    {
      g_set_error_literal (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE,
                           _("The range needs a first and a last day."));
      return FALSE;
    }
  if (last < first)
    {
      char a[11], b[11];

      cg_day_format_buf (first, a);
      cg_day_format_buf (last, b);
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE,
                   _("The range ends (%s) before it starts (%s)."), b, a);
      return FALSE;
    }
  if ((gint64) last - first + 1 > CG_DASHBOARD_MAX_DAYS)
    {
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_RANGE,
                   _("The range is longer than %d days."), CG_DASHBOARD_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

gboolean
cg_dashboard_range_for_preset (CgDashboardRangePreset   preset,
                               CgDay                    today,
                               CgDay                    custom_first,
                               CgDay                    custom_last,
                               CgDay                   *first,
                               CgDay                   *last,
                               GError                 **error)
{
  int y, m, d;
  CgDay f = today, l = today;

  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  switch (preset)
    {
    case CG_DASHBOARD_RANGE_TODAY:
      break;
    case CG_DASHBOARD_RANGE_7_DAYS:
      f = today - 6;
      break;
    case CG_DASHBOARD_RANGE_30_DAYS:
      f = today - 29;
      break;
    case CG_DASHBOARD_RANGE_QUARTER:
      cg_day_to_ymd (today, &y, &m, &d);
      if (!cg_day_from_ymd (y, (m - 1) / 3 * 3 + 1, 1, &f))
        g_return_val_if_reached (FALSE);
      break;
    case CG_DASHBOARD_RANGE_CUSTOM:
      f = custom_first;
      l = custom_last;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  if (!cg_dashboard_check_range (f, l, error))
    return FALSE;
  *first = f;
  *last = l;
  return TRUE;
}

static CgDay
minus_one_year (CgDay day)
{
  int y, m, d;
  CgDay out;

  cg_day_to_ymd (day, &y, &m, &d);
  if (m == 2 && d == 29)
    d = 28;
  if (!cg_day_from_ymd (y - 1, m, d, &out))
    return day - 365;
  return out;
}

gboolean
cg_dashboard_comparison_range (CgDashboardComparison  comparison,
                               CgDay                  first,
                               CgDay                  last,
                               CgDay                 *compare_first,
                               CgDay                 *compare_last)
{
  CgDay f = CG_DAY_NONE, l = CG_DAY_NONE;

  if (first != CG_DAY_NONE && last != CG_DAY_NONE && first <= last)
    switch (comparison)
      {
      case CG_DASHBOARD_COMPARE_PREVIOUS:
        l = first - 1;
        f = l - (last - first);
        break;
      case CG_DASHBOARD_COMPARE_LAST_YEAR:
        f = minus_one_year (first);
        l = minus_one_year (last);
        break;
      case CG_DASHBOARD_COMPARE_NONE:
      default:
        break;
      }
  if (compare_first)
    *compare_first = f;
  if (compare_last)
    *compare_last = l;
  return f != CG_DAY_NONE;
}

char *
cg_dashboard_format_range (CgDay first,
                           CgDay last)
{
  char a[11], b[11];

  cg_day_format_buf (first, a);
  cg_day_format_buf (last, b);
  if (first == last)
    return g_strdup (a);
  return g_strdup_printf ("%s – %s", a, b);
}

/* The query */

G_DEFINE_BOXED_TYPE (CgDashboardQuery, cg_dashboard_query,
                     cg_dashboard_query_copy, cg_dashboard_query_free)

CgDashboardQuery *
cg_dashboard_query_new (CgDashboardKind kind,
                        CgDay           first,
                        CgDay           last)
{
  CgDashboardQuery *q = g_new0 (CgDashboardQuery, 1);

  q->kind = kind;
  q->first = first;
  q->last = last;
  q->comparison = CG_DASHBOARD_COMPARE_NONE;
  return q;
}

CgDashboardQuery *
cg_dashboard_query_copy (const CgDashboardQuery *query)
{
  CgDashboardQuery *q;

  g_return_val_if_fail (query != NULL, NULL);

  q = g_memdup2 (query, sizeof *query);
  q->street_code = g_strdup (query->street_code);
  q->squad_id = g_strdup (query->squad_id);
  q->draws_dir = g_strdup (query->draws_dir);
  return q;
}

void
cg_dashboard_query_free (CgDashboardQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->street_code);
  g_free (query->squad_id);
  g_free (query->draws_dir);
  g_free (query);
}

static void
set_string (char       **field,
            const char  *value)
{
  char *copy = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

void
cg_dashboard_query_set_street (CgDashboardQuery *query,
                               const char       *street_code)
{
  g_return_if_fail (query != NULL);
  set_string (&query->street_code, street_code);
}

void
cg_dashboard_query_set_squad (CgDashboardQuery *query,
                              const char       *squad_id)
{
  g_return_if_fail (query != NULL);
  set_string (&query->squad_id, squad_id);
}

void
cg_dashboard_query_set_draws_dir (CgDashboardQuery *query,
                                  const char       *dir)
{
  g_return_if_fail (query != NULL);
  set_string (&query->draws_dir, dir);
}

const char *
cg_dashboard_query_get_effective_street (const CgDashboardQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  if (query->street_code != NULL)
    return query->street_code;
  if (query->squad_id != NULL)
    return g_str_has_prefix (query->squad_id, "sq-") ? query->squad_id + 3 : query->squad_id;
  return NULL;
}

gboolean
cg_dashboard_query_validate (const CgDashboardQuery  *query,
                             GError                 **error)
{
  g_return_val_if_fail (query != NULL, FALSE);

  if ((guint) query->kind >= CG_DASHBOARD_N_KINDS)
    {
      g_set_error_literal (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                           _("Unknown dashboard."));
      return FALSE;
    }
  return cg_dashboard_check_range (query->first, query->last, error);
}

/* Charts */

const char *
cg_dashboard_chart_get_series_key (const CgDashboardChart *chart,
                                   guint                   series)
{
  g_return_val_if_fail (chart != NULL, NULL);

  if (chart->series_keys == NULL || series >= g_strv_length (chart->series_keys))
    return NULL;
  return chart->series_keys[series];
}

/* Tables */

struct _CgDashboardTable
{
  gatomicrefcount  ref;
  char            *id;
  char            *title;
  char            *empty_message;
  GPtrArray       *columns;      /* char *, NULL-terminated */
  GPtrArray       *cells;        /* char *, row-major (NULL cells stored as "") */
  GPtrArray       *collections;  /* char *, per row, nullable */
  GPtrArray       *item_ids;     /* char *, per row, nullable */
  GArray          *locations;    /* double[2] per row */
  guint            n_columns;
  guint            total_rows;   /* 0 = n_rows */
};

G_DEFINE_BOXED_TYPE (CgDashboardTable, cg_dashboard_table,
                     cg_dashboard_table_ref, cg_dashboard_table_unref)

CgDashboardTable *
cg_dashboard_table_new (const char         *id,
                        const char         *title,
                        guint               n_columns,
                        const char * const *columns)
{
  CgDashboardTable *self;

  g_return_val_if_fail (n_columns > 0, NULL);
  g_return_val_if_fail (columns != NULL, NULL);

  self = g_new0 (CgDashboardTable, 1);
  g_atomic_ref_count_init (&self->ref);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->n_columns = n_columns;
  self->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_columns; i++)
    g_ptr_array_add (self->columns, g_strdup (columns[i] ? columns[i] : ""));
  g_ptr_array_add (self->columns, NULL);
  self->cells = g_ptr_array_new_with_free_func (g_free);
  self->collections = g_ptr_array_new_with_free_func (g_free);
  self->item_ids = g_ptr_array_new_with_free_func (g_free);
  self->locations = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  return self;
}

CgDashboardTable *
cg_dashboard_table_ref (CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
cg_dashboard_table_unref (CgDashboardTable *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_free (self->id);
  g_free (self->title);
  g_free (self->empty_message);
  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->cells);
  g_ptr_array_unref (self->collections);
  g_ptr_array_unref (self->item_ids);
  g_array_unref (self->locations);
  g_free (self);
}

guint
cg_dashboard_table_add_row (CgDashboardTable   *self,
                            const char * const *cells,
                            const char         *collection,
                            const char         *item_id,
                            double              lon,
                            double              lat)
{
  double loc[2] = { lon, lat };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (cells != NULL, 0);

  for (guint i = 0; i < self->n_columns; i++)
    g_ptr_array_add (self->cells, g_strdup (cells[i] ? cells[i] : ""));
  g_ptr_array_add (self->collections, g_strdup (collection));
  g_ptr_array_add (self->item_ids, g_strdup (item_id));
  g_array_append_val (self->locations, loc);
  return self->item_ids->len - 1;
}

const char *
cg_dashboard_table_get_id (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
cg_dashboard_table_get_title (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

guint
cg_dashboard_table_get_n_columns (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

const char * const *
cg_dashboard_table_get_columns (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->columns->pdata;
}

guint
cg_dashboard_table_get_n_rows (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->item_ids->len;
}

const char * const *
cg_dashboard_table_get_cells (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->cells->pdata;
}

const char *
cg_dashboard_table_get_cell (const CgDashboardTable *self,
                             guint                   row,
                             guint                   column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->item_ids->len && column < self->n_columns, NULL);
  return g_ptr_array_index (self->cells, row * self->n_columns + column);
}

const char *
cg_dashboard_table_get_row_collection (const CgDashboardTable *self,
                                       guint                   row)
{
  g_return_val_if_fail (self != NULL && row < self->collections->len, NULL);
  return g_ptr_array_index (self->collections, row);
}

const char *
cg_dashboard_table_get_row_id (const CgDashboardTable *self,
                               guint                   row)
{
  g_return_val_if_fail (self != NULL && row < self->item_ids->len, NULL);
  return g_ptr_array_index (self->item_ids, row);
}

gboolean
cg_dashboard_table_get_row_location (const CgDashboardTable *self,
                                     guint                   row,
                                     double                 *lon,
                                     double                 *lat)
{
  const double *loc;

  g_return_val_if_fail (self != NULL && row < self->locations->len, FALSE);

  loc = &g_array_index (self->locations, double, row * 2);
  if (isnan (loc[0]) || isnan (loc[1]))
    return FALSE;
  if (lon)
    *lon = loc[0];
  if (lat)
    *lat = loc[1];
  return TRUE;
}

guint
cg_dashboard_table_get_total_rows (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return MAX (self->total_rows, self->item_ids->len);
}

void
cg_dashboard_table_set_total_rows (CgDashboardTable *self,
                                   guint             total)
{
  g_return_if_fail (self != NULL);
  self->total_rows = total;
}

const char *
cg_dashboard_table_get_empty_message (const CgDashboardTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->empty_message;
}

void
cg_dashboard_table_set_empty_message (CgDashboardTable *self,
                                      const char       *message)
{
  g_return_if_fail (self != NULL);
  g_free (self->empty_message);
  self->empty_message = g_strdup (message);
}

gboolean
cg_dashboard_table_write_csv (const CgDashboardTable  *self,
                              const char              *path,
                              GError                 **error)
{
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (TRUE);
  const char *text;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  cg_csv_writer_set_guard_formulas (w, TRUE);
  cg_csv_writer_row (w, cg_dashboard_table_get_columns (self), (int) self->n_columns);
  for (guint r = 0; r < self->item_ids->len; r++)
    cg_csv_writer_row (w, (const char * const *) &self->cells->pdata[r * self->n_columns],
                       (int) self->n_columns);
  text = cg_csv_writer_get_text (w, &length);
  return g_file_set_contents (path, text, (gssize) length, error);
}

/* Results */

struct _CgDashboardResult
{
  gatomicrefcount    ref;
  CgDashboardQuery  *query;
  CgDay              compare_first;
  CgDay              compare_last;
  CgIndicators       indicators;
  CgIndicators       compare;
  gint64             generated_at;
  char              *message;
  GPtrArray         *figures;     /* CgDashboardFigure */
  GPtrArray         *charts;      /* CgDashboardChart */
  GPtrArray         *tables;      /* CgDashboardTable */
};

G_DEFINE_BOXED_TYPE (CgDashboardResult, cg_dashboard_result,
                     cg_dashboard_result_ref, cg_dashboard_result_unref)

static void
figure_free (gpointer data)
{
  CgDashboardFigure *f = data;

  g_free (f->id);
  g_free (f->label);
  g_free (f->unit);
  g_free (f->text);
  g_free (f->compare_text);
  g_free (f->delta_text);
  g_free (f);
}

static void
chart_free (gpointer data)
{
  CgDashboardChart *c = data;

  g_free (c->id);
  g_clear_pointer (&c->data, cg_chart_data_unref);
  g_strfreev (c->series_keys);
  g_free (c);
}

CgDashboardResult *
cg_dashboard_result_new (const CgDashboardQuery *query)
{
  CgDashboardResult *self;

  g_return_val_if_fail (query != NULL, NULL);

  self = g_new0 (CgDashboardResult, 1);
  g_atomic_ref_count_init (&self->ref);
  self->query = cg_dashboard_query_copy (query);
  cg_dashboard_comparison_range (query->comparison, query->first, query->last,
                                 &self->compare_first, &self->compare_last);
  cg_indicators_init (&self->indicators, 0, 0);
  cg_indicators_init (&self->compare, 0, 0);
  self->generated_at = g_get_real_time () / G_USEC_PER_SEC;
  self->figures = g_ptr_array_new_with_free_func (figure_free);
  self->charts = g_ptr_array_new_with_free_func (chart_free);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_dashboard_table_unref);
  return self;
}

CgDashboardResult *
cg_dashboard_result_ref (CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
cg_dashboard_result_unref (CgDashboardResult *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  cg_dashboard_query_free (self->query);
  g_free (self->message);
  g_ptr_array_unref (self->figures);
  g_ptr_array_unref (self->charts);
  g_ptr_array_unref (self->tables);
  g_free (self);
}

const CgDashboardQuery *
cg_dashboard_result_get_query (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->query;
}

void
cg_dashboard_result_get_compare_range (const CgDashboardResult *self,
                                       CgDay                   *first,
                                       CgDay                   *last)
{
  g_return_if_fail (self != NULL);
  if (first)
    *first = self->compare_first;
  if (last)
    *last = self->compare_last;
}

const CgIndicators *
cg_dashboard_result_get_indicators (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->indicators;
}

const CgIndicators *
cg_dashboard_result_get_compare_indicators (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->compare;
}

gint64
cg_dashboard_result_get_generated_at (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->generated_at;
}

const char *
cg_dashboard_result_get_message (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

void
cg_dashboard_result_set_message (CgDashboardResult *self,
                                 const char        *message)
{
  g_return_if_fail (self != NULL);
  g_free (self->message);
  self->message = g_strdup (message);
}

guint
cg_dashboard_result_get_n_figures (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->figures->len;
}

const CgDashboardFigure *
cg_dashboard_result_get_figure (const CgDashboardResult *self,
                                guint                    i)
{
  g_return_val_if_fail (self != NULL && i < self->figures->len, NULL);
  return g_ptr_array_index (self->figures, i);
}

const CgDashboardFigure *
cg_dashboard_result_find_figure (const CgDashboardResult *self,
                                 const char              *id)
{
  g_return_val_if_fail (self != NULL && id != NULL, NULL);
  for (guint i = 0; i < self->figures->len; i++)
    {
      const CgDashboardFigure *f = g_ptr_array_index (self->figures, i);

      if (g_strcmp0 (f->id, id) == 0)
        return f;
    }
  return NULL;
}

guint
cg_dashboard_result_get_n_charts (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->charts->len;
}

const CgDashboardChart *
cg_dashboard_result_get_chart (const CgDashboardResult *self,
                               guint                    i)
{
  g_return_val_if_fail (self != NULL && i < self->charts->len, NULL);
  return g_ptr_array_index (self->charts, i);
}

const CgDashboardChart *
cg_dashboard_result_find_chart (const CgDashboardResult *self,
                                const char              *id)
{
  g_return_val_if_fail (self != NULL && id != NULL, NULL);
  for (guint i = 0; i < self->charts->len; i++)
    {
      const CgDashboardChart *c = g_ptr_array_index (self->charts, i);

      if (g_strcmp0 (c->id, id) == 0)
        return c;
    }
  return NULL;
}

guint
cg_dashboard_result_get_n_tables (const CgDashboardResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->tables->len;
}

CgDashboardTable *
cg_dashboard_result_get_table (const CgDashboardResult *self,
                               guint                    i)
{
  g_return_val_if_fail (self != NULL && i < self->tables->len, NULL);
  return g_ptr_array_index (self->tables, i);
}

CgDashboardTable *
cg_dashboard_result_find_table (const CgDashboardResult *self,
                                const char              *id)
{
  g_return_val_if_fail (self != NULL && id != NULL, NULL);
  for (guint i = 0; i < self->tables->len; i++)
    {
      CgDashboardTable *t = g_ptr_array_index (self->tables, i);

      if (g_strcmp0 (t->id, id) == 0)
        return t;
    }
  return NULL;
}

char *
cg_dashboard_format_delta (double        value,
                           double        compare,
                           CgChartFormat format,
                           guint         decimals)
{
  double delta;

  if (isnan (value) || isnan (compare))
    return g_strdup ("—");
  if (format == CG_CHART_FORMAT_PERCENT)
    {
      /* percentage points */
      delta = (value - compare) * 100.0;
      return g_strdup_printf (_("%+.1f pt"), delta);
    }
  (void) decimals;
  if (compare == 0.0)
    return g_strdup ("—");
  delta = (value - compare) / fabs (compare) * 100.0;
  return g_strdup_printf ("%+.1f%%", delta);
}

CgDashboardFigure *
cg_dashboard_result_add_figure (CgDashboardResult *self,
                                const char        *id,
                                const char        *label,
                                double             value,
                                double             compare,
                                CgChartFormat      format,
                                guint              decimals,
                                const char        *unit,
                                gboolean           higher_is_better)
{
  CgDashboardFigure *f;
  gboolean comparing;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  comparing = self->compare_first != CG_DAY_NONE;
  f = g_new0 (CgDashboardFigure, 1);
  f->id = g_strdup (id);
  f->label = g_strdup (label);
  f->value = value;
  f->compare = comparing ? compare : NAN;
  f->format = format;
  f->decimals = decimals;
  f->unit = g_strdup (unit);
  f->higher_is_better = higher_is_better;
  f->text = cg_chart_format_value (value, format, decimals, unit);
  if (comparing)
    {
      f->compare_text = cg_chart_format_value (f->compare, format, decimals, unit);
      f->delta_text = cg_dashboard_format_delta (value, f->compare, format, decimals);
    }
  g_ptr_array_add (self->figures, f);
  return f;
}

CgDashboardChart *
cg_dashboard_result_add_chart (CgDashboardResult  *self,
                               const char         *id,
                               CgChartKind         kind,
                               CgChartData        *data,
                               const char * const *series_keys,
                               gboolean            drillable)
{
  CgDashboardChart *c;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL && data != NULL, NULL);

  c = g_new0 (CgDashboardChart, 1);
  c->id = g_strdup (id);
  c->kind = kind;
  c->data = cg_chart_data_ref (data);
  c->series_keys = series_keys ? g_strdupv ((char **) series_keys) : NULL;
  c->drillable = drillable;
  g_ptr_array_add (self->charts, c);
  return c;
}

void
cg_dashboard_result_add_table (CgDashboardResult *self,
                               CgDashboardTable  *table)
{
  g_return_if_fail (self != NULL && table != NULL);
  g_ptr_array_add (self->tables, cg_dashboard_table_ref (table));
}

void
cg_dashboard_result_set_indicators (CgDashboardResult  *self,
                                    const CgIndicators *indicators,
                                    const CgIndicators *compare)
{
  g_return_if_fail (self != NULL);
  if (indicators)
    self->indicators = *indicators;
  if (compare)
    self->compare = *compare;
}
