/* cg-cli-plan.h: chengguan-cli plan, draw and sample-cases
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the command's argv ("chengguan-cli plan", options...) and returns the exit
 * status, with the codes of cg-cli-main.c. */
int cg_cli_plan         (const char  *prgname,
                         int          argc,
                         char       **argv);
int cg_cli_draw         (const char  *prgname,
                         int          argc,
                         char       **argv);
int cg_cli_sample_cases (const char  *prgname,
                         int          argc,
                         char       **argv);

G_END_DECLS
