/* test-csv.c: the CSV writer and reader, round trip
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cg-csv.h"

static void
test_round_trip (void)
{
  const char *fields[][4] = {
    { "id", "名称", "note", "empty" },
    { "m-1", "兰州拉面馆", "plain", "" },
    { "m-2", "comma, inside", "quote \"q\" inside", NULL },
    { "m-3", "line\nbreak", "crlf\r\nbreak", "普陀区真北路1234号" },
    { "m-4", "\"", ",", "\"\"" },
    { "m-5", " lead and trail ", "=1+2", "末尾" },
  };
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (TRUE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize len;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    cg_csv_writer_row (w, fields[i], 4);
  text = cg_csv_writer_get_text (w, &len);

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFid,名称,note,empty\r\n"));
  g_assert_nonnull (strstr (text, "m-2,\"comma, inside\",\"quote \"\"q\"\" inside\",\r\n"));
  g_assert_nonnull (strstr (text, "m-4,\"\"\"\",\",\",\"\"\"\"\"\"\r\n"));
  g_assert_true (g_utf8_validate (text, len, NULL));

  rows = cg_csv_parse (text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < rows->len; i++)
    {
      const char * const *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length ((GStrv) row), ==, 4);
      for (guint k = 0; k < 4; k++)
        g_assert_cmpstr (row[k], ==, fields[i][k] ? fields[i][k] : "");
    }
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  const char * const *row;
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (FALSE);
  g_autofree char *text = NULL;

  /* LF rows, no BOM, no final newline, an empty last field */
  rows = cg_csv_parse ("a,b\n1,\n\"x\"\"y\",z", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[0], ==, "1");
  g_assert_cmpstr (row[1], ==, "");
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row[0], ==, "x\"y");

  bad = cg_csv_parse ("a,b\r\n\"open,c\r\n", -1, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  bad = cg_csv_parse ("a,b\r\nx\"y,c\r\n", -1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);
  bad = cg_csv_parse ("\"a\"b,c\r\n", -1, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  cg_csv_writer_field_int (w, -42);
  cg_csv_writer_field (w, NULL);
  cg_csv_writer_end_row (w);
  text = cg_csv_writer_free_to_string (g_steal_pointer (&w), NULL);
  g_assert_cmpstr (text, ==, "-42,\r\n");
}

static void
test_formula_guard (void)
{
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (FALSE);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char * const *row;

  cg_csv_writer_set_guard_formulas (w, TRUE);
  cg_csv_writer_field (w, "=HYPERLINK(\"http://x\",\"y\")");
  cg_csv_writer_field (w, "+1");
  cg_csv_writer_field (w, "@SUM(A1)");
  cg_csv_writer_field (w, "-2");
  cg_csv_writer_field (w, "兰州拉面 = 好");
  cg_csv_writer_field (w, "");
  cg_csv_writer_field_int (w, -3);
  cg_csv_writer_end_row (w);
  text = cg_csv_writer_free_to_string (g_steal_pointer (&w), NULL);

  rows = cg_csv_parse (text, -1, NULL);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row[0], ==, "'=HYPERLINK(\"http://x\",\"y\")");
  g_assert_cmpstr (row[1], ==, "'+1");
  g_assert_cmpstr (row[2], ==, "'@SUM(A1)");
  g_assert_cmpstr (row[3], ==, "'-2");
  g_assert_cmpstr (row[4], ==, "兰州拉面 = 好");
  g_assert_cmpstr (row[5], ==, "");
  g_assert_cmpstr (row[6], ==, "-3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/csv/parse", test_parse);
  g_test_add_func ("/csv/formula-guard", test_formula_guard);

  return g_test_run ();
}
