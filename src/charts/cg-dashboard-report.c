/* cg-dashboard-report.c: dashboards as a PDF report or CSV
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cg-csv.h"
#include "cg-dashboard-report.h"
#include "cg-report-pdf.h"

CgDashboardTable *
cg_dashboard_chart_to_table (const CgDashboardChart *chart)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  CgDashboardTable *table;
  guint n_series, n_categories;

  g_return_val_if_fail (chart != NULL, NULL);

  n_series = cg_chart_data_get_n_series (chart->data);
  n_categories = cg_chart_data_get_n_categories (chart->data);
  g_ptr_array_add (columns, g_strdup (_("Item")));
  g_ptr_array_add (columns, g_strdup (_("Key")));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (columns, g_strdup (cg_chart_data_get_series_name (chart->data, s)));
  table = cg_dashboard_table_new (chart->id, cg_chart_data_get_title (chart->data),
                                  columns->len, (const char * const *) columns->pdata);
  cg_dashboard_table_set_empty_message (table, cg_chart_data_get_empty_message (chart->data));
  if (cg_chart_data_is_empty (chart->data))
    return table;
  for (guint c = 0; c < n_categories; c++)
    {
      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, g_strdup (cg_chart_data_get_category_label (chart->data, c)));
      g_ptr_array_add (cells, g_strdup (cg_chart_data_get_category_key (chart->data, c)));
      for (guint s = 0; s < n_series; s++)
        {
          double v = cg_chart_data_get_value (chart->data, s, c);

          /* plain numbers (a dot, no separators) so spreadsheets read them */
          if (isnan (v))
            g_ptr_array_add (cells, g_strdup (""));
          else if (cg_chart_data_get_format (chart->data) == CG_CHART_FORMAT_PERCENT)
            g_ptr_array_add (cells, cg_chart_data_format_value (chart->data, v));
          else
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_formatd (buf, sizeof buf, v == floor (v) ? "%.0f" : "%.2f", v);
              g_ptr_array_add (cells, g_strdup (buf));
            }
        }
      cg_dashboard_table_add_row (table, (const char * const *) cells->pdata, NULL, NULL,
                                  NAN, NAN);
    }
  return table;
}

/* The figures as a table: figure, value [, comparison, change] */
static CgDashboardTable *
figures_table (CgDashboardResult *result)
{
  CgDay cf, cl;
  gboolean comparing;
  const char *columns[] = { _("Figure"), _("Value"), _("Comparison"), _("Change") };
  CgDashboardTable *table;

  cg_dashboard_result_get_compare_range (result, &cf, &cl);
  comparing = cf != CG_DAY_NONE;
  table = cg_dashboard_table_new ("figures", _("Headline figures"), comparing ? 4 : 2, columns);
  for (guint i = 0; i < cg_dashboard_result_get_n_figures (result); i++)
    {
      const CgDashboardFigure *f = cg_dashboard_result_get_figure (result, i);
      g_autofree char *label = f->flagged ? g_strdup_printf ("%s ⚠", f->label) : g_strdup (f->label);
      const char *cells[] = { label, f->text, f->compare_text, f->delta_text };

      cg_dashboard_table_add_row (table, cells, NULL, f->id, NAN, NAN);
    }
  return table;
}

static char *
section_title (CgDashboardResult *result)
{
  const CgDashboardQuery *q = cg_dashboard_result_get_query (result);
  g_autofree char *range = cg_dashboard_format_range (q->first, q->last);
  const char *street = cg_dashboard_query_get_effective_street (q);

  if (street)
    return g_strdup_printf ("%s (%s, %s)", cg_dashboard_kind_get_title (q->kind), range, street);
  return g_strdup_printf ("%s (%s)", cg_dashboard_kind_get_title (q->kind), range);
}

static void
pdf_add_table (CgReportPdf      *pdf,
               CgDashboardTable *table,
               guint             max_rows)
{
  guint n_rows = cg_dashboard_table_get_n_rows (table);
  guint total = cg_dashboard_table_get_total_rows (table);
  guint shown = MIN (n_rows, max_rows);

  cg_report_pdf_add_paragraph (pdf, cg_dashboard_table_get_title (table));
  if (n_rows == 0)
    {
      const char *empty = cg_dashboard_table_get_empty_message (table);

      cg_report_pdf_add_paragraph (pdf, empty ? empty : _("Nothing here."));
      return;
    }
  cg_report_pdf_add_table (pdf, cg_dashboard_table_get_n_columns (table),
                           cg_dashboard_table_get_columns (table), shown,
                           cg_dashboard_table_get_cells (table));
  if (total > shown)
    {
      g_autofree char *more = g_strdup_printf (_("First %u of %u rows."), shown, total);

      cg_report_pdf_add_paragraph (pdf, more);
    }
}

