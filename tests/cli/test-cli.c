/* test-cli.c: chengguan-cli against the simulator, exit codes and the kill test
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "cg-sim-server.h"
#include "cg-store.h"

/* Leaks of the libraries under LeakSanitizer (the -Db_sanitize=address build), not of
 * this code: GLib's test dirs, libsoup's server sockets, libsecret's file backend. */
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
         "leak:secret_password_storev_sync\n";
}

#define MERCHANTS 300
#define SITES     20
#define POINTS    10
#define OFFICERS  20
#define KILL_MERCHANTS 3000

static const char *cli_path;
static char *tmp_dir;
static CgSimServer *sim;          /* no token */
static char *sim_url;
static CgSimServer *sim_auth;     /* requires "s3cret" */
static CgSimServer *sim_kill;     /* bigger, for the kill test */
static char *sim_kill_url;
static char *sim_auth_url;

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communicate;

static void
on_communicate_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Communicate *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &c->out, &c->err, &c->error);
  c->done = TRUE;
}

/* Runs chengguan-cli with @args (NULL-terminated), serving the in-process simulators
 * meanwhile. Returns the exit status; -1 when killed by a signal. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Communicate c = { 0 };
  va_list args;
  int status;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicate_cb, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (c.error);

  if (!g_subprocess_get_if_exited (proc))
    status = -1;
  else
    status = g_subprocess_get_exit_status (proc);

  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", status, c.out, c.err);

  if (out != NULL)
    *out = g_steal_pointer (&c.out);
  if (err != NULL)
    *err = g_steal_pointer (&c.err);
  g_free (c.out);
  g_free (c.err);

  return status;
}

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
remove_db (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
}

static gint64
json_count (JsonObject *object,
            const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_int_member (object, member);
}

static JsonObject *
stats_json (const char *db)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_cmpint (run_cli (&out, &err, "stats", "--db", db, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

/* Tests */

static void
test_help_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "sync"));
  g_assert_nonnull (strstr (out, "stats"));
  g_assert_nonnull (strstr (out, "6  unauthorized"));

  g_assert_cmpint (run_cli (&out2, NULL, "--version", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, PACKAGE_VERSION));

  g_assert_cmpint (run_cli (&out3, NULL, "sync", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out3, "--token-file"));
  g_assert_nonnull (strstr (out3, "--page-size"));
  g_assert_nonnull (strstr (out3, "officers"));
}

static void
test_usage (void)
{
  g_autofree char *db = tmp_file ("usage.db");
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--db", db, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_url, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--bogus", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_url, "--db", db, "extra", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_url, "--db", db,
                            "--token-file", "/nonexistent/token", NULL), ==, 2);
  /* an empty token file */
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_url, "--db", db,
                            "--token-file", "/dev/null", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_url, "--db", db,
                            "--collections", "merchants,bogus", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "stats", NULL), ==, 2);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_sync_and_stats (void)
{
  g_autofree char *db = tmp_file ("sync.db");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) stats = NULL;
  guint hits;

  g_assert_cmpint (run_cli (&out, &err, "sync", "--server", sim_url, "--db", db,
                            "--no-keyring", "--page-size", "100", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "merchants"));
  g_assert_nonnull (strstr (out, "complaints"));
  g_assert_nonnull (strstr (out, "officers"));
  /* stderr is not a terminal: no progress line */
  g_assert_cmpstr (err, ==, "");

  stats = stats_json (db);
  g_assert_cmpint (json_count (stats, "merchants"), ==, MERCHANTS);
  g_assert_cmpint (json_count (stats, "sites"), ==, SITES);
  g_assert_cmpint (json_count (stats, "enforcement-points"), ==, POINTS);
  g_assert_cmpint (json_count (stats, "inspections"), >, 0);
  g_assert_cmpint (json_count (stats, "cases"), >, 0);
  g_assert_cmpint (json_count (stats, "complaints"), >, 0);
  g_assert_cmpint (json_count (stats, "officers"), ==, OFFICERS);

  /* Again: nothing new; the counts stay */
  hits = cg_sim_server_get_hits (sim, "/api/v1/merchants");
  g_assert_cmpint (run_cli (&out2, NULL, "sync", "--server", sim_url, "--db", db,
                            "--no-keyring", "--page-size", "100", NULL), ==, 0);
  g_assert_cmpuint (cg_sim_server_get_hits (sim, "/api/v1/merchants"), ==, hits + 1);
  g_clear_pointer (&stats, json_object_unref);
  stats = stats_json (db);
  g_assert_cmpint (json_count (stats, "merchants"), ==, MERCHANTS);
  remove_db (db);
}

