/* test-report-pdf.c: PDF reports, read back with poppler's pdftotext and pdfinfo
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CG_TEST_SAVE_DIR=dir keeps a copy of the reports.
 */

#include "config.h"

#include <pango/pangocairo.h>

#include <glib/gstdio.h>
#include <string.h>

#include "cg-report-pdf.h"

static const char *streets[] = {
  "曹杨新村街道", "长风新村街道", "长寿路街道", "甘泉路街道", "石泉路街道",
  "宜川路街道", "万里街道", "真如镇街道", "长征镇", "桃浦镇",
};

static char *tmpdir;

/* cairo 1.16 loses some buffers while it writes a PDF's fonts, inside cairo_surface_finish()
 * of the PDF surface (seen with full stacks); without frame pointers in libcairo the stack
 * only shows the library, so the suppression names it. fontconfig keeps its caches: the
 * worker thread of the async test still holds fonts, so FcFini() cannot run at exit. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");

  if (a == NULL || b == NULL)
    {
      g_test_skip ("pdftotext/pdfinfo (poppler-utils) not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static char *
pdf_text (const char *path,
          int         first,
          int         last)
{
  g_autofree char *f = g_strdup_printf ("%d", first);
  g_autofree char *l = g_strdup_printf ("%d", last);
  const char *all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *pages[] = { "pdftotext", "-enc", "UTF-8", "-f", f, "-l", l, path, "-", NULL };

  return run (first > 0 ? pages : all);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static void
keep_copy (const char *path)
{
  if (g_getenv ("CG_TEST_SAVE_DIR"))
    {
      g_autofree char *contents = NULL;
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *copy = g_build_filename (g_getenv ("CG_TEST_SAVE_DIR"), base, NULL);
      gsize len;

      if (g_file_get_contents (path, &contents, &len, NULL))
        g_file_set_contents (copy, contents, len, NULL);
    }
}

static CgChartData *
street_cases (void)
{
  CgChartData *data = cg_chart_data_new ("各街镇案件数（本月与上月）");

  cg_chart_data_add_series (data, "本月");
  cg_chart_data_add_series (data, "上月");
  for (guint c = 0; c < G_N_ELEMENTS (streets); c++)
    {
      cg_chart_data_add_category (data, streets[c]);
      cg_chart_data_set_value (data, 0, c, 80 + (c * 37) % 90);
      cg_chart_data_set_value (data, 1, c, 70 + (c * 53) % 80);
    }
  return data;
}

static void
test_report (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "report.pdf", NULL);
  g_autoptr(CgReportPdf) report = cg_report_pdf_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 29, 10, 30, 0);
  g_autoptr(CgChartData) bars = street_cases ();
  g_autoptr(CgChartData) donut = cg_chart_data_new ("案件类型构成");
  g_autoptr(CgChartData) none = cg_chart_data_new ("非现场执法案件");
  g_autoptr(CgChartData) heat = cg_chart_data_new ("诉件高发时段（街镇 × 小时）");
  g_autoptr(CgChartData) trend = cg_chart_data_new ("诉件日趋势（本月与去年同期）");
  g_autofree char *text = NULL;
  g_autofree char *cover = NULL;
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  const char *columns[] = { "街镇", "案件数", "环比", "逾期" };
  const char *expected[] = {
    "普陀区城管执法月报", "普陀区", "2026-11-01 至 2026-11-29", "2026-11-29 10:30",
    "一、案件概况", "二、诉件时段分布", "三、街镇明细", "本月共立案", "各街镇案件数（本月与上月）", "案件类型构成",
    "无序设摊", "诉件高发时段（街镇 × 小时）", "去年同期", "街镇", "环比", "1,234", "+12.5%", "桃浦镇", "所选时段内没有非现场执法案件",
  };

  if (!have_poppler ())
    return;

  cg_chart_data_add_series (donut, "案件");
  cg_chart_data_add_category (donut, "无序设摊");
  cg_chart_data_add_category (donut, "跨门经营");
  cg_chart_data_add_category (donut, "建筑垃圾");
  cg_chart_data_set_value (donut, 0, 0, 287);
  cg_chart_data_set_value (donut, 0, 1, 101);
  cg_chart_data_set_value (donut, 0, 2, 100);
  cg_chart_data_set_empty_message (none, "所选时段内没有非现场执法案件");

  for (guint r = 0; r < G_N_ELEMENTS (streets); r++)
    cg_chart_data_add_series (heat, streets[r]);
  for (guint h = 0; h < 24; h++)
    {
      g_autofree char *label = g_strdup_printf ("%u", h);

      cg_chart_data_add_category (heat, label);
      for (guint r = 0; r < G_N_ELEMENTS (streets); r++)
        cg_chart_data_set_value (heat, r, h, (h >= 7 && h <= 21) ? (h * (r + 3)) % 17 : 0);
    }
  cg_chart_data_add_series (trend, "本月");
  cg_chart_data_add_series (trend, "去年同期");
  for (guint d = 0; d < 29; d++)
    {
      g_autofree char *label = g_strdup_printf ("11-%02u", d + 1);

      cg_chart_data_add_category (trend, label);
      cg_chart_data_set_value (trend, 0, d, 50 + (d * 13) % 23);
      cg_chart_data_set_value (trend, 1, d, 40 + (d * 7) % 19);
    }

  for (guint r = 0; r < G_N_ELEMENTS (streets); r++)
    {
      g_ptr_array_add (cells, g_strdup (streets[r]));
      g_ptr_array_add (cells, r == 0 ? g_strdup ("1,234") : g_strdup_printf ("%u", 100 + r * 7));
      g_ptr_array_add (cells, g_strdup (r == 0 ? "+12.5%" : "-3.0%"));
      g_ptr_array_add (cells, g_strdup_printf ("%u", r % 4));
    }

  cg_report_pdf_set_cover (report, "普陀区城管执法月报", "普陀区", "2026-11-01 至 2026-11-29", when);
  cg_report_pdf_add_section (report, "一、案件概况");
  cg_report_pdf_add_paragraph (report, "本月共立案 1,512 件，结案 1,377 件，其中简易程序 604 件、"
                                       "一般程序 773 件。无序设摊仍是最主要的案由。");
  cg_report_pdf_add_chart (report, CG_CHART_KIND_BAR, bars);
  cg_report_pdf_add_chart (report, CG_CHART_KIND_DONUT, donut);
  cg_report_pdf_add_chart (report, CG_CHART_KIND_LINE, none);
  cg_report_pdf_add_section (report, "二、诉件时段分布");
  cg_report_pdf_add_chart (report, CG_CHART_KIND_HEAT_GRID, heat);
  cg_report_pdf_add_chart (report, CG_CHART_KIND_LINE, trend);
  cg_report_pdf_add_section (report, "三、街镇明细");
  cg_report_pdf_add_table (report, G_N_ELEMENTS (columns), columns, G_N_ELEMENTS (streets),
                           (const char * const *) cells->pdata);
  g_ptr_array_unref (cells);   /* the report copied them */

  g_assert_true (cg_report_pdf_finish (report, &error));
  g_assert_no_error (error);
  keep_copy (path);

  text = pdf_text (path, 0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", expected[i], text);

  /* the cover is a page of its own, with the district, range and time */
  cover = pdf_text (path, 1, 1);
  g_assert_nonnull (strstr (cover, "普陀区城管执法月报"));
  g_assert_nonnull (strstr (cover, "2026-11-29 10:30"));
  g_assert_null (strstr (cover, "一、案件概况"));

  g_assert_cmpuint (pdf_pages (path), ==, cg_report_pdf_get_n_pages (report));
  g_assert_cmpuint (pdf_pages (path), >=, 2);
  {
    g_autofree char *footer = g_strdup_printf ("Page 2 of %u", cg_report_pdf_get_n_pages (report));

    g_assert_nonnull (strstr (text, footer));
  }

  /* once only */
  g_assert_false (cg_report_pdf_finish (report, &error));
  g_assert_error (error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_FINISHED);
}

