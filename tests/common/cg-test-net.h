/* cg-test-net.h: a SoupServer on 127.0.0.1 for the network tests
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linking this (the cg-test-util library) also gives the test the sanitizer defaults of
 * the -Db_sanitize=address build: full stacks at malloc time, and the suppressions of the
 * libraries' own leaks (GLib's test dirs, libsoup's server sockets, libsecret's file
 * backend).
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Answers @msg with @status and @json as application/json */
void  cg_test_set_json      (SoupServerMessage *msg,
                             guint              status,
                             const char        *json);

/* Makes @server listen on a free port of 127.0.0.1 (asserting it can) and returns
 * "http://127.0.0.1:PORT" followed by @path ("/" or ""). */
char *cg_test_server_listen (SoupServer        *server,
                             const char        *path);

G_END_DECLS
