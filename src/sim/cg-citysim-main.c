/* cg-citysim-main.c: the chengguan-citysim executable
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-sim-server.h"

int
main (int   argc,
      char *argv[])
{
  return 1;
}
