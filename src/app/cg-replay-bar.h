/* cg-replay-bar.h: the replay controls under the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cg-replay.h"

G_BEGIN_DECLS

#define CG_TYPE_REPLAY_BAR (cg_replay_bar_get_type ())
G_DECLARE_FINAL_TYPE (CgReplayBar, cg_replay_bar, CG, REPLAY_BAR, GtkWidget)

/* Drives @replay (play/pause, time slider, speed 1x-64x); "closed" when the dispatcher ends
 * the replay. */
void        cg_replay_bar_set_replay     (CgReplayBar *self,
                                          CgReplay    *replay);
void        cg_replay_bar_set_stats_text (CgReplayBar *self,
                                          const char  *text);
const char *cg_replay_bar_get_stats_text (CgReplayBar *self);
gboolean    cg_replay_bar_get_follow     (CgReplayBar *self);
void        cg_replay_bar_set_follow     (CgReplayBar *self,
                                          gboolean     follow);

G_END_DECLS
