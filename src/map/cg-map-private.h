/* cg-map-private.h: helpers shared by the map layers
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "cg-point-grid.h"

G_BEGIN_DECLS

/* Fills world, ox, oy, width and height of @view for @widget on @viewport
 * (screen_x = mercator_x * world + ox). FALSE when the viewport has no reference source
 * or the widget no size. */
gboolean _cg_map_get_view (ShumateViewport *viewport,
                           GtkWidget       *widget,
                           CgGridView      *view);

G_END_DECLS
