/* cg-report-pdf.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocks are collected, then laid out twice at finish(): once into a PDF surface that writes
 * nowhere, to count the pages for "page n of N", then into the file. The file is written
 * through g_file_replace(), so a failed export leaves an existing file as it was.
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cg-report-pdf.h"

/* A4 in points, and the margins */
#define PAGE_W   595.276
#define PAGE_H   841.890
#define MARGIN_X 56.0
#define TOP      60.0
#define BOTTOM   (PAGE_H - 66.0)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)

#define FONT       "Noto Sans CJK SC"
#define BODY_SIZE  10.0
#define CELL_PAD_X 6.0
#define CELL_PAD_Y 4.5

G_DEFINE_QUARK (cg-report-pdf-error-quark, cg_report_pdf_error)

typedef enum
{
  BLOCK_SECTION,
  BLOCK_PARAGRAPH,
  BLOCK_CHART,
  BLOCK_TABLE,
} BlockType;

typedef struct
{
  BlockType    type;
  char        *text;        /* section, paragraph */
  CgChartKind  kind;        /* chart */
  CgChartData *data;
  guint        n_columns;   /* table */
  guint        n_rows;
  char       **columns;
  char       **cells;       /* n_rows * n_columns, row-major */
} Block;

struct _CgReportPdf
{
  GObject    parent_instance;

  char      *path;
  char      *title;
  char      *district;
  char      *range;
  GDateTime *generated;
  gboolean   has_cover;
  GPtrArray *blocks;        /* Block */
  guint      n_pages;
  gboolean   finished;
};

G_DEFINE_FINAL_TYPE (CgReportPdf, cg_report_pdf, G_TYPE_OBJECT)

static void
block_free (gpointer data)
{
  Block *b = data;

  g_free (b->text);
  g_clear_pointer (&b->data, cg_chart_data_unref);
  g_strfreev (b->columns);
  g_strfreev (b->cells);
  g_free (b);
}

/* Drawing state */

typedef struct
{
  CgReportPdf *self;
  cairo_t     *cr;
  guint        page;     /* 1-based */
  guint        total;    /* 0 while counting */
  double       y;
  gboolean     blank;    /* nothing drawn on this page yet */
} Pen;

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

/* glyph outlines only in the file, not while counting pages (see cg_chart_show_layout()) */
static void
show (Pen         *pen,
      PangoLayout *layout,
      double       x,
      double       y,
      double       r,
      double       g,
      double       b)
{
  cairo_set_source_rgb (pen->cr, r, g, b);
  cairo_move_to (pen->cr, x, y);
  cg_chart_show_layout (pen->cr, layout, pen->total > 0);
}

static void
draw_footer (Pen *pen)
{
  cairo_t *cr = pen->cr;
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(GString) left_text = g_string_new (pen->self->title);

  if (pen->total > 0)
    /* Translators: the footer of each page of a PDF report */
    page_text = g_strdup_printf (_("Page %u of %u"), pen->page, pen->total);
  else
    page_text = g_strdup_printf (_("Page %u of %u"), pen->page, 999u);
  right = make_layout (cr, page_text, 8, FALSE, -1);
  if (pen->self->district && *pen->self->district)
    g_string_append_printf (left_text, left_text->len ? " · %s" : "%s", pen->self->district);
  left = make_layout (cr, left_text->str, 8, FALSE, CONTENT_W * 0.7);
  pango_layout_set_wrap (left, PANGO_WRAP_WORD);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);

  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_X, PAGE_H - 44);
  cairo_line_to (cr, PAGE_W - MARGIN_X, PAGE_H - 44);
  cairo_stroke (cr);
  show (pen, left, MARGIN_X, PAGE_H - 38, 0.45, 0.45, 0.45);
  show (pen, right, PAGE_W - MARGIN_X - layout_width (right), PAGE_H - 38, 0.45, 0.45, 0.45);
}

static void
new_page (Pen *pen)
{
  draw_footer (pen);
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = TOP;
  pen->blank = TRUE;
}