/* a long table runs over pages, with its header on each */
static void
test_long_table (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "long.pdf", NULL);
  g_autoptr(CgReportPdf) report = cg_report_pdf_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const char *columns[] = { "编号", "商户名称", "街镇", "风险等级", "上次巡查" };
  g_autofree char *last_page = NULL;
  g_autofree char *all = NULL;
  guint n = 160, pages;

  if (!have_poppler ())
    return;

  for (guint r = 0; r < n; r++)
    {
      g_ptr_array_add (cells, g_strdup_printf ("M%05u", r + 1));
      g_ptr_array_add (cells, g_strdup_printf ("沿街商户%u号（一个相当长的店名用来检查省略号）", r + 1));
      g_ptr_array_add (cells, g_strdup (streets[r % G_N_ELEMENTS (streets)]));
      g_ptr_array_add (cells, g_strdup (r % 9 == 0 ? "高" : r % 3 == 0 ? "中" : "低"));
      g_ptr_array_add (cells, g_strdup_printf ("2026-11-%02u", r % 28 + 1));
    }

  cg_report_pdf_set_cover (report, "逾期巡查商户清单", "普陀区", NULL, NULL);
  cg_report_pdf_add_section (report, "逾期巡查商户");
  cg_report_pdf_add_table (report, G_N_ELEMENTS (columns), columns, n,
                           (const char * const *) cells->pdata);
  g_assert_true (cg_report_pdf_finish (report, &error));
  g_assert_no_error (error);
  keep_copy (path);

  pages = pdf_pages (path);
  g_assert_cmpuint (pages, ==, cg_report_pdf_get_n_pages (report));
  /* about 40 rows a page, plus the cover */
  g_assert_cmpuint (pages, >=, 1 + n / 50);
  g_assert_cmpuint (pages, <=, 1 + n / 30 + 1);

  /* the last page repeats the header and ends with the last row */
  last_page = pdf_text (path, (int) pages, (int) pages);
  g_assert_nonnull (strstr (last_page, "商户名称"));
  g_assert_nonnull (strstr (last_page, "M00160"));
  /* every row is there once */
  all = pdf_text (path, 0, 0);
  for (guint r = 0; r < n; r += 37)
    {
      g_autofree char *id = g_strdup_printf ("M%05u", r + 1);

      g_assert_nonnull (strstr (all, id));
    }
}

