/* cg-cli-main.c: chengguan-cli, the headless tool
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cg-i18n.h"
#include "cg-cli-plan.h"
#include "cg-cli-private.h"
#include "cg-store.h"
#include "cg-sync.h"
#include "cg-token.h"

typedef struct
{
  const char *name;
  int       (*run) (const char *prgname,
                    int         argc,
                    char      **argv);
  const char *summary;      /* N_() */
} CliCommand;

static int cmd_sync  (const char  *prgname,
                      int          argc,
                      char       **argv);
static int cmd_stats (const char  *prgname,
                      int          argc,
                      char       **argv);

static const CliCommand commands[] = {
  { "sync",  cmd_sync,  N_("Fetch what changed on the city API server into a cache") },
  { "stats", cmd_stats, N_("Print the number of records per collection of a cache, as JSON") },
  { "plan",  cg_cli_plan, N_("List the graded targets with their inspection status on a day") },
  { "draw",  cg_cli_draw, N_("Draw targets and inspectors for a double-random spot check") },
  /* xgettext:no-c-format */
  { "sample-cases", cg_cli_sample_cases, N_("Draw at least 10% of a quarter's cases for review") },
  { "report", cg_cli_report, N_("Write the dashboards of a range of days as a PDF or CSV report") },
  { "convert", cg_cli_convert, N_("Convert coordinates between WGS-84, GCJ-02 and BD-09") },
};

/* Shared by the commands (cg-cli-private.h) */

void
cg_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("chengguan-cli: %s\n", message);
}

GOptionContext *
cg_cli_option_context_new (const char         *parameter,
                           const char         *summary,
                           const char         *description,
                           const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  return context;
}

