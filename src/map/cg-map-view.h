/* cg-map-view.h: the district map with its layers, legend and details panel
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-district.h"
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

/* (transfer full) (nullable): a one-line tooltip/summary of point @index, from the cache */
char            *cg_map_view_describe_point    (CgMapView   *self,
                                                gint64       index);

G_END_DECLS