/* room for @height below the pen, on this page or a new one */
static void
ensure_room (Pen    *pen,
             double  height)
{
  if (!pen->blank && pen->y + height > BOTTOM)
    new_page (pen);
}

/* Cover */

static void
draw_cover (Pen *pen)
{
  CgReportPdf *self = pen->self;
  cairo_t *cr = pen->cr;
  g_autoptr(PangoLayout) title = NULL;
  g_autofree char *generated = NULL;
  struct { const char *label; const char *value; } rows[3];
  double y;

  /* a blue band at the top and a thin one under the title block */
  cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
  cairo_rectangle (cr, 0, 0, PAGE_W, 14);
  cairo_fill (cr);

  y = PAGE_H * 0.30;
  title = make_layout (cr, self->title && *self->title ? self->title : _("Report"), 26, TRUE,
                       CONTENT_W);
  show (pen, title, MARGIN_X, y, 0.12, 0.12, 0.12);
  y += layout_height (title) + 18;

  cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
  cairo_rectangle (cr, MARGIN_X, y, 64, 4);
  cairo_fill (cr);
  y += 28;

  generated = g_date_time_format (self->generated, "%Y-%m-%d %H:%M");
  rows[0].label = _("District");
  rows[0].value = self->district;
  rows[1].label = _("Period");
  rows[1].value = self->range;
  rows[2].label = _("Generated");
  rows[2].value = generated;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) value = NULL;

      if (rows[i].value == NULL || rows[i].value[0] == '\0')
        continue;
      label = make_layout (cr, rows[i].label, 11, FALSE, 100);
      value = make_layout (cr, rows[i].value, 13, FALSE, CONTENT_W - 110);
      show (pen, label, MARGIN_X, y + 2, 0.45, 0.45, 0.45);
      show (pen, value, MARGIN_X + 110, y, 0.12, 0.12, 0.12);
      y += MAX (layout_height (value), layout_height (label)) + 12;
    }

  cairo_show_page (cr);
  pen->page++;
  pen->y = TOP;
  pen->blank = TRUE;
}

/* Blocks */

