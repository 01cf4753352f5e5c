/* test-mbtiles.c: CgMbtilesSource on small generated MBTiles files (no display needed)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cg-mbtiles-source.h"

typedef struct
{
  char *dir;
  char *path;   /* a valid MBTiles file */
} Fixture;

/* Recognisable fake PNG bytes for a tile at TMS row @row */
static GBytes *
tile_bytes (int z,
            int x,
            int row)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *a = g_byte_array_new ();
  g_autofree char *tail = g_strdup_printf ("tile z=%d x=%d tms-row=%d", z, x, row);

  g_byte_array_append (a, png_magic, sizeof png_magic);
  g_byte_array_append (a, (const guint8 *) tail, strlen (tail));
  /* some bytes SQLite must not mangle */
  g_byte_array_append (a, (const guint8 *) "\0\xff\0", 3);

  return g_byte_array_free_to_bytes (a);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
}

typedef enum
{
  MAKE_TILES = 1 << 0,
  MAKE_METADATA = 1 << 1,
  MAKE_ZOOMS = 1 << 2,
  MAKE_PBF = 1 << 3,
} MakeFlags;

/* Tiles: zoom 0 (one), zoom 1 (all four), zoom 2 only x=1, TMS row 3 (XYZ y=0) */
static void
make_mbtiles (const char *path,
              MakeFlags   flags)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);

  if (flags & MAKE_METADATA)
    {
      exec (db, "CREATE TABLE metadata (name TEXT, value TEXT)");
      exec (db, "INSERT INTO metadata VALUES ('name', '上海 test tiles'), "
                "('attribution', '© test'), ('bounds', '120.85,30.68,122.2,31.87'), "
                "('type', 'baselayer'), ('version', '1')");
      if (flags & MAKE_PBF)
        exec (db, "INSERT INTO metadata VALUES ('format', 'pbf')");
      else
        exec (db, "INSERT INTO metadata VALUES ('format', 'png')");
      if (flags & MAKE_ZOOMS)
        exec (db, "INSERT INTO metadata VALUES ('minzoom', '0'), ('maxzoom', '2')");
    }

  if (flags & MAKE_TILES)
    {
      static const int tiles[][3] = {
        { 0, 0, 0 },
        { 1, 0, 0 }, { 1, 0, 1 }, { 1, 1, 0 }, { 1, 1, 1 },
        { 2, 1, 3 },
      };

      exec (db, "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                "tile_row INTEGER, tile_data BLOB)");
      exec (db, "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1,
                                           &stmt, NULL), ==, SQLITE_OK);
      for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
        {
          g_autoptr(GBytes) b = tile_bytes (tiles[i][0], tiles[i][1], tiles[i][2]);
          gsize len;
          const void *data = g_bytes_get_data (b, &len);

          sqlite3_bind_int (stmt, 1, tiles[i][0]);
          sqlite3_bind_int (stmt, 2, tiles[i][1]);
          sqlite3_bind_int (stmt, 3, tiles[i][2]);
          sqlite3_bind_blob (stmt, 4, data, (int) len, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
    }
  else
    {
      exec (db, "CREATE TABLE something_else (a INTEGER)");
    }

  sqlite3_close (db);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cg-mbtiles-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "city.mbtiles", NULL);
  make_mbtiles (f->path, MAKE_TILES | MAKE_METADATA | MAKE_ZOOMS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        g_rmdir (p);
      else
        g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

typedef struct
{
  GBytes *bytes;        /* from _finish */
  GError *error;
  gboolean done;
  /* from the received-data signal */
  guint   n_signals;
  guint   n_signals_at_done;
  int     sx, sy, sz;
  GBytes *signal_bytes;
  GThread *signal_thread;
} Fetch;

static void
fetch_clear (Fetch *f)
{
  g_clear_pointer (&f->bytes, g_bytes_unref);
  g_clear_pointer (&f->signal_bytes, g_bytes_unref);
  g_clear_error (&f->error);
}

static void
on_received_data_cb (ShumateDataSource *source,
                     int                x,
                     int                y,
                     int                z,
                     GBytes            *bytes,
                     Fetch             *f)
{
  f->n_signals++;
  f->sx = x;
  f->sy = y;
  f->sz = z;
  f->signal_thread = g_thread_self ();
  g_clear_pointer (&f->signal_bytes, g_bytes_unref);
  f->signal_bytes = g_bytes_ref (bytes);
}

static void
on_fetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fetch *f = user_data;

  f->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result,
                                                       &f->error);
  f->n_signals_at_done = f->n_signals;
  f->done = TRUE;
}

static void
fetch (CgMbtilesSource *source,
       int              x,
       int              y,
       int              z,
       GCancellable    *cancellable,
       Fetch           *f)
{
  gulong id;

  memset (f, 0, sizeof *f);
  id = g_signal_connect (source, "received-data", G_CALLBACK (on_received_data_cb), f);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, z, cancellable,
                                           on_fetch_done_cb, f);
  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (source, id);
}

