/* test-report-csv.c: lists as CSV (UTF-8 with a byte order mark, RFC 4180 quoting)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cg-report-csv.h"

static void
test_format (void)
{
  const char *columns[] = { "编号", "商户名称", "街镇", "环比" };
  const char *cells[] = {
    "M00001", "老王面馆", "曹杨新村街道", "+12.5%",
    "M00002", "张记, 水果", "长风新村街道", "-3",
    "M00003", "说\"好\"的店", "万里街道", NULL,
    "M00004", "两行\n名称", " 桃浦镇", "-1,234.5",
    "M00005", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "-x",
  };
  gsize length = 0;
  g_autofree char *csv = cg_report_csv_format (4, columns, 5, cells, &length);

  g_assert_cmpuint (length, ==, strlen (csv));
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf"));
  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_cmpstr (csv + 3, ==,
                   "编号,商户名称,街镇,环比\r\n"
                   "M00001,老王面馆,曹杨新村街道,+12.5%\r\n"
                   "M00002,\"张记, 水果\",长风新村街道,-3\r\n"
                   "M00003,\"说\"\"好\"\"的店\",万里街道,\r\n"
                   "M00004,\"两行\n名称\",\" 桃浦镇\",\"-1,234.5\"\r\n"
                   "M00005,\"'=HYPERLINK(\"\"http://x\"\")\",\"'@SUM(A1)\",\"'-x\"\r\n");
}

static void
test_empty (void)
{
  const char *columns[] = { "街镇", "案件数" };
  g_autofree char *csv = cg_report_csv_format (2, columns, 0, NULL, NULL);
  g_autofree char *nothing = cg_report_csv_format (0, NULL, 0, NULL, NULL);

  g_assert_cmpstr (csv, ==, "\xef\xbb\xbf街镇,案件数\r\n");
  g_assert_cmpstr (nothing, ==, "\xef\xbb\xbf\r\n");
}

static void
test_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cg-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "list.csv", NULL);
  g_autofree char *contents = NULL;
  const char *columns[] = { "街镇", "案件数" };
  const char *cells[] = { "真如镇街道", "1,512" };

  g_assert_no_error (error);
  g_assert_true (cg_report_csv_write (path, 2, columns, 1, cells, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "\xef\xbb\xbf街镇,案件数\r\n真如镇街道,\"1,512\"\r\n");

  g_assert_false (cg_report_csv_write (bad, 2, columns, 1, cells, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/report-csv/format", test_format);
  g_test_add_func ("/charts/report-csv/empty", test_empty);
  g_test_add_func ("/charts/report-csv/write", test_write);

  return g_test_run ();
}