/* every glyph shows: cairo 1.16 embeds Noto Sans CJK SC's 如 blank unless drawn as outlines */
static void
test_glyphs_visible (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "glyphs.pdf", NULL);
  g_autofree char *prefix = g_build_filename (tmpdir, "glyphs", NULL);
  g_autofree char *png = g_strconcat (prefix, "-1.png", NULL);
  g_autoptr(CgReportPdf) report = cg_report_pdf_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-gray",
                         path, prefix, NULL };
  cairo_surface_t *page;
  guint ink = 0;

  if (!have_poppler ())
    return;

  cg_report_pdf_add_paragraph (report, "如如如如如如如如如如如如如如如如如如如如");
  g_assert_true (cg_report_pdf_finish (report, &error));
  g_assert_no_error (error);
  text = pdf_text (path, 0, 0);
  g_assert_nonnull (strstr (text, "如如如如如如如如如如如如如如如如如如如如"));

  g_free (run (argv));
  page = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
  /* the first line of text: 60 pt down, 14 pt high, at 100 dpi */
  for (int y = 60 * 100 / 72; y < 76 * 100 / 72; y++)
    for (int x = 0; x < cairo_image_surface_get_width (page); x++)
      {
        const guchar *row = cairo_image_surface_get_data (page) +
                            y * cairo_image_surface_get_stride (page);
        guint32 v = ((const guint32 *) (gconstpointer) row)[x] & 0xff;

        if (v < 128)
          ink++;
      }
  cairo_surface_destroy (page);
  /* twenty glyphs of about 14 x 14 px */
  g_assert_cmpuint (ink, >, 20 * 20);
}

