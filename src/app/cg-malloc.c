/* cg-malloc.c: the app's settings of the C library's allocator
 *
 * Measured in the live soak (bench/README.md, "bench/live"): the app's live heap stays flat,
 * but with glibc's defaults its RSS grew about 1 MiB a minute: the free space malloc kept
 * after each 630 KB socket message (the dynamic mmap threshold puts such blocks on the heap
 * once one has been freed) and the arenas of the worker threads that took turns decoding.
 * A fixed mmap threshold under the message's size stopped the growth but mmapped, faulted in
 * and unmapped the cairo renderer's 1-1.6 MB group surfaces several times a frame (2,500 page
 * faults a second): at most two arenas and a periodic malloc_trim() instead.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <string.h>

#if HAVE_MALLOPT || HAVE_MALLOC_TRIM
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
  /* mallopt() returns 1 on success */
  return mallopt (M_ARENA_MAX, CG_MALLOC_ARENA_MAX) == 1;
#else
  return FALSE;
#endif
}

gboolean
cg_malloc_trim (void)
{
#if HAVE_MALLOC_TRIM && !defined(UNDER_SANITIZER)
  return malloc_trim (0) == 1;
#else
  return FALSE;
#endif
}

#if HAVE_MALLOC_TRIM && !defined(UNDER_SANITIZER)
static gboolean
trim_cb (gpointer data)
{
  gint64 start = g_get_monotonic_time ();
  gboolean released = cg_malloc_trim ();

  g_debug ("malloc_trim: %s in %.1f ms", released ? "memory given back" : "nothing to give back",
           (g_get_monotonic_time () - start) / 1000.0);
  return G_SOURCE_CONTINUE;
}
#endif

guint
cg_malloc_start_trimming (guint interval_s)
{
#if HAVE_MALLOC_TRIM && !defined(UNDER_SANITIZER)
  if (environment_sets_malloc () || interval_s == 0)
    return 0;
  return g_timeout_add_seconds_full (G_PRIORITY_LOW, interval_s, trim_cb, NULL, NULL);
#else
  return 0;
#endif
}
