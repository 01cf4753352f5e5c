/* cg-cli-private.h: the commands of chengguan-cli that live in their own files
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* chengguan-cli convert --from DATUM --to DATUM [LON LAT] */
int cg_cli_convert (const char  *prgname,
                    int          argc,
                    char       **argv);

G_END_DECLS