static void
test_unreachable (void)
{
  g_autofree char *db = tmp_file ("unreachable.db");
  g_autofree char *err = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  addr = g_inet_socket_address_new (lo, 0);
  g_socket_bind (socket, addr, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_assert_cmpint (run_cli (NULL, &err, "sync", "--server", url, "--db", db, "--no-keyring", NULL), ==, 3);
  g_assert_true (g_str_has_prefix (err, "chengguan-cli: "));
  g_assert_nonnull (strstr (err, "cannot reach the server"));
  /* one line */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  remove_db (db);
}

static void
test_unauthorized (void)
{
  g_autofree char *db = tmp_file ("auth.db");
  g_autofree char *token_file = tmp_file ("token");
  g_autofree char *bad_file = tmp_file ("bad-token");
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stats = NULL;

  g_assert_cmpint (run_cli (NULL, &err, "sync", "--server", sim_auth_url, "--db", db,
                            "--no-keyring", NULL), ==, 6);
  g_assert_nonnull (strstr (err, "401"));

  g_assert_true (g_file_set_contents (bad_file, "wrong\n", -1, &error));
  g_chmod (bad_file, 0600);
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_auth_url, "--db", db,
                            "--token-file", bad_file, NULL), ==, 6);

  g_assert_true (g_file_set_contents (token_file, "s3cret\n", -1, &error));
  g_chmod (token_file, 0600);
  g_assert_cmpint (run_cli (NULL, &err2, "sync", "--server", sim_auth_url, "--db", db,
                            "--token-file", token_file, NULL), ==, 0);
  /* the token never shows up in the output */
  g_assert_null (strstr (err2, "s3cret"));

  stats = stats_json (db);
  g_assert_cmpint (json_count (stats, "merchants"), ==, MERCHANTS);
  remove_db (db);
}

static void
test_bad_data (void)
{
  g_autofree char *db = tmp_file ("bad-data.db");
  g_autofree char *err = NULL;
  CgSimConfig faults;

  cg_sim_config_init (&faults);
  faults.fault_malformed = 1.0;
  cg_sim_server_set_faults (sim, &faults);
  g_assert_cmpint (run_cli (NULL, &err, "sync", "--server", sim_url, "--db", db, "--no-keyring",
                            "--collections", "sites", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "invalid data"));

  /* back to a healthy server */
  cg_sim_config_clear (&faults);
  cg_sim_config_init (&faults);
  cg_sim_server_set_faults (sim, &faults);
  cg_sim_config_clear (&faults);
  remove_db (db);
}

static void
test_stats_missing (void)
{
  g_autofree char *db = tmp_file ("missing.db");
  g_autofree char *junk = tmp_file ("junk.db");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);

  g_assert_cmpint (run_cli (NULL, &err, "stats", "--db", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "missing.db"));
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 512; i++)
    g_string_append (garbage, "this is not an SQLite database ");
  g_assert_true (g_file_set_contents (junk, garbage->str, garbage->len, &error));
  g_assert_cmpint (run_cli (NULL, NULL, "stats", "--db", junk, NULL), !=, 0);
  g_unlink (junk);
}

/* THE KILL TEST: a sync child killed with SIGKILL at random moments, again and again */

