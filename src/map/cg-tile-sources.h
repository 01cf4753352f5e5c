/* cg-tile-sources.h: the base maps the user can choose, their datums, checks and probes
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <shumate/shumate.h>

#include "cg-coords.h"

G_BEGIN_DECLS

/* The "tile-source" setting's values, in the order of the preferences' list */
typedef enum
{
  CG_TILE_SOURCE_KIND_NONE,              /* "none": outline only, works offline */
  CG_TILE_SOURCE_KIND_OSM,               /* "osm" */
  CG_TILE_SOURCE_KIND_TIANDITU_VECTOR,   /* "tianditu-vector": vec_w + cva_w, key needed */
  CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY,  /* "tianditu-imagery": img_w + cia_w, key needed */
  CG_TILE_SOURCE_KIND_AMAP,              /* "amap": AMap/Gaode roads, GCJ-02 */
  CG_TILE_SOURCE_KIND_AMAP_SATELLITE,    /* "amap-satellite": imagery + road overlay, GCJ-02 */
  CG_TILE_SOURCE_KIND_CUSTOM,            /* "custom": an XYZ template, datum chosen by the user */
  CG_TILE_SOURCE_KIND_MBTILES,           /* "mbtiles": an offline file, datum chosen by the user */
} CgTileSourceKind;

#define CG_TILE_SOURCE_N_KINDS 8

#define CG_TILE_SOURCE_ERROR (cg_tile_source_error_quark ())

typedef enum
{
  CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,  /* not http(s), no {x}/{y}/{z}, unknown placeholder */
  CG_TILE_SOURCE_ERROR_MISSING_KEY,       /* Tianditu without a key */
  CG_TILE_SOURCE_ERROR_KEY_REFUSED,       /* HTTP 401/403 */
  CG_TILE_SOURCE_ERROR_HTTP,              /* another HTTP error */
  CG_TILE_SOURCE_ERROR_TIMEOUT,
  CG_TILE_SOURCE_ERROR_NETWORK,           /* DNS, refused connection, TLS... */
  CG_TILE_SOURCE_ERROR_NOT_AN_IMAGE,      /* 200, but not a PNG/JPEG/WebP */
  CG_TILE_SOURCE_ERROR_MBTILES,           /* missing, corrupt or unsupported file */
} CgTileSourceError;

GQuark             cg_tile_source_error_quark         (void);

/* What every tile request sends, e.g. "ChengguanCommand/0.1.0 (org.chengguan.Command)" */
const char        *cg_tile_sources_get_user_agent     (void);
/* $XDG_CACHE_HOME/chengguan-command/tiles: inside a Flatpak, the app's own cache directory */
char              *cg_tile_sources_dup_cache_dir      (void);
/* (transfer full): a session for tiles: our User-Agent, @timeout_s, TLS verification on */
SoupSession       *cg_tile_sources_new_session        (guint              timeout_s);

/* The Tianditu key lives in the keyring (cg-token, server CG_TIANDITU_KEY_SERVER) */
#define CG_TIANDITU_KEY_SERVER "https://www.tianditu.gov.cn/"

const char        *cg_tile_source_kind_to_string      (CgTileSourceKind   kind);
gboolean           cg_tile_source_kind_from_string    (const char        *str,
                                                       CgTileSourceKind  *out_kind);
/* translated, for the preferences' list */
const char        *cg_tile_source_kind_get_title      (CgTileSourceKind   kind);

/* Checks a custom XYZ template: http:// or https:// with a host; {x}, {z} and {y} or {tmsy};
 * no other {placeholder}. The messages are translated and say what to fix. */
gboolean           cg_tile_template_validate          (const char        *url_template,
                                                       GError           **error);
/* (transfer full): @url_template with {x} {y} {z} {tmsy} filled in */
char              *cg_tile_template_expand            (const char        *url_template,
                                                       int                x,
                                                       int                y,
                                                       int                z);

/* (transfer full): @error (libsoup/GIO) as a CG_TILE_SOURCE_ERROR with a plain message */
GError            *cg_tile_sources_translate_error    (const GError      *error,
                                                       CgTileSourceKind   kind);
