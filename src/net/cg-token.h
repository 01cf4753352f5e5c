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
/* The same without blocking (the keyring may have to be unlocked first: a prompt) */
void      cg_token_store_async   (const char          *server_url,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  cg_token_store_finish  (GAsyncResult        *result,
                                  GError             **error);
/* (transfer full) (nullable): NULL with no error when no token is stored */
char     *cg_token_lookup  (const char    *server_url,
                            GError       **error);
/* The same without blocking: the Secret Service may have to unlock the keyring (a prompt) */
void      cg_token_lookup_async  (const char          *server_url,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* (transfer full) (nullable): NULL with no error when no token is stored */
char     *cg_token_lookup_finish (GAsyncResult        *result,
                                  GError             **error);
gboolean  cg_token_clear   (const char    *server_url,
                            GError       **error);
/* Overwrites @secret (nullable) with zeros, in a way the compiler cannot leave out */
void      cg_token_wipe    (char          *secret);
/* cg_token_wipe() and g_free(): a GDestroyNotify for copies of a secret */
void      cg_token_free    (gpointer       secret);
/* Reads a token from a file (first line, trimmed) for chengguan-cli --token-file */
char     *cg_token_read_file (const char  *path,
                              GError     **error);

G_END_DECLS
