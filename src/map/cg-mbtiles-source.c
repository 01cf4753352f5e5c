/* cg-mbtiles-source.c: raster tiles from an offline MBTiles file
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-mbtiles"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "cg-map-private.h"
#include "cg-mbtiles-source.h"

/* MBTiles 1.3: tiles (zoom_level, tile_column, tile_row, tile_data) with rows in
 * TMS order (0 at the south), and metadata (name, value). Lookups run in GTask
 * worker threads; each thread borrows a read-only connection from a pool, so no
 * connection is ever used by two threads at once (SQLITE_OPEN_NOMUTEX). */

#define TILE_SQL "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3"

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *tile_stmt;
} Connection;

struct _CgMbtilesSource
{
  ShumateDataSource  parent_instance;

  char              *path;           /* construct-only */
  char              *name;
  char              *format;
  char              *attribution;
  int                min_zoom;
  int                max_zoom;
  double             bounds[4];      /* west, south, east, north */
  guint              has_bounds : 1;

  GAsyncQueue       *pool;           /* of Connection *, idle ones */
};

typedef struct
{
  int x;
  int y;
  int z;
} TileRequest;

static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CgMbtilesSource, cg_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init))

G_DEFINE_QUARK (cg-mbtiles-error-quark, cg_mbtiles_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
connection_free (Connection *conn)
{
  if (conn == NULL)
    return;

  sqlite3_finalize (conn->tile_stmt);
  sqlite3_close (conn->db);
  g_free (conn);
}

/* Opens a connection and prepares the tile query; sets a user-facing error */
static Connection *
connection_open (const char  *path,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  Connection *conn = g_new0 (Connection, 1);
  int rc;

  rc = sqlite3_open_v2 (path, &conn->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (conn->db, TILE_SQL, -1, &conn->tile_stmt, NULL);

  if (rc != SQLITE_OK)
    {
      int code = conn->db ? sqlite3_errcode (conn->db) : rc;

      if (code == SQLITE_NOTADB)
        g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_SQLITE,
                     _("“%s” is not an MBTiles file: it is not an SQLite database"), display);
      else if (code == SQLITE_ERROR)
        g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_MBTILES,
                     _("“%s” is not an MBTiles file: it has no tiles table"), display);
      else
        g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_FAILED,
                     _("Could not open the MBTiles file “%s”: %s"), display,
                     conn->db ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc));
      connection_free (conn);
      return NULL;
    }

  return conn;
}

static gboolean
parse_int (const char *s,
           int        *out)
{
  char *end = NULL;
  gint64 v;

  if (s == NULL)
    return FALSE;

  errno = 0;
  v = g_ascii_strtoll (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 30)
    return FALSE;

  *out = (int) v;
  return TRUE;
}

