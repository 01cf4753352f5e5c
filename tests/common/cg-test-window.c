/* cg-test-window.c: waiting, pixels and PNG snapshots for the tests of the window
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cg-test-window.h"

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

CgWindow *
cg_test_app_start (CgApplication **app)
{
  g_autoptr(GError) error = NULL;
  CgWindow *window;

  *app = cg_application_new ();
  g_application_set_flags (G_APPLICATION (*app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (*app));

  window = CG_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (*app)));
  g_assert_true (CG_IS_WINDOW (window));
  return window;
}

void
cg_test_app_stop (CgApplication **app,
                  CgWindow       *window)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  if (*app != NULL)
    {
      g_application_quit (G_APPLICATION (*app));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_clear_object (app);
}

gboolean
cg_test_wait_for (CgTestCondition  condition,
                  guint            seconds,
                  const char      *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout_cb, &timed_out);

  while (!condition () && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  else
    g_test_message ("timed out waiting for %s", what);

  return !timed_out;
}

static guint frames_seen;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  /* keep the clock ticking until enough frames went by */
  if (++frames_seen < 3)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static gboolean
enough_frames (void)
{
  return frames_seen >= 3;
}

void
cg_test_wait_frames (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  g_assert_nonnull (clock);
  frames_seen = 0;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_queue_draw (widget);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  g_assert_true (cg_test_wait_for (enough_frames, 10, "frames"));
  g_signal_handler_disconnect (clock, id);
}

gboolean
cg_test_window_synced_and_loaded (CgWindow *window,
                                  guint     min_points)
{
  CgSync *sync = cg_window_get_sync (window);
  CgMapView *view = cg_window_get_map_view (window);

  return sync != NULL &&
         cg_sync_get_status (sync) == CG_SYNC_STATUS_OK &&
         !cg_map_view_get_loading (view) &&
         cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (view)) >= min_points;
}

gboolean
cg_test_save_png (GdkTexture *texture)
{
  const char *path = g_getenv ("CG_TEST_SAVE_PNG");

  return path == NULL || gdk_texture_save_to_png (texture, path);
}

void
cg_test_apply_page (CgStore      *store,
                    CgCollection  collection,
                    GPtrArray    *records)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cg_store_apply_page (store, collection, records, NULL, NULL, 0, &error));
  g_assert_no_error (error);
}

void
cg_test_remove_cache_dir (const char *tmpdir)
{
  g_autofree char *db = g_build_filename (tmpdir, "cache.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (tmpdir);
}

void
cg_test_pixels_download (CgTestPixels *out,
                         GdkTexture   *texture)
{
  out->width = gdk_texture_get_width (texture);
  out->height = gdk_texture_get_height (texture);
  out->stride = (gsize) out->width * 4;
  out->data = g_malloc (out->stride * out->height);
  gdk_texture_download (texture, out->data, out->stride);
}

void
cg_test_pixels_clear (CgTestPixels *p)
{
  g_clear_pointer (&p->data, g_free);
}

guint32
cg_test_pixels_get_rgb (const CgTestPixels *p,
                        int                 x,
                        int                 y)
{
  guint32 v = *(const guint32 *) (gconstpointer) (p->data + (gsize) y * p->stride + (gsize) x * 4);

  return v & 0xffffff;
}

gboolean
cg_test_color_near (guint32 a,
                    guint32 b,
                    int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}
