/* cg-test-sanitizer.c: the sanitizer defaults of the tests that run servers or the CLI
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compiled into each test that takes cg_test_sanitizer_dep (not in the library: the
 * sanitizers look these up by name, and nothing else would pull the object in). They
 * matter only in the -Db_sanitize=address build.
 */

/* Leaks of the libraries under LeakSanitizer (the -Db_sanitize=address build), not of
 * the code under test: GLib's test dirs, libsoup's server sockets, libsecret's file backend. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* full stacks at malloc time, or the suppressions cannot match */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n"
         "leak:g_socket_accept\n"
         "leak:soup_server_listen_local\n"
         "leak:secret_password_storev_sync\n"
         "leak:secret_password_clearv_sync\n"
         "leak:secret_password_lookupv_sync\n"
         "leak:secret_password_lookupv\n";
}
