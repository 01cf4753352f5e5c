/* cg-tile-sources.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogue. Templates use libshumate's placeholders {x} {y} {z} {tmsy}; there is no
 * {s} in 1.0, so each source uses one of its hosts. Tianditu's web-Mercator ("_w") layers are
 * WMTS with TILEMATRIX/TILEROW/TILECOL = z/y/x and the key as "tk"; they are in CGCS2000,
 * which is WGS-84 to within centimetres. AMap's tiles are in GCJ-02.
 */

#define G_LOG_DOMAIN "cg-tiles"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "cg-mbtiles-source.h"
#include "cg-mercator.h"
#include "cg-tile-downloader.h"
#include "cg-tile-sources.h"

#define PROBE_TIMEOUT_S 10
#define TILE_TIMEOUT_S  20

G_DEFINE_QUARK (cg-tile-source-error-quark, cg_tile_source_error)

typedef struct
{
  const char *id;
  const char *title;          /* N_() */
  CgDatum     datum;
  const char *host;           /* replaced by CgTileSourceOptions.base_url */
  const char *path;           /* the rest of the base template */
  const char *overlay_path;   /* nullable */
  guint       min_zoom, max_zoom;
  const char *license;
  const char *license_uri;
} CatalogueEntry;

#define TIANDITU_HOST "https://t0.tianditu.gov.cn"
#define TIANDITU_WMTS(layer) \
  "/" layer "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" layer \
  "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"

static const CatalogueEntry catalogue[CG_TILE_SOURCE_N_KINDS] = {
  [CG_TILE_SOURCE_KIND_NONE] = { "none", N_("Outline only (offline)"), CG_DATUM_WGS84,
                                 NULL, NULL, NULL, 0, 19, NULL, NULL },
  [CG_TILE_SOURCE_KIND_OSM] = { "osm", N_("OpenStreetMap"), CG_DATUM_WGS84,
                                "https://tile.openstreetmap.org", "/{z}/{x}/{y}.png", NULL, 0, 19,
                                "© OpenStreetMap contributors",
                                "https://www.openstreetmap.org/copyright" },
  [CG_TILE_SOURCE_KIND_TIANDITU_VECTOR] = { "tianditu-vector", N_("Tianditu map"), CG_DATUM_WGS84,
                                            TIANDITU_HOST, TIANDITU_WMTS ("vec"),
                                            TIANDITU_WMTS ("cva"), 1, 18,
                                            "© 天地图 (National Platform for Common GeoSpatial Information Services)",
                                            "https://www.tianditu.gov.cn/" },
  [CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY] = { "tianditu-imagery", N_("Tianditu imagery"),
                                             CG_DATUM_WGS84, TIANDITU_HOST, TIANDITU_WMTS ("img"),
                                             TIANDITU_WMTS ("cia"), 1, 18,
                                             "© 天地图 (National Platform for Common GeoSpatial Information Services)",
                                             "https://www.tianditu.gov.cn/" },
  [CG_TILE_SOURCE_KIND_AMAP] = { "amap", N_("AMap (Gaode)"), CG_DATUM_GCJ02,
                                 "https://webrd01.is.autonavi.com",
                                 "/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                                 NULL, 3, 18, "© 高德地图 AutoNavi", "https://www.amap.com/" },
  [CG_TILE_SOURCE_KIND_AMAP_SATELLITE] = { "amap-satellite", N_("AMap (Gaode) imagery"),
                                           CG_DATUM_GCJ02, "https://webst01.is.autonavi.com",
                                           "/appmaptile?style=6&x={x}&y={y}&z={z}",
                                           "/appmaptile?style=8&x={x}&y={y}&z={z}", 3, 18,
                                           "© 高德地图 AutoNavi", "https://www.amap.com/" },
  [CG_TILE_SOURCE_KIND_CUSTOM] = { "custom", N_("Custom tile server"), CG_DATUM_WGS84,
                                   NULL, NULL, NULL, 0, 19, NULL, NULL },
  [CG_TILE_SOURCE_KIND_MBTILES] = { "mbtiles", N_("Offline MBTiles file"), CG_DATUM_WGS84,
                                    NULL, NULL, NULL, 0, 19, NULL, NULL },
};

struct _CgTileSource
{
  gatomicrefcount   ref_count;
  CgTileSourceKind  kind;
  CgDatum           datum;
  char             *name;
  char             *template;
  char             *overlay_template;
  char             *cache_key;
  char             *license;
  char             *license_uri;
  char             *mbtiles_path;
  CgMbtilesSource  *mbtiles;
  guint             min_zoom, max_zoom;
};

G_DEFINE_BOXED_TYPE (CgTileSource, cg_tile_source, cg_tile_source_ref, cg_tile_source_unref)

/* Shared bits */

const char *
cg_tile_sources_get_user_agent (void)
{
  return "ChengguanCommand/" PACKAGE_VERSION " (" APP_ID ")";
}

char *
cg_tile_sources_dup_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "chengguan-command", "tiles", NULL);
}

