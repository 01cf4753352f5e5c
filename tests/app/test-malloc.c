/* test-malloc.c: the app's allocator settings (cg-malloc.c)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

/* glibc's default raises the mmap threshold to the largest block freed: from the second
 * message on, message buffers came from the heap. Tuned, each one is mmapped and given back
 * when it is freed, however many came before. */
static void
test_large_blocks_go_back (void)
{
  if (!tune_or_skip ())
    return;

  for (guint round = 0; round < 5; round++)
    {
      gssize before = cg_malloc_get_mmapped ();
      gssize during;
      char *block;

      g_assert_cmpint (before, >=, 0);
      block = g_malloc (MESSAGE_SIZE);
      memset (block, 'x', MESSAGE_SIZE);
      during = cg_malloc_get_mmapped ();
      g_free (block);

      g_assert_cmpint (during - before, >=, MESSAGE_SIZE);
      g_assert_cmpint (cg_malloc_get_mmapped (), ==, before);
    }
}

/* Blocks under the threshold stay on the heap (no system call per small allocation) */
static void
test_small_blocks_stay (void)
{
  gssize before;
  char *block;

  if (!tune_or_skip ())
    return;

  before = cg_malloc_get_mmapped ();
  block = g_malloc (CG_MALLOC_MMAP_THRESHOLD / 2);
  memset (block, 'x', CG_MALLOC_MMAP_THRESHOLD / 2);
  g_assert_cmpint (cg_malloc_get_mmapped (), ==, before);
  g_free (block);
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

  g_test_add_func ("/cg/malloc/large-blocks-go-back", test_large_blocks_go_back);
  g_test_add_func ("/cg/malloc/small-blocks-stay", test_small_blocks_stay);
  g_test_add_func ("/cg/malloc/environment-wins", test_environment_wins);

  return g_test_run ();
}
