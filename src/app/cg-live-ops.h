/* cg-live-ops.h: live operations in a window: the live layer, the mode indicator and the
 * diagnostics, following a unit, dispatching, notifications
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-dispatch-client.h"
#include "cg-dispatch-dialog.h"
#include "cg-live-feed.h"
#include "cg-live-layer.h"
#include "cg-live-panel.h"
#include "cg-map-view.h"
#include "cg-sync.h"

G_BEGIN_DECLS

#define CG_TYPE_LIVE_OPS (cg_live_ops_get_type ())
G_DECLARE_FINAL_TYPE (CgLiveOps, cg_live_ops, CG, LIVE_OPS, GObject)

/* Works on the window's widgets; holds no reference to them (the window owns it). */
CgLiveOps        *cg_live_ops_new              (GtkWindow        *window,
                                                AdwToastOverlay  *toasts,
                                                CgMapView        *map_view,
                                                CgLivePanel      *panel,
                                                GtkButton        *mode_button);

/* (nullable) both */
void              cg_live_ops_set_feed         (CgLiveOps        *self,
                                                CgLiveFeed       *feed,
                                                CgDispatchClient *client);
CgLiveFeed       *cg_live_ops_get_feed         (CgLiveOps        *self);
/* The sync whose complaint pages reload the queue (nullable) */
void              cg_live_ops_set_sync         (CgLiveOps        *self,
                                                CgSync           *sync);

CgLiveLayer      *cg_live_ops_get_layer        (CgLiveOps        *self);
/* Centres the map on @device_id and keeps it there as it moves (0 stops) */
void              cg_live_ops_follow           (CgLiveOps        *self,
                                                gint64            device_id);
gint64            cg_live_ops_get_followed     (CgLiveOps        *self);

/* Opens the dispatch dialog for @complaint (transfer none: the dialog is shown) */
CgDispatchDialog *cg_live_ops_dispatch_complaint (CgLiveOps      *self,
                                                  const CgComplaint *complaint);
/* The diagnostics dialog (counters of the feed), refreshed every second while open */
GtkWidget        *cg_live_ops_show_diagnostics (CgLiveOps        *self);

/* The mode indicator's text and tooltip now (tests) */
const char       *cg_live_ops_get_mode_text    (CgLiveOps        *self);
/* Notifications raised so far (toast and desktop notification) */
guint             cg_live_ops_get_n_notified   (CgLiveOps        *self);

G_END_DECLS