static void
draw_section (Pen        *pen,
              const char *heading)
{
  g_autoptr(PangoLayout) layout = make_layout (pen->cr, heading, 15, TRUE, CONTENT_W);
  double h = layout_height (layout);

  if (!pen->blank)
    pen->y += 18;
  /* keep the heading with what follows */
  ensure_room (pen, h + 10 + 120);
  show (pen, layout, MARGIN_X, pen->y, 0.12, 0.12, 0.12);
  pen->y += h + 4;
  cairo_set_source_rgb (pen->cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
  cairo_rectangle (pen->cr, MARGIN_X, pen->y, 32, 2.5);
  cairo_fill (pen->cr);
  pen->y += 12;
  pen->blank = FALSE;
}

/* line by line, so a long paragraph runs over pages */
static void
draw_paragraph (Pen        *pen,
                const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (pen->cr, text, BODY_SIZE, FALSE, CONTENT_W);
  PangoLayoutIter *iter;

  pango_layout_set_spacing (layout, (int) (BODY_SIZE * 0.45 * PANGO_SCALE));
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      double line_h;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_h = (double) logical.height / PANGO_SCALE + BODY_SIZE * 0.45;
      ensure_room (pen, line_h);
      cairo_set_source_rgb (pen->cr, 0.15, 0.15, 0.15);
      cairo_move_to (pen->cr, MARGIN_X,
                     pen->y + baseline - (double) logical.y / PANGO_SCALE);
      cg_chart_show_layout_line (pen->cr, line, pen->total > 0);
      pen->y += line_h;
      pen->blank = FALSE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pen->y += 6;
}

static double
chart_height (const Block *b)
{
  /* an empty chart is its title and message: no need for a plot's height */
  if (cg_chart_data_is_empty (b->data) ||
      (b->kind == CG_CHART_KIND_DONUT && cg_chart_data_get_total (b->data, 0) <= 0))
    return 120;

  switch (b->kind)
    {
    case CG_CHART_KIND_DONUT:
      return 200;
    case CG_CHART_KIND_HEAT_GRID:
      return MIN (90 + 22.0 * cg_chart_data_get_n_series (b->data), BOTTOM - TOP);
    case CG_CHART_KIND_BAR:
    case CG_CHART_KIND_LINE:
    default:
      return 240;
    }
}

static void
draw_chart (Pen         *pen,
            const Block *b)
{
  CgChartStyle style;
  double h = chart_height (b);

  ensure_room (pen, h);
  cg_chart_style_init (&style, FALSE);
  g_strlcpy (style.font_family, FONT, sizeof style.font_family);
  style.font_size = 8.5;
  style.text_outlines = pen->total > 0;

  /* a faint card around the chart */
  cairo_save (pen->cr);
  cairo_set_source_rgb (pen->cr, 0.88, 0.88, 0.88);
  cairo_set_line_width (pen->cr, 0.6);
  cairo_new_sub_path (pen->cr);
  cairo_arc (pen->cr, MARGIN_X + CONTENT_W - 6, pen->y + 6, 6, -G_PI / 2, 0);
  cairo_arc (pen->cr, MARGIN_X + CONTENT_W - 6, pen->y + h - 6, 6, 0, G_PI / 2);
  cairo_arc (pen->cr, MARGIN_X + 6, pen->y + h - 6, 6, G_PI / 2, G_PI);
  cairo_arc (pen->cr, MARGIN_X + 6, pen->y + 6, 6, G_PI, 3 * G_PI / 2);
  cairo_close_path (pen->cr);
  cairo_stroke (pen->cr);
  cairo_restore (pen->cr);

  cg_chart_draw (pen->cr, b->kind, b->data, &style, MARGIN_X + 4, pen->y + 4, CONTENT_W - 8,
                 h - 8, -1, -1, NULL);
  pen->y += h + 12;
  pen->blank = FALSE;
}

/* "1,234", "-3", "45.2%", "12件": right-aligned */
static gboolean
is_numeric (const char *s)
{
  const char *p = s;
  guint suffix = 0;

  if (s == NULL)
    return FALSE;
  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) || *p == ',' || *p == '.')
    p++;
  for (; *p; p = g_utf8_next_char (p))
    if (++suffix > 2)
      return FALSE;
  return TRUE;
}

