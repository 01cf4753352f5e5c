/* main.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cg-application.h"
#include "cg-i18n.h"
#include "cg-malloc.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CgApplication) app = NULL;

  /* before any thread: a large socket message a second must not grow the heap for good */
  cg_malloc_tune ();
  cg_malloc_start_trimming (CG_MALLOC_TRIM_INTERVAL_S);

  /* Simplified Chinese unless the environment names another language; $CG_LOCALEDIR points
   * uninstalled runs at <builddir>/po. gtk_init() must not redo setlocale (LC_ALL, ""). */
  cg_i18n_init ();
  gtk_disable_setlocale ();

  app = cg_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
