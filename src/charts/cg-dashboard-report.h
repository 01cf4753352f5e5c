/* cg-dashboard-report.h: dashboards as a PDF report or CSV, shared by the UI's export and
 * `chengguan-cli report`
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-dashboard.h"

G_BEGIN_DECLS

/* An A4 PDF: a cover (title, @district, the range of the first result, @generated; NULL =
 * now), then per result a section with its headline figures (table: figure, value,
 * comparison, change), its charts and its key tables (at most @max_table_rows rows each,
 * 0 = 50). Results may be of any kinds, in the order given. Empty charts and tables print
 * their empty message. */
gboolean  cg_dashboard_write_pdf     (const char                *path,
                                      const char                *district,
                                      CgDashboardResult * const *results,
                                      guint                      n_results,
                                      GDateTime                 *generated,
                                      guint                      max_table_rows,
                                      GError                   **error);

/* The same content as CSV, UTF-8 with a BOM: for each result, its figures, each chart as
 * a table (category, one column per series) and each table, every block introduced by a
 * row holding its title alone and followed by an empty row. (transfer full) */
char     *cg_dashboard_format_csv    (CgDashboardResult * const *results,
                                      guint                      n_results,
                                      gsize                     *length);
gboolean  cg_dashboard_write_csv     (const char                *path,
                                      CgDashboardResult * const *results,
                                      guint                      n_results,
                                      GError                   **error);

/* A chart as a table (category label, key, one column per series), e.g. for a CSV export
 * of one chart. (transfer full) */
CgDashboardTable *cg_dashboard_chart_to_table (const CgDashboardChart *chart);

G_END_DECLS