SoupSession *
cg_tile_sources_new_session (guint timeout_s)
{
  /* TLS verification is libsoup's default (the system CA database) and stays on */
  return soup_session_new_with_options ("user-agent", cg_tile_sources_get_user_agent (),
                                        "timeout", timeout_s,
                                        "idle-timeout", 60,
                                        "max-conns-per-host", 4,
                                        NULL);
}

const char *
cg_tile_source_kind_to_string (CgTileSourceKind kind)
{
  if ((guint) kind >= CG_TILE_SOURCE_N_KINDS)
    return NULL;

  return catalogue[kind].id;
}

gboolean
cg_tile_source_kind_from_string (const char       *str,
                                 CgTileSourceKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < CG_TILE_SOURCE_N_KINDS; i++)
    if (g_str_equal (str, catalogue[i].id))
      {
        *out_kind = (CgTileSourceKind) i;
        return TRUE;
      }

  return FALSE;
}

const char *
cg_tile_source_kind_get_title (CgTileSourceKind kind)
{
  g_return_val_if_fail ((guint) kind < CG_TILE_SOURCE_N_KINDS, NULL);

  return _(catalogue[kind].title);
}

/* Templates */

static const char * const placeholders[] = { "{x}", "{y}", "{z}", "{tmsy}" };

gboolean
cg_tile_template_validate (const char  *url_template,
                           GError     **error)
{
  g_autofree char *sample = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *p;

  if (url_template == NULL || *url_template == '\0')
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                   _("Enter the tile address, e.g. https://tiles.example.gov.cn/{z}/{x}/{y}.png"));
      return FALSE;
    }

  if (g_ascii_strncasecmp (url_template, "http://", 7) != 0 &&
      g_ascii_strncasecmp (url_template, "https://", 8) != 0)
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                   _("The tile address must start with http:// or https://"));
      return FALSE;
    }

  /* every {…} must be one of ours: {s}, {r} or {-y} from other programs would be sent as is */
  for (p = strchr (url_template, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
        known |= g_str_has_prefix (p, placeholders[i]);
      if (!known)
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = g_strndup (p, end ? (gsize) (end - p + 1) : strlen (p));

          g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                       _("The tile address contains %s: only {x}, {y}, {z} and {tmsy} are "
                         "supported"), name);
          return FALSE;
        }
    }

  if (strstr (url_template, "{x}") == NULL || strstr (url_template, "{z}") == NULL ||
      (strstr (url_template, "{y}") == NULL && strstr (url_template, "{tmsy}") == NULL))
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                   _("The tile address must contain {x}, {y} (or {tmsy}) and {z}"));
      return FALSE;
    }

  sample = cg_tile_template_expand (url_template, 0, 0, 0);
  uri = g_uri_parse (sample, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      strchr (sample, ' ') != NULL)
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                   _("The tile address is not a valid URL"));
      return FALSE;
    }

  return TRUE;
}

char *
cg_tile_template_expand (const char *url_template,
                         int         x,
                         int         y,
                         int         z)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (url_template != NULL, NULL);

  out = g_string_sized_new (strlen (url_template) + 16);
  for (p = url_template; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "{x}"))
        g_string_append_printf (out, "%d", x), p += 2;
      else if (g_str_has_prefix (p, "{y}"))
        g_string_append_printf (out, "%d", y), p += 2;
      else if (g_str_has_prefix (p, "{z}"))
        g_string_append_printf (out, "%d", z), p += 2;
      else if (g_str_has_prefix (p, "{tmsy}"))
        g_string_append_printf (out, "%d", (1 << z) - 1 - y), p += 5;
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Errors */

static gboolean
is_tianditu (CgTileSourceKind kind)
{
  return kind == CG_TILE_SOURCE_KIND_TIANDITU_VECTOR || kind == CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY;
}

