/* cg-tile-downloader.h: raster tiles over HTTP, cached in the app's cache directory
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

#define CG_TYPE_TILE_DOWNLOADER (cg_tile_downloader_get_type ())

G_DECLARE_FINAL_TYPE (CgTileDownloader, cg_tile_downloader, CG, TILE_DOWNLOADER, ShumateDataSource)

/* Fetches tiles from @url_template ({x}, {y}, {z}, {tmsy}) with @session (its User-Agent,
 * timeout and TLS settings) and keeps them in a ShumateFileCache under @cache_dir/@cache_key.
 * @cache_key names the tile set (never the URL: it may carry a key). A failed tile with no
 * cached copy emits "tile-error" with the GError. */
CgTileDownloader *cg_tile_downloader_new              (const char       *url_template,
                                                       const char       *cache_key,
                                                       const char       *cache_dir,
                                                       SoupSession      *session);

const char       *cg_tile_downloader_get_cache_key    (CgTileDownloader *self);
/* Tiles that failed with no cached copy since creation */
guint             cg_tile_downloader_get_n_failed     (CgTileDownloader *self);

G_END_DECLS