/* FALSE with a CG_TILE_SOURCE_ERROR unless @status is 2xx and @body is an image */
gboolean           cg_tile_sources_check_response     (guint              status,
                                                       const char        *reason,
                                                       GBytes            *body,
                                                       CgTileSourceKind   kind,
                                                       GError           **error);

typedef struct
{
  const char *tianditu_key;      /* Tianditu's "tk" */
  const char *custom_template;
  CgDatum     custom_datum;
  const char *mbtiles_path;
  CgDatum     mbtiles_datum;
  /* Replaces the scheme and host ("https://t0.tianditu.gov.cn") of the catalogue's sources,
   * so tests can point them at a local server; NULL for the real ones. */
  const char *base_url;
} CgTileSourceOptions;

typedef struct _CgTileSource CgTileSource;

#define CG_TYPE_TILE_SOURCE (cg_tile_source_get_type ())
GType              cg_tile_source_get_type            (void) G_GNUC_CONST;

/* Checks what can be checked without the network: the template, the key's presence, and for
 * MBTiles opens the file and reads its metadata. */
CgTileSource      *cg_tile_source_new                 (CgTileSourceKind            kind,
                                                       const CgTileSourceOptions  *options,
                                                       GError                    **error);
/* From the settings (tile-source, custom-tile-template, custom-tile-datum, mbtiles-path,
 * mbtiles-datum) and @tianditu_key (nullable). */
CgTileSource      *cg_tile_source_new_from_settings   (GSettings                  *settings,
                                                       const char                 *tianditu_key,
                                                       GError                    **error);
CgTileSource      *cg_tile_source_ref                 (CgTileSource               *self);
void               cg_tile_source_unref               (CgTileSource               *self);

CgTileSourceKind   cg_tile_source_get_kind            (CgTileSource               *self);
/* the settings value: "osm", "tianditu-vector"... */
const char        *cg_tile_source_get_id              (CgTileSource               *self);
const char        *cg_tile_source_get_name            (CgTileSource               *self);
/* The datum the tiles are drawn in; every layer is projected into it */
CgDatum            cg_tile_source_get_datum           (CgTileSource               *self);
guint              cg_tile_source_get_min_zoom        (CgTileSource               *self);
guint              cg_tile_source_get_max_zoom        (CgTileSource               *self);
/* (nullable) */
const char        *cg_tile_source_get_license         (CgTileSource               *self);
const char        *cg_tile_source_get_license_uri     (CgTileSource               *self);
/* (nullable): the base and the annotation overlay templates (never log them: keys) */
const char        *cg_tile_source_get_template        (CgTileSource               *self);
const char        *cg_tile_source_get_overlay_template (CgTileSource              *self);
gboolean           cg_tile_source_is_network          (CgTileSource               *self);
/* (nullable): the MBTiles file of an "mbtiles" source */
const char        *cg_tile_source_get_mbtiles_path    (CgTileSource               *self);

/* Creates the libshumate map sources: @base (NULL for "none") and @overlay (annotations;
 * NULL when the source has none). Network sources use @session (nullable: a default one)
 * and the cache in cg_tile_sources_dup_cache_dir(). */
gboolean           cg_tile_source_create_map_sources  (CgTileSource               *self,
                                                       SoupSession                *session,
                                                       ShumateMapSource          **base,
                                                       ShumateMapSource          **overlay,
                                                       GError                    **error);

/* Fetches the tile under (@lat, @lon) at @zoom (clamped to the source's range) with
 * @session (nullable: a default one with a 10 s timeout), checks it is an image, and reports
 * the reason it is not: a refused key, an HTTP error, a timeout, no network. Offline sources
 * (none, MBTiles) succeed at once. */
void               cg_tile_source_probe_async         (CgTileSource               *self,
                                                       SoupSession                *session,
                                                       double                      lat,
                                                       double                      lon,
                                                       int                         zoom,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
gboolean           cg_tile_source_probe_finish        (CgTileSource               *self,
                                                       GAsyncResult               *result,
                                                       GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgTileSource, cg_tile_source_unref)

G_END_DECLS