GError *
cg_tile_sources_translate_error (const GError     *error,
                                 CgTileSourceKind  kind)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == CG_TILE_SOURCE_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_TIMEOUT,
                        _("The tile server did not answer in time"));

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NETWORK,
                        _("The tile server’s name cannot be resolved: check the address and "
                          "the network (%s)"), error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NETWORK,
                        _("The tile server’s certificate is not trusted (%s)"), error->message);

  return g_error_new (CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NETWORK,
                      _("Cannot reach the tile server: %s"), error->message);
}

static gboolean
looks_like_image (GBytes *body)
{
  gsize len = 0;
  const guint8 *d = body ? g_bytes_get_data (body, &len) : NULL;

  if (len >= 8 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    return TRUE;
  if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
    return TRUE;
  if (len >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    return TRUE;

  return FALSE;
}

gboolean
cg_tile_sources_check_response (guint              status,
                                const char        *reason,
                                GBytes            *body,
                                CgTileSourceKind   kind,
                                GError           **error)
{
  if (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (is_tianditu (kind))
        g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED,
                     _("Tianditu refused this key (HTTP %u): check the key and that it is "
                       "enabled for this computer’s address"), status);
      else
        g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_KEY_REFUSED,
                     _("The tile server refused access (HTTP %u)"), status);
      return FALSE;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_HTTP,
                   _("The tile server answered HTTP %u %s"), status,
                   reason ? reason : soup_status_get_phrase (status));
      return FALSE;
    }

  if (!looks_like_image (body))
    {
      g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_NOT_AN_IMAGE,
                   _("The tile server did not send an image: is this a tile address?"));
      return FALSE;
    }

  return TRUE;
}

/* Sources */

static char *
join_template (const char *host,
               const char *base_url,
               const char *path,
               const char *key)
{
  g_autofree char *root = g_strdup (base_url ? base_url : host);
  gsize len = strlen (root);

  while (len > 0 && root[len - 1] == '/')
    root[--len] = '\0';

  if (key != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);

      return g_strconcat (root, path, "&tk=", escaped, NULL);
    }

  return g_strconcat (root, path, NULL);
}

CgTileSource *
cg_tile_source_new (CgTileSourceKind            kind,
                    const CgTileSourceOptions  *options,
                    GError                    **error)
{
  static const CgTileSourceOptions no_options = { 0 };
  g_autoptr(CgTileSource) self = NULL;
  const CatalogueEntry *entry;
  g_autofree char *key = NULL;

  g_return_val_if_fail ((guint) kind < CG_TILE_SOURCE_N_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &no_options;
  entry = &catalogue[kind];

  self = g_new0 (CgTileSource, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->datum = entry->datum;
  self->name = g_strdup (_(entry->title));
  self->min_zoom = entry->min_zoom;
  self->max_zoom = entry->max_zoom;
  self->license = g_strdup (entry->license);
  self->license_uri = g_strdup (entry->license_uri);
  self->cache_key = g_strdup (entry->id);

  switch (kind)
    {
    case CG_TILE_SOURCE_KIND_NONE:
      break;

    case CG_TILE_SOURCE_KIND_TIANDITU_VECTOR:
    case CG_TILE_SOURCE_KIND_TIANDITU_IMAGERY:
      key = g_strstrip (g_strdup (options->tianditu_key ? options->tianditu_key : ""));
      if (*key == '\0')
        {
          g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MISSING_KEY,
                       _("Tianditu needs a key: enter the key of your Tianditu account"));
          return NULL;
        }
      self->template = join_template (entry->host, options->base_url, entry->path, key);
      self->overlay_template = join_template (entry->host, options->base_url,
                                              entry->overlay_path, key);
      break;

    case CG_TILE_SOURCE_KIND_OSM:
    case CG_TILE_SOURCE_KIND_AMAP:
    case CG_TILE_SOURCE_KIND_AMAP_SATELLITE:
      self->template = join_template (entry->host, options->base_url, entry->path, NULL);
      if (entry->overlay_path != NULL)
        self->overlay_template = join_template (entry->host, options->base_url,
                                                entry->overlay_path, NULL);
      break;

    case CG_TILE_SOURCE_KIND_CUSTOM:
      {
        g_autofree char *tmpl = g_strstrip (g_strdup (options->custom_template
                                                      ? options->custom_template : ""));
        g_autofree char *hash = NULL;

        if (!cg_tile_template_validate (tmpl, error))
          return NULL;
        if ((guint) options->custom_datum >= CG_DATUM_COUNT)
          {
            g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                         _("Choose the datum of the custom tiles"));
            return NULL;
          }
        self->template = g_steal_pointer (&tmpl);
        self->datum = options->custom_datum;
        /* one cache per server, named by a hash: the address may carry a key */
        hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->template, -1);
        g_free (self->cache_key);
        self->cache_key = g_strdup_printf ("custom-%.16s", hash);
        g_clear_pointer (&self->license, g_free);
      }
      break;

    case CG_TILE_SOURCE_KIND_MBTILES:
      {
        g_autoptr(GError) local_error = NULL;
        const char *format;

        if (options->mbtiles_path == NULL || *options->mbtiles_path == '\0')
          {
            g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES,
                         _("Choose an MBTiles file"));
            return NULL;
          }
        if ((guint) options->mbtiles_datum >= CG_DATUM_COUNT)
          {
            g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES,
                         _("Choose the datum of the MBTiles file"));
            return NULL;
          }

        self->mbtiles = cg_mbtiles_source_new (options->mbtiles_path, &local_error);
        if (self->mbtiles == NULL)
          {
            g_set_error_literal (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES,
                                 local_error->message);
            return NULL;
          }

        format = cg_mbtiles_source_get_format (self->mbtiles);
        if (!g_str_equal (format, "png") && !g_str_equal (format, "jpg") &&
            !g_str_equal (format, "webp"))
          {
            g_autofree char *display = g_filename_display_basename (options->mbtiles_path);

            g_set_error (error, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_MBTILES,
                         _("“%s” holds %s tiles; only PNG, JPEG and WebP raster tiles can be "
                           "shown"), display, format);
            return NULL;
          }

        self->mbtiles_path = g_strdup (options->mbtiles_path);
        self->datum = options->mbtiles_datum;
        g_free (self->name);
        self->name = g_strdup (cg_mbtiles_source_get_name (self->mbtiles));
        self->min_zoom = MAX (0, cg_mbtiles_source_get_min_zoom (self->mbtiles));
        self->max_zoom = MAX (self->min_zoom, (guint) MAX (0, cg_mbtiles_source_get_max_zoom (self->mbtiles)));
        g_clear_pointer (&self->license, g_free);
        self->license = g_strdup (cg_mbtiles_source_get_attribution (self->mbtiles));
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&self);
}

