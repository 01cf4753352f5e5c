/* cg-poi-symbols.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>

#include "cg-records.h"
#include "cg-store.h"
#include "cg-poi-symbols.h"

guint32
cg_risk_get_color (guint8 risk)
{
  switch (risk)
    {
    case CG_RISK_HIGH:
      return CG_COLOR_RISK_HIGH;
    case CG_RISK_MEDIUM:
      return CG_COLOR_RISK_MEDIUM;
    case CG_RISK_LOW:
      return CG_COLOR_RISK_LOW;
    default:
      return CG_COLOR_RISK_UNKNOWN;
    }
}

guint32
cg_poi_symbol_get_color (guint8 kind,
                         guint8 risk,
                         guint8 flags)
{
  if (kind == CG_COLLECTION_POINTS)
    return (flags & CG_MAP_POINT_OFFLINE) ? CG_COLOR_POINT_OFFLINE : CG_COLOR_POINT;

  return cg_risk_get_color (risk);
}

int
cg_poi_symbol_get_size (guint8 kind,
                        int    tier)
{
  switch (kind)
    {
    case CG_COLLECTION_MERCHANTS:
      return tier ? 11 : 7;
    case CG_COLLECTION_SITES:
      return tier ? 13 : 8;
    default:
      return tier ? 16 : 12;
    }
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

void
cg_poi_symbol_draw (cairo_t *cr,
                    guint8   kind,
                    guint8   risk,
                    guint8   flags,
                    double   cx,
                    double   cy,
                    double   size)
{
  double r = size / 2.0;
  double outline = size >= 10 ? 1.5 : 1.0;

  cairo_save (cr);
  cairo_new_path (cr);

  switch (kind)
    {
    case CG_COLLECTION_MERCHANTS:
      cairo_arc (cr, cx, cy, r - outline / 2, 0, 2 * G_PI);
      break;

    case CG_COLLECTION_SITES:
      {
        double s = r - outline / 2;
        cairo_rectangle (cr, cx - s, cy - s, 2 * s, 2 * s);
      }
      break;

    default:
      {
        double s = r - outline / 2;

        if (flags & CG_MAP_POINT_CAMERA)
          {
            /* triangle pointing up, its centroid a bit below the middle */
            cairo_move_to (cr, cx, cy - s);
            cairo_line_to (cr, cx + s, cy + s * 0.75);
            cairo_line_to (cr, cx - s, cy + s * 0.75);
          }
        else
          {
            cairo_move_to (cr, cx, cy - s);
            cairo_line_to (cr, cx + s, cy);
            cairo_line_to (cr, cx, cy + s);
            cairo_line_to (cr, cx - s, cy);
          }
        cairo_close_path (cr);
      }
      break;
    }

  set_rgb (cr, cg_poi_symbol_get_color (kind, risk, flags));
  cairo_fill_preserve (cr);

  cairo_set_line_width (cr, outline);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (kind == CG_COLLECTION_MERCHANTS)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  else
    cairo_set_source_rgba (cr, 0.14, 0.12, 0.19, 0.9);
  cairo_stroke (cr);

  cairo_restore (cr);
}

double
cg_poi_overdue_badge_offset (guint8 kind,
                             int    tier)
{
  return cg_poi_symbol_get_size (kind, tier) / 2.0;
}

void
cg_poi_overdue_badge_draw (cairo_t *cr,
                           double   cx,
                           double   cy,
                           double   size)
{
  double r = size / 2.0;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, r - 0.5, 0, 2 * G_PI);
  set_rgb (cr, CG_COLOR_OVERDUE);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0.14, 0.12, 0.19, 0.95);
  cairo_stroke (cr);

  /* "!" */
  cairo_set_line_width (cr, MAX (1.0, size / 6.0));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx, cy - r * 0.5);
  cairo_line_to (cr, cx, cy + r * 0.1);
  cairo_stroke (cr);
  cairo_arc (cr, cx, cy + r * 0.45, MAX (0.5, size / 12.0), 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

double
cg_poi_cluster_get_radius (guint count)
{
  return 11.0 + 3.0 * log10 (MAX (count, 1));
}

void
cg_poi_cluster_draw (cairo_t       *cr,
                     PangoLayout   *layout,
                     double         cx,
                     double         cy,
                     guint          count,
                     const guint32  risk_counts[4])
{
  static const guint8 order[4] = { CG_RISK_HIGH, CG_RISK_MEDIUM, CG_RISK_LOW, CG_RISK_UNKNOWN };
  double r = cg_poi_cluster_get_radius (count);
  double ring = 4.0;
  double total = 0, angle = -G_PI / 2;

  cairo_save (cr);
  cairo_new_path (cr);

  /* shadow-ish outline, then the ring */
  cairo_arc (cr, cx, cy, r + 0.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0.14, 0.12, 0.19, 0.55);
  cairo_fill (cr);

  for (int g = 0; g < 4; g++)
    total += risk_counts[g];
  cairo_set_line_width (cr, ring);
  for (int k = 0; k < 4 && total > 0; k++)
    {
      double sweep = 2 * G_PI * risk_counts[order[k]] / total;

      if (sweep <= 0)
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, r - ring / 2, angle, angle + sweep);
      set_rgb (cr, cg_risk_get_color (order[k]));
      cairo_stroke (cr);
      angle += sweep;
    }

  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, r - ring, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_fill (cr);

  if (layout != NULL)
    {
      char text[16];
      int w, h;

      g_snprintf (text, sizeof text, "%u", count);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_move_to (cr, cx - w / 2.0, cy - h / 2.0);
      cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_restore (cr);
}