static void
table_header (Pen          *pen,
              const Block  *b,
              const double *widths,
              double        row_h)
{
  double x = MARGIN_X;

  cairo_set_source_rgb (pen->cr, 0.94, 0.94, 0.95);
  cairo_rectangle (pen->cr, MARGIN_X, pen->y, CONTENT_W, row_h);
  cairo_fill (pen->cr);

  for (guint c = 0; c < b->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = make_layout (pen->cr, b->columns[c], 9, TRUE, -1);
      gboolean right = b->n_rows > 0 && is_numeric (b->cells[c]);

      pango_layout_set_width (layout, (int) (MAX (widths[c] - 2 * CELL_PAD_X, 1) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      show (pen, layout, x + CELL_PAD_X, pen->y + CELL_PAD_Y, 0.2, 0.2, 0.2);
      x += widths[c];
    }

  cairo_set_source_rgb (pen->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (pen->cr, 0.8);
  cairo_move_to (pen->cr, MARGIN_X, pen->y + row_h);
  cairo_line_to (pen->cr, MARGIN_X + CONTENT_W, pen->y + row_h);
  cairo_stroke (pen->cr);
  pen->y += row_h;
}

static void
draw_table (Pen         *pen,
            const Block *b)
{
  g_autofree double *widths = NULL;
  g_autofree gboolean *numeric = NULL;
  double total = 0, row_h;

  if (b->n_columns == 0)
    return;

  widths = g_new0 (double, b->n_columns);
  numeric = g_new0 (gboolean, b->n_columns);
  for (guint c = 0; c < b->n_columns; c++)
    {
      g_autoptr(PangoLayout) header = make_layout (pen->cr, b->columns[c], 9, TRUE, -1);

      widths[c] = layout_width (header);
      numeric[c] = b->n_rows > 0;
      /* the first rows are enough to size a column */
      for (guint r = 0; r < b->n_rows; r++)
        {
          const char *cell = b->cells[r * b->n_columns + c];

          if (cell && *cell && !is_numeric (cell))
            numeric[c] = FALSE;
          if (r < 200)
            {
              g_autoptr(PangoLayout) layout = make_layout (pen->cr, cell, 9, FALSE, -1);

              widths[c] = MAX (widths[c], layout_width (layout));
            }
        }
      widths[c] = MIN (widths[c], CONTENT_W * 0.6) + 2 * CELL_PAD_X;
      total += widths[c];
    }
  /* fill the width, keeping proportions */
  for (guint c = 0; c < b->n_columns; c++)
    widths[c] = widths[c] * CONTENT_W / total;

  {
    g_autoptr(PangoLayout) probe = make_layout (pen->cr, "国Ag", 9, FALSE, -1);

    row_h = layout_height (probe) + 2 * CELL_PAD_Y;
  }

  /* the header and at least a few rows together */
  ensure_room (pen, row_h * MIN (b->n_rows + 1, 4u));
  table_header (pen, b, widths, row_h);

  if (b->n_rows == 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (pen->cr, _("No rows"), 9, FALSE, -1);

      show (pen, layout, MARGIN_X + CELL_PAD_X, pen->y + CELL_PAD_Y, 0.45, 0.45, 0.45);
      pen->y += row_h;
    }

  for (guint r = 0; r < b->n_rows; r++)
    {
      double x = MARGIN_X;

      if (pen->y + row_h > BOTTOM)
        {
          new_page (pen);
          table_header (pen, b, widths, row_h);   /* repeated on each page */
        }
      if (r % 2 == 1)
        {
          cairo_set_source_rgb (pen->cr, 0.98, 0.98, 0.98);
          cairo_rectangle (pen->cr, MARGIN_X, pen->y, CONTENT_W, row_h);
          cairo_fill (pen->cr);
        }
      for (guint c = 0; c < b->n_columns; c++)
        {
          g_autoptr(PangoLayout) layout =
            make_layout (pen->cr, b->cells[r * b->n_columns + c], 9, FALSE, -1);

          pango_layout_set_width (layout,
                                  (int) (MAX (widths[c] - 2 * CELL_PAD_X, 1) * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (layout, numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
          show (pen, layout, x + CELL_PAD_X, pen->y + CELL_PAD_Y, 0.15, 0.15, 0.15);
          x += widths[c];
        }
      cairo_set_source_rgb (pen->cr, 0.9, 0.9, 0.9);
      cairo_set_line_width (pen->cr, 0.4);
      cairo_move_to (pen->cr, MARGIN_X, pen->y + row_h);
      cairo_line_to (pen->cr, MARGIN_X + CONTENT_W, pen->y + row_h);
      cairo_stroke (pen->cr);
      pen->y += row_h;
      pen->blank = FALSE;
    }
  pen->y += 14;
  pen->blank = FALSE;
}

/* the whole report into @cr; returns the number of pages */
static guint
render (CgReportPdf *self,
        cairo_t     *cr,
        guint        total)
{
  Pen pen = { self, cr, 1, total, TOP, TRUE };

  if (self->has_cover)
    draw_cover (&pen);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const Block *b = g_ptr_array_index (self->blocks, i);

      switch (b->type)
        {
        case BLOCK_SECTION:
          draw_section (&pen, b->text);
          break;
        case BLOCK_PARAGRAPH:
          draw_paragraph (&pen, b->text);
          break;
        case BLOCK_CHART:
          draw_chart (&pen, b);
          break;
        case BLOCK_TABLE:
          draw_table (&pen, b);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* the last page (the surface emits it when finished) */
  if (!pen.blank || !self->has_cover)
    draw_footer (&pen);
  else
    return pen.page - 1;   /* a cover alone */
  return pen.page;
}

/* Public */

/**
 * cg_report_pdf_new:
 * @path: where finish() writes the PDF (replaced only when the whole report was written)
 *
 * Returns: (transfer full): an empty report
 */
CgReportPdf *
cg_report_pdf_new (const char *path)
{
  CgReportPdf *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CG_TYPE_REPORT_PDF, NULL);
  self->path = g_strdup (path);
  return self;
}

/**
 * cg_report_pdf_set_cover:
 * @title: the report's title, also in the footer and the PDF's metadata
 * @district: (nullable): "普陀区"
 * @range: (nullable): the period, as the user chose it ("2026-11-01 至 2026-11-29")
 * @generated: (nullable): when the report was made; %NULL for now
 *
 * Gives the report a cover page.
 */
void
cg_report_pdf_set_cover (CgReportPdf *self,
                         const char  *title,
                         const char  *district,
                         const char  *range,
                         GDateTime   *generated)
{
  g_return_if_fail (CG_IS_REPORT_PDF (self));

  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->district);
  self->district = g_strdup (district);
  g_free (self->range);
  self->range = g_strdup (range);
  g_clear_pointer (&self->generated, g_date_time_unref);
  self->generated = generated ? g_date_time_ref (generated) : g_date_time_new_now_local ();
  self->has_cover = TRUE;
}

static void
add_block (CgReportPdf *self,
           Block       *b)
{
  if (self->finished)
    {
      g_warning ("Adding to a report that is finished");
      block_free (b);
      return;
    }
  g_ptr_array_add (self->blocks, b);
}

void
cg_report_pdf_add_section (CgReportPdf *self,
                           const char  *heading)
{
  Block *b;

  g_return_if_fail (CG_IS_REPORT_PDF (self));

  b = g_new0 (Block, 1);
  b->type = BLOCK_SECTION;
  b->text = g_strdup (heading ? heading : "");
  add_block (self, b);
}

void
cg_report_pdf_add_paragraph (CgReportPdf *self,
                             const char  *text)
{
  Block *b;

  g_return_if_fail (CG_IS_REPORT_PDF (self));

  b = g_new0 (Block, 1);
  b->type = BLOCK_PARAGRAPH;
  b->text = g_strdup (text ? text : "");
  add_block (self, b);
}

/**
 * cg_report_pdf_add_chart:
 *
 * Adds @data drawn as @kind, with the same drawing as the screen's (light style); an empty
 * chart shows its empty message. The report keeps a reference to @data.
 */
void
cg_report_pdf_add_chart (CgReportPdf *self,
                         CgChartKind  kind,
                         CgChartData *data)
{
  Block *b;

  g_return_if_fail (CG_IS_REPORT_PDF (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (kind <= CG_CHART_KIND_HEAT_GRID);

  b = g_new0 (Block, 1);
  b->type = BLOCK_CHART;
  b->kind = kind;
  b->data = cg_chart_data_ref (data);
  add_block (self, b);
}

/**
 * cg_report_pdf_add_table:
 * @columns: (array length=n_columns): the headers
 * @cells: (array) (nullable): @n_rows x @n_columns texts, row after row; %NULL cells are empty
 *
 * Adds a table across the page. Rows run over pages with the headers repeated; columns whose
 * cells are all numbers ("1,234", "45%", "12件") are right-aligned. The texts are copied.
 */
void
cg_report_pdf_add_table (CgReportPdf        *self,
                         guint               n_columns,
                         const char * const *columns,
                         guint               n_rows,
                         const char * const *cells)
{
  Block *b;

  g_return_if_fail (CG_IS_REPORT_PDF (self));
  g_return_if_fail (n_columns == 0 || columns != NULL);
  g_return_if_fail (n_rows == 0 || n_columns == 0 || cells != NULL);

  b = g_new0 (Block, 1);
  b->type = BLOCK_TABLE;
  b->n_columns = n_columns;
  b->n_rows = n_columns > 0 ? n_rows : 0;
  b->columns = g_new0 (char *, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    b->columns[c] = g_strdup (columns[c] ? columns[c] : "");
  b->cells = g_new0 (char *, (gsize) b->n_rows * n_columns + 1);
  for (gsize i = 0; i < (gsize) b->n_rows * n_columns; i++)
    b->cells[i] = g_strdup (cells[i] ? cells[i] : "");
  add_block (self, b);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable,
                                  &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (CgReportPdf     *self,
              cairo_surface_t *surface)
{
  g_autofree char *date = g_date_time_format (self->generated, "%Y-%m-%dT%H:%M:%S%:z");

  if (self->title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  /* the application, by its name (metadata, not shown) */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Chengguan Command");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* both passes and the file; in the caller's thread or a worker's (pango's font map is per
 * thread, and nothing else touches the report while it is sealed) */
static gboolean
write_report (CgReportPdf   *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) abort = g_cancellable_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Sink sink = { 0 };
  guint pages;

  /* pass 1: count the pages */
  surface = cairo_pdf_surface_create_for_stream (NULL, NULL, PAGE_W, PAGE_H);
  cr = cairo_create (surface);
  pages = render (self, cr, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* pass 2: the file */
  file = g_file_new_for_path (self->path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                           &sink.error);
  if (stream == NULL)
    goto failed;
  sink.stream = G_OUTPUT_STREAM (stream);
  sink.cancellable = cancellable;

  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, PAGE_W, PAGE_H);
  set_metadata (self, surface);
  cr = cairo_create (surface);
  self->n_pages = render (self, cr, pages);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS || sink.error != NULL)
    {
      if (sink.error == NULL)
        g_set_error_literal (&sink.error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_WRITE,
                             cairo_status_to_string (status));
      /* a cancelled close drops the temporary file and keeps the old one */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      goto failed;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &sink.error))
    goto failed;

  g_warn_if_fail (self->n_pages == pages);
  g_debug ("Wrote %u pages to %s", self->n_pages, self->path);
  return TRUE;

failed:
  self->n_pages = 0;
  if (g_error_matches (sink.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&sink.error));
  else
    {
      g_set_error (error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_WRITE,
                   _("Could not write the report to %s: %s"), self->path, sink.error->message);
      g_clear_error (&sink.error);
    }
  return FALSE;
}

static gboolean
seal (CgReportPdf  *self,
      GError      **error)
{
  if (self->finished)
    {
      g_set_error (error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_FINISHED,
                   _("The report was written already"));
      return FALSE;
    }
  self->finished = TRUE;
  if (self->generated == NULL)
    self->generated = g_date_time_new_now_local ();
  return TRUE;
}

/**
 * cg_report_pdf_finish:
 *
 * Lays the report out and writes it to the path given to cg_report_pdf_new(). On error the
 * file there (if any) is left as it was. The report is sealed: nothing more can be added, and
 * it is written once.
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
cg_report_pdf_finish (CgReportPdf  *self,
                      GError      **error)
{
  g_return_val_if_fail (CG_IS_REPORT_PDF (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return seal (self, error) && write_report (self, NULL, error);
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_report (CG_REPORT_PDF (source_object), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cg_report_pdf_finish_async:
 *
 * cg_report_pdf_finish() in a worker thread, for reports with long tables. The report is
 * sealed at once; cancelling leaves an existing file as it was (G_IO_ERROR_CANCELLED).
 */
void
cg_report_pdf_finish_async (CgReportPdf         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CG_IS_REPORT_PDF (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_report_pdf_finish_async);

  if (!seal (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, finish_thread);
}

gboolean
cg_report_pdf_finish_finish (CgReportPdf   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (CG_IS_REPORT_PDF (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* after a successful finish(): how many pages the PDF has */
guint
cg_report_pdf_get_n_pages (CgReportPdf *self)
{
  g_return_val_if_fail (CG_IS_REPORT_PDF (self), 0);

  return self->n_pages;
}

/* GObject */

static void
cg_report_pdf_finalize (GObject *object)
{
  CgReportPdf *self = CG_REPORT_PDF (object);

  g_free (self->path);
  g_free (self->title);
  g_free (self->district);
  g_free (self->range);
  g_clear_pointer (&self->generated, g_date_time_unref);
  g_ptr_array_unref (self->blocks);

  G_OBJECT_CLASS (cg_report_pdf_parent_class)->finalize (object);
}

static void
cg_report_pdf_class_init (CgReportPdfClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cg_report_pdf_finalize;
}

static void
cg_report_pdf_init (CgReportPdf *self)
{
  self->blocks = g_ptr_array_new_with_free_func (block_free);
}
