/* cg-inspection-tracker.h: where each inspection target of the cache stands today
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluates the graded-supervision rules (cg-inspection-rules.h) for every graded merchant
 * and site of a cache on a worker thread, with a connection of its own, and keeps the
 * states by place id. Refreshed on demand (after each reload of the map's points) and by
 * itself at Shanghai midnight, when due and overdue change without any new data. Emits
 * "changed" on the main thread once new states are in.
 */

#pragma once

#include <glib-object.h>

#include "cg-inspection-rules.h"

G_BEGIN_DECLS

#define CG_TYPE_INSPECTION_TRACKER (cg_inspection_tracker_get_type ())
G_DECLARE_FINAL_TYPE (CgInspectionTracker, cg_inspection_tracker, CG, INSPECTION_TRACKER, GObject)

CgInspectionTracker     *cg_inspection_tracker_new            (void);

/* The cache to evaluate (nullable: none, the states are dropped); starts a refresh. */
void                     cg_inspection_tracker_set_path       (CgInspectionTracker *self,
                                                               const char          *path);
/* Evaluates again in a worker thread; a refresh still running is cancelled. */
void                     cg_inspection_tracker_refresh        (CgInspectionTracker *self);
gboolean                 cg_inspection_tracker_get_busy       (CgInspectionTracker *self);

/* The day to evaluate: CG_DAY_NONE (the default) = today in Shanghai, following midnight;
 * tests fix one. Starts a refresh. */
void                     cg_inspection_tracker_set_date       (CgInspectionTracker *self,
                                                               CgDay                date);
/* The day of the states held (CG_DAY_NONE before the first evaluation) */
CgDay                    cg_inspection_tracker_get_date       (CgInspectionTracker *self);

/* (nullable) (transfer none): the state of the target @id, NULL when not graded or unknown */
const CgInspectionState *cg_inspection_tracker_lookup         (CgInspectionTracker *self,
                                                               const char          *id);
/* (transfer none): the ids of the overdue targets (a set of strings, never NULL) */
GHashTable              *cg_inspection_tracker_get_overdue_ids (CgInspectionTracker *self);

G_END_DECLS
