/* cg-report-csv.h: any list as CSV for spreadsheet software
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *cg_report_csv_format (guint               n_columns,
                                const char * const *columns,
                                guint               n_rows,
                                const char * const *cells,
                                gsize              *length);
gboolean  cg_report_csv_write  (const char         *path,
                                guint               n_columns,
                                const char * const *columns,
                                guint               n_rows,
                                const char * const *cells,
                                GError            **error);

G_END_DECLS
