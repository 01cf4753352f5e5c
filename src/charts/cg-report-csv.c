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
 * The writing is cg-csv's (src/domain), with its report rules.
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-csv.h"
#include "cg-report-csv.h"

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
  CgCsvWriter *writer;

  g_return_val_if_fail (n_columns == 0 || columns != NULL, NULL);
  g_return_val_if_fail (n_rows == 0 || n_columns == 0 || cells != NULL, NULL);
  g_return_val_if_fail (n_columns <= G_MAXINT, NULL);

  writer = cg_csv_writer_new (TRUE);
  cg_csv_writer_set_report_rules (writer, TRUE);
  cg_csv_writer_row (writer, columns, (int) n_columns);
  for (guint r = 0; r < n_rows && n_columns > 0; r++)
    cg_csv_writer_row (writer, cells + (gsize) r * n_columns, (int) n_columns);

  return cg_csv_writer_free_to_string (writer, length);
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
