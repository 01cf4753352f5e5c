/* cg-replay.h: replaying recorded tracks: the clock (play, pause, speed), stats per device
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-track.h"

G_BEGIN_DECLS

#define CG_REPLAY_MIN_SPEED 1
#define CG_REPLAY_MAX_SPEED 64

#define CG_TYPE_REPLAY (cg_replay_get_type ())
G_DECLARE_FINAL_TYPE (CgReplay, cg_replay, CG, REPLAY, GObject)

CgReplay     *cg_replay_new           (void);

/* @tracks: gint64* device id -> GArray of CgTrackPoint (reference taken); the replay runs
 * from @from to @to (unix seconds) and starts paused at @from. */
void          cg_replay_set_tracks    (CgReplay    *self,
                                       GHashTable  *tracks,
                                       gint64       from,
                                       gint64       to);
GHashTable   *cg_replay_get_tracks    (CgReplay    *self);
gint64        cg_replay_get_from      (CgReplay    *self);
gint64        cg_replay_get_to        (CgReplay    *self);
/* Device ids with a track, ascending (transfer full): GArray of gint64 */
GArray       *cg_replay_list_devices  (CgReplay    *self);

/* "time" (double unix seconds, clamped to [from, to]), "playing", "speed" (1..64) */
double        cg_replay_get_time      (CgReplay    *self);
void          cg_replay_set_time      (CgReplay    *self,
                                       double       t);
gboolean      cg_replay_get_playing   (CgReplay    *self);
void          cg_replay_set_playing   (CgReplay    *self,
                                       gboolean     playing);
guint         cg_replay_get_speed     (CgReplay    *self);
void          cg_replay_set_speed     (CgReplay    *self,
                                       guint        speed);
/* Advances the clock by @elapsed_s of wall time at the current speed (what the timer does
 * while playing; stops at the end) */
void          cg_replay_advance       (CgReplay    *self,
                                       double       elapsed_s);

/* (transfer none) (nullable): cg_track_compute_stats() of a device's track, computed once */
const CgTrackStats *cg_replay_get_stats (CgReplay  *self,
                                         gint64     device_id);
/* Where @device_id is at the replay time (WGS-84); FALSE without a track */
gboolean      cg_replay_get_position  (CgReplay    *self,
                                       gint64       device_id,
                                       double      *lon,
                                       double      *lat);

/* "2.4 km · moving 1 h 12 min · 3 stops" (translated) */
char         *cg_replay_format_stats  (const CgTrackStats *stats);

G_END_DECLS