static gboolean
parse_bounds (const char *s,
              double      out[4])
{
  g_auto(GStrv) parts = NULL;

  if (s == NULL)
    return FALSE;

  parts = g_strsplit (s, ",", -1);
  if (g_strv_length (parts) != 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      g_strstrip (parts[i]);
      out[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0')
        return FALSE;
    }

  return out[0] < out[2] && out[1] < out[3] &&
         out[0] >= -180 && out[2] <= 180 && out[1] >= -90 && out[3] <= 90;
}

static const char *
format_or_default (const char *format)
{
  return format != NULL && *format != '\0' ? format : "png";
}

static gboolean
read_metadata (CgMbtilesSource  *self,
               Connection       *conn,
               GError          **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (conn->db, "SELECT name, value FROM metadata", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_MBTILES,
                   _("“%s” is not an MBTiles file: it has no metadata table"), display);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *k = (const char *) sqlite3_column_text (stmt, 0);
      const char *v = (const char *) sqlite3_column_text (stmt, 1);

      if (k != NULL && v != NULL)
        g_hash_table_replace (meta, g_ascii_strdown (k, -1), g_strdup (v));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_FAILED,
                   _("Could not read the MBTiles file “%s”: %s"), display,
                   sqlite3_errmsg (conn->db));
      return FALSE;
    }

  self->name = g_strdup (g_hash_table_lookup (meta, "name"));
  if (self->name == NULL || *self->name == '\0')
    {
      g_free (self->name);
      self->name = g_path_get_basename (self->path);
    }
  self->format = g_ascii_strdown (format_or_default (g_hash_table_lookup (meta, "format")), -1);
  if (g_str_equal (self->format, "jpeg"))
    {
      g_free (self->format);
      self->format = g_strdup ("jpg");
    }
  self->attribution = g_strdup (g_hash_table_lookup (meta, "attribution"));
  self->has_bounds = parse_bounds (g_hash_table_lookup (meta, "bounds"), self->bounds);

  if (g_str_equal (self->format, "pbf"))
    {
      g_set_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_UNSUPPORTED,
                   _("“%s” holds vector tiles, which this version of the map cannot draw"),
                   display);
      return FALSE;
    }

  if (!parse_int (g_hash_table_lookup (meta, "minzoom"), &self->min_zoom) ||
      !parse_int (g_hash_table_lookup (meta, "maxzoom"), &self->max_zoom) ||
      self->min_zoom > self->max_zoom)
    {
      /* Not in the metadata: ask the tiles (the unique index makes this cheap) */
      rc = sqlite3_prepare_v2 (conn->db, "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
          sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, 30);
          self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), self->min_zoom, 30);
        }
      else
        {
          self->min_zoom = 0;
          self->max_zoom = 18;
        }
      sqlite3_finalize (stmt);
    }

  return TRUE;
}

static gboolean
cg_mbtiles_source_initable_init (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  CgMbtilesSource *self = CG_MBTILES_SOURCE (initable);
  g_autofree char *display = NULL;
  Connection *conn;

  if (self->path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No MBTiles file was given"));
      return FALSE;
    }

  display = g_filename_display_name (self->path);
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The MBTiles file “%s” does not exist"), display);
      return FALSE;
    }
  if (g_file_test (self->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not an MBTiles file"), display);
      return FALSE;
    }

  conn = connection_open (self->path, error);
  if (conn == NULL)
    return FALSE;

  if (!read_metadata (self, conn, error))
    {
      connection_free (conn);
      return FALSE;
    }

  g_debug ("Opened %s: “%s”, %s, zoom %d–%d", self->path, self->name, self->format,
           self->min_zoom, self->max_zoom);

  g_async_queue_push (self->pool, conn);
  return TRUE;
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = cg_mbtiles_source_initable_init;
}

/* Runs in a worker thread */
static void
lookup_tile_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CgMbtilesSource *self = source_object;
  const TileRequest *req = task_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = NULL;
  Connection *conn;
  int rc;

  if (g_task_return_error_if_cancelled (task))
    return;

  conn = g_async_queue_try_pop (self->pool);
  if (conn == NULL)
    conn = connection_open (self->path, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sqlite3_bind_int (conn->tile_stmt, 1, req->z);
  sqlite3_bind_int (conn->tile_stmt, 2, req->x);
  sqlite3_bind_int (conn->tile_stmt, 3, (1 << req->z) - 1 - req->y);   /* XYZ -> TMS */

  rc = sqlite3_step (conn->tile_stmt);
  if (rc == SQLITE_ROW)
    {
      const void *blob = sqlite3_column_blob (conn->tile_stmt, 0);
      int len = sqlite3_column_bytes (conn->tile_stmt, 0);

      if (blob != NULL && len > 0)
        bytes = g_bytes_new (blob, len);
    }
  else if (rc != SQLITE_DONE)
    {
      g_set_error (&error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_FAILED,
                   "Reading tile %d/%d/%d failed: %s", req->z, req->x, req->y,
                   sqlite3_errmsg (conn->db));
    }

  sqlite3_reset (conn->tile_stmt);
  sqlite3_clear_bindings (conn->tile_stmt);
  g_async_queue_push (self->pool, conn);

  if (bytes != NULL)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "No tile %d/%d/%d in the MBTiles file", req->z, req->x, req->y);
}

