/* cg-dashboard.h: the three dashboards (inspections, cases, complaints) as plain data
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One set of controls (a CgDashboardQuery: range, street or squad, comparison) gives one
 * CgDashboardResult: headline figures with their comparison, named charts (CgChartData
 * whose category keys identify the drill-down) and lists (CgDashboardTable). The store
 * fills results on a worker thread (cg-store-dashboard.h); the UI applies one result at
 * once; the report (cg-dashboard-report.h) writes the same results as PDF or CSV.
 * No GTK here.
 */

#pragma once

#include <gio/gio.h>

#include "cg-chart-data.h"
#include "cg-chart-draw.h"
#include "cg-day.h"
#include "cg-indicators.h"

G_BEGIN_DECLS

#define CG_DASHBOARD_ERROR (cg_dashboard_error_quark ())

typedef enum
{
  CG_DASHBOARD_ERROR_RANGE,          /* the range ends before it starts, or is too long */
  CG_DASHBOARD_ERROR_UNKNOWN_CHART,  /* a drill-down names no chart of that dashboard */
  CG_DASHBOARD_ERROR_UNKNOWN_STREET, /* reserved: the loaders answer an unknown street
                                      * with empty charts and a message instead */
} CgDashboardError;

GQuark cg_dashboard_error_quark (void);

typedef enum
{
  CG_DASHBOARD_INSPECTIONS,
  CG_DASHBOARD_CASES,
  CG_DASHBOARD_COMPLAINTS,
} CgDashboardKind;

#define CG_DASHBOARD_N_KINDS 3

/* "inspections" | "cases" | "complaints" (stable ids, for files and the command line) */
const char *cg_dashboard_kind_to_id    (CgDashboardKind kind);
gboolean    cg_dashboard_kind_from_id  (const char      *id,
                                        CgDashboardKind *out);
/* Translated title: "Inspections" (巡查检查), "Cases" (案件), "Complaints" (诉件). */
const char *cg_dashboard_kind_get_title (CgDashboardKind kind);

typedef enum
{
  CG_DASHBOARD_COMPARE_NONE,
  CG_DASHBOARD_COMPARE_PREVIOUS,     /* 环比: the same number of days just before */
  CG_DASHBOARD_COMPARE_LAST_YEAR,    /* 同比: the same dates a year before */
} CgDashboardComparison;

typedef enum
{
  CG_DASHBOARD_RANGE_TODAY,
  CG_DASHBOARD_RANGE_7_DAYS,         /* today and the 6 days before */
  CG_DASHBOARD_RANGE_30_DAYS,        /* today and the 29 days before */
  CG_DASHBOARD_RANGE_QUARTER,        /* the first day of this quarter .. today */
  CG_DASHBOARD_RANGE_CUSTOM,
} CgDashboardRangePreset;

/* Longest range a query accepts (days), so a typo (year 2206) does not scan for minutes. */
#define CG_DASHBOARD_MAX_DAYS 3660

/* Today in Shanghai. */
CgDay     cg_dashboard_today               (void);

/* The days of a preset as seen on @today. For CUSTOM, @custom_first and @custom_last are
 * checked (cg_dashboard_check_range()) and copied. */
gboolean  cg_dashboard_range_for_preset    (CgDashboardRangePreset preset,
                                            CgDay                  today,
                                            CgDay                  custom_first,
                                            CgDay                  custom_last,
                                            CgDay                 *first,
                                            CgDay                 *last,
                                            GError               **error);

/* CG_DASHBOARD_ERROR_RANGE with a plain message when @last is before @first, either is
 * CG_DAY_NONE, or the range is longer than CG_DASHBOARD_MAX_DAYS. */
gboolean  cg_dashboard_check_range         (CgDay                  first,
                                            CgDay                  last,
                                            GError               **error);

/* The comparison period of [@first, @last]: PREVIOUS = the same number of days ending the
 * day before @first; LAST_YEAR = the same month/day a year before (29 February -> 28).
 * FALSE (and CG_DAY_NONE) for NONE. */
