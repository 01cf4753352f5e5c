/* cg-dashboards-view.h: the statistics page: inspections, cases and complaints dashboards
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-chart.h"
#include "cg-dashboard.h"
#include "cg-district.h"
#include "cg-map-view.h"
#include "cg-store.h"
#include "cg-sync.h"

G_BEGIN_DECLS

#define CG_TYPE_DASHBOARDS_VIEW (cg_dashboards_view_get_type ())
G_DECLARE_FINAL_TYPE (CgDashboardsView, cg_dashboards_view, CG, DASHBOARDS_VIEW, GtkWidget)

/* Signals: "show-map" (an item was opened on the map: show the map page), "toast" (string). */

/* The cache the dashboards read (each load opens its own connection to its file) */
void               cg_dashboards_view_set_store      (CgDashboardsView      *self,
                                                      CgStore               *store);
/* The streets and squads of the filter */
void               cg_dashboards_view_set_district   (CgDashboardsView      *self,
                                                      CgDistrict            *district);
/* Dashboards reload after each successful sync */
void               cg_dashboards_view_set_sync       (CgDashboardsView      *self,
                                                      CgSync                *sync);
/* Where drill-down items open and the complaint heat shows */
void               cg_dashboards_view_set_map_view   (CgDashboardsView      *self,
                                                      CgMapView             *map_view);

/* The controls (what the toolbar sets; a change reloads after a short delay) */
void               cg_dashboards_view_set_kind       (CgDashboardsView      *self,
                                                      CgDashboardKind        kind);
CgDashboardKind    cg_dashboards_view_get_kind       (CgDashboardsView      *self);
/* @first and @last are used for CG_DASHBOARD_RANGE_CUSTOM only */
void               cg_dashboards_view_set_range      (CgDashboardsView      *self,
                                                      CgDashboardRangePreset preset,
                                                      CgDay                  first,
                                                      CgDay                  last);
/* (nullable): a street code, or NULL for the whole district */
void               cg_dashboards_view_set_street     (CgDashboardsView      *self,
                                                      const char            *street_code);
void               cg_dashboards_view_set_comparison (CgDashboardsView      *self,
                                                      CgDashboardComparison  comparison);
/* The query the controls stand for, for @kind (transfer full); NULL + error for a bad range */
CgDashboardQuery  *cg_dashboards_view_dup_query      (CgDashboardsView      *self,
                                                      CgDashboardKind        kind,
                                                      GError               **error);

/* TRUE while the visible dashboard loads ("loading" property) */
gboolean           cg_dashboards_view_get_loading    (CgDashboardsView      *self);
/* The result shown for @kind (transfer none) (nullable) */
CgDashboardResult *cg_dashboards_view_get_result     (CgDashboardsView      *self,
                                                      CgDashboardKind        kind);
/* What @kind's page shows: "loading", "message" (empty or error state) or "content" */
const char        *cg_dashboards_view_get_state      (CgDashboardsView      *self,
                                                      CgDashboardKind        kind);
/* The status page's title and description when the state is "message" */
const char        *cg_dashboards_view_get_message    (CgDashboardsView      *self,
                                                      CgDashboardKind        kind);
/* The chart widget of @chart_id on @kind's page (transfer none) (nullable) */
CgChart           *cg_dashboards_view_get_chart      (CgDashboardsView      *self,
                                                      CgDashboardKind        kind,
                                                      const char            *chart_id);
/* The text of the headline card of figure @id: "value|delta" (transfer full) (nullable) */
char              *cg_dashboards_view_dup_card_text  (CgDashboardsView      *self,
                                                      CgDashboardKind        kind,
                                                      const char            *figure_id);

/* The list of table @table_id on @kind's page (transfer none) (nullable: no such table, or it
 * never had rows). Kept from one result to the next; its items are CgDashboardRow, the rows
 * in view point at the new table at once, the others within a few frames. */
GtkColumnView     *cg_dashboards_view_get_table_view (CgDashboardsView      *self,
                                                      CgDashboardKind        kind,
                                                      const char            *table_id);
/* The drill-down panel: the list shown (transfer none) (nullable) and whether it loads */
CgDashboardTable  *cg_dashboards_view_get_drill_table (CgDashboardsView     *self);
gboolean           cg_dashboards_view_get_drill_loading (CgDashboardsView   *self);
/* The panel's list: a sortable column per table column (transfer none) (nullable) */
GtkColumnView     *cg_dashboards_view_get_drill_view (CgDashboardsView      *self);
/* Rows the panel's list holds so far (rows go in a few per frame) */
guint              cg_dashboards_view_get_drill_n_rows (CgDashboardsView    *self);
/* Activates the row at @position of the panel's list as it is sorted (as a double-click does) */
gboolean           cg_dashboards_view_activate_drill_row (CgDashboardsView  *self,
                                                          guint              position);

/* The visible dashboard as a PDF report (worker thread) */
void               cg_dashboards_view_export_pdf_async  (CgDashboardsView   *self,
                                                         const char         *path,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean           cg_dashboards_view_export_pdf_finish (CgDashboardsView   *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* The complaint heat on the map for the complaints query (loads it when shown) */
void               cg_dashboards_view_set_show_heat  (CgDashboardsView      *self,
                                                      gboolean               show);

G_END_DECLS
