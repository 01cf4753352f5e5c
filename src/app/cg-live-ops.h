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
#include "cg-replay.h"
#include "cg-replay-bar.h"
#include "cg-track-layer.h"
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
/* From a point on the map (WGS-84; right click or long press "Dispatch from Here"): the
 * units ranked for that point, sent to the nearest open complaint within 500 m (dispatches
 * belong to a complaint); a toast and NULL when there is none */
CgDispatchDialog *cg_live_ops_dispatch_from_point (CgLiveOps     *self,
                                                   double         lon,
                                                   double         lat);
/* The complaint queue on the map */
typedef struct _CgComplaintLayer CgComplaintLayer;
CgComplaintLayer *cg_live_ops_get_complaint_layer (CgLiveOps     *self);
/* The diagnostics dialog (counters of the feed), refreshed every second while open */
GtkWidget        *cg_live_ops_show_diagnostics (CgLiveOps        *self);

/* The mode indicator's text and tooltip now (tests) */
const char       *cg_live_ops_get_mode_text    (CgLiveOps        *self);
/* Notifications raised so far (toast and desktop notification) */
guint             cg_live_ops_get_n_notified   (CgLiveOps        *self);
/* Of those, new or repeat complaints */
guint             cg_live_ops_get_n_complaints_notified (CgLiveOps *self);

/* Replay */
void              cg_live_ops_set_replay_bar   (CgLiveOps        *self,
                                                GtkRevealer      *revealer,
                                                CgReplayBar      *bar);
/* Fetches /api/reports/route of device @device_id or of the whole squad @group_id between
 * @from and @to (unix seconds), draws the tracks in one layer (the live symbols hidden
 * meanwhile) and shows the replay bar, paused at @from, with the stats per device. */
void              cg_live_ops_replay           (CgLiveOps        *self,
                                                gint64            device_id,
                                                gint64            group_id,
                                                gint64            from,
                                                gint64            to);
void              cg_live_ops_end_replay       (CgLiveOps        *self);
/* The replay being shown (nullable until one loaded) */
CgReplay         *cg_live_ops_get_replay       (CgLiveOps        *self);
CgTrackLayer     *cg_live_ops_get_track_layer  (CgLiveOps        *self);
/* The per-device stats the replay bar shows ("name: 2.41 km · moving …", one per line) */
const char       *cg_live_ops_get_replay_stats_text (CgLiveOps   *self);
/* Asks what to replay (a squad or the unit being followed) and when (this afternoon
 * 13:00-18:00, the last 2 hours, or hours of today) */
GtkWidget        *cg_live_ops_show_replay_dialog (CgLiveOps      *self);

/* The time presets: [*from, *to] at @now (unix seconds, local time) */
typedef enum
{
  CG_REPLAY_PRESET_AFTERNOON,   /* 13:00-18:00 today, or yesterday before 13:00 */
  CG_REPLAY_PRESET_LAST_2H,
  CG_REPLAY_PRESET_CUSTOM,      /* hours of today */
} CgReplayPreset;
void              cg_replay_preset_range       (CgReplayPreset    preset,
                                                gint64            now,
                                                int               from_hour,
                                                int               to_hour,
                                                gint64           *from,
                                                gint64           *to);

G_END_DECLS
