/* cg-track-layer.h: recorded tracks of several devices in one layer, for replay
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-coords.h"
#include "cg-track.h"

G_BEGIN_DECLS

#define CG_TYPE_TRACK_LAYER (cg_track_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgTrackLayer, cg_track_layer, CG, TRACK_LAYER, ShumateLayer)

/* All tracks in one cairo node (not a ShumatePathLayer per device): each device a colour,
 * the part before the replay time solid and the rest faint, a dot where the device is at
 * the replay time. */
CgTrackLayer *cg_track_layer_new           (ShumateViewport *viewport);

/* @tracks: gint64* device id -> GArray of CgTrackPoint (WGS-84, time order); copied.
 * NULL clears. */
void          cg_track_layer_set_tracks    (CgTrackLayer    *self,
                                            GHashTable      *tracks);
guint         cg_track_layer_get_n_tracks  (CgTrackLayer    *self);
/* The replay time (unix seconds, fractions allowed) */
void          cg_track_layer_set_time      (CgTrackLayer    *self,
                                            double           t);
void          cg_track_layer_set_datum     (CgTrackLayer    *self,
                                            CgDatum          datum);
/* Where device @device_id is at the replay time, in widget coordinates; FALSE when it has
 * no track or no view */
gboolean      cg_track_layer_get_head      (CgTrackLayer    *self,
                                            gint64           device_id,
                                            double          *x,
                                            double          *y);
/* The colour of a device's track (for legends and tests) */
void          cg_track_layer_get_color     (CgTrackLayer    *self,
                                            gint64           device_id,
                                            GdkRGBA         *color);

G_END_DECLS