typedef struct
{
  gboolean done;
} Waited;

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waited *w = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  w->done = TRUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_kill (void)
{
  g_autofree char *db = tmp_file ("kill.db");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  const CgCollection places[] = { CG_COLLECTION_MERCHANTS, CG_COLLECTION_SITES, CG_COLLECTION_POINTS };
  const gint64 totals[] = { KILL_MERCHANTS, SITES, POINTS };
  const guint page_size = 10;
  gint64 previous[CG_N_COLLECTIONS] = { 0 };
  guint rounds = 15;
  guint killed = 0;
  guint completed_early = 0;
  g_autoptr(JsonObject) stats = NULL;

  remove_db (db);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(CgStore) store = NULL;
      g_autofree char *page_arg = g_strdup_printf ("%u", page_size);
      gboolean fired = FALSE;
      Waited w = { 0 };
      guint delay_ms = g_rand_int_range (rand, 10, 70);
      guint source;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, cli_path, "sync", "--server", sim_kill_url, "--db", db,
                               "--no-keyring", "--page-size", page_arg, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_async (proc, NULL, on_wait_cb, &w);

      /* the simulator runs in this main context: keep serving while waiting */
      source = g_timeout_add (delay_ms, on_timeout_cb, &fired);
      while (!fired && !w.done)
        g_main_context_iteration (NULL, TRUE);
      if (!fired)
        g_source_remove (source);

      if (!w.done)
        {
          g_subprocess_send_signal (proc, SIGKILL);
          killed++;
        }
      else
        completed_early++;
      while (!w.done)
        g_main_context_iteration (NULL, TRUE);

      if (!g_file_test (db, G_FILE_TEST_EXISTS))
        continue;   /* killed before the cache was created */

      store = cg_store_open (db, &error);
      g_assert_no_error (error);
      g_assert_true (cg_store_check_integrity (store, &error));
      g_assert_no_error (error);

      for (guint c = 0; c < CG_N_COLLECTIONS; c++)
        {
          gint64 n = 0;

          cg_store_count (store, c, &n, &error);
          g_assert_no_error (error);
          /* what landed stays */
          g_assert_cmpint (n, >=, previous[c]);
          previous[c] = n;
        }

      /* never half a page: every completed page holds page_size places */
      for (guint i = 0; i < G_N_ELEMENTS (places); i++)
        {
          gint64 n = previous[places[i]];

          if (n != totals[i] && n % page_size != 0)
            g_error ("round %u: %s holds %" G_GINT64_FORMAT " rows, not a multiple of %u",
                     round, cg_collection_to_string (places[i]), n, page_size);
        }

      g_test_message ("round %u: kill after %u ms: merchants %" G_GINT64_FORMAT
                      ", complaints %" G_GINT64_FORMAT, round, delay_ms,
                      previous[CG_COLLECTION_MERCHANTS], previous[CG_COLLECTION_COMPLAINTS]);
    }

  /* the random delays must really have interrupted syncs */
  g_test_message ("%u rounds killed, %u completed before the kill", killed, completed_early);
  g_assert_cmpuint (killed, >=, 5);

  /* a clean sync completes what is left */
  g_assert_cmpint (run_cli (NULL, NULL, "sync", "--server", sim_kill_url, "--db", db, "--no-keyring",
                            "--page-size", "10", NULL), ==, 0);
  stats = stats_json (db);
  g_assert_cmpint (json_count (stats, "merchants"), ==, KILL_MERCHANTS);
  g_assert_cmpint (json_count (stats, "sites"), ==, SITES);
  g_assert_cmpint (json_count (stats, "enforcement-points"), ==, POINTS);
  for (guint c = 0; c < CG_N_COLLECTIONS; c++)
    g_assert_cmpint (json_count (stats, cg_collection_to_string (c)), >=, previous[c]);
  remove_db (db);
}

static CgSimServer *
start_sim (const char  *token,
           guint        merchants,
           char       **url)
{
  g_autoptr(GError) error = NULL;
  CgSimConfig config;
  CgSimServer *server;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-23T10:00:00+08:00", NULL);

  cg_sim_config_init (&config);
  config.merchants = merchants;
  config.sites = SITES;
  config.points = POINTS;
  config.officers = OFFICERS;
  config.vehicles = 5;
  config.complaints_per_hour = 2;
  config.history_days = 7;
  config.now = g_date_time_to_unix (now);
  g_free (config.token);
  config.token = g_strdup (token);

  server = cg_sim_server_new (&config, &error);
  g_assert_no_error (error);
  cg_sim_server_listen (server, 0, &error);
  g_assert_no_error (error);
  *url = cg_sim_server_get_url (server);
  cg_sim_config_clear (&config);

  return server;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Loopback only: no system proxy settings (they need GSettings schemas that
   * isolated test dirs do not have) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  cli_path = g_getenv ("CG_CLI");
  if (cli_path == NULL)
    {
      g_printerr ("CG_CLI is not set (run through meson test)\n");
      return 77;
    }

  tmp_dir = g_dir_make_tmp ("test-cli-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  sim = start_sim (NULL, MERCHANTS, &sim_url);
  sim_auth = start_sim ("s3cret", MERCHANTS, &sim_auth_url);
  sim_kill = start_sim (NULL, KILL_MERCHANTS, &sim_kill_url);

  g_test_add_func ("/cg/cli/help-version", test_help_version);
  g_test_add_func ("/cg/cli/usage", test_usage);
  g_test_add_func ("/cg/cli/sync-and-stats", test_sync_and_stats);
  g_test_add_func ("/cg/cli/unreachable", test_unreachable);
  g_test_add_func ("/cg/cli/unauthorized", test_unauthorized);
  g_test_add_func ("/cg/cli/bad-data", test_bad_data);
  g_test_add_func ("/cg/cli/stats-missing", test_stats_missing);
  g_test_add_func ("/cg/cli/kill", test_kill);

  ret = g_test_run ();

  g_clear_object (&sim);
  g_clear_object (&sim_auth);
  g_clear_object (&sim_kill);
  g_free (sim_kill_url);
  g_free (sim_url);
  g_free (sim_auth_url);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
