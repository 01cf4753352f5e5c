/* cg-test-window.h: waiting, pixels and PNG snapshots for the tests of the window
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cg-application.h"
#include "cg-store.h"
#include "cg-window.h"

G_BEGIN_DECLS

typedef gboolean (*CgTestCondition) (void);

/* Starts a new CgApplication (non-unique: beside a running app), activates it and returns
 * its window, asserting it is a CgWindow. */
CgWindow *cg_test_app_start                (CgApplication  **app);
/* Destroys @window (nullable), quits *@app (nullable), lets the main context settle and
 * drops *@app. */
void     cg_test_app_stop                  (CgApplication  **app,
                                            CgWindow        *window);

/* Iterates the default main context until @condition holds or @seconds pass; FALSE (and
 * a test message naming @what) on the timeout. */
gboolean cg_test_wait_for                  (CgTestCondition  condition,
                                            guint            seconds,
                                            const char      *what);

/* Queues a redraw of @widget's window and iterates until its frame clock has painted three
 * frames (the widget laid out and painted with what it shows now); asserts they came
 * within 10 s. */
void     cg_test_wait_frames               (GtkWidget       *widget);

/* The window's sync is done (OK), its map loaded and showing at least @min_points places */
gboolean cg_test_window_synced_and_loaded  (CgWindow        *window,
                                            guint            min_points);

/* Saves @texture to $CG_TEST_SAVE_PNG when that is set; FALSE if saving failed. */
gboolean cg_test_save_png                  (GdkTexture      *texture);

/* Writes @records (a page of @collection) into @store, asserting it succeeds */
void     cg_test_apply_page                (CgStore         *store,
                                            CgCollection     collection,
                                            GPtrArray       *records);

/* Removes the cache (cache.db and its -wal and -shm) and then @tmpdir itself */
void     cg_test_remove_cache_dir          (const char      *tmpdir);

/* A texture's pixels, cairo ARGB32 (B G R A on little-endian) */
typedef struct
{
  guchar *data;
  int     width;
  int     height;
  gsize   stride;
} CgTestPixels;

void     cg_test_pixels_download           (CgTestPixels    *out,
                                            GdkTexture      *texture);
void     cg_test_pixels_clear              (CgTestPixels    *p);
/* 0xRRGGBB at (@x, @y) of an opaque image (premultiplied = straight) */
guint32  cg_test_pixels_get_rgb            (const CgTestPixels *p,
                                            int              x,
                                            int              y);
/* Each channel of @a and @b within @tolerance */
gboolean cg_test_color_near                (guint32          a,
                                            guint32          b,
                                            int              tolerance);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CgTestPixels, cg_test_pixels_clear)

G_END_DECLS
