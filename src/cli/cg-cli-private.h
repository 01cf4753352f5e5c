/* cg-cli-private.h: what the commands of chengguan-cli share (exit codes, messages, option
 * parsing, opening the cache; defined in cg-cli-main.c) and the commands that live in
 * their own files
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-store.h"

G_BEGIN_DECLS

/* Exit codes, listed in --help. A command uses the ones that apply to it. */
enum {
  CG_CLI_EXIT_OK           = 0,
  CG_CLI_EXIT_FAILURE      = 1,   /* anything else (a missing/corrupt cache, bad input lines, ...) */
  CG_CLI_EXIT_USAGE        = 2,
  CG_CLI_EXIT_NETWORK      = 3,   /* network or server error, timeout */
  CG_CLI_EXIT_BAD_DATA     = 4,   /* the server sent invalid data */
  CG_CLI_EXIT_STORE        = 5,   /* the cache cannot be opened or written */
  CG_CLI_EXIT_UNAUTHORIZED = 6,   /* token missing or refused */
  CG_CLI_EXIT_INTERRUPTED  = 130,
};

/* "chengguan-cli: MESSAGE" on stderr */
void            cg_cli_print_error        (const char          *format,
                                           ...) G_GNUC_PRINTF (1, 2);

/* A command's option context in the program's translation domain; @summary may be NULL,
 * @description is the command's exit status help. */
GOptionContext *cg_cli_option_context_new (const char          *parameter,
                                           const char          *summary,
                                           const char          *description,
                                           const GOptionEntry  *entries);

/* Parses the options of a command that takes no arguments; FALSE (message printed) on a
 * usage error. */
gboolean        cg_cli_parse_options      (GOptionContext      *context,
                                           int                 *argc,
                                           char              ***argv);

/* Opens an existing cache (never creates one); NULL with the message printed. */
CgStore        *cg_cli_open_cache         (const char          *db);

/* chengguan-cli convert --from DATUM --to DATUM [LON LAT] */
int cg_cli_convert (const char  *prgname,
                    int          argc,
                    char       **argv);

/* chengguan-cli report --db PATH --from DATE --to DATE [--street CODE] --format pdf|csv
 * --out FILE */
int cg_cli_report  (const char  *prgname,
                    int          argc,
                    char       **argv);

G_END_DECLS