gboolean
cg_cli_parse_options (GOptionContext *context,
                      int            *argc,
                      char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      cg_cli_print_error ("%s", error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      cg_cli_print_error (_("unexpected argument “%s”"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

CgStore *
cg_cli_open_cache (const char *db)
{
  g_autoptr(GError) error = NULL;
  CgStore *store;

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (db);

      cg_cli_print_error (_("no cache at “%s”"), display);
      return NULL;
    }
  store = cg_store_open (db, &error);
  if (store == NULL)
    cg_cli_print_error (_("cannot open the cache: %s"), error->message);
  return store;
}

static const char *
exit_codes_help (void)
{
  return _("Exit status:\n"
           "  0  success\n"
           "  1  other failure (e.g. stats on a missing or damaged cache)\n"
           "  2  usage error (bad option, missing argument, unreadable token file)\n"
           "  3  network or server error (unreachable, timeout, HTTP error)\n"
           "  4  the server sent invalid data\n"
           "  5  the cache cannot be opened or written\n"
           "  6  unauthorized: the token is missing or was refused\n"
           "  130  interrupted");
}

static void
print_main_help (FILE *out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n  chengguan-cli %s\n\n", _("Usage:"),
                          _("COMMAND [OPTION…]"));
  g_string_append_printf (text, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_printf (text, "\n%s\n", _("Options:"));
  g_string_append_printf (text, "  %-18s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (text, "  %-18s %s\n", "--version", _("Show the version"));
  g_string_append_printf (text, "\n%s\n\n%s\n",
                          _("Run “chengguan-cli COMMAND --help” for the options of a command."),
                          exit_codes_help ());

  fputs (text->str, out);
}

/* sync */

typedef struct
{
  GMainLoop     *loop;
  CgSyncReport  *report;
  GError        *error;
  GCancellable  *cancellable;
  gboolean       progress_shown;
  gboolean       tty;
} SyncContext;

static void
on_sync_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SyncContext *ctx = user_data;

  ctx->report = cg_sync_run_finish (CG_SYNC (object), result, &ctx->error);
  g_main_loop_quit (ctx->loop);
}

static void
on_page_applied_cb (CgSync   *sync,
                    guint     collection,
                    guint     received,
                    guint     skipped,
                    gpointer  user_data)
{
  SyncContext *ctx = user_data;
  g_autofree char *skips = NULL;

  if (!ctx->tty)
    return;

  if (skipped > 0)
    skips = g_strdup_printf (_(" (%u skipped)"), skipped);

  /* One line, rewritten in place: "merchants 12000 …" */
  g_printerr ("\r\033[K%s %u%s …", cg_collection_to_string (collection), received,
              skips ? skips : "");
  ctx->progress_shown = TRUE;
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  SyncContext *ctx = user_data;

  g_cancellable_cancel (ctx->cancellable);

  return G_SOURCE_CONTINUE;
}

static int
exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return CG_CLI_EXIT_INTERRUPTED;

  if (error->domain != CG_SYNC_ERROR)
    return CG_CLI_EXIT_FAILURE;

  switch ((CgSyncError) error->code)
    {
    case CG_SYNC_ERROR_NETWORK:
    case CG_SYNC_ERROR_TIMEOUT:
    case CG_SYNC_ERROR_HTTP:
      return CG_CLI_EXIT_NETWORK;
    case CG_SYNC_ERROR_BAD_DATA:
      return CG_CLI_EXIT_BAD_DATA;
    case CG_SYNC_ERROR_STORE:
      return CG_CLI_EXIT_STORE;
    case CG_SYNC_ERROR_UNAUTHORIZED:
      return CG_CLI_EXIT_UNAUTHORIZED;
    case CG_SYNC_ERROR_BUSY:
    default:
      return CG_CLI_EXIT_FAILURE;
    }
}

/* Appends text padded with spaces to width terminal columns (a CJK character takes two, so
 * printf's byte-counted %-20s would misalign translated headers). */
static void
append_padded (GString    *out,
               const char *text,
               int         width,
               gboolean    align_right)
{
  int columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  if (align_right)
    for (int i = columns; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!align_right)
    for (int i = columns; i < width; i++)
      g_string_append_c (out, ' ');
}

static void
print_report (const CgSyncReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *bytes = NULL;
  guint total_received = 0;
  guint total_skipped = 0;
  guint total_pages = 0;
  guint total_304 = 0;

  /* TRANSLATORS: column headers of the sync report; keep them short */
  append_padded (out, _("collection"), 20, FALSE);
  g_string_append_c (out, ' ');
  append_padded (out, _("records"), 10, TRUE);
  g_string_append_c (out, ' ');
  append_padded (out, _("skipped"), 8, TRUE);
  g_string_append_c (out, ' ');
  append_padded (out, _("pages"), 6, TRUE);
  g_string_append (out, "   304\n");
  for (guint c = 0; c < CG_N_COLLECTIONS; c++)
    {
      g_string_append_printf (out, "%-20s %10u %8u %6u %5u\n",
                              cg_collection_to_string (c), report->received[c],
                              report->skipped[c], report->pages[c], report->not_modified[c]);
      total_received += report->received[c];
      total_skipped += report->skipped[c];
      total_pages += report->pages[c];
      total_304 += report->not_modified[c];
    }
  append_padded (out, _("total"), 20, FALSE);
  g_string_append_printf (out, " %10u %8u %6u %5u\n",
                          total_received, total_skipped, total_pages, total_304);

  if (report->skip_details != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (report->skip_details, "\n", -1);

      g_string_append_printf (out, "%s\n", _("Skipped records:"));
      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (out, "  %s\n", lines[i]);
    }

  /* TRANSLATORS: summary line: bytes received (a number), seconds, records per second */
  bytes = g_strdup_printf ("%" G_GINT64_FORMAT, report->bytes);
  g_string_append_printf (out, _("%s bytes in %.2f s, %.0f records/s\n"),
                          bytes, report->seconds,
                          report->seconds > 0 ? total_received / report->seconds : 0.0);

  /* TRANSLATORS: where the time went. Decoding and writing run in worker threads and
   * overlap with each other and with the transfer of the next page. */
  g_string_append_printf (out, _("time: %.2f s decoding, %.2f s writing the cache (worker threads, overlapping the transfer)\n"),
                          report->decode_seconds, report->store_seconds);

  fputs (out->str, stdout);
  fflush (stdout);
}

static void
warn_if_readable_by_others (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    cg_cli_print_error (_("warning: the token file “%s” can be read by other users (chmod 600 it)"),
                 path);
}

static int
cmd_sync (const char  *prgname,
          int          argc,
          char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *db = NULL;
  g_autofree char *token = NULL;
  g_autofree char *only = NULL;
  CgCollection collections[CG_N_COLLECTIONS];
  guint n_collections = 0;
  gboolean no_keyring = FALSE;
  int page_size = 0;
  int timeout = 0;
  guint sigint_id, sigterm_id;
  SyncContext ctx = { 0 };
  int ret;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("Base URL of the city API, e.g. https://city.example/"), N_("URL") },
    { "token-file", 't', 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("Read the API token from the first line of FILE (otherwise the keyring is asked)"),
      N_("FILE") },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Do not look the token up in the keyring"), NULL },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db,
      N_("The cache file (created when missing)"), N_("PATH") },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size,
      N_("Records per page (default 2000)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Seconds to wait for the server (default 30)"), N_("S") },
    { "collections", 0, 0, G_OPTION_ARG_STRING, &only,
      N_("Sync only these, comma-separated (merchants, sites, enforcement-points, officers, inspections, cases, complaints)"),
      N_("LIST") },
    { NULL }
  };

  context = cg_cli_option_context_new (_("— fetch what changed into the cache"),
                                       _("One full incremental sync of every collection. The token "
                                         "comes from --token-file, else from the keyring for the "
                                         "server, else none is sent."),
                                       exit_codes_help (), entries);
  if (!cg_cli_parse_options (context, &argc, &argv))
    return CG_CLI_EXIT_USAGE;
  if (server == NULL || db == NULL)
    {
      cg_cli_print_error (_("sync needs --server and --db (see chengguan-cli sync --help)"));
      return CG_CLI_EXIT_USAGE;
    }
  if (page_size < 0 || timeout < 0)
    {
      cg_cli_print_error (_("--page-size and --timeout must be positive"));
      return CG_CLI_EXIT_USAGE;
    }

  if (only != NULL)
    {
      g_auto(GStrv) names = g_strsplit (only, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          CgCollection c;

          g_strstrip (names[i]);
          if (!cg_collection_from_string (names[i], &c))
            {
              cg_cli_print_error (_("unknown collection “%s”"), names[i]);
              return CG_CLI_EXIT_USAGE;
            }
          if (n_collections < G_N_ELEMENTS (collections))
            collections[n_collections++] = c;
        }
    }

  if (token_file != NULL)
    {
      token = cg_token_read_file (token_file, &error);
      if (token == NULL)
        {
          cg_cli_print_error (_("cannot read the token file: %s"), error->message);
          return CG_CLI_EXIT_USAGE;
        }
      warn_if_readable_by_others (token_file);
    }
  else if (!no_keyring)
    {
      token = cg_token_lookup (server, &error);
      if (error != NULL)
        {
          g_debug ("No keyring: %s", error->message);
          g_clear_error (&error);
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  sync = cg_sync_new (server, token, db);
  if (page_size > 0)
    cg_sync_set_page_size (sync, page_size);
  if (timeout > 0)
    cg_sync_set_timeout (sync, timeout);
  if (n_collections > 0)
    cg_sync_set_collections (sync, collections, n_collections);

  ctx.loop = loop;
  ctx.cancellable = cancellable;
  ctx.tty = isatty (STDERR_FILENO);
  g_signal_connect (sync, "page-applied", G_CALLBACK (on_page_applied_cb), &ctx);

  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, &ctx);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigint_cb, &ctx);

  cg_sync_run_async (sync, cancellable, on_sync_done_cb, &ctx);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (ctx.progress_shown)
    g_printerr ("\r\033[K");

  if (ctx.report != NULL)
    {
      print_report (ctx.report);
      ret = CG_CLI_EXIT_OK;
    }
  else
    {
      ret = exit_code_for_error (ctx.error);
      if (ret == CG_CLI_EXIT_INTERRUPTED)
        cg_cli_print_error (_("interrupted"));
      else
        cg_cli_print_error ("%s", ctx.error->message);
    }

  g_clear_pointer (&ctx.report, cg_sync_report_free);
  g_clear_error (&ctx.error);
  cg_token_wipe (token);

  return ret;
}

