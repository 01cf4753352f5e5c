/* cg-token.h: the API token, kept in the Secret Service (libsecret)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Schema "org.chengguan.Command.Token" with attribute "server" (the server URL). */
gboolean  cg_token_store   (const char    *server_url,
                            const char    *token,
                            GError       **error);
/* (transfer full) (nullable): NULL with no error when no token is stored */
char     *cg_token_lookup  (const char    *server_url,
                            GError       **error);
gboolean  cg_token_clear   (const char    *server_url,
                            GError       **error);
/* Reads a token from a file (first line, trimmed) for chengguan-cli --token-file */
char     *cg_token_read_file (const char  *path,
                              GError     **error);

G_END_DECLS
