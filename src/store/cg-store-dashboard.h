/* cg-store-dashboard.h: the dashboards' aggregates, drill-downs and heat layer from the cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here only reads. The synchronous calls are for the command line, tests and
 * worker threads; the UI uses the _async ones: each runs on a worker thread (GTask) on a
 * read-only connection of its own to the cache at @path, and one call fills the whole
 * result, so the UI applies it at once. Cancelling gives G_IO_ERROR_CANCELLED.
 *
 * Charts of each dashboard (id: kind; category keys; series keys). Every chart is present
 * in every result (empty ones carry an empty message), in this order:
 *
 * Inspections (CG_DASHBOARD_INSPECTIONS)
 *   "coverage-by-grade"     BAR (PERCENT): categories = risk grades, keys "3" "2" "1"
 *                            (high, medium, low); series "current" [+ "compare"]
 *   "inspections-by-day"    LINE: categories = days, keys "YYYY-MM-DD"; series "current"
 *   "overdue-by-street"     BAR: categories = streets, keys = street codes; series "current"
 *   "inspections-by-result" DONUT: categories = results, keys = result values ("pass",
 *                            "rectify", "violation", ...); series "current"
 *   Tables: "due-today", "due-this-week", "overdue" (by street and squad), "draws"
 *   (saved double-random draws of the range and their results).
 *
 * Cases (CG_DASHBOARD_CASES)
 *   "cases-by-type"         BAR: the nine categories, keys = type codes (docs/city-api.md)
 *                            in that order; series "current" [+ "compare"]
 *   "cases-by-procedure"    DONUT: keys "simple" "general"
 *   "case-stage-funnel"     BAR: keys = stages in order (立案 -> 结案): cases that reached
 *                            each stage; series "current"
 *   "cases-by-day"          LINE: keys "YYYY-MM-DD"; series "current"
 *   "case-top-causes"       BAR: the ten most frequent causes, key = the cause text
 *   "non-site-times"        BAR: keys "review" "execution": average and p90 days
 *                            (series "average", "p90"); not drillable
 *   Tables: "overdue-cases", "exempt-cases", "publicity-late", "non-site-slow"
 *   (discovery -> execution over 3 days), "top-causes".
 *   "complaints-street-hour" drill-down: series_key = the street code, category = the hour
 *   (current period only). Lists in a result hold at most 200 rows
 *   (cg_dashboard_table_get_total_rows() has the count); drill-downs hold @limit.
 *
 * Complaints (CG_DASHBOARD_COMPLAINTS)
 *   "complaints-by-day"     LINE: keys "YYYY-MM-DD"; series "current" [+ "compare", aligned
 *                            by day offset]
 *   "complaints-by-hour"    BAR: keys "0" .. "23" (Shanghai hour of requested_at)
 *   "complaints-by-category" BAR: keys = service_code (every category of the range; "" for
 *                            complaints without one), most frequent first
 *   "complaints-by-street"  BAR: keys = street codes ("" = no street), most first
 *   "complaints-street-hour" HEAT_GRID: rows (series) = streets, series keys = street codes;
 *                            columns = hours "0" .. "23"
 *   Tables: "repeat-complaints" (matters with 3 or more complaints), "hotspots"
 *   (street x hour cells with the most complaints).
 *
 * Headline figure ids and their definitions are in docs/dashboards.md.
 */

#pragma once

#include "cg-dashboard.h"
#include "cg-store.h"

G_BEGIN_DECLS

/* One dashboard for @query. */
CgDashboardResult *cg_store_load_dashboard        (CgStore                 *self,
                                                   const CgDashboardQuery  *query,
                                                   GError                 **error);

void               cg_dashboard_load_async        (const char              *path,
                                                   const CgDashboardQuery  *query,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
/* (transfer full) */
CgDashboardResult *cg_dashboard_load_finish       (GAsyncResult            *result,
                                                   GError                 **error);

/* The items behind one bar, point, slice or cell: @chart_id of @query's dashboard,
 * @series_key (from CgDashboardChart.series_keys; NULL = the first series) and
 * @category_key (cg_chart_data_get_category_key()). The rows are the records counted
 * in that value (a "compare" series lists the comparison period's records), at most
 * @limit of them (0 = no limit; cg_dashboard_table_get_total_rows() has the count).
 * Each row names its record (collection, id) and location so it can open on the map. */
CgDashboardTable  *cg_store_load_dashboard_items  (CgStore                 *self,
                                                   const CgDashboardQuery  *query,
                                                   const char              *chart_id,
                                                   const char              *series_key,
                                                   const char              *category_key,
                                                   guint                    limit,
                                                   GError                 **error);

void               cg_dashboard_load_items_async  (const char              *path,
                                                   const CgDashboardQuery  *query,
                                                   const char              *chart_id,
                                                   const char              *series_key,
                                                   const char              *category_key,
                                                   guint                    limit,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
/* (transfer full) */
CgDashboardTable  *cg_dashboard_load_items_finish (GAsyncResult            *result,
                                                   GError                 **error);

/* A heat layer cell: the centre of a grid cell (WGS-84) and the complaints in it. */
typedef struct
{
  double lon;
  double lat;
  double weight;
} CgHeatPoint;

/* The complaints of @query's range and street, binned on a grid of @cell_degrees
 * (0 = 0.002°, about 200 m) and sorted by weight, heaviest first. GArray of CgHeatPoint.
 * (transfer full) */
GArray            *cg_store_load_complaint_heat   (CgStore                 *self,
                                                   const CgDashboardQuery  *query,
                                                   double                   cell_degrees,
                                                   GError                 **error);

void               cg_dashboard_load_heat_async   (const char              *path,
                                                   const CgDashboardQuery  *query,
                                                   double                   cell_degrees,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
/* (transfer full): GArray of CgHeatPoint */
GArray            *cg_dashboard_load_heat_finish  (GAsyncResult            *result,
                                                   GError                 **error);

/* The streets and squads the filter offers: a table with columns street code, street
 * name, squad id, squad name (from merchants, sites and officers), ordered by code. */
CgDashboardTable  *cg_store_load_dashboard_streets (CgStore                *self,
                                                    GError                **error);
void               cg_dashboard_load_streets_async (const char             *path,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
CgDashboardTable  *cg_dashboard_load_streets_finish (GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