gboolean  cg_dashboard_comparison_range    (CgDashboardComparison  comparison,
                                            CgDay                  first,
                                            CgDay                  last,
                                            CgDay                 *compare_first,
                                            CgDay                 *compare_last);

/* "2026-11-01 – 2026-11-30", or "2026-11-30" for one day. (transfer full) */
char     *cg_dashboard_format_range        (CgDay                  first,
                                            CgDay                  last);

/* ------------------------------------------------------------------------------------ */
/* The query                                                                              */

typedef struct
{
  CgDashboardKind        kind;
  CgDay                  first;        /* inclusive, Shanghai days */
  CgDay                  last;         /* inclusive */
  char                  *street_code;  /* nullable: the whole district */
  char                  *squad_id;     /* nullable: "sq-" + street code (one squad per
                                        * street); filters like its street. When both are
                                        * set they must agree, else nothing matches. */
  CgDashboardComparison  comparison;
  char                  *draws_dir;    /* nullable: where saved draws are read for the
                                        * inspections dashboard; NULL =
                                        * cg_draw_get_default_dir() */
} CgDashboardQuery;

#define CG_TYPE_DASHBOARD_QUERY (cg_dashboard_query_get_type ())
GType             cg_dashboard_query_get_type (void) G_GNUC_CONST;

CgDashboardQuery *cg_dashboard_query_new      (CgDashboardKind         kind,
                                               CgDay                   first,
                                               CgDay                   last);
CgDashboardQuery *cg_dashboard_query_copy     (const CgDashboardQuery *query);
void              cg_dashboard_query_free     (CgDashboardQuery       *query);
void              cg_dashboard_query_set_street (CgDashboardQuery     *query,
                                                 const char           *street_code);
void              cg_dashboard_query_set_squad  (CgDashboardQuery     *query,
                                                 const char           *squad_id);
void              cg_dashboard_query_set_draws_dir (CgDashboardQuery  *query,
                                                    const char        *dir);
/* The street the filter stands for: street_code, else the squad's street (squad_id
 * without its "sq-" prefix), else NULL. (transfer none) */
const char       *cg_dashboard_query_get_effective_street (const CgDashboardQuery *query);
/* cg_dashboard_check_range() on the query's days. */
gboolean          cg_dashboard_query_validate (const CgDashboardQuery *query,
                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDashboardQuery, cg_dashboard_query_free)

/* ------------------------------------------------------------------------------------ */
/* Headline figures                                                                       */

typedef struct
{
  char          *id;              /* stable: "cases-filed", "complaint-satisfaction", ... */
  char          *label;           /* translated: "Cases filed" */
  double         value;           /* NAN = no value (a rate over nothing) */
  double         compare;         /* the comparison period's value; NAN without one */
  CgChartFormat  format;          /* NUMBER or PERCENT (fractions) */
  guint          decimals;
  char          *unit;            /* nullable: "days", "h", "¥" ... (translated) */
  gboolean       higher_is_better;
  gboolean       flagged;         /* needs attention (e.g. non-site p90 over 3 days) */
  char          *text;            /* the value formatted: "87.5%", "1,234", "—" */
  char          *compare_text;    /* the comparison value formatted; NULL without one */
  char          *delta_text;      /* "+12.5%" (relative, for counts), "+3.1 pt" (rates),
                                   * "—" when the comparison is 0 or missing;
                                   * NULL without a comparison */
} CgDashboardFigure;

/* ------------------------------------------------------------------------------------ */
/* Charts                                                                                 */

typedef struct
{
  char         *id;            /* stable: see the list in cg-store-dashboard.h */
  CgChartKind   kind;          /* how it is meant to be drawn */
  CgChartData  *data;          /* category keys identify a drill-down; the empty message
                                * is set whenever the chart has nothing to show */
  char        **series_keys;   /* NULL-terminated, one per series (e.g. "current",
                                * "compare", or a street code for heat-grid rows) */
  gboolean      drillable;     /* cg_dashboard_load_items*() accepts its keys */
} CgDashboardChart;