static CgDatum
datum_setting (GSettings  *settings,
               const char *key)
{
  g_autofree char *str = g_settings_get_string (settings, key);
  CgDatum datum = CG_DATUM_WGS84;

  cg_datum_from_string (str, &datum);
  return datum;
}

CgTileSource *
cg_tile_source_new_from_settings (GSettings   *settings,
                                  const char  *tianditu_key,
                                  GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *path = NULL;
  CgTileSourceOptions options = { 0 };
  CgTileSourceKind kind = CG_TILE_SOURCE_KIND_NONE;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  id = g_settings_get_string (settings, "tile-source");
  tmpl = g_settings_get_string (settings, "custom-tile-template");
  path = g_settings_get_string (settings, "mbtiles-path");
  cg_tile_source_kind_from_string (id, &kind);

  options.tianditu_key = tianditu_key;
  options.custom_template = tmpl;
  options.custom_datum = datum_setting (settings, "custom-tile-datum");
  options.mbtiles_path = path;
  options.mbtiles_datum = datum_setting (settings, "mbtiles-datum");

  return cg_tile_source_new (kind, &options, error);
}

CgTileSource *
cg_tile_source_ref (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cg_tile_source_unref (CgTileSource *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_free (self->template);
  g_free (self->overlay_template);
  g_free (self->cache_key);
  g_free (self->license);
  g_free (self->license_uri);
  g_free (self->mbtiles_path);
  g_clear_object (&self->mbtiles);
  g_free (self);
}

CgTileSourceKind
cg_tile_source_get_kind (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, CG_TILE_SOURCE_KIND_NONE);
  return self->kind;
}

const char *
cg_tile_source_get_id (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return catalogue[self->kind].id;
}

const char *
cg_tile_source_get_name (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

CgDatum
cg_tile_source_get_datum (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, CG_DATUM_WGS84);
  return self->datum;
}

guint
cg_tile_source_get_min_zoom (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_zoom;
}

guint
cg_tile_source_get_max_zoom (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max_zoom;
}

const char *
cg_tile_source_get_license (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->license;
}

const char *
cg_tile_source_get_license_uri (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->license_uri;
}

const char *
cg_tile_source_get_template (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->template;
}

const char *
cg_tile_source_get_overlay_template (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->overlay_template;
}

gboolean
cg_tile_source_is_network (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->template != NULL;
}

