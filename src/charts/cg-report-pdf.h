/* cg-report-pdf.h: a dashboard report as an A4 PDF (cover, sections, charts, tables)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-chart-data.h"
#include "cg-chart-draw.h"

G_BEGIN_DECLS

#define CG_REPORT_PDF_ERROR (cg_report_pdf_error_quark ())

typedef enum
{
  CG_REPORT_PDF_ERROR_WRITE,      /* the file could not be written */
  CG_REPORT_PDF_ERROR_FINISHED,   /* finish() was called already */
} CgReportPdfError;

GQuark cg_report_pdf_error_quark (void);

#define CG_TYPE_REPORT_PDF (cg_report_pdf_get_type ())
G_DECLARE_FINAL_TYPE (CgReportPdf, cg_report_pdf, CG, REPORT_PDF, GObject)

CgReportPdf *cg_report_pdf_new            (const char         *path);
void         cg_report_pdf_set_cover      (CgReportPdf        *self,
                                           const char         *title,
                                           const char         *district,
                                           const char         *range,
                                           GDateTime          *generated);
void         cg_report_pdf_add_section    (CgReportPdf        *self,
                                           const char         *heading);
void         cg_report_pdf_add_paragraph  (CgReportPdf        *self,
                                           const char         *text);
void         cg_report_pdf_add_chart      (CgReportPdf        *self,
                                           CgChartKind         kind,
                                           CgChartData        *data);
void         cg_report_pdf_add_table      (CgReportPdf        *self,
                                           guint               n_columns,
                                           const char * const *columns,
                                           guint               n_rows,
                                           const char * const *cells);
gboolean     cg_report_pdf_finish         (CgReportPdf        *self,
                                           GError            **error);
void         cg_report_pdf_finish_async   (CgReportPdf        *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean     cg_report_pdf_finish_finish  (CgReportPdf        *self,
                                           GAsyncResult       *result,
                                           GError            **error);
guint        cg_report_pdf_get_n_pages    (CgReportPdf        *self);

G_END_DECLS