static void
test_mbtiles_metadata (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);
  double w, s, e, n;

  g_assert_no_error (error);
  g_assert_true (SHUMATE_IS_DATA_SOURCE (source));
  g_assert_cmpstr (cg_mbtiles_source_get_name (source), ==, "上海 test tiles");
  g_assert_cmpstr (cg_mbtiles_source_get_format (source), ==, "png");
  g_assert_cmpstr (cg_mbtiles_source_get_attribution (source), ==, "© test");
  g_assert_cmpstr (cg_mbtiles_source_get_path (source), ==, f->path);
  g_assert_cmpint (cg_mbtiles_source_get_min_zoom (source), ==, 0);
  g_assert_cmpint (cg_mbtiles_source_get_max_zoom (source), ==, 2);
  g_assert_true (cg_mbtiles_source_get_bounds (source, &w, &s, &e, &n));
  g_assert_cmpfloat (w, ==, 120.85);
  g_assert_cmpfloat (s, ==, 30.68);
  g_assert_cmpfloat (e, ==, 122.2);
  g_assert_cmpfloat (n, ==, 31.87);
}

static void
test_mbtiles_zooms_from_tiles (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nozoom.mbtiles", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = NULL;

  make_mbtiles (path, MAKE_TILES | MAKE_METADATA);
  source = cg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cg_mbtiles_source_get_min_zoom (source), ==, 0);
  g_assert_cmpint (cg_mbtiles_source_get_max_zoom (source), ==, 2);
}

static void
test_mbtiles_fetch (Fixture       *f,
                    gconstpointer  data)
{
  /* XYZ coordinates as libshumate asks for them; the file stores TMS rows */
  static const int xyz[][3] = {
    { 0, 0, 0 },
    { 0, 0, 1 }, { 1, 0, 1 }, { 0, 1, 1 }, { 1, 1, 1 },
    { 1, 0, 2 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (xyz); i++)
    {
      int x = xyz[i][0], y = xyz[i][1], z = xyz[i][2];
      g_autoptr(GBytes) expected = tile_bytes (z, x, (1 << z) - 1 - y);
      Fetch r;

      fetch (source, x, y, z, NULL, &r);
      g_assert_no_error (r.error);
      g_assert_nonnull (r.bytes);
      g_assert_true (g_bytes_equal (r.bytes, expected));

      /* received-data fired once, on this (the main) thread, before the callback */
      g_assert_cmpuint (r.n_signals, ==, 1);
      g_assert_cmpuint (r.n_signals_at_done, ==, 1);
      g_assert_true (r.signal_thread == g_thread_self ());
      g_assert_cmpint (r.sx, ==, x);
      g_assert_cmpint (r.sy, ==, y);
      g_assert_cmpint (r.sz, ==, z);
      g_assert_true (g_bytes_equal (r.signal_bytes, expected));
      fetch_clear (&r);
    }
}

static void
test_mbtiles_tms_flip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);
  g_autoptr(GBytes) north = tile_bytes (2, 1, 3);
  Fetch r;

  /* The only zoom-2 tile is TMS row 3: the northernmost row, XYZ y = 0 */
  fetch (source, 1, 0, 2, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_true (g_bytes_equal (r.bytes, north));
  fetch_clear (&r);

  /* XYZ y = 3 would be TMS row 0, which is not there */
  fetch (source, 1, 3, 2, NULL, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  fetch_clear (&r);
}

static void
test_mbtiles_missing_tile (Fixture       *f,
                           gconstpointer  data)
{
  static const int xyz[][3] = {
    { 0, 0, 2 },      /* in range, not in the file */
    { 2, 0, 1 },      /* x beyond the zoom's columns */
    { 0, -1, 1 },
    { 0, 0, 5 },      /* above maxzoom */
    { 0, 0, -1 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);

  for (guint i = 0; i < G_N_ELEMENTS (xyz); i++)
    {
      Fetch r;

      fetch (source, xyz[i][0], xyz[i][1], xyz[i][2], NULL, &r);
      g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_null (r.bytes);
      g_assert_cmpuint (r.n_signals, ==, 0);
      fetch_clear (&r);
    }
}

static void
test_mbtiles_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetch r;

  g_cancellable_cancel (cancellable);
  fetch (source, 0, 0, 0, cancellable, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (r.n_signals, ==, 0);
  fetch_clear (&r);
}

typedef struct
{
  guint pending;
  guint ok;
} Many;

static void
on_many_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Many *m = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  g_assert_no_error (error);
  if (bytes != NULL)
    m->ok++;
  m->pending--;
}

static void
test_mbtiles_concurrent (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CgMbtilesSource *source = cg_mbtiles_source_new (f->path, &error);
  Many m = { 0, 0 };

  /* Many lookups in flight at once, on several worker threads; the source is
   * dropped by the caller meanwhile (the tasks keep it alive) */
  for (guint i = 0; i < 64; i++)
    {
      m.pending++;
      shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), i % 2, (i / 2) % 2, 1,
                                               NULL, on_many_done_cb, &m);
    }
  g_object_unref (source);

  while (m.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (m.ok, ==, 64);
}