/* The series key of @series, or NULL. (transfer none) */
const char *cg_dashboard_chart_get_series_key (const CgDashboardChart *chart,
                                               guint                   series);

/* ------------------------------------------------------------------------------------ */
/* Tables: lists and drill-downs                                                          */

typedef struct _CgDashboardTable CgDashboardTable;

#define CG_TYPE_DASHBOARD_TABLE (cg_dashboard_table_get_type ())
GType               cg_dashboard_table_get_type      (void) G_GNUC_CONST;

/* @columns: translated headers. */
CgDashboardTable   *cg_dashboard_table_new           (const char              *id,
                                                      const char              *title,
                                                      guint                    n_columns,
                                                      const char * const      *columns);
CgDashboardTable   *cg_dashboard_table_ref           (CgDashboardTable        *self);
void                cg_dashboard_table_unref         (CgDashboardTable        *self);

/* Appends a row of n_columns strings (NULL = empty). @collection ("merchants", "sites",
 * "cases", "complaints", "inspections"; nullable) and @item_id name the record so it can
 * open on the map; @lon/@lat are WGS-84, NAN when unknown. Returns the row index. */
guint               cg_dashboard_table_add_row       (CgDashboardTable        *self,
                                                      const char * const      *cells,
                                                      const char              *collection,
                                                      const char              *item_id,
                                                      double                   lon,
                                                      double                   lat);

const char         *cg_dashboard_table_get_id        (const CgDashboardTable  *self);
const char         *cg_dashboard_table_get_title     (const CgDashboardTable  *self);
guint               cg_dashboard_table_get_n_columns (const CgDashboardTable  *self);
/* n_columns headers. (transfer none) */
const char * const *cg_dashboard_table_get_columns   (const CgDashboardTable  *self);
guint               cg_dashboard_table_get_n_rows    (const CgDashboardTable  *self);
/* n_rows x n_columns cells, row-major (what cg_report_pdf_add_table() and
 * cg_report_csv_write() take). (transfer none) */
const char * const *cg_dashboard_table_get_cells     (const CgDashboardTable  *self);
const char         *cg_dashboard_table_get_cell      (const CgDashboardTable  *self,
                                                      guint                    row,
                                                      guint                    column);
const char         *cg_dashboard_table_get_row_collection (const CgDashboardTable *self,
                                                           guint                   row);
const char         *cg_dashboard_table_get_row_id    (const CgDashboardTable  *self,
                                                      guint                    row);
/* FALSE when the row has no location. */
gboolean            cg_dashboard_table_get_row_location (const CgDashboardTable *self,
                                                         guint                   row,
                                                         double                 *lon,
                                                         double                 *lat);
/* Rows matched in total: more than n_rows when the list was cut at its limit. */
guint               cg_dashboard_table_get_total_rows (const CgDashboardTable *self);
void                cg_dashboard_table_set_total_rows (CgDashboardTable       *self,
                                                       guint                   total);
/* Shown instead of an empty table ("No repeat complaints in this range"). */
const char         *cg_dashboard_table_get_empty_message (const CgDashboardTable *self);
void                cg_dashboard_table_set_empty_message (CgDashboardTable       *self,
                                                          const char             *message);
/* The table as CSV, UTF-8 with a BOM, text from the server guarded against formulas. */
gboolean            cg_dashboard_table_write_csv     (const CgDashboardTable  *self,
                                                      const char              *path,
                                                      GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDashboardTable, cg_dashboard_table_unref)

/* ------------------------------------------------------------------------------------ */
/* One dashboard's result                                                                 */

typedef struct _CgDashboardResult CgDashboardResult;

#define CG_TYPE_DASHBOARD_RESULT (cg_dashboard_result_get_type ())
GType                     cg_dashboard_result_get_type     (void) G_GNUC_CONST;

