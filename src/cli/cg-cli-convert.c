/* cg-cli-convert.c: chengguan-cli convert, coordinates between WGS-84, GCJ-02 and BD-09
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For IT staff checking coordinates from other systems:
 *   chengguan-cli convert --from wgs84 --to gcj02 121.4737 31.2304
 *   chengguan-cli convert --from bd09 --to wgs84 < points.txt
 * Output: "lon lat" with 7 decimals (about 1 cm), one line per input pair.
 */

#define G_LOG_DOMAIN "cg-cli"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cg-cli-private.h"
#include "cg-coords.h"

/* Same meaning as in cg-cli-main.c */
#define EXIT_OK       0
#define EXIT_BAD_LINE 1
#define EXIT_USAGE    2

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("chengguan-cli: %s\n", message);
}

/* A whole decimal number (C locale), finite; FALSE for anything else */
static gboolean
parse_number (const char *str,
              double     *out)
{
  char *end = NULL;
  double v;

  if (str == NULL || *str == '\0')
    return FALSE;

  errno = 0;
  v = g_ascii_strtod (str, &end);
  if (end == str || *end != '\0' || errno != 0 || !isfinite (v))
    return FALSE;

  *out = v;
  return TRUE;
}

static gboolean
check_range (double   lon,
             double   lat,
             GError **error)
{
  if (lon < -180.0 || lon > 180.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("longitude %g is outside -180…180"), lon);
      return FALSE;
    }
  if (lat < -90.0 || lat > 90.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("latitude %g is outside -90…90"), lat);
      return FALSE;
    }

  return TRUE;
}

/* "lon lat", separated by blanks and/or one comma */
static gboolean
parse_line (const char  *line,
            double      *lon,
            double      *lat,
            GError     **error)
{
  g_auto(GStrv) fields = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *copy = g_strdup (line);

  g_strdelimit (copy, ",\t", ' ');
  fields = g_strsplit (g_strstrip (copy), " ", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    if (*fields[i] != '\0')
      g_ptr_array_add (parts, fields[i]);

  if (parts->len != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("expected “LON LAT”, got %u fields"), parts->len);
      return FALSE;
    }
  if (!parse_number (g_ptr_array_index (parts, 0), lon))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a longitude"), (const char *) g_ptr_array_index (parts, 0));
      return FALSE;
    }
  if (!parse_number (g_ptr_array_index (parts, 1), lat))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a latitude"), (const char *) g_ptr_array_index (parts, 1));
      return FALSE;
    }

  return check_range (*lon, *lat, error);
}

static void
print_pair (double lon,
            double lat)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  g_print ("%s %s\n",
           g_ascii_formatd (a, sizeof a, "%.7f", lon),
           g_ascii_formatd (b, sizeof b, "%.7f", lat));
}

static int
convert_stdin (CgDatum from,
               CgDatum to)
{
  char buf[4096];
  guint line_no = 0;
  guint n_bad = 0;

  while (fgets (buf, sizeof buf, stdin) != NULL)
    {
      g_autoptr(GError) error = NULL;
      gsize len = strlen (buf);
      double lon, lat;

      line_no++;

      if (len == sizeof buf - 1 && buf[len - 1] != '\n')
        {
          int c;

          /* an absurdly long line: skip the rest of it */
          while ((c = getchar ()) != EOF && c != '\n')
            ;
          print_error (_("line %u: the line is too long"), line_no);
          n_bad++;
          continue;
        }

      g_strchomp (buf);
      if (*g_strchug (buf) == '\0' || buf[0] == '#')
        continue;   /* blank lines and comments */

      if (!parse_line (buf, &lon, &lat, &error))
        {
          print_error (_("line %u: %s"), line_no, error->message);
          n_bad++;
          continue;
        }

      cg_coords_convert (from, to, lon, lat, &lon, &lat);
      print_pair (lon, lat);
    }

  if (ferror (stdin))
    {
      print_error (_("cannot read the standard input: %s"), g_strerror (errno));
      return EXIT_BAD_LINE;
    }

  return n_bad > 0 ? EXIT_BAD_LINE : EXIT_OK;
}

