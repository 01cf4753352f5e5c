/* cg-live-layer.h: officers and vehicles moving on the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-coords.h"
#include "cg-live-feed.h"

G_BEGIN_DECLS

#define CG_TYPE_LIVE_LAYER (cg_live_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgLiveLayer, cg_live_layer, CG, LIVE_LAYER, ShumateLayer)

/* Symbols: officers are dots, vehicles rounded squares, both with a heading pointer when
 * moving; the colour says the state (online blue, stale amber, offline grey). Motion between
 * two fixes is animated over the time the fixes came apart (0.5 to 10 s), from wherever the
 * symbol is drawn at that moment: symbols glide, they never jump. Hover: name, kind, state,
 * speed and the time of the fix. */
CgLiveLayer *cg_live_layer_new                 (ShumateViewport *viewport);

/* The feed to draw (nullable). The layer follows its signals. */
void         cg_live_layer_set_feed            (CgLiveLayer     *self,
                                                CgLiveFeed      *feed);
CgLiveFeed  *cg_live_layer_get_feed            (CgLiveLayer     *self);
/* The datum of the tiles underneath (positions arrive in WGS-84; default WGS-84) */
void         cg_live_layer_set_datum           (CgLiveLayer     *self,
                                                CgDatum          datum);
void         cg_live_layer_set_show_officers   (CgLiveLayer     *self,
                                                gboolean         show);
void         cg_live_layer_set_show_vehicles   (CgLiveLayer     *self,
                                                gboolean         show);

/* The device drawn under widget coordinates (within a few pixels), 0 = none */
gint64       cg_live_layer_get_device_at       (CgLiveLayer     *self,
                                                double           x,
                                                double           y);
/* Where device @device_id is drawn now (widget coordinates); FALSE when unknown or no view */
gboolean     cg_live_layer_get_device_position (CgLiveLayer     *self,
                                                gint64           device_id,
                                                double          *x,
                                                double          *y);
/* (transfer full) (nullable): the hover text of a device */
char        *cg_live_layer_describe_device     (CgLiveLayer     *self,
                                                gint64           device_id);
/* Symbols moving now, and drawn in the last snapshot (tests, benchmarks) */
guint        cg_live_layer_get_n_animating     (CgLiveLayer     *self);
guint        cg_live_layer_get_n_drawn         (CgLiveLayer     *self);

G_END_DECLS
