/* cg-malloc.h: the app's settings of the C library's allocator
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Blocks this large or larger are always mmapped and given back to the system when freed */
#define CG_MALLOC_MMAP_THRESHOLD (256 * 1024)
/* At most this many malloc arenas (glibc's default is 8 per core) */
#define CG_MALLOC_ARENA_MAX      2

/* Sets glibc's allocator for a long-running app that receives a large message every second
 * (bench/README.md, "bench/live"): a fixed mmap threshold of CG_MALLOC_MMAP_THRESHOLD (glibc
 * otherwise raises it to the largest block freed so far, and the 630 KB socket messages then
 * come from the heap and fragment it) and at most CG_MALLOC_ARENA_MAX arenas (each thread
 * that decodes a message otherwise grows an arena of its own, kept for good). Call it first
 * in main(), before any thread starts. Does nothing and returns FALSE when the environment
 * sets the allocator (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, GLIBC_TUNABLES with
 * glibc.malloc.*), under a sanitizer's allocator, or without glibc. */
gboolean cg_malloc_tune          (void);

/* Bytes malloc holds in mmapped blocks now, -1 when the C library does not say (tests) */
gssize   cg_malloc_get_mmapped   (void);

G_END_DECLS