CgDashboardResult        *cg_dashboard_result_new          (const CgDashboardQuery *query);
CgDashboardResult        *cg_dashboard_result_ref          (CgDashboardResult      *self);
void                      cg_dashboard_result_unref        (CgDashboardResult      *self);

/* (transfer none) */
const CgDashboardQuery   *cg_dashboard_result_get_query    (const CgDashboardResult *self);
/* The comparison period (CG_DAY_NONE without one). */
void                      cg_dashboard_result_get_compare_range (const CgDashboardResult *self,
                                                                 CgDay *first,
                                                                 CgDay *last);
/* The indicators of the period and of its comparison (zeroed/NAN when not computed). */
const CgIndicators       *cg_dashboard_result_get_indicators (const CgDashboardResult *self);
const CgIndicators       *cg_dashboard_result_get_compare_indicators (const CgDashboardResult *self);
/* Unix seconds when the result was computed. */
gint64                    cg_dashboard_result_get_generated_at (const CgDashboardResult *self);
/* A message for the whole dashboard ("No cases in this range.", "Street 310101 has no
 * merchants or sites."), NULL when there is data. */
const char               *cg_dashboard_result_get_message  (const CgDashboardResult *self);
void                      cg_dashboard_result_set_message  (CgDashboardResult       *self,
                                                            const char              *message);

guint                     cg_dashboard_result_get_n_figures (const CgDashboardResult *self);
const CgDashboardFigure  *cg_dashboard_result_get_figure   (const CgDashboardResult *self,
                                                            guint                    i);
const CgDashboardFigure  *cg_dashboard_result_find_figure  (const CgDashboardResult *self,
                                                            const char              *id);
guint                     cg_dashboard_result_get_n_charts (const CgDashboardResult *self);
const CgDashboardChart   *cg_dashboard_result_get_chart    (const CgDashboardResult *self,
                                                            guint                    i);
const CgDashboardChart   *cg_dashboard_result_find_chart   (const CgDashboardResult *self,
                                                            const char              *id);
guint                     cg_dashboard_result_get_n_tables (const CgDashboardResult *self);
CgDashboardTable         *cg_dashboard_result_get_table    (const CgDashboardResult *self,
                                                            guint                    i);
CgDashboardTable         *cg_dashboard_result_find_table   (const CgDashboardResult *self,
                                                            const char              *id);

/* Building a result (the store does this; tests may too). Values are copied. */
CgDashboardFigure        *cg_dashboard_result_add_figure   (CgDashboardResult       *self,
                                                            const char              *id,
                                                            const char              *label,
                                                            double                   value,
                                                            double                   compare,
                                                            CgChartFormat            format,
                                                            guint                    decimals,
                                                            const char              *unit,
                                                            gboolean                 higher_is_better);
/* Takes a reference on @data; @series_keys is copied (nullable). */
CgDashboardChart         *cg_dashboard_result_add_chart    (CgDashboardResult       *self,
                                                            const char              *id,
                                                            CgChartKind              kind,
                                                            CgChartData             *data,
                                                            const char * const      *series_keys,
                                                            gboolean                 drillable);
/* Takes a reference on @table. */
void                      cg_dashboard_result_add_table    (CgDashboardResult       *self,
                                                            CgDashboardTable        *table);
/* Sets the indicators (copied) and the comparison range. */
void                      cg_dashboard_result_set_indicators (CgDashboardResult     *self,
                                                              const CgIndicators    *indicators,
                                                              const CgIndicators    *compare);

/* "+12.5%" / "-3" / "+3.1 pt" / "—": the delta text the figures use. (transfer full) */
char                     *cg_dashboard_format_delta        (double                   value,
                                                            double                   compare,
                                                            CgChartFormat            format,
                                                            guint                    decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDashboardResult, cg_dashboard_result_unref)

G_END_DECLS