static void
test_mbtiles_open_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.mbtiles", NULL);
  g_autofree char *text = g_build_filename (f->dir, "text.mbtiles", NULL);
  g_autofree char *png = g_build_filename (f->dir, "image.mbtiles", NULL);
  g_autofree char *notiles = g_build_filename (f->dir, "notiles.mbtiles", NULL);
  g_autofree char *nometa = g_build_filename (f->dir, "nometa.mbtiles", NULL);
  g_autofree char *pbf = g_build_filename (f->dir, "vector.mbtiles", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.mbtiles", NULL);
  g_autoptr(GBytes) tile = tile_bytes (0, 0, 0);
  GError *error = NULL;
  CgMbtilesSource *source;

  source = cg_mbtiles_source_new (missing, &error);
  g_assert_null (source);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.mbtiles"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  source = cg_mbtiles_source_new (f->dir, &error);
  g_assert_null (source);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "this is not a database, just some text that is "
                                      "long enough to have an SQLite header's size\n", -1, NULL));
  source = cg_mbtiles_source_new (text, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_SQLITE);
  g_assert_nonnull (strstr (error->message, "text.mbtiles"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (png, g_bytes_get_data (tile, NULL), g_bytes_get_size (tile),
                                      NULL));
  source = cg_mbtiles_source_new (png, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_SQLITE);
  g_clear_error (&error);

  make_mbtiles (notiles, MAKE_METADATA | MAKE_ZOOMS);
  source = cg_mbtiles_source_new (notiles, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_MBTILES);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  make_mbtiles (nometa, MAKE_TILES);
  source = cg_mbtiles_source_new (nometa, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_MBTILES);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  make_mbtiles (pbf, MAKE_TILES | MAKE_METADATA | MAKE_ZOOMS | MAKE_PBF);
  source = cg_mbtiles_source_new (pbf, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* SQLite takes an empty file for an empty database */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  source = cg_mbtiles_source_new (empty, &error);
  g_assert_null (source);
  g_assert_error (error, CG_MBTILES_ERROR, CG_MBTILES_ERROR_NOT_MBTILES);
  g_clear_error (&error);
}

static void
test_mbtiles_file_removed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = cg_mbtiles_source_new (f->path, &error);
  Fetch r;

  g_assert_no_error (error);

  /* The open connection keeps the data readable (POSIX unlink semantics) */
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  fetch (source, 0, 0, 0, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.bytes);
  fetch_clear (&r);
}

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real 256x256 PNG made with cairo */
static GBytes *
make_png (double r,
          double g,
          double b)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, write_png_cb, png), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
on_fill_tile_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError **error = user_data;

  shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (object), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");   /* sentinel */
}

/* End to end through libshumate's own raster renderer, the way the map uses the
 * source. On 1.0.x the renderer takes the bytes only from received-data: a
 * source that just returned them from _finish() leaves the tile empty. */
static void
test_mbtiles_raster_renderer (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "png.mbtiles", NULL);
  g_autoptr(GBytes) png = make_png (0.2, 0.6, 0.9);
  g_autoptr(GError) error = NULL;
  g_autoptr(CgMbtilesSource) source = NULL;
  g_autoptr(ShumateRasterRenderer) renderer = NULL;
  g_autoptr(ShumateTile) tile = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GError *done = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "CREATE TABLE metadata (name TEXT, value TEXT);"
            "INSERT INTO metadata VALUES ('name', 'png'), ('format', 'png');"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
            "tile_row INTEGER, tile_data BLOB)");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (3, 6, 4, ?)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, g_bytes_get_data (png, NULL), (int) g_bytes_get_size (png),
                     SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  source = cg_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  renderer = shumate_raster_renderer_new (SHUMATE_DATA_SOURCE (source));

  /* TMS row 4 at zoom 3 is XYZ y = 8 - 1 - 4 = 3 */
  tile = shumate_tile_new_full (6, 3, 256, 3);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (renderer), tile, NULL,
                                      on_fill_tile_done_cb, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (done, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&done);

  g_assert_nonnull (shumate_tile_get_paintable (tile));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (shumate_tile_get_paintable (tile)), ==, 256);

  /* A tile that is not there leaves the tile empty, with an error */
  g_clear_object (&tile);
  tile = shumate_tile_new_full (6, 4, 256, 3);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (renderer), tile, NULL,
                                      on_fill_tile_done_cb, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_error_matches (done, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_test_message ("missing tile: %s", done->message);
  g_clear_error (&done);
  g_assert_null (shumate_tile_get_paintable (tile));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cg/mbtiles/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("metadata", test_mbtiles_metadata);
  ADD ("zooms-from-tiles", test_mbtiles_zooms_from_tiles);
  ADD ("fetch", test_mbtiles_fetch);
  ADD ("tms-flip", test_mbtiles_tms_flip);
  ADD ("missing-tile", test_mbtiles_missing_tile);
  ADD ("cancelled", test_mbtiles_cancelled);
  ADD ("concurrent", test_mbtiles_concurrent);
  ADD ("open-errors", test_mbtiles_open_errors);
  ADD ("file-removed", test_mbtiles_file_removed);
  ADD ("raster-renderer", test_mbtiles_raster_renderer);

#undef ADD

  return g_test_run ();
}
