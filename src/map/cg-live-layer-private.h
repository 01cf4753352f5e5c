/* cg-live-layer-private.h: knobs of CgLiveLayer for tests
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-live-layer.h"

G_BEGIN_DECLS

/* Shortest and longest leg between two fixes (default 0.5 s and 10 s) */
void _cg_live_layer_set_leg_limits (CgLiveLayer *self,
                                    gint64       min_us,
                                    gint64       max_us);

/* Redraws the layer queued for glide frames and new batches since it was made (a debug
 * counter: the glide is capped at 10 frames a second) */
guint _cg_live_layer_get_n_queued (CgLiveLayer *self);

G_END_DECLS
