/* cg-complaint-layer.h: the complaint queue on the map
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-coords.h"

G_BEGIN_DECLS

#define CG_TYPE_COMPLAINT_LAYER (cg_complaint_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgComplaintLayer, cg_complaint_layer, CG, COMPLAINT_LAYER, ShumateLayer)

/* Complaints as speech-bubble diamonds coloured by urgency (>= 2 red, 1 orange, 0 violet,
 * closed grey), the most urgent drawn on top. */
CgComplaintLayer *cg_complaint_layer_new       (ShumateViewport  *viewport);

void              cg_complaint_layer_clear     (CgComplaintLayer *self);
/* @lon, @lat WGS-84; @urgency as cg_complaint_get_urgency() */
void              cg_complaint_layer_add       (CgComplaintLayer *self,
                                                const char       *id,
                                                double            lon,
                                                double            lat,
                                                int               urgency);
guint             cg_complaint_layer_get_n     (CgComplaintLayer *self);
void              cg_complaint_layer_set_datum (CgComplaintLayer *self,
                                                CgDatum           datum);
/* The complaint drawn under widget (@x, @y) within a few pixels (transfer none), or NULL */
const char       *cg_complaint_layer_get_at    (CgComplaintLayer *self,
                                                double            x,
                                                double            y);
/* Where complaint @id is drawn (widget coordinates) */
gboolean          cg_complaint_layer_get_position (CgComplaintLayer *self,
                                                   const char       *id,
                                                   double           *x,
                                                   double           *y);

G_END_DECLS
