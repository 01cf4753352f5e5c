/* cg-csv.c: CSV writer and reader (RFC 4180, UTF-8 with a BOM)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cg-csv.h"

#define BOM "\xEF\xBB\xBF"

struct _CgCsvWriter
{
  GString  *text;
  gboolean  row_started;
  gboolean  guard_formulas;
};

CgCsvWriter *
cg_csv_writer_new (gboolean bom)
{
  CgCsvWriter *writer = g_new0 (CgCsvWriter, 1);

  writer->text = g_string_new (bom ? BOM : NULL);
  return writer;
}

void
cg_csv_writer_free (CgCsvWriter *writer)
{
  if (writer == NULL)
    return;
  g_string_free (writer->text, TRUE);
  g_free (writer);
}

void
cg_csv_writer_set_guard_formulas (CgCsvWriter *writer,
                                  gboolean     guard)
{
  g_return_if_fail (writer != NULL);

  writer->guard_formulas = !!guard;
}

static void
write_field (CgCsvWriter *writer,
             const char  *value,
             gboolean     guard)
{
  g_autofree char *guarded = NULL;

  if (writer->row_started)
    g_string_append_c (writer->text, ',');
  writer->row_started = TRUE;

  if (value == NULL)
    return;

  if (guard && value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    value = guarded = g_strconcat ("'", value, NULL);

  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (writer->text, value);
      return;
    }

  g_string_append_c (writer->text, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (writer->text, '"');
      g_string_append_c (writer->text, *p);
    }
  g_string_append_c (writer->text, '"');
}

void
cg_csv_writer_field (CgCsvWriter *writer,
                     const char  *value)
{
  g_return_if_fail (writer != NULL);

  write_field (writer, value, writer->guard_formulas);
}

void
cg_csv_writer_field_int (CgCsvWriter *writer,
                         gint64       value)
{
  char buf[32];

  g_return_if_fail (writer != NULL);

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  write_field (writer, buf, FALSE);
}

void
cg_csv_writer_end_row (CgCsvWriter *writer)
{
  g_return_if_fail (writer != NULL);

  g_string_append (writer->text, "\r\n");
  writer->row_started = FALSE;
}

void
cg_csv_writer_row (CgCsvWriter        *writer,
                   const char * const *fields,
                   int                 n)
{
  g_return_if_fail (writer != NULL);

  for (int i = 0; n < 0 ? fields[i] != NULL : i < n; i++)
    cg_csv_writer_field (writer, fields[i]);
  cg_csv_writer_end_row (writer);
}

const char *
cg_csv_writer_get_text (CgCsvWriter *writer,
                        gsize       *length)
{
  g_return_val_if_fail (writer != NULL, NULL);

  if (length)
    *length = writer->text->len;
  return writer->text->str;
}

char *
cg_csv_writer_free_to_string (CgCsvWriter *writer,
                              gsize       *length)
{
  GString *text;

  g_return_val_if_fail (writer != NULL, NULL);

  text = writer->text;
  g_free (writer);
  if (length)
    *length = text->len;
  return g_string_free (text, FALSE);
}

static void
end_field (GPtrArray *row,
           GString   *field)
{
  g_ptr_array_add (row, g_strndup (field->str, field->len));
  g_string_truncate (field, 0);
}

static void
end_row (GPtrArray *rows,
         GPtrArray *row)
{
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
}

GPtrArray *
cg_csv_parse (const char  *text,
              gssize       length,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *row = NULL;
  const char *p, *end;
  guint line = 1;
  enum { START, PLAIN, QUOTED, QUOTE_IN_QUOTED } state = START;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  p = text;
  end = text + length;
  if (length >= 3 && memcmp (p, BOM, 3) == 0)
    p += 3;

  for (; p < end; p++)
    {
      char c = *p;

      if (row == NULL)
        row = g_ptr_array_new_with_free_func (g_free);

      switch (state)
        {
        case START:
        case PLAIN:
          if (c == '"' && state == START)
            state = QUOTED;
          else if (c == '"')
            goto bad_quote;
          else if (c == ',')
            {
              end_field (row, field);
              state = START;
            }
          else if (c == '\r' || c == '\n')
            {
              if (c == '\r' && p + 1 < end && p[1] == '\n')
                p++;
              end_field (row, field);
              end_row (rows, row);
              row = NULL;
              line++;
              state = START;
            }
          else
            {
              g_string_append_c (field, c);
              state = PLAIN;
            }
          break;

        case QUOTED:
          if (c == '"')
            state = QUOTE_IN_QUOTED;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          break;

        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              g_string_append_c (field, '"');
              state = QUOTED;
            }
          else if (c == ',' || c == '\r' || c == '\n')
            {
              p--;   /* handled as after a plain field */
              state = PLAIN;
            }
          else
            goto bad_quote;
          break;
        }
    }

  if (state == QUOTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("CSV line %u: a quoted field is not closed"), line);
      goto fail;
    }
  if (row != NULL)
    {
      end_field (row, field);
      end_row (rows, row);
    }

  return g_steal_pointer (&rows);

bad_quote:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("CSV line %u: misplaced quote"), line);
fail:
  if (row != NULL)
    g_ptr_array_free (row, TRUE);
  return NULL;
}