const char *
cg_tile_source_get_mbtiles_path (CgTileSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mbtiles_path;
}

static ShumateMapSource *
make_renderer (CgTileSource      *self,
               const char        *suffix,
               ShumateDataSource *data)
{
  g_autofree char *id = g_strconcat (catalogue[self->kind].id, suffix, NULL);

  return SHUMATE_MAP_SOURCE (
    shumate_raster_renderer_new_full (id, self->name,
                                      self->license ? self->license : "",
                                      self->license_uri ? self->license_uri : "",
                                      self->min_zoom, self->max_zoom, 256,
                                      SHUMATE_MAP_PROJECTION_MERCATOR, data));
}

gboolean
cg_tile_source_create_map_sources (CgTileSource      *self,
                                   SoupSession       *session,
                                   ShumateMapSource **base,
                                   ShumateMapSource **overlay,
                                   GError           **error)
{
  g_autoptr(SoupSession) own_session = NULL;
  g_autofree char *cache_dir = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (base != NULL && overlay != NULL, FALSE);

  *base = NULL;
  *overlay = NULL;

  if (self->kind == CG_TILE_SOURCE_KIND_NONE)
    return TRUE;

  if (self->mbtiles != NULL)
    {
      *base = make_renderer (self, "", SHUMATE_DATA_SOURCE (self->mbtiles));
      return TRUE;
    }

  if (session == NULL)
    session = own_session = cg_tile_sources_new_session (TILE_TIMEOUT_S);
  cache_dir = cg_tile_sources_dup_cache_dir ();
  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    g_debug ("Cannot create the tile cache %s: %s", cache_dir, g_strerror (errno));

  {
    g_autoptr(CgTileDownloader) data = cg_tile_downloader_new (self->template, self->cache_key,
                                                               cache_dir, session);

    *base = make_renderer (self, "", SHUMATE_DATA_SOURCE (data));
  }

  if (self->overlay_template != NULL)
    {
      g_autofree char *key = g_strconcat (self->cache_key, "-overlay", NULL);
      g_autoptr(CgTileDownloader) data = cg_tile_downloader_new (self->overlay_template, key,
                                                                 cache_dir, session);

      *overlay = make_renderer (self, "-overlay", SHUMATE_DATA_SOURCE (data));
    }

  return TRUE;
}

/* Probe */

typedef struct
{
  CgTileSource *source;
  SoupMessage  *msg;
} Probe;

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  cg_tile_source_unref (probe->source);
  g_clear_object (&probe->msg);
  g_free (probe);
}

static void
on_probe_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, cg_tile_sources_translate_error (error, probe->source->kind));
      return;
    }

  if (!cg_tile_sources_check_response (soup_message_get_status (probe->msg),
                                       soup_message_get_reason_phrase (probe->msg), body,
                                       probe->source->kind, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
cg_tile_source_probe_async (CgTileSource        *self,
                            SoupSession         *session,
                            double               lat,
                            double               lon,
                            int                  zoom,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) own_session = NULL;
  g_autofree char *uri = NULL;
  Probe *probe;
  double n;
  int x, y;

  g_return_if_fail (self != NULL);
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_tile_source_probe_async);
  probe = g_new0 (Probe, 1);
  probe->source = cg_tile_source_ref (self);
  g_task_set_task_data (task, probe, probe_free);

  if (!cg_tile_source_is_network (self))
    {
      /* none, or an MBTiles file that cg_tile_source_new() has opened and checked */
      g_task_return_boolean (task, TRUE);
      return;
    }

  zoom = CLAMP (zoom, (int) self->min_zoom, (int) self->max_zoom);
  n = (double) (1 << zoom);
  x = CLAMP ((int) floor (cg_mercator_x_from_lon (lon) * n), 0, (int) n - 1);
  y = CLAMP ((int) floor (cg_mercator_y_from_lat (lat) * n), 0, (int) n - 1);
  uri = cg_tile_template_expand (self->template, x, y, zoom);

  probe->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (probe->msg == NULL)
    {
      g_task_return_new_error (task, CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                               _("The tile address is not a valid URL"));
      return;
    }

  if (session == NULL)
    session = own_session = cg_tile_sources_new_session (PROBE_TIMEOUT_S);

  g_debug ("Probing %s at zoom %d (%d, %d)", catalogue[self->kind].id, zoom, x, y);
  soup_session_send_and_read_async (session, probe->msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_probe_read_cb, g_steal_pointer (&task));
}

gboolean
cg_tile_source_probe_finish (CgTileSource  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
