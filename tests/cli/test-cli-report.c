/* test-cli-report.c: chengguan-cli report on a small hand-built cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cg-csv.h"
#include "../store/dashboard-fixture.h"

/* cairo and fontconfig keep buffers past exit (see tests/charts/test-report-pdf.c) */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}

static const char *tmpdir;
static char *db_path;

static int
run_cli (char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CG_CLI"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* pdftotext breaks lines and pages where the PDF does: join it all */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  for (const char *p = out; *p; p++)
    if (*p != '\n' && *p != '\f')
      g_string_append_c (joined, *p);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
test_pdf (void)
{
  g_autofree char *pdf = g_build_filename (tmpdir, "weekly.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *finder = g_find_program_in_path ("pdftotext");

  if (finder == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) not installed");
      return;
    }
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-01",
                            "--to", "2026-11-07", "--district", "putuo", "--compare", "previous",
                            "--format", "pdf", "--out", pdf, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  text = pdf_text (pdf);
  /* the cover: title, district, range */
  g_assert_nonnull (strstr (text, "城市管理运行分析报告"));
  g_assert_nonnull (strstr (text, "普陀区"));
  g_assert_nonnull (strstr (text, "2026-11-01 – 2026-11-07"));
  /* the three dashboards, their Chinese titles and figures */
  g_assert_nonnull (strstr (text, "巡查"));
  g_assert_nonnull (strstr (text, "案件"));
  g_assert_nonnull (strstr (text, "诉件"));
  g_assert_nonnull (strstr (text, "结案率"));
  g_assert_nonnull (strstr (text, "60.0%"));          /* closure rate 3/5 */
  g_assert_nonnull (strstr (text, "满意率"));
  g_assert_nonnull (strstr (text, "66.7%"));          /* satisfaction 2/3 */
  g_assert_nonnull (strstr (text, "+400.0%"));        /* cases filed 5 against 1 */
  g_assert_nonnull (strstr (text, "重复诉件"));
  g_assert_nonnull (strstr (text, "mt-2"));           /* the repeat complaints list */
}

static void
test_csv (void)
{
  g_autofree char *csv = g_build_filename (tmpdir, "weekly.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gboolean seen_filed = FALSE, seen_type = FALSE, seen_matter = FALSE;

  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-01",
                            "--to", "2026-11-07", "--street", FIX_A, "--format", "csv",
                            "--out", csv, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  rows = cg_csv_parse (text, (gssize) length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 30);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      if (g_strv_length (row) >= 2 && g_str_equal (row[0], "立案数"))
        {
          g_assert_cmpstr (row[1], ==, "3");      /* street A: c-1, c-2, c-5 */
          seen_filed = TRUE;
        }
      if (g_strv_length (row) >= 3 && g_str_equal (row[1], "greening"))
        {
          g_assert_cmpstr (row[2], ==, "2");
          seen_type = TRUE;
        }
      if (g_strv_length (row) >= 3 && g_str_equal (row[0], "mt-2"))
        seen_matter = TRUE;
    }
  g_assert_true (seen_filed);
  g_assert_true (seen_type);
  g_assert_true (seen_matter);   /* q-2 of street A is on matter mt-2 */
}

static void
test_bad_input (void)
{
  g_autofree char *out = g_build_filename (tmpdir, "never.pdf", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.db", NULL);
  g_autofree char *err = NULL;

  /* --to before --from */
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-07",
                            "--to", "2026-11-01", "--out", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "早于起始日"));
  g_clear_pointer (&err, g_free);
  /* a bad date */
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-02-30",
                            "--to", "2026-03-01", "--out", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--from"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "yesterday",
                            "--to", "2026-03-01", "--out", out, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  /* missing options, an unknown format, street, district or cache */
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-01",
                            "--out", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--to"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-01",
                            "--to", "2026-11-07", "--format", "xlsx", "--out", out, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "report", "--db", db_path, "--from", "2026-11-01",
                            "--to", "2026-11-07", "--street", "999", "--out", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "999"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "report", "--db", missing, "--from", "2026-11-01",
                            "--to", "2026-11-07", "--out", out, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_autofree char *localedir = NULL;

  /* the command speaks Chinese when no language is named, from the build tree's catalog */
  g_test_init (&argc, &argv, NULL);
  localedir = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "po", NULL);
  g_setenv ("CG_LOCALEDIR", localedir, TRUE);
  g_unsetenv ("LANGUAGE");
  tmpdir = fix_make_tmpdir ("cg-cli-report-XXXXXX");
  db_path = g_build_filename (tmpdir, "cache.db", NULL);
  {
    /* the command writes PDFs too: the same suppressions for its leak check (ASan builds) */
    g_autofree char *supp = g_build_filename (tmpdir, "lsan.supp", NULL);
    g_autofree char *opt = g_strdup_printf ("suppressions=%s:print_suppressions=0", supp);

    g_assert_true (g_file_set_contents (supp, __lsan_default_suppressions (), -1, NULL));
    g_setenv ("LSAN_OPTIONS", opt, TRUE);
  }
  fix_build (db_path);

  g_test_add_func ("/cli/report/pdf", test_pdf);
  g_test_add_func ("/cli/report/csv", test_csv);
  g_test_add_func ("/cli/report/bad-input", test_bad_input);
  ret = g_test_run ();

  fix_remove_tmpdir ();
  return ret;
}
