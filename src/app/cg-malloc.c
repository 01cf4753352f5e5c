/* cg-malloc.c: the app's settings of the C library's allocator
 *
 * Measured in the live soak (bench/README.md, "bench/live"): the app's live heap stays flat,
 * but with glibc's defaults its RSS grew about 1 MiB a minute: the free space malloc kept
 * after each 630 KB socket message (the dynamic mmap threshold puts such blocks on the heap
 * once one has been freed) and the arenas of the worker threads that took turns decoding.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <string.h>

#if HAVE_MALLOPT || HAVE_MALLINFO2
#include <malloc.h>
#endif

#include "cg-malloc.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif

/* Whether the user chose the allocator's settings himself */
static gboolean
environment_sets_malloc (void)
{
  const char *tunables = g_getenv ("GLIBC_TUNABLES");

  return g_getenv ("MALLOC_ARENA_MAX") != NULL || g_getenv ("MALLOC_MMAP_THRESHOLD_") != NULL ||
         g_getenv ("MALLOC_TRIM_THRESHOLD_") != NULL ||
         (tunables != NULL && strstr (tunables, "glibc.malloc.") != NULL);
}

gboolean
cg_malloc_tune (void)
{
#if HAVE_MALLOPT && !defined(UNDER_SANITIZER)
  if (environment_sets_malloc ())
    {
      g_debug ("malloc: settings from the environment");
      return FALSE;
    }
  /* mallopt() returns 1 on success. A fixed mmap threshold also fixes the trim threshold
   * (at glibc's default of 128 KiB) instead of letting both follow the largest free. */
  if (mallopt (M_MMAP_THRESHOLD, CG_MALLOC_MMAP_THRESHOLD) != 1 ||
      mallopt (M_ARENA_MAX, CG_MALLOC_ARENA_MAX) != 1)
    return FALSE;
  return TRUE;
#else
  return FALSE;
#endif
}

gssize
cg_malloc_get_mmapped (void)
{
#if HAVE_MALLINFO2 && !defined(UNDER_SANITIZER)
  struct mallinfo2 info = mallinfo2 ();

  return (gssize) info.hblkhd;
#else
  return -1;
#endif
}
