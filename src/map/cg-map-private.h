/* cg-map-private.h: helpers shared by the map layers
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-coords.h"
#include "cg-point-grid.h"

G_BEGIN_DECLS

/* Fills world, ox, oy, width and height of @view for @widget on @viewport
 * (screen_x = mercator_x * world + ox). FALSE when the viewport has no reference source
 * or the widget no size. */
gboolean _cg_map_get_view (ShumateViewport *viewport,
                           GtkWidget       *widget,
                           CgGridView      *view);

/* The datum of the tiles under @viewport (CG_DATUM_WGS84 until CgMapView sets another). Kept
 * on the viewport because that is what every layer has; CgMapView re-projects its layers when
 * it changes. */
void     _cg_map_set_datum (ShumateViewport *viewport,
                            CgDatum          datum);
CgDatum  _cg_map_get_datum (ShumateViewport *viewport);

/* THE projection for every layer: WGS-84 lon/lat to the unit square of the viewport's tiles
 * (screen_x = x * world + ox with _cg_map_get_view()). Layers that cache the result must
 * re-project when the datum changes (CgMapView::notify::datum). */
void     _cg_map_project   (ShumateViewport *viewport,
                            double           lon,
                            double           lat,
                            double          *x,
                            double          *y);

G_END_DECLS
