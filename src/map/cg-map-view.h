/* cg-map-view.h: the district map with its layers, legend and details panel
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-district.h"
#include "cg-heat-layer.h"
#include "cg-inspection-tracker.h"
#include "cg-outline-layer.h"
#include "cg-poi-layer.h"
#include "cg-store.h"
#include "cg-tile-sources.h"

G_BEGIN_DECLS

/* Tile sources ("tile-source" setting) */
#define CG_TILE_SOURCE_NONE "none"
#define CG_TILE_SOURCE_OSM  "osm"

#define CG_TYPE_MAP_VIEW (cg_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CgMapView, cg_map_view, CG, MAP_VIEW, GtkWidget)

CgMapView       *cg_map_view_new               (void);

void             cg_map_view_set_district      (CgMapView   *self,
                                                CgDistrict  *district);
CgDistrict      *cg_map_view_get_district      (CgMapView   *self);
/* The main thread's cache connection (details on demand); reloads use their own. */
void             cg_map_view_set_store         (CgMapView   *self,
                                                CgStore     *store);
/* Reloads the points from the cache in a worker thread; coalesces calls while one runs. */
void             cg_map_view_reload            (CgMapView   *self);
gboolean         cg_map_view_get_loading       (CgMapView   *self);

/* Shows @source's tiles (NULL: the outline only) and projects every layer into its datum,
 * keeping the same place in the centre. On error (e.g. an MBTiles file that went away) the
 * current base map stays. Probe network sources first (cg_tile_source_probe_async()). */
gboolean         cg_map_view_set_source        (CgMapView     *self,
                                                CgTileSource  *source,
                                                GError       **error);
/* (nullable) (transfer none) */
CgTileSource    *cg_map_view_get_source        (CgMapView     *self);
/* By id: "none", "osm", "amap", "amap-satellite"; sources that need a key, template or file
 * fall back to "none" here. The "tile-source" property is the active source's id. */
void             cg_map_view_set_tile_source   (CgMapView   *self,
                                                const char  *tile_source);
const char      *cg_map_view_get_tile_source   (CgMapView   *self);

/* The datum of the tiles ("datum" property): WGS-84 for none, OSM, Tianditu; GCJ-02 for AMap */
CgDatum          cg_map_view_get_datum         (CgMapView   *self);
/* For layers and clicks: a WGS-84 position to coordinates of the ShumateMap widget
 * (cg_map_view_get_map()) in the current datum, and back. FALSE before the map has a size. */
gboolean         cg_map_view_wgs84_to_widget   (CgMapView   *self,
                                                double       lon,
                                                double       lat,
                                                double      *x,
                                                double      *y);
gboolean         cg_map_view_widget_to_wgs84   (CgMapView   *self,
                                                double       x,
                                                double       y,
                                                double      *lon,
                                                double      *lat);

/* Zooms so the district fills the view (at once if allocated, else on first allocation) */
void             cg_map_view_fit_district      (CgMapView   *self);
/* Shows the details of point @index (-1 hides them) */
void             cg_map_view_select            (CgMapView   *self,
                                                gint64       index);

/* Flies to the place (@collection, @rowid as in CgMapPoint / CgSearchHit) and selects it.
 * FALSE (and no change) when the loaded points do not have it. */
gboolean         cg_map_view_select_place_by_rowid (CgMapView   *self,
                                                    CgCollection collection,
                                                    gint64       rowid);

ShumateMap      *cg_map_view_get_map           (CgMapView   *self);
ShumateViewport *cg_map_view_get_viewport      (CgMapView   *self);
CgPoiLayer      *cg_map_view_get_poi_layer     (CgMapView   *self);
CgOutlineLayer  *cg_map_view_get_outline_layer (CgMapView   *self);

/* Adds @layer (made on cg_map_view_get_viewport()) on top of the map's own layers, e.g. the
 * live positions (CgLiveLayer). cg_map_view_remove_layer() takes it away again. */
