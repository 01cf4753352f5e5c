/* cg-csv.h: CSV as Excel and WPS read it: UTF-8 with a BOM, RFC 4180 quoting, CRLF
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CgCsvWriter CgCsvWriter;

/* A writer into memory. @bom: start with U+FEFF (what Excel needs to read UTF-8). */
CgCsvWriter *cg_csv_writer_new        (gboolean      bom);
void         cg_csv_writer_free       (CgCsvWriter  *writer);
/* Spreadsheet formula guard (CSV injection, OWASP): when on, a text field that starts
 * with = + - @ TAB or CR gets a leading apostrophe, so Excel/WPS show it as text instead of
 * running it. For exports of text that came from a server (names, addresses). Off by
 * default (a plain round trip); cg_csv_writer_field_int() is never guarded. */
void         cg_csv_writer_set_guard_formulas (CgCsvWriter *writer,
                                               gboolean     guard);
/* Appends one field to the current row. NULL writes an empty field. A field holding a
 * comma, a quote, CR or LF is quoted, quotes doubled. */
void         cg_csv_writer_field      (CgCsvWriter  *writer,
                                       const char   *value);
void         cg_csv_writer_field_int  (CgCsvWriter  *writer,
                                       gint64        value);
/* Ends the current row (CRLF). */
void         cg_csv_writer_end_row    (CgCsvWriter  *writer);
/* Appends a whole row of @n fields (or NULL-terminated when @n is -1) and ends it. */
void         cg_csv_writer_row        (CgCsvWriter  *writer,
                                       const char  * const *fields,
                                       int           n);
/* The text so far (owned by the writer). */
const char  *cg_csv_writer_get_text   (CgCsvWriter  *writer,
                                       gsize        *length);
/* Takes the text and frees the writer. */
char        *cg_csv_writer_free_to_string (CgCsvWriter *writer,
                                           gsize       *length);

/* Parses RFC 4180 text (a leading BOM is skipped; CRLF or LF rows; quoted fields may
 * hold commas, quotes and newlines). (transfer full): GPtrArray of GStrv, one per row.
 * A stray quote inside an unquoted field, text after a closing quote or an unterminated
 * quote is G_IO_ERROR_INVALID_DATA naming the line. */
GPtrArray   *cg_csv_parse             (const char   *text,
                                       gssize        length,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgCsvWriter, cg_csv_writer_free)

G_END_DECLS
