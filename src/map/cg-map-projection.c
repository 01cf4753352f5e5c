/* cg-map-projection.c: the datum of the map's tiles, and the projection all layers share
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include "cg-map-private.h"
#include "cg-mercator.h"

static GQuark
datum_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("cg-map-datum");

  return quark;
}

void
_cg_map_set_datum (ShumateViewport *viewport,
                   CgDatum          datum)
{
  g_return_if_fail (SHUMATE_IS_VIEWPORT (viewport));
  g_return_if_fail ((guint) datum < CG_DATUM_COUNT);

  /* stored as datum + 1 so that "unset" (NULL) reads as WGS-84 */
  g_object_set_qdata (G_OBJECT (viewport), datum_quark (), GUINT_TO_POINTER (datum + 1));
}

CgDatum
_cg_map_get_datum (ShumateViewport *viewport)
{
  guint stored;

  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), CG_DATUM_WGS84);

  stored = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (viewport), datum_quark ()));
  return stored == 0 ? CG_DATUM_WGS84 : (CgDatum) (stored - 1);
}

void
_cg_map_project (ShumateViewport *viewport,
                 double           lon,
                 double           lat,
                 double          *x,
                 double          *y)
{
  cg_mercator_project (_cg_map_get_datum (viewport), lon, lat, x, y);
}
