/* cg-report-csv.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180: CRLF between records, fields with a comma, quote or line break quoted, quotes
 * doubled. A UTF-8 byte order mark first, or Excel and WPS read the Chinese as GBK. Cells that
 * a spreadsheet would run as a formula (=, @, or + and - not followed by a number) get a
 * leading apostrophe: a merchant's name from the city API must not become a formula.
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cg-report-csv.h"

#define UTF8_BOM "\xef\xbb\xbf"

/* "-3", "+12.5%", "-1,234.5" */
static gboolean
is_signed_number (const char *s)
{
  const char *p = s + 1;
  gboolean digits = FALSE;

  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p != '.' && *p != ',')
        break;
    }
  if (*p == '%')
    p++;
  return digits && *p == '\0';
}

static void
append_field (GString    *out,
              const char *field)
{
  gboolean formula, quote;

  if (field == NULL)
    field = "";

  formula = field[0] == '=' || field[0] == '@' || field[0] == '\t' || field[0] == '\r' ||
            ((field[0] == '+' || field[0] == '-') && !is_signed_number (field));
  quote = strpbrk (field, ",\"\r\n") != NULL || formula ||
          (field[0] != '\0' && (field[0] == ' ' || field[strlen (field) - 1] == ' '));

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
append_record (GString            *out,
               guint               n,
               const char * const *fields)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

/**
 * cg_report_csv_format:
 * @columns: (array length=n_columns): the header
 * @cells: (array) (nullable): @n_rows x @n_columns texts, row after row; %NULL is empty
 * @length: (out) (optional): the length in bytes
 *
 * Returns: (transfer full): the CSV text, with a UTF-8 byte order mark
 */
char *
cg_report_csv_format (guint               n_columns,
                      const char * const *columns,
                      guint               n_rows,
                      const char * const *cells,
                      gsize              *length)
{
  GString *out;

  g_return_val_if_fail (n_columns == 0 || columns != NULL, NULL);
  g_return_val_if_fail (n_rows == 0 || n_columns == 0 || cells != NULL, NULL);

  out = g_string_new (UTF8_BOM);
  append_record (out, n_columns, columns);
  for (guint r = 0; r < n_rows && n_columns > 0; r++)
    append_record (out, n_columns, cells + (gsize) r * n_columns);

  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/**
 * cg_report_csv_write:
 *
 * Writes cg_report_csv_format() to @path, replacing it atomically: on error a file already
 * there is left as it was.
 */
gboolean
cg_report_csv_write (const char         *path,
                     guint               n_columns,
                     const char * const *columns,
                     guint               n_rows,
                     const char * const *cells,
                     GError            **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = cg_report_csv_format (n_columns, columns, n_rows, cells, &length);
  if (text == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("The list could not be exported"));
      return FALSE;
    }
  if (!g_file_set_contents (path, text, (gssize) length, error))
    {
      g_prefix_error (error, _("Could not write the list to %s: "), path);
      return FALSE;
    }
  return TRUE;
}
