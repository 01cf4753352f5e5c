/* cg-malloc.h: the app's settings of the C library's allocator
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many malloc arenas (glibc's default is 8 per core) */
#define CG_MALLOC_ARENA_MAX      2
/* How often the app gives the allocator's free pages back to the system */
#define CG_MALLOC_TRIM_INTERVAL_S 30

/* Sets glibc's allocator for a long-running app that receives a large message every second
 * (bench/README.md, "bench/live"): at most CG_MALLOC_ARENA_MAX arenas (each thread that
 * decodes a message otherwise grows an arena of its own, kept for good). Call it first in
 * main(), before any thread starts. Does nothing and returns FALSE when the environment sets
 * the allocator (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, GLIBC_TUNABLES with
 * glibc.malloc.*), under a sanitizer's allocator, or without glibc. */
gboolean cg_malloc_tune          (void);

/* Gives the free pages of every arena back to the system (malloc_trim (0)); TRUE when some
 * were. The heap keeps its layout, so the blocks a frame reuses are only faulted in again. */
gboolean cg_malloc_trim          (void);

/* Calls cg_malloc_trim() every @interval_s seconds from the main loop (at low priority); 0
 * (nothing started) when the environment sets the allocator or there is no malloc_trim() */
guint    cg_malloc_start_trimming (guint interval_s);

G_END_DECLS