/* pdftotext breaks lines where the PDF does: join them (takes @text) */
static char *
one_line (char *text)
{
  char *out = text;

  for (const char *p = text; *p; p++)
    if (*p != '\n' && *p != '\f')
      *out++ = *p;
  *out = '\0';
  return text;
}

static void
on_finished_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  if (!cg_report_pdf_finish_finish (CG_REPORT_PDF (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");   /* "done" marker */
}

/* in a worker thread: a long paragraph over pages and a table without rows; then a cancelled
 * one that leaves the file alone */
static void
test_async (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "async.pdf", NULL);
  g_autoptr(CgReportPdf) report = cg_report_pdf_new (path);
  g_autoptr(CgReportPdf) cancelled = cg_report_pdf_new (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  const char *columns[] = { "案件编号", "案由" };
  GError *error = NULL;
  guint pages;

  if (!have_poppler ())
    return;

  for (guint i = 1; i <= 120; i++)
    g_string_append_printf (paragraph, "第%u条：高风险商户每周巡查两次，两次间隔不少于三天。", i);
  cg_report_pdf_add_section (report, "巡查要求");
  cg_report_pdf_add_paragraph (report, paragraph->str);
  cg_report_pdf_add_section (report, "两超期案件");
  cg_report_pdf_add_table (report, G_N_ELEMENTS (columns), columns, 0, NULL);

  cg_report_pdf_finish_async (report, NULL, on_finished_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);   /* the "done" marker */
  g_clear_error (&error);

  pages = pdf_pages (path);
  g_assert_cmpuint (pages, ==, cg_report_pdf_get_n_pages (report));
  g_assert_cmpuint (pages, >=, 2);
  /* the paragraph's lines, joined again, run from the first page onto the next */
  text = one_line (pdf_text (path, 0, 0));
  g_assert_nonnull (strstr (text, "第1条"));
  g_assert_nonnull (strstr (text, "第120条：高风险商户每周巡查两次"));
  g_assert_nonnull (strstr (text, "No rows"));
  first = one_line (pdf_text (path, 1, 1));
  g_assert_nonnull (strstr (first, "第1条"));
  g_assert_null (strstr (first, "第120条"));

  /* sealed: nothing more is written */
  cg_report_pdf_finish_async (report, NULL, on_finished_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_FINISHED);
  g_clear_error (&error);

  /* cancelled: the file stays as it was */
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  cg_report_pdf_add_paragraph (cancelled, "不会写入");
  g_cancellable_cancel (cancellable);
  cg_report_pdf_finish_async (cancelled, cancellable, on_finished_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_errors (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-dir", "r.pdf", NULL);
  g_autofree char *existing = g_build_filename (tmpdir, "existing.pdf", NULL);
  g_autoptr(CgReportPdf) report = cg_report_pdf_new (missing);
  g_autoptr(CgReportPdf) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  cg_report_pdf_add_section (report, "标题");
  g_assert_false (cg_report_pdf_finish (report, &error));
  g_assert_error (error, CG_REPORT_PDF_ERROR, CG_REPORT_PDF_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* a report with nothing in it is still a valid one-page PDF, replacing the old file */
  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  empty = cg_report_pdf_new (existing);
  g_assert_true (cg_report_pdf_finish (empty, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (cg_report_pdf_get_n_pages (empty), ==, 1);
  if (have_poppler ())
    g_assert_cmpuint (pdf_pages (existing), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("cg-report-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/charts/report-pdf/report", test_report);
  g_test_add_func ("/charts/report-pdf/long-table", test_long_table);
  g_test_add_func ("/charts/report-pdf/glyphs-visible", test_glyphs_visible);
  g_test_add_func ("/charts/report-pdf/async", test_async);
  g_test_add_func ("/charts/report-pdf/errors", test_errors);
  ret = g_test_run ();

  /* drop pango's caches, or the leak checker reports them; cairo's and fontconfig's stay,
   * a worker thread of the async test still holds fonts */
  pango_cairo_font_map_set_default (NULL);

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);

        g_unlink (p);
      }
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
