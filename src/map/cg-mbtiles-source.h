/* cg-mbtiles-source.h: raster tiles from an offline MBTiles file
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define CG_MBTILES_ERROR (cg_mbtiles_error_quark ())

typedef enum
{
  CG_MBTILES_ERROR_NOT_SQLITE,       /* the file is not an SQLite database */
  CG_MBTILES_ERROR_NOT_MBTILES,      /* SQLite, but no tiles table or metadata */
  CG_MBTILES_ERROR_UNSUPPORTED,      /* vector (pbf) tiles */
  CG_MBTILES_ERROR_FAILED,           /* SQLite failed otherwise */
} CgMbtilesError;

GQuark cg_mbtiles_error_quark (void);

#define CG_TYPE_MBTILES_SOURCE (cg_mbtiles_source_get_type ())

G_DECLARE_FINAL_TYPE (CgMbtilesSource, cg_mbtiles_source, CG, MBTILES_SOURCE, ShumateDataSource)

/* Opens @path read-only and reads its metadata. Errors: G_IO_ERROR_NOT_FOUND for a
 * missing file, CG_MBTILES_ERROR_* for the rest, each with a translated message
 * that names the file. Tiles are then read in worker threads; a tile that is
 * not in the file fails with G_IO_ERROR_NOT_FOUND. */
CgMbtilesSource *cg_mbtiles_source_new              (const char       *path,
                                                     GError          **error);

const char      *cg_mbtiles_source_get_path         (CgMbtilesSource  *self);
/* metadata "name", or the file's base name */
const char      *cg_mbtiles_source_get_name         (CgMbtilesSource  *self);
/* metadata "format": "png", "jpg", "webp"… ("png" when missing) */
const char      *cg_mbtiles_source_get_format       (CgMbtilesSource  *self);
/* metadata "attribution", or NULL */
const char      *cg_mbtiles_source_get_attribution  (CgMbtilesSource  *self);
/* metadata "minzoom"/"maxzoom", or the lowest/highest zoom in the tiles table */
int              cg_mbtiles_source_get_min_zoom     (CgMbtilesSource  *self);
int              cg_mbtiles_source_get_max_zoom     (CgMbtilesSource  *self);
/* metadata "bounds" (WGS-84 degrees); FALSE when missing or malformed */
gboolean         cg_mbtiles_source_get_bounds       (CgMbtilesSource  *self,
                                                     double           *west,
                                                     double           *south,
                                                     double           *east,
                                                     double           *north);

G_END_DECLS
