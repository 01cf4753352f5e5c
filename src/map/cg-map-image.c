/* cg-map-image.c: bitmaps drawn by the map layers, as the window's renderer wants them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <string.h>
#include <gsk/gsk.h>

#include "cg-map-private.h"

gboolean
_cg_map_draws_with_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

void
_cg_map_image_init (CgMapImage    *image,
                    gboolean       for_cairo,
                    const guint32 *pixels,
                    int            width,
                    int            height,
                    int            stride,
                    int            scale)
{
  g_return_if_fail (width > 0 && height > 0 && stride >= width && scale > 0);

  image->texture = NULL;
  image->surface = NULL;

  if (for_cairo)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      guint8 *data = cairo_image_surface_get_data (surface);
      int dst_stride = cairo_image_surface_get_stride (surface);

      g_return_if_fail (data != NULL);
      for (int y = 0; y < height; y++)
        memcpy (data + (gsize) y * dst_stride, pixels + (gsize) y * stride,
                (gsize) width * sizeof (guint32));
      cairo_surface_mark_dirty (surface);
      cairo_surface_set_device_scale (surface, scale, scale);
      image->surface = surface;
    }
  else
    {
      guint32 *copy = g_new (guint32, (gsize) width * height);
      g_autoptr(GBytes) bytes = NULL;

      for (int y = 0; y < height; y++)
        memcpy (copy + (gsize) y * width, pixels + (gsize) y * stride,
                (gsize) width * sizeof (guint32));
      bytes = g_bytes_new_take (copy, (gsize) width * height * sizeof (guint32));
      image->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                               (gsize) width * sizeof (guint32));
    }
}

void
_cg_map_image_clear (CgMapImage *image)
{
  g_clear_object (&image->texture);
  g_clear_pointer (&image->surface, cairo_surface_destroy);
}

gboolean
_cg_map_image_is_set (const CgMapImage *image)
{
  return image->texture != NULL || image->surface != NULL;
}

/* @bounds: where, in logical pixels; the image is drawn 1:1 at its device scale */
void
_cg_map_image_append (const CgMapImage      *image,
                      GtkSnapshot           *snapshot,
                      const graphene_rect_t *bounds)
{
  if (image->texture != NULL)
    {
      gtk_snapshot_append_texture (snapshot, image->texture, bounds);
    }
  else if (image->surface != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, bounds);

      cairo_set_source_surface (cr, image->surface, bounds->origin.x, bounds->origin.y);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
}