gboolean
cg_dashboard_write_pdf (const char                *path,
                        const char                *district,
                        CgDashboardResult * const *results,
                        guint                      n_results,
                        GDateTime                 *generated,
                        guint                      max_table_rows,
                        GError                   **error)
{
  g_autoptr(CgReportPdf) pdf = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *range = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_results == 0 || results != NULL, FALSE);

  if (max_table_rows == 0)
    max_table_rows = 50;
  if (generated == NULL)
    generated = now = g_date_time_new_now (cg_day_get_time_zone ());
  if (n_results > 0)
    {
      const CgDashboardQuery *q = cg_dashboard_result_get_query (results[0]);

      range = cg_dashboard_format_range (q->first, q->last);
    }

  pdf = cg_report_pdf_new (path);
  cg_report_pdf_set_cover (pdf, _("Urban management dashboard report"),
                           district ? district : "", range ? range : "", generated);

  for (guint i = 0; i < n_results; i++)
    {
      CgDashboardResult *result = results[i];
      g_autofree char *title = section_title (result);
      g_autoptr(CgDashboardTable) figures = figures_table (result);
      const char *message = cg_dashboard_result_get_message (result);
      CgDay cf, cl;

      cg_report_pdf_add_section (pdf, title);
      cg_dashboard_result_get_compare_range (result, &cf, &cl);
      if (cf != CG_DAY_NONE)
        {
          g_autofree char *crange = cg_dashboard_format_range (cf, cl);
          g_autofree char *text = g_strdup_printf (_("Compared with %s."), crange);

          cg_report_pdf_add_paragraph (pdf, text);
        }
      if (message)
        cg_report_pdf_add_paragraph (pdf, message);
      pdf_add_table (pdf, figures, G_MAXUINT);
      for (guint c = 0; c < cg_dashboard_result_get_n_charts (result); c++)
        {
          const CgDashboardChart *chart = cg_dashboard_result_get_chart (result, c);

          cg_report_pdf_add_chart (pdf, chart->kind, chart->data);
        }
      for (guint t = 0; t < cg_dashboard_result_get_n_tables (result); t++)
        pdf_add_table (pdf, cg_dashboard_result_get_table (result, t), max_table_rows);
    }

  return cg_report_pdf_finish (pdf, error);
}

static void
csv_block (CgCsvWriter      *w,
           CgDashboardTable *table)
{
  guint n = cg_dashboard_table_get_n_columns (table);
  const char * const *cells = cg_dashboard_table_get_cells (table);

  cg_csv_writer_field (w, cg_dashboard_table_get_title (table));
  cg_csv_writer_end_row (w);
  cg_csv_writer_row (w, cg_dashboard_table_get_columns (table), (int) n);
  for (guint r = 0; r < cg_dashboard_table_get_n_rows (table); r++)
    cg_csv_writer_row (w, cells + r * n, (int) n);
  cg_csv_writer_end_row (w);
}

char *
cg_dashboard_format_csv (CgDashboardResult * const *results,
                         guint                      n_results,
                         gsize                     *length)
{
  CgCsvWriter *w = cg_csv_writer_new (TRUE);

  cg_csv_writer_set_guard_formulas (w, TRUE);
  for (guint i = 0; i < n_results; i++)
    {
      CgDashboardResult *result = results[i];
      g_autofree char *title = section_title (result);
      g_autoptr(CgDashboardTable) figures = figures_table (result);

      cg_csv_writer_field (w, title);
      cg_csv_writer_end_row (w);
      cg_csv_writer_end_row (w);
      csv_block (w, figures);
      for (guint c = 0; c < cg_dashboard_result_get_n_charts (result); c++)
        {
          g_autoptr(CgDashboardTable) t =
            cg_dashboard_chart_to_table (cg_dashboard_result_get_chart (result, c));

          csv_block (w, t);
        }
      for (guint t = 0; t < cg_dashboard_result_get_n_tables (result); t++)
        csv_block (w, cg_dashboard_result_get_table (result, t));
    }
  return cg_csv_writer_free_to_string (w, length);
}

gboolean
cg_dashboard_write_csv (const char                *path,
                        CgDashboardResult * const *results,
                        guint                      n_results,
                        GError                   **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  text = cg_dashboard_format_csv (results, n_results, &length);
  return g_file_set_contents (path, text, (gssize) length, error);
}