/* Back on the thread that asked, with the outer task as user data */
static void
on_lookup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  CgMbtilesSource *self = CG_MBTILES_SOURCE (object);
  const TileRequest *req = g_task_get_task_data (outer);
  GBytes *bytes;

  bytes = g_task_propagate_pointer (G_TASK (result), &error);
  if (bytes == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  _cg_tile_data_return (SHUMATE_DATA_SOURCE (self), outer, req->x, req->y, req->z, bytes);
}

static void
cg_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom_level,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  CgMbtilesSource *self = CG_MBTILES_SOURCE (source);
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  TileRequest *req;

  g_return_if_fail (CG_IS_MBTILES_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cg_mbtiles_source_get_tile_data_async);

  if (zoom_level < 0 || zoom_level > 30 || x < 0 || y < 0 ||
      x >= (1 << zoom_level) || y >= (1 << zoom_level) ||
      zoom_level < self->min_zoom || zoom_level > self->max_zoom)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "No tile %d/%d/%d in the MBTiles file", zoom_level, x, y);
      return;
    }

  req = g_new (TileRequest, 1);
  req->x = x;
  req->y = y;
  req->z = zoom_level;
  g_task_set_task_data (outer, req, g_free);

  inner = g_task_new (self, cancellable, on_lookup_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, cg_mbtiles_source_get_tile_data_async);
  g_task_set_task_data (inner, g_memdup2 (req, sizeof *req), g_free);
  g_task_run_in_thread (inner, lookup_tile_thread);
}

static void
cg_mbtiles_source_finalize (GObject *object)
{
  CgMbtilesSource *self = CG_MBTILES_SOURCE (object);

  /* Every running lookup holds a reference, so all connections are idle here */
  g_clear_pointer (&self->pool, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->attribution, g_free);

  G_OBJECT_CLASS (cg_mbtiles_source_parent_class)->finalize (object);
}

static void
cg_mbtiles_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CgMbtilesSource *self = CG_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_mbtiles_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CgMbtilesSource *self = CG_MBTILES_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_mbtiles_source_class_init (CgMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = cg_mbtiles_source_finalize;
  object_class->get_property = cg_mbtiles_source_get_property;
  object_class->set_property = cg_mbtiles_source_set_property;

  source_class->get_tile_data_async = cg_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = _cg_tile_data_finish;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cg_mbtiles_source_init (CgMbtilesSource *self)
{
  self->pool = g_async_queue_new_full ((GDestroyNotify) connection_free);
  self->max_zoom = 18;
}

CgMbtilesSource *
cg_mbtiles_source_new (const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (CG_TYPE_MBTILES_SOURCE, NULL, error, "path", path, NULL);
}

const char *
cg_mbtiles_source_get_path (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), NULL);

  return self->path;
}

const char *
cg_mbtiles_source_get_name (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), NULL);

  return self->name;
}

const char *
cg_mbtiles_source_get_format (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), NULL);

  return self->format;
}

const char *
cg_mbtiles_source_get_attribution (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), NULL);

  return self->attribution;
}

int
cg_mbtiles_source_get_min_zoom (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), 0);

  return self->min_zoom;
}

int
cg_mbtiles_source_get_max_zoom (CgMbtilesSource *self)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), 0);

  return self->max_zoom;
}

gboolean
cg_mbtiles_source_get_bounds (CgMbtilesSource *self,
                              double          *west,
                              double          *south,
                              double          *east,
                              double          *north)
{
  g_return_val_if_fail (CG_IS_MBTILES_SOURCE (self), FALSE);

  if (!self->has_bounds)
    return FALSE;

  if (west)
    *west = self->bounds[0];
  if (south)
    *south = self->bounds[1];
  if (east)
    *east = self->bounds[2];
  if (north)
    *north = self->bounds[3];

  return TRUE;
}
