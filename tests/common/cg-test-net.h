/* cg-test-net.h: a SoupServer on 127.0.0.1 for the network tests
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sanitizer defaults such a test needs under -Db_sanitize=address (the suppressions of
 * libsoup's server sockets, ...) come with cg_test_sanitizer_dep (cg-test-sanitizer.c).
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
