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

/* Hands the @bytes of tile (@x, @y, @z) to libshumate and returns them from @task:
 * libshumate 1.0.x takes the bytes only from "received-data" (platform-notes §2), 1.1+ from
 * the _finish() result, so both, for every version. Takes @bytes. (cg-tile-sources.c) */
void     _cg_tile_data_return (ShumateDataSource *source,
                               GTask             *task,
                               int                x,
                               int                y,
                               int                z,
                               GBytes            *bytes);
/* ShumateDataSource.get_tile_data_finish of a source whose tasks return GBytes */
GBytes  *_cg_tile_data_finish (ShumateDataSource  *source,
                               GAsyncResult       *result,
                               GError            **error);

/* A bitmap a layer has drawn, ready for the window's renderer. GTK 4.8's cairo renderer
 * converts every texture node's pixels through floats on every frame (gdk_texture_download:
 * about 5 ns a pixel, 11 ms for a 1920x1080 layer, whatever the format), while a cairo node
 * painting an image surface is a plain pixman composite: 40 map tiles of 256 px cost 15.7 ms
 * as textures and 2.7 ms as cairo nodes, 1,575 live-unit symbols 8.4 ms and 4.1 ms (a
 * micro-benchmark on this machine). GL renderers upload a texture once and reuse it, so
 * there it stays a texture. (cg-map-image.c) */
typedef struct
{
  GdkTexture      *texture;   /* GL renderers */
  cairo_surface_t *surface;   /* the cairo renderer: ARGB32, device scale set */
} CgMapImage;

/* TRUE when @widget's window draws with GSK's cairo renderer */
gboolean _cg_map_draws_with_cairo (GtkWidget *widget);

/* Copies @width x @height premultiplied ARGB pixels (cairo's ARGB32, GDK_MEMORY_DEFAULT) at
 * @pixels, rows @stride pixels apart, drawn at device @scale */
void     _cg_map_image_init       (CgMapImage    *image,
                                   gboolean       for_cairo,
                                   const guint32 *pixels,
                                   int            width,
                                   int            height,
                                   int            stride,
                                   int            scale);
void     _cg_map_image_clear      (CgMapImage    *image);
gboolean _cg_map_image_is_set     (const CgMapImage *image);
void     _cg_map_image_append     (const CgMapImage      *image,
                                   GtkSnapshot           *snapshot,
                                   const graphene_rect_t *bounds);

G_END_DECLS
