/* cg-cli-report.c: chengguan-cli report, the three dashboards as a PDF or CSV report
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cg-cli-private.h"
#include "cg-dashboard-report.h"
#include "cg-district.h"
#include "cg-store-dashboard.h"
#include "cg-store-rules.h"

/* The exit codes of cg-cli-main.c (listed in chengguan-cli --help) */
enum {
  REPORT_EXIT_OK      = 0,
  REPORT_EXIT_FAILURE = 1,   /* missing or damaged cache, the report cannot be written */
  REPORT_EXIT_USAGE   = 2,   /* bad option: dates, range, street, format */
};

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

static gboolean
parse_day (const char *option,
           const char *text,
           CgDay      *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      print_error (_("report needs %s (see chengguan-cli report --help)"), option);
      return FALSE;
    }
  if (!cg_day_parse (text, out, &error))
    {
      print_error ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

int
cg_cli_report (const char  *prgname,
               int          argc,
               char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_dashboard_result_unref);
  g_autoptr(CgDistrict) district = NULL;
  g_autofree char *db = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *street = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  g_autofree char *district_text = NULL;
  g_autofree char *compare = NULL;
  g_autofree char *draws_dir = NULL;
  CgDashboardComparison comparison = CG_DASHBOARD_COMPARE_NONE;
  gboolean pdf;
  gboolean exists = FALSE;
  CgDay first, last;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The cache file"), N_("PATH") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("First day of the report, YYYY-MM-DD in Shanghai time"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("Last day of the report (included), YYYY-MM-DD"), N_("DATE") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street,
      N_("Only this street (街镇 code, e.g. 310107002)"), N_("CODE") },
    { "compare", 0, 0, G_OPTION_ARG_STRING, &compare,
      N_("Compare with the previous period or the same period last year: previous | last-year"),
      N_("PERIOD") },
    { "district", 0, 0, G_OPTION_ARG_STRING, &district_text,
      N_("The district named on the cover (code, name or pinyin)"), N_("DISTRICT") },
    { "draws-dir", 0, 0, G_OPTION_ARG_FILENAME, &draws_dir,
      N_("Where saved double-random draws are read (default: the application’s)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("pdf or csv (UTF-8 with BOM)"),
      N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write"), N_("FILE") },
    { NULL }
  };

  (void) prgname;
  context = g_option_context_new (_("— the dashboards as a report"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("The inspections, cases and complaints dashboards of a "
                                  "range of days, with their figures, charts and lists, as a "
                                  "PDF report or as CSV, for a weekly scheduled job."));
  g_option_context_set_description (context,
                                    _("Exit status:\n"
                                      "  0  success\n"
                                      "  1  the cache is missing or damaged, or the report "
                                      "cannot be written\n"
                                      "  2  usage error (bad option, date, range, street or "
                                      "format)"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error ("%s", error->message);
      return REPORT_EXIT_USAGE;
    }
  if (argc > 1)
    {
      print_error (_("unexpected argument “%s”"), argv[1]);
      return REPORT_EXIT_USAGE;
    }
  if (db == NULL)
    {
      print_error (_("report needs %s (see chengguan-cli report --help)"), "--db");
      return REPORT_EXIT_USAGE;
    }
  if (out == NULL)
    {
      print_error (_("report needs %s (see chengguan-cli report --help)"), "--out");
      return REPORT_EXIT_USAGE;
    }
  if (format == NULL || g_str_equal (format, "pdf"))
    pdf = TRUE;
  else if (g_str_equal (format, "csv"))
    pdf = FALSE;
  else
    {
      print_error (_("unknown format “%s” (pdf or csv)"), format);
      return REPORT_EXIT_USAGE;
    }
  if (compare == NULL || g_str_equal (compare, "none"))
    comparison = CG_DASHBOARD_COMPARE_NONE;
  else if (g_str_equal (compare, "previous"))
    comparison = CG_DASHBOARD_COMPARE_PREVIOUS;
  else if (g_str_equal (compare, "last-year"))
    comparison = CG_DASHBOARD_COMPARE_LAST_YEAR;
  else
    {
      print_error (_("unknown comparison “%s” (previous or last-year)"), compare);
      return REPORT_EXIT_USAGE;
    }
  if (!parse_day ("--from", from_text, &first) || !parse_day ("--to", to_text, &last))
    return REPORT_EXIT_USAGE;
  if (!cg_dashboard_check_range (first, last, &error))
    {
      print_error ("%s", error->message);
      return REPORT_EXIT_USAGE;
    }
  if (district_text != NULL)
    {
      district = cg_district_load (district_text, NULL);
      if (district == NULL)
        {
          print_error (_("unknown district “%s”"), district_text);
          return REPORT_EXIT_USAGE;
        }
    }

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (db);

      print_error (_("no cache at “%s”"), display);
      return REPORT_EXIT_FAILURE;
    }
  store = cg_store_open (db, &error);
  if (store == NULL)
    {
      print_error (_("cannot open the cache: %s"), error->message);
      return REPORT_EXIT_FAILURE;
    }
  if (street != NULL)
    {
      if (!cg_store_has_street (store, street, &exists, &error))
        {
          print_error (_("cannot read the cache: %s"), error->message);
          return REPORT_EXIT_FAILURE;
        }
      if (!exists)
        {
          print_error (_("unknown street “%s”: no merchant, site or officer of the cache is in it"),
                       street);
          return REPORT_EXIT_USAGE;
        }
    }

  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    {
      g_autoptr(CgDashboardQuery) query = cg_dashboard_query_new ((CgDashboardKind) k, first, last);
      CgDashboardResult *result;

      cg_dashboard_query_set_street (query, street);
      cg_dashboard_query_set_draws_dir (query, draws_dir);
      query->comparison = comparison;
      result = cg_store_load_dashboard (store, query, &error);
      if (result == NULL)
        {
          print_error (_("cannot read the cache: %s"), error->message);
          return REPORT_EXIT_FAILURE;
        }
      g_ptr_array_add (results, result);
    }

  if (pdf)
    {
      g_autofree char *cover = NULL;

      if (district != NULL)
        cover = g_strdup (cg_district_get_name (district));
      if (!cg_dashboard_write_pdf (out, cover, (CgDashboardResult * const *) results->pdata,
                                   results->len, NULL, 0, &error))
        {
          print_error (_("cannot write the report: %s"), error->message);
          return REPORT_EXIT_FAILURE;
        }
    }
  else if (!cg_dashboard_write_csv (out, (CgDashboardResult * const *) results->pdata,
                                    results->len, &error))
    {
      print_error (_("cannot write the report: %s"), error->message);
      return REPORT_EXIT_FAILURE;
    }
  return REPORT_EXIT_OK;
}