/* Numbers such as "-74.0" look like options to GOption: take them out first */
static gboolean
looks_numeric (const char *arg)
{
  double v;

  return arg[0] == '-' && parse_number (arg, &v);
}

int
cg_cli_convert (const char  *prgname,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) opt_args = g_ptr_array_new ();
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autofree char *from_str = NULL;
  g_autofree char *to_str = NULL;
  g_autofree char **opt_argv = NULL;
  int opt_argc;
  CgDatum from, to;
  const GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from_str,
      N_("Datum of the input: wgs84, gcj02 or bd09"), N_("DATUM") },
    { "to", 't', 0, G_OPTION_ARG_STRING, &to_str,
      N_("Datum of the output: wgs84, gcj02 or bd09"), N_("DATUM") },
    { NULL }
  };

  g_ptr_array_add (opt_args, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (looks_numeric (argv[i]))
        g_ptr_array_add (numbers, argv[i]);
      else
        g_ptr_array_add (opt_args, argv[i]);
    }
  g_ptr_array_add (opt_args, NULL);
  opt_argc = (int) opt_args->len - 1;
  opt_argv = (char **) g_ptr_array_steal (opt_args, NULL);

  context = g_option_context_new (_("[LON LAT] — convert coordinates between datums"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Converts one longitude/latitude pair given as arguments, or "
                                  "“lon lat” lines read from the standard input, and prints "
                                  "“lon lat” with 7 decimals. WGS-84 is GPS (and Tianditu); "
                                  "GCJ-02 is AMap/Gaode and Tencent; BD-09 is Baidu."));
  g_option_context_set_description (context,
                                    _("Exit status:\n"
                                      "  0  success\n"
                                      "  1  some input lines were not “lon lat” pairs (each is "
                                      "reported with its line number; the others are converted)\n"
                                      "  2  usage error (bad option, unknown datum, bad pair)"));

  if (!g_option_context_parse (context, &opt_argc, &opt_argv, &error))
    {
      print_error ("%s", error->message);
      return EXIT_USAGE;
    }

  /* what GOption left over are positional arguments too */
  for (int i = 1; i < opt_argc; i++)
    g_ptr_array_add (numbers, opt_argv[i]);

  if (from_str == NULL || to_str == NULL)
    {
      print_error (_("convert needs --from and --to (see chengguan-cli convert --help)"));
      return EXIT_USAGE;
    }
  if (!cg_datum_from_string (from_str, &from))
    {
      print_error (_("unknown datum “%s” (use wgs84, gcj02 or bd09)"), from_str);
      return EXIT_USAGE;
    }
  if (!cg_datum_from_string (to_str, &to))
    {
      print_error (_("unknown datum “%s” (use wgs84, gcj02 or bd09)"), to_str);
      return EXIT_USAGE;
    }

  if (numbers->len == 0)
    return convert_stdin (from, to);

  if (numbers->len == 2)
    {
      double lon, lat;

      if (!parse_number (g_ptr_array_index (numbers, 0), &lon))
        {
          print_error (_("“%s” is not a longitude"), (const char *) g_ptr_array_index (numbers, 0));
          return EXIT_USAGE;
        }
      if (!parse_number (g_ptr_array_index (numbers, 1), &lat))
        {
          print_error (_("“%s” is not a latitude"), (const char *) g_ptr_array_index (numbers, 1));
          return EXIT_USAGE;
        }
      if (!check_range (lon, lat, &error))
        {
          print_error ("%s", error->message);
          return EXIT_USAGE;
        }

      cg_coords_convert (from, to, lon, lat, &lon, &lat);
      print_pair (lon, lat);
      return EXIT_OK;
    }

  print_error (_("convert takes a LON LAT pair or none (then it reads the standard input)"));
  return EXIT_USAGE;
}