void             cg_map_view_add_layer         (CgMapView    *self,
                                                ShumateLayer *layer);
void             cg_map_view_remove_layer      (CgMapView    *self,
                                                ShumateLayer *layer);
/* Selects and flies to the place @id of a place collection (merchants, sites, points), as a
 * click on it would. FALSE when the cache or the map has no such place. */
gboolean         cg_map_view_select_place      (CgMapView    *self,
                                                CgCollection  collection,
                                                const char   *id);
/* Flies to a WGS-84 position and marks it (a case or complaint opened from a list) until the
 * next marker, a place selection or Escape; the tooltip names the item. */
void             cg_map_view_show_marker       (CgMapView    *self,
                                                double        lon,
                                                double        lat,
                                                const char   *tooltip);
gboolean         cg_map_view_get_marker        (CgMapView    *self,
                                                double       *lon,
                                                double       *lat);
void             cg_map_view_clear_marker      (CgMapView    *self);

/* The complaint heat layer: its points (WGS-84, weights; copied; n = 0 clears) and whether it
 * shows ("show-heat", also the legend's switch; the dashboards load the points when it turns on) */
void             cg_map_view_set_heat_points   (CgMapView    *self,
                                                const double *lon,
                                                const double *lat,
                                                const double *weight,
                                                guint         n);
void             cg_map_view_set_show_heat     (CgMapView    *self,
                                                gboolean      show);
gboolean         cg_map_view_get_show_heat     (CgMapView    *self);
CgHeatLayer     *cg_map_view_get_heat_layer    (CgMapView    *self);
/* The rules engine's hook for the details panel: called on the main thread when the
 * inspections of the selected merchant or site have been read (@inspections: CgInspection*,
 * newest first, at most 20), returns the "Next inspection" text (transfer full), or NULL to
 * leave the line out. The default hook tells the target's state from
 * cg_map_view_get_inspection_tracker(); a NULL @func leaves the line out. */
typedef char *(*CgNextInspectionFunc) (const CgPlace *place,
                                       GPtrArray     *inspections,
                                       gpointer       user_data);
void             cg_map_view_set_next_inspection_func (CgMapView            *self,
                                                       CgNextInspectionFunc  func,
                                                       gpointer              user_data,
                                                       GDestroyNotify        destroy);
/* (transfer none): the rules engine's states of the cache's targets. Refreshed after each
 * reload of the points and at Shanghai midnight; its "changed" marks the overdue targets
 * on the POI layer and feeds the default "Next inspection" hook. */
CgInspectionTracker *cg_map_view_get_inspection_tracker (CgMapView *self);
/* A click on a cluster: zooms to where it splits, or lists its objects in a popover when
 * zooming cannot split it (cg_map_view_list_cluster, names read in a worker thread) */
void             cg_map_view_activate_cluster  (CgMapView      *self,
                                                const CgPoiHit *hit);
gboolean         cg_map_view_list_cluster      (CgMapView      *self,
                                                const CgPoiHit *hit);
/* A click at (x, y) of the POI layer: selects the object there, or zooms into / lists a
 * cluster, or lists the objects that share that spot; nothing there clears the selection */
void             cg_map_view_activate_at       (CgMapView      *self,
                                                double          x,
                                                double          y);
/* (transfer full): the tooltip of a cluster (count and risk mix) */
char            *cg_map_view_describe_cluster  (CgMapView      *self,
                                                const CgPoiHit *hit);

/* (transfer full) (nullable): a one-line tooltip/summary of point @index, from the cache */
char            *cg_map_view_describe_point    (CgMapView   *self,
                                                gint64       index);

/* For tests: the texts of the details panel, one label a line ("" when hidden), and the
 * popover that lists a cluster's objects */
char            *cg_map_view_get_details_text  (CgMapView   *self);
GtkPopover      *cg_map_view_get_cluster_popover (CgMapView *self);

G_END_DECLS