/* stats */

static int
cmd_stats (const char  *prgname,
           int          argc,
           char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autofree char *db = NULL;
  g_autofree char *json = NULL;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The cache file"), N_("PATH") },
    { NULL }
  };

  context = cg_cli_option_context_new (_("— counts per collection, as JSON"), NULL,
                                       exit_codes_help (), entries);
  if (!cg_cli_parse_options (context, &argc, &argv))
    return CG_CLI_EXIT_USAGE;
  if (db == NULL)
    {
      cg_cli_print_error (_("stats needs --db (see chengguan-cli stats --help)"));
      return CG_CLI_EXIT_USAGE;
    }

  /* Never create a cache just to count it. */
  store = cg_cli_open_cache (db);
  if (store == NULL)
    return CG_CLI_EXIT_FAILURE;

  json = cg_store_stats_to_json (store, &error);
  if (json == NULL)
    {
      cg_cli_print_error (_("cannot read the cache: %s"), error->message);
      return CG_CLI_EXIT_FAILURE;
    }

  g_print ("%s\n", json);

  return CG_CLI_EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  cg_i18n_init ();   /* Simplified Chinese unless the environment names another language */

  g_set_prgname ("chengguan-cli");

  if (argc < 2)
    {
      print_main_help (stderr);
      return CG_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_main_help (stdout);
      return CG_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      g_print ("chengguan-cli %s\n", PACKAGE_VERSION);
      return CG_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("chengguan-cli %s", name);

          /* The command sees "chengguan-cli sync" as argv[0] */
          g_set_prgname (prgname);
          argv[1] = prgname;
          return commands[i].run (prgname, argc - 1, argv + 1);
        }
    }

  cg_cli_print_error (_("unknown command “%s” (see chengguan-cli --help)"), name);

  return CG_CLI_EXIT_USAGE;
}
