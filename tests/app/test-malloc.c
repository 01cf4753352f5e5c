/* test-malloc.c: the app's allocator settings (cg-malloc.c)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "cg-malloc.h"

/* The size of one live positions message of the soak (1,575 devices) */
#define MESSAGE_SIZE (630 * 1024)

static gboolean
tune_or_skip (void)
{
  if (cg_malloc_tune ())
    return TRUE;
  g_test_skip ("no glibc allocator to tune (another C library or a sanitizer)");
  return FALSE;
}

static gsize
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  g_assert_cmpint (sscanf (statm, "%lu %lu", &size, &resident), ==, 2);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

/* glibc raises its mmap threshold to the largest block freed: from the second message on,
 * message buffers come from the heap, and with live blocks after them their space stays in
 * the process when they are freed. The periodic trim gives those pages back. */
static void
test_trim_gives_back (void)
{
  char *big[6];
  char *small[6];
  char *first;
  gsize before, after;

  if (!tune_or_skip ())
    return;

  /* the first one is mmapped; freeing it raises the threshold over its size */
  first = g_malloc (MESSAGE_SIZE);
  memset (first, 'x', MESSAGE_SIZE);
  g_free (first);

  /* messages on the heap, each followed by a block still in use (the top stays busy) */
  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    {
      big[i] = g_malloc (MESSAGE_SIZE);
      memset (big[i], 'x', MESSAGE_SIZE);
      /* too big for the free lists of small blocks: it comes after the message */
      small[i] = g_malloc (32 * 1024);
      memset (small[i], 'y', 32 * 1024);
    }
  for (guint i = 0; i < G_N_ELEMENTS (big); i++)
    g_free (big[i]);

  before = resident_bytes ();
  g_assert_true (cg_malloc_trim ());
  after = resident_bytes ();
  g_test_message ("resident: %" G_GSIZE_FORMAT " kB before the trim, %" G_GSIZE_FORMAT " kB after",
                  before / 1024, after / 1024);
  /* the freed messages' pages left the process (they were written, so resident) */
  g_assert_cmpuint (before, >=, after + (G_N_ELEMENTS (big) - 1) * MESSAGE_SIZE);

  for (guint i = 0; i < G_N_ELEMENTS (small); i++)
    g_free (small[i]);
}

/* The trim runs from the main loop */
static void
test_trimming_timer (void)
{
  guint id;

  if (!tune_or_skip ())
    return;

  g_assert_cmpuint (cg_malloc_start_trimming (0), ==, 0);
  id = cg_malloc_start_trimming (CG_MALLOC_TRIM_INTERVAL_S);
  g_assert_cmpuint (id, !=, 0);
  g_source_remove (id);
}

/* The user's own settings win */
static void
test_environment_wins (void)
{
  gboolean tuned;

  g_setenv ("MALLOC_ARENA_MAX", "4", TRUE);
  tuned = cg_malloc_tune ();
  g_unsetenv ("MALLOC_ARENA_MAX");
  g_assert_false (tuned);

  g_setenv ("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536", TRUE);
  tuned = cg_malloc_tune ();
  g_assert_cmpuint (cg_malloc_start_trimming (CG_MALLOC_TRIM_INTERVAL_S), ==, 0);
  g_unsetenv ("GLIBC_TUNABLES");
  g_assert_false (tuned);
}

int
main (int   argc,
      char *argv[])
{
  /* the settings of the test's own environment must not decide what is tested */
  g_unsetenv ("MALLOC_ARENA_MAX");
  g_unsetenv ("MALLOC_MMAP_THRESHOLD_");
  g_unsetenv ("MALLOC_TRIM_THRESHOLD_");
  g_unsetenv ("GLIBC_TUNABLES");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/malloc/trim-gives-back", test_trim_gives_back);
  g_test_add_func ("/cg/malloc/trimming-timer", test_trimming_timer);
  g_test_add_func ("/cg/malloc/environment-wins", test_environment_wins);

  return g_test_run ();
}
