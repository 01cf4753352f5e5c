/* cg-window.h: the main window
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-dashboards-view.h"
#include "cg-dispatch-client.h"
#include "cg-district.h"
#include "cg-live-feed.h"
#include "cg-map-view.h"
#include "cg-search-panel.h"
#include "cg-store.h"
#include "cg-sync.h"

G_BEGIN_DECLS

#define CG_TYPE_WINDOW (cg_window_get_type ())
G_DECLARE_FINAL_TYPE (CgWindow, cg_window, CG, WINDOW, AdwApplicationWindow)

/* @store and @settings are construct-only; district, sync and demo may change. */
CgWindow   *cg_window_new                (GtkApplication *application,
                                          CgStore        *store,
                                          GSettings      *settings);

void        cg_window_set_district       (CgWindow       *self,
                                          CgDistrict     *district);
/* (nullable): the sync whose state the window shows and whose changes reload the map */
void        cg_window_set_sync           (CgWindow       *self,
                                          CgSync         *sync);
CgSync     *cg_window_get_sync           (CgWindow       *self);
/* Shows the "demo data" bar */
void        cg_window_set_demo           (CgWindow       *self,
                                          gboolean        demo);
gboolean    cg_window_get_demo           (CgWindow       *self);

void        cg_window_show_toast         (CgWindow       *self,
                                          const char     *message);

CgMapView  *cg_window_get_map_view       (CgWindow       *self);
/* The statistics page (dashboards) and which page shows: "map" or "dashboards" */
CgDashboardsView *cg_window_get_dashboards_view (CgWindow   *self);
void        cg_window_set_page           (CgWindow       *self,
                                          const char     *name);
const char *cg_window_get_page           (CgWindow       *self);
/* The search over the map (Ctrl+F, action win.search) */
CgSearchPanel *cg_window_get_search_panel (CgWindow      *self);
/* The header's status text ("Updated 10:42") and whether the offline bar is shown */
const char *cg_window_get_status_text    (CgWindow       *self);
gboolean    cg_window_get_error_revealed (CgWindow       *self);
const char *cg_window_get_error_text     (CgWindow       *self);

/* Renders the window as it is now (platform-notes §5). (transfer full) (nullable) */
GdkTexture *cg_window_render_texture     (CgWindow       *self);
/* After the next sync and map load, saves a PNG to @path and quits the application
 * (CG_SCREENSHOT=path; for docs and README screenshots). */
void        cg_window_screenshot_when_ready (CgWindow    *self,
                                             const char  *path);

/* Live operations: the feed drawn on the map and listed in the side panel, the dispatch
 * client for sending units (both nullable) */
typedef struct _CgLiveOps CgLiveOps;
typedef struct _CgLivePanel CgLivePanel;
void         cg_window_set_live          (CgWindow         *self,
                                          CgLiveFeed       *feed,
                                          CgDispatchClient *client);
CgLiveOps   *cg_window_get_live_ops      (CgWindow         *self);
CgLivePanel *cg_window_get_live_panel    (CgWindow         *self);

G_END_DECLS
