/* cg-outline-layer.h: the district outline, its streets (街镇) and their names
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-district.h"

G_BEGIN_DECLS

typedef enum
{
  CG_OUTLINE_LAYER_ALL,      /* areas, outlines and street names */
  CG_OUTLINE_LAYER_AREAS,    /* areas and outlines (below the points) */
  CG_OUTLINE_LAYER_LABELS,   /* street names only (above the points) */
} CgOutlineLayerMode;

#define CG_TYPE_OUTLINE_LAYER (cg_outline_layer_get_type ())
G_DECLARE_FINAL_TYPE (CgOutlineLayer, cg_outline_layer, CG, OUTLINE_LAYER, ShumateLayer)

CgOutlineLayer *cg_outline_layer_new          (ShumateViewport *viewport);
/* (nullable): the district to draw; projected once */
void            cg_outline_layer_set_district (CgOutlineLayer  *self,
                                               CgDistrict      *district);
CgDistrict     *cg_outline_layer_get_district (CgOutlineLayer  *self);
/* Projects the district again, after the viewport's datum changed */
void            cg_outline_layer_reproject    (CgOutlineLayer  *self);
/* Fill the streets with light colours (TRUE for the plain background, FALSE over tiles) */
void            cg_outline_layer_set_filled   (CgOutlineLayer  *self,
                                               gboolean         filled);

void            cg_outline_layer_set_mode     (CgOutlineLayer    *self,
                                               CgOutlineLayerMode mode);

G_END_DECLS
