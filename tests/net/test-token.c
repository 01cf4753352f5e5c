/* test-token.c: the API token in libsecret, with its file backend
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "cg-token.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

static char *tmp_dir;

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;

  /* nothing stored yet: NULL without error */
  token = cg_token_lookup ("https://city.example/", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  g_assert_true (cg_token_store ("https://city.example/", "tok-1", &error));
  g_assert_no_error (error);
  g_assert_true (cg_token_store ("http://127.0.0.1:8080/", "tok-local", &error));
  g_assert_no_error (error);

  token = cg_token_lookup ("https://city.example/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-1");
  g_clear_pointer (&token, g_free);

  /* overwrite: one item per server */
  g_assert_true (cg_token_store ("https://city.example/", "tok-2", &error));
  g_assert_no_error (error);
  token = cg_token_lookup ("https://city.example/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-2");
  g_clear_pointer (&token, g_free);

  /* clear one server, the other stays */
  g_assert_true (cg_token_clear ("https://city.example/", &error));
  g_assert_no_error (error);
  token = cg_token_lookup ("https://city.example/", &error);
  g_assert_no_error (error);
  g_assert_null (token);

  other = cg_token_lookup ("http://127.0.0.1:8080/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "tok-local");

  /* clearing what is not there is fine */
  g_assert_true (cg_token_clear ("https://nothing.example/", &error));
  g_assert_no_error (error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
lookup_async (const char    *server,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cg_token_lookup_async (server, cancellable, lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return cg_token_lookup_finish (result, error);
}

/* The app's path: the lookup never blocks the main loop */
static void
test_lookup_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *token = NULL;

  token = lookup_async ("https://async.example/", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  g_assert_true (cg_token_store ("https://async.example/", "tok-async", &error));
  g_assert_no_error (error);
  token = lookup_async ("https://async.example/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-async");
  g_clear_pointer (&token, g_free);

  /* a cancelled lookup says so, and hands out nothing */
  g_cancellable_cancel (cancellable);
  token = lookup_async ("https://async.example/", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (token);
  g_clear_error (&error);

  g_assert_true (cg_token_clear ("https://async.example/", &error));
  g_assert_no_error (error);
}

static gboolean
store_async (const char    *server,
             const char    *token,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  /* libsecret's file backend loses the etag of each keyring file it writes (its sync
   * variant is suppressed by name in cg-test-sanitizer.c; here the allocation is made in a
   * callback of GIO's, with no libsecret frame to name) */
#if defined(__SANITIZE_ADDRESS__)
  __lsan_disable ();
#endif
  cg_token_store_async (server, token, cancellable, lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
#if defined(__SANITIZE_ADDRESS__)
  __lsan_enable ();
#endif

  return cg_token_store_finish (result, error);
}

/* The preferences' path: saving never blocks the main loop either */
static void
test_store_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *token = NULL;

  g_assert_true (store_async ("https://store.example/", "tok-a", NULL, &error));
  g_assert_no_error (error);
  token = cg_token_lookup ("https://store.example/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-a");
  g_clear_pointer (&token, g_free);

  /* one item per server: a second store replaces the first */
  g_assert_true (store_async ("https://store.example/", "tok-b", NULL, &error));
  g_assert_no_error (error);
  token = lookup_async ("https://store.example/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-b");
  g_clear_pointer (&token, g_free);

  /* a cancelled store says so and leaves the stored token alone */
  g_cancellable_cancel (cancellable);
  g_assert_false (store_async ("https://store.example/", "tok-c", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  token = cg_token_lookup ("https://store.example/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-b");

  g_assert_true (cg_token_clear ("https://store.example/", &error));
  g_assert_no_error (error);
}

static void
test_read_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "token", NULL);
  g_autofree char *token = NULL;

  g_assert_true (g_file_set_contents (path, "  abc.def-123  \nsecond line\n", -1, &error));
  token = cg_token_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "abc.def-123");
  g_clear_pointer (&token, g_free);

  g_assert_true (g_file_set_contents (path, "tok\r\n", -1, &error));
  token = cg_token_read_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok");
  g_clear_pointer (&token, g_free);

  g_assert_true (g_file_set_contents (path, "   \n", -1, &error));
  token = cg_token_read_file (path, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (token);
  g_clear_error (&error);

  token = cg_token_read_file ("/nonexistent/token", &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (token);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmp_dir = g_dir_make_tmp ("test-token-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  keyring = g_build_filename (tmp_dir, "test.keyring", NULL);

  /* libsecret's file backend, as in the Flatpak but with a test password (platform-notes §7) */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);

  g_test_add_func ("/cg/token/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/cg/token/lookup-async", test_lookup_async);
  g_test_add_func ("/cg/token/store-async", test_store_async);
  g_test_add_func ("/cg/token/read-file", test_read_file);

  ret = g_test_run ();

  g_unlink (keyring);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
