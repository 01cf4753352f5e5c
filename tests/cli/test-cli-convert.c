/* test-cli-convert.c: chengguan-cli convert (pair, standard input, bad lines, bad datums)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "cg-coords.h"

static const char *cli_path;

/* Runs chengguan-cli convert ARGS with @input on stdin (NULL: none); returns the exit status */
static int
run_convert (const char  *input,
             char       **out,
             char       **err,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) cli_path);
  g_ptr_array_add (argv, (gpointer) "convert");
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input ? input : "", NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  return g_subprocess_get_exit_status (proc);
}

static void
parse_pair (const char *line,
            double     *lon,
            double     *lat)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  /* exactly 7 decimals */
  g_assert_cmpuint (strlen (strchr (parts[0], '.') + 1), ==, 7);
  g_assert_cmpuint (strlen (strchr (parts[1], '.') + 1), ==, 7);
  *lon = g_ascii_strtod (parts[0], NULL);
  *lat = g_ascii_strtod (parts[1], NULL);
}

static void
test_convert_pair (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double lon, lat;

  /* eviltransform's Shanghai vector */
  g_assert_cmpint (run_convert (NULL, &out, &err, "--from", "wgs84", "--to", "gcj02",
                                "121.5272106", "31.1774276", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "121.5315419 31.1753040\n");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* and back, to within the 7 printed decimals */
  g_assert_cmpint (run_convert (NULL, &out, &err, "--from", "gcj02", "--to", "wgs84",
                                "121.531541859215", "31.17530398364597", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "121.5272106 31.1774276\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* gcoord's BD-09 fixture for Shenyang, to its 5 decimals */
  g_assert_cmpint (run_convert (NULL, &out, &err, "-f", "gcj02", "-t", "bd09",
                                "123.4314787", "41.8057023", NULL), ==, 0);
  g_strchomp (out);
  parse_pair (out, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 123.438095, 5e-6);
  g_assert_cmpfloat_with_epsilon (lat, 41.8114013, 5e-6);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* negative numbers are coordinates, not options; outside China GCJ-02 is the identity */
  g_assert_cmpint (run_convert (NULL, &out, &err, "--from", "wgs84", "--to", "gcj02",
                                "-74.006", "40.7128", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "-74.0060000 40.7128000\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* same datum: unchanged */
  g_assert_cmpint (run_convert (NULL, &out, &err, "--from", "BD-09", "--to", "bd09",
                                "121.5", "31.2", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "121.5000000 31.2000000\n");
}

static void
test_convert_stdin (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *input = "121.4737 31.2304\n"
                      "\n"
                      "# a comment\n"
                      "  121.5,31.3  \n"
                      "2.3522\t48.8566\n";
  double lon, lat, e_lon, e_lat;

  g_assert_cmpint (run_convert (input, &out, &err, "--from", "wgs84", "--to", "bd09", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* three lines and the final "" */
  g_assert_cmpstr (lines[3], ==, "");

  parse_pair (lines[0], &lon, &lat);
  cg_coords_wgs84_to_bd09 (121.4737, 31.2304, &e_lon, &e_lat);
  g_assert_cmpfloat_with_epsilon (lon, e_lon, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat, e_lat, 1e-7);

  parse_pair (lines[1], &lon, &lat);
  cg_coords_wgs84_to_bd09 (121.5, 31.3, &e_lon, &e_lat);
  g_assert_cmpfloat_with_epsilon (lon, e_lon, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat, e_lat, 1e-7);

  /* Paris: GCJ-02 is the identity there, BD-09's shift is not */
  parse_pair (lines[2], &lon, &lat);
  cg_coords_wgs84_to_bd09 (2.3522, 48.8566, &e_lon, &e_lat);
  g_assert_cmpfloat_with_epsilon (lon, e_lon, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat, e_lat, 1e-7);
}

static void
test_convert_bad_lines (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *input = "121.4737 31.2304\n"
                      "121.4737\n"
                      "abc 31.2\n"
                      "121.4 31.2 7\n"
                      "121.4 95\n"
                      "121.4x 31.2\n"
                      "121.5 31.3\n";

  /* the good lines are still converted; each bad one is reported with its number */
  g_assert_cmpint (run_convert (input, &out, &err, "--from", "gcj02", "--to", "wgs84", NULL), ==, 1);
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }
  g_assert_nonnull (strstr (err, "line 2:"));
  g_assert_nonnull (strstr (err, "line 3:"));
  g_assert_nonnull (strstr (err, "“abc” is not a longitude"));
  g_assert_nonnull (strstr (err, "line 4:"));
  g_assert_nonnull (strstr (err, "line 5:"));
  g_assert_nonnull (strstr (err, "latitude 95 is outside"));
  g_assert_nonnull (strstr (err, "line 6:"));
  g_assert_null (strstr (err, "line 1:"));
  g_assert_null (strstr (err, "line 7:"));
}

static void
test_convert_usage (void)
{
  static const char *cases[][6] = {
    { "--from", "wgs", "--to", "gcj02", "1", "2" },         /* unknown datum */
    { "--from", "wgs84", "--to", "epsg3857", "1", "2" },
    { "--to", "gcj02", "1", "2", NULL, NULL },               /* no --from */
    { "--from", "wgs84", "1", "2", NULL, NULL },             /* no --to */
    { "--from", "wgs84", "--to", "gcj02", "121.4", NULL },   /* half a pair */
    { "--from", "wgs84", "--to", "gcj02", "east", "31" },    /* not a number */
    { "--from", "wgs84", "--to", "gcj02", "200", "31" },     /* out of range */
    { "--from", "wgs84", "--to", "gcj02", "--bogus", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_convert (NULL, &out, &err, cases[i][0], cases[i][1], cases[i][2],
                                    cases[i][3], cases[i][4], cases[i][5], NULL), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "chengguan-cli: "));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = g_getenv ("CG_CLI");
  g_assert_nonnull (cli_path);

  g_test_add_func ("/cg/cli/convert/pair", test_convert_pair);
  g_test_add_func ("/cg/cli/convert/stdin", test_convert_stdin);
  g_test_add_func ("/cg/cli/convert/bad-lines", test_convert_bad_lines);
  g_test_add_func ("/cg/cli/convert/usage", test_convert_usage);

  return g_test_run ();
}
