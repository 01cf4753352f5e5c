/* cg-cli-plan.c: chengguan-cli plan (the day's inspection list), draw (双随机) and
 * sample-cases (quarterly case sampling)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cg-cli-plan.h"
#include "cg-csv.h"
#include "cg-store-rules.h"

/* The exit codes of cg-cli-main.c (listed in chengguan-cli --help) */
enum {
  PLAN_EXIT_OK      = 0,
  PLAN_EXIT_FAILURE = 1,   /* missing or damaged cache, a draw larger than its register */
  PLAN_EXIT_USAGE   = 2,   /* bad option: date, street, format, count, seed */
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

static const char *
exit_codes_help (void)
{
  return _("Exit status:\n"
           "  0  success\n"
           "  1  the cache is missing or damaged, or the draw is larger than its register\n"
           "  2  usage error (bad option, date, street, format, count or seed)");
}

static GOptionContext *
new_context (const char         *parameter,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, exit_codes_help ());
  return context;
}

/* Parses the options; FALSE (message printed) on a usage error. */
static gboolean
parse_options (GOptionContext *context,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_error ("%s", error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      print_error (_("unexpected argument “%s”"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_format (const char *format,
              gboolean   *csv)
{
  if (format == NULL || g_str_equal (format, "json"))
    *csv = FALSE;
  else if (g_str_equal (format, "csv"))
    *csv = TRUE;
  else
    {
      print_error (_("unknown format “%s” (json or csv)"), format);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_seed (const char *text,
            guint64    *seed)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *seed = cg_draw_new_seed ();
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, seed, &error))
    {
      print_error (_("--seed must be a whole number from 0 to 18446744073709551615: %s"),
                   error->message);
      return FALSE;
    }
  return TRUE;
}

/* Opens an existing cache (never creates one); NULL with the message printed. */
static CgStore *
open_cache (const char *db)
{
  g_autoptr(GError) error = NULL;
  CgStore *store;

  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (db);

      print_error (_("no cache at “%s”"), display);
      return NULL;
    }
  store = cg_store_open (db, &error);
  if (store == NULL)
    print_error (_("cannot open the cache: %s"), error->message);
  return store;
}

/* 0 when the street is known, else the exit status (message printed). */
static int
check_street (CgStore    *store,
              const char *street)
{
  g_autoptr(GError) error = NULL;
  gboolean exists = FALSE;

  if (street == NULL)
    return PLAN_EXIT_OK;
  if (!cg_store_has_street (store, street, &exists, &error))
    {
      print_error (_("cannot read the cache: %s"), error->message);
      return PLAN_EXIT_FAILURE;
    }
  if (!exists)
    {
      print_error (_("unknown street “%s”: no merchant, site or officer of the cache is in it"),
                   street);
      return PLAN_EXIT_USAGE;
    }
  return PLAN_EXIT_OK;
}

static void
write_out (const char *text,
           gsize       length)
{
  fwrite (text, 1, length, stdout);
  fflush (stdout);
}

/* plan */

typedef struct
{
  const CgInspectionTarget *target;
  const CgInspectionState  *state;
} PlanRow;

static int
status_rank (CgInspectionStatus status)
{
  switch (status)
    {
    case CG_INSPECTION_STATUS_OVERDUE:
      return 0;
    case CG_INSPECTION_STATUS_DUE:
      return 1;
    case CG_INSPECTION_STATUS_COMPLIANT:
      return 2;
    case CG_INSPECTION_STATUS_UNGRADED:
    default:
      return 3;
    }
}

/* overdue first (longest overdue first), then due (soonest first), then compliant */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const PlanRow *x = a;
  const PlanRow *y = b;
  int rx = status_rank (x->state->status);
  int ry = status_rank (y->state->status);
  CgDay dx, dy;

  if (rx != ry)
    return rx - ry;
  dx = x->state->status == CG_INSPECTION_STATUS_OVERDUE ? x->state->overdue_since
                                                          : x->state->next_due;
  dy = y->state->status == CG_INSPECTION_STATUS_OVERDUE ? y->state->overdue_since
                                                          : y->state->next_due;
  if (dx != dy)
    return dx < dy ? -1 : 1;
  return strcmp (x->target->id, y->target->id);
}

/* The plan is written directly rather than through JsonBuilder: for a whole city (200,000
 * targets) the builder's tree took 0.9 GB and two seconds. */
static void
append_json_string (GString    *out,
                    const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) value; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name,
               const char *value,
               gboolean    last)
{
  g_string_append_printf (out, "    \"%s\": ", name);
  append_json_string (out, value);
  g_string_append (out, last ? "\n" : ",\n");
}

static void
append_day (GString    *out,
            const char *name,
            CgDay       day)
{
  char buf[11];

  cg_day_format_buf (day, buf);
  append_member (out, name, day == CG_DAY_NONE ? NULL : buf, FALSE);
}

static char *
plan_to_json (GArray *rows,
              gsize  *length)
{
  GString *out = g_string_sized_new (64 + rows->len * 400);

  g_string_append (out, "[");
  for (guint i = 0; i < rows->len; i++)
    {
      const PlanRow *r = &g_array_index (rows, PlanRow, i);
      const char *name = r->target->name;

      /* names come from the server: keep the output valid UTF-8 whatever they hold */
      g_autofree char *valid_name = name ? g_utf8_make_valid (name, -1) : NULL;

      g_string_append (out, i == 0 ? "\n  {\n" : ",\n  {\n");
      append_member (out, "id", r->target->id, FALSE);
      append_member (out, "target_type", r->target->is_site ? "site" : "merchant", FALSE);
      append_member (out, "risk_level", cg_risk_to_string (r->state->risk), FALSE);
      append_member (out, "status", cg_inspection_status_to_string (r->state->status), FALSE);
      append_day (out, "due_by", r->state->due_by);
      append_day (out, "overdue_since", r->state->overdue_since);
      append_member (out, "name", valid_name, FALSE);
      append_member (out, "street_code", r->target->street_code, FALSE);
      append_day (out, "last_inspection", r->state->last_inspection);
      append_day (out, "window_start", r->state->window.start);
      append_day (out, "window_end", r->state->window.end);
      g_string_append_printf (out, "    \"inspections_required\": %u,\n"
                                   "    \"inspections_done\": %u\n  }",
                              r->state->window.n_required, r->state->n_done);
    }
  g_string_append (out, rows->len > 0 ? "\n]" : "]");

  *length = out->len;
  return g_string_free (out, FALSE);
}

static char *
plan_to_csv (GArray *rows,
             gsize  *length)
{
  static const char * const header[] = {
    "id", "target_type", "risk_level", "status", "due_by", "overdue_since", "name",
    "street_code", "last_inspection", "window_start", "window_end",
    "inspections_required", "inspections_done", NULL
  };
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (TRUE);

  cg_csv_writer_set_guard_formulas (w, TRUE);
  cg_csv_writer_row (w, header, -1);
  for (guint i = 0; i < rows->len; i++)
    {
      const PlanRow *r = &g_array_index (rows, PlanRow, i);
      char buf[11];

      cg_csv_writer_field (w, r->target->id);
      cg_csv_writer_field (w, r->target->is_site ? "site" : "merchant");
      cg_csv_writer_field (w, cg_risk_to_string (r->state->risk));
      cg_csv_writer_field (w, cg_inspection_status_to_string (r->state->status));
      cg_day_format_buf (r->state->due_by, buf);
      cg_csv_writer_field (w, buf);
      cg_day_format_buf (r->state->overdue_since, buf);
      cg_csv_writer_field (w, buf);
      cg_csv_writer_field (w, r->target->name);
      cg_csv_writer_field (w, r->target->street_code);
      cg_day_format_buf (r->state->last_inspection, buf);
      cg_csv_writer_field (w, buf);
      cg_day_format_buf (r->state->window.start, buf);
      cg_csv_writer_field (w, buf);
      cg_day_format_buf (r->state->window.end, buf);
      cg_csv_writer_field (w, buf);
      cg_csv_writer_field_int (w, r->state->window.n_required);
      cg_csv_writer_field_int (w, r->state->n_done);
      cg_csv_writer_end_row (w);
    }

  return cg_csv_writer_free_to_string (g_steal_pointer (&w), length);
}

int
cg_cli_plan (const char  *prgname,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(CgInspectionRegister) reg = NULL;
  g_autoptr(GArray) states = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *db = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *street = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  gboolean csv = FALSE;
  gsize length = 0;
  CgDay date;
  gint64 t0, t1;
  int ret;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The cache file"), N_("PATH") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text,
      N_("The day to plan, YYYY-MM-DD in Shanghai time (default: today)"), N_("DATE") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street,
      N_("Only the targets of this street (街镇 code, e.g. 310107002)"), N_("CODE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("json (default) or csv (UTF-8 with BOM)"), N_("FORMAT") },
    { NULL }
  };

  context = new_context (_("— the day’s inspection list"),
                         _("Every graded merchant and site with its status on the date "
                           "(compliant, due or overdue), due_by and overdue_since, "
                           "overdue first. The rules are in docs/indicators.md."),
                         entries);
  if (!parse_options (context, &argc, &argv))
    return PLAN_EXIT_USAGE;
  if (db == NULL)
    {
      print_error (_("plan needs --db (see chengguan-cli plan --help)"));
      return PLAN_EXIT_USAGE;
    }
  if (!parse_format (format, &csv))
    return PLAN_EXIT_USAGE;
  if (date_text != NULL)
    {
      if (!cg_day_parse (date_text, &date, &error))
        {
          print_error ("%s", error->message);
          return PLAN_EXIT_USAGE;
        }
    }
  else
    date = cg_day_from_unix (g_get_real_time () / G_USEC_PER_SEC);

  store = open_cache (db);
  if (store == NULL)
    return PLAN_EXIT_FAILURE;
  if ((ret = check_street (store, street)) != PLAN_EXIT_OK)
    return ret;

  t0 = g_get_monotonic_time ();
  reg = cg_store_load_inspection_register (store, street, date, &error);
  if (reg == NULL)
    {
      print_error (_("cannot read the cache: %s"), error->message);
      return PLAN_EXIT_FAILURE;
    }
  t1 = g_get_monotonic_time ();
  states = cg_inspection_register_evaluate (reg, date);
  g_debug ("plan: %u targets and %u inspections read in %.3f s, evaluated in %.3f s",
           reg->targets->len, reg->days->len, (t1 - t0) / 1e6,
           (g_get_monotonic_time () - t1) / 1e6);

  rows = g_array_sized_new (FALSE, FALSE, sizeof (PlanRow), states->len);
  for (guint i = 0; i < states->len; i++)
    {
      PlanRow r = { &g_array_index (reg->targets, CgInspectionTarget, i),
                    &g_array_index (states, CgInspectionState, i) };

      if (r.state->status != CG_INSPECTION_STATUS_UNGRADED)
        g_array_append_val (rows, r);
    }
  g_array_sort (rows, compare_rows);

  out = csv ? plan_to_csv (rows, &length) : plan_to_json (rows, &length);
  write_out (out, length);
  if (!csv)
    write_out ("\n", 1);

  return PLAN_EXIT_OK;
}

/* draw and sample-cases */

static int
finish_draw (CgDraw     *draw,
             gboolean    csv,
             gboolean    no_save,
             const char *save_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *seed = NULL;
  gsize length = 0;

  if (!no_save)
    {
      dir = save_dir ? g_strdup (save_dir) : cg_draw_get_default_dir ();
      if (!cg_draw_save (draw, dir, &path, &error))
        {
          print_error (_("cannot save the draw: %s"), error->message);
          return PLAN_EXIT_FAILURE;
        }
    }

  if (csv)
    out = cg_draw_to_csv (draw, &length);
  else
    {
      out = cg_draw_to_json (draw);
      length = strlen (out);
    }
  write_out (out, length);
  if (!csv)
    write_out ("\n", 1);

  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, draw->seed);
  if (path != NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* TRANSLATORS: after a draw: the seed that reproduces it, and where it was saved */
      g_printerr (_("seed %s; saved to %s\n"), seed, display);
    }
  else
    g_printerr (_("seed %s\n"), seed);

  return PLAN_EXIT_OK;
}

int
cg_cli_draw (const char  *prgname,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) inspectors = NULL;
  g_autoptr(CgDraw) draw = NULL;
  g_autofree char *db = NULL;
  g_autofree char *street = NULL;
  g_autofree char *type = NULL;
  g_autofree char *format = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *save_dir = NULL;
  gboolean no_save = FALSE;
  gboolean csv = FALSE;
  int n_targets = 0, n_inspectors = 0;
  guint64 seed = 0;
  int ret;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The cache file"), N_("PATH") },
    { "targets", 'n', 0, G_OPTION_ARG_INT, &n_targets,
      N_("How many targets to draw from the register of merchants and sites"), N_("N") },
    { "inspectors", 'm', 0, G_OPTION_ARG_INT, &n_inspectors,
      N_("How many inspectors to draw from the officers"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The seed that makes the draw reproducible (default: a new one, shown)"), N_("S") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street,
      N_("Draw targets of this street only"), N_("CODE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("Draw only merchants or only sites"), N_("merchant|site") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("json (default) or csv (UTF-8 with BOM)"), N_("FORMAT") },
    { "save-dir", 0, 0, G_OPTION_ARG_FILENAME, &save_dir,
      N_("Where to keep the draw (default: the user data folder)"), N_("DIR") },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, N_("Do not keep the draw"), NULL },
    { NULL }
  };

  context = new_context (_("— a double-random spot check (双随机)"),
                         _("Draws N targets and M inspectors at random, reproducibly from "
                           "the seed; each target gets two of the inspectors. The draw is "
                           "saved as JSON and printed as JSON or CSV."),
                         entries);
  if (!parse_options (context, &argc, &argv))
    return PLAN_EXIT_USAGE;
  if (db == NULL || n_targets == 0 || n_inspectors == 0)
    {
      print_error (_("draw needs --db, --targets and --inspectors (see chengguan-cli draw --help)"));
      return PLAN_EXIT_USAGE;
    }
  if (n_targets < 0 || n_inspectors < 0)
    {
      print_error (_("--targets and --inspectors must be positive"));
      return PLAN_EXIT_USAGE;
    }
  if (type != NULL && !g_str_equal (type, "merchant") && !g_str_equal (type, "site"))
    {
      print_error (_("unknown target type “%s” (merchant or site)"), type);
      return PLAN_EXIT_USAGE;
    }
  if (!parse_format (format, &csv) || !parse_seed (seed_text, &seed))
    return PLAN_EXIT_USAGE;

  store = open_cache (db);
  if (store == NULL)
    return PLAN_EXIT_FAILURE;
  if ((ret = check_street (store, street)) != PLAN_EXIT_OK)
    return ret;

  targets = cg_store_load_draw_targets (store, street, type, &error);
  if (targets != NULL)
    inspectors = cg_store_load_draw_inspectors (store, NULL, &error);
  if (targets == NULL || inspectors == NULL)
    {
      print_error (_("cannot read the cache: %s"), error->message);
      return PLAN_EXIT_FAILURE;
    }

  if (inspectors->len == 0)
    {
      print_error (_("the cache holds no officers: there is no inspector list to draw from"));
      return PLAN_EXIT_FAILURE;
    }

  draw = cg_draw_spot_check (targets, inspectors, n_targets, n_inspectors, seed, &error);
  if (draw == NULL)
    {
      print_error ("%s", error->message);
      return PLAN_EXIT_FAILURE;
    }
  draw->street_code = g_strdup (street);

  return finish_draw (draw, csv, no_save, save_dir);
}

int
cg_cli_sample_cases (const char  *prgname,
                     int          argc,
                     char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(CgDraw) draw = NULL;
  g_autofree char *db = NULL;
  g_autofree char *quarter = NULL;
  g_autofree char *street = NULL;
  g_autofree char *format = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *save_dir = NULL;
  gboolean no_save = FALSE;
  gboolean csv = FALSE;
  double percent = 10;
  guint64 seed = 0;
  CgDay first, last;
  int ret;
  const GOptionEntry entries[] = {
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db, N_("The cache file"), N_("PATH") },
    { "quarter", 'q', 0, G_OPTION_ARG_STRING, &quarter,
      N_("The quarter whose filed cases are sampled, e.g. 2026Q3"), N_("YYYYQN") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The seed that makes the sample reproducible (default: a new one, shown)"), N_("S") },
    { "percent", 0, 0, G_OPTION_ARG_DOUBLE, &percent,
      N_("Share of the quarter's cases to sample, at least 10 (default 10)"), N_("P") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street,
      N_("Only the cases of this street"), N_("CODE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("json (default) or csv (UTF-8 with BOM)"), N_("FORMAT") },
    { "save-dir", 0, 0, G_OPTION_ARG_FILENAME, &save_dir,
      N_("Where to keep the sample (default: the user data folder)"), N_("DIR") },
    { "no-save", 0, 0, G_OPTION_ARG_NONE, &no_save, N_("Do not keep the sample"), NULL },
    { NULL }
  };

  context = new_context (_("— sample a quarter’s cases for review"),
                         _("Enforcement supervision reviews at least 10% of each quarter’s "
                           "cases: this draws ceil(P% × cases filed in the quarter), "
                           "reproducibly from the seed."),
                         entries);
  if (!parse_options (context, &argc, &argv))
    return PLAN_EXIT_USAGE;
  if (db == NULL || quarter == NULL)
    {
      print_error (_("sample-cases needs --db and --quarter (see chengguan-cli sample-cases --help)"));
      return PLAN_EXIT_USAGE;
    }
  if (!cg_day_parse_quarter (quarter, &first, &last, &error))
    {
      print_error ("%s", error->message);
      return PLAN_EXIT_USAGE;
    }
  if (!(percent >= 10 && percent <= 100))
    {
      print_error (_("--percent must be from 10 to 100"));
      return PLAN_EXIT_USAGE;
    }
  if (!parse_format (format, &csv) || !parse_seed (seed_text, &seed))
    return PLAN_EXIT_USAGE;

  store = open_cache (db);
  if (store == NULL)
    return PLAN_EXIT_FAILURE;
  if ((ret = check_street (store, street)) != PLAN_EXIT_OK)
    return ret;

  cases = cg_store_load_draw_cases (store, first, last, street, &error);
  if (cases == NULL)
    {
      print_error (_("cannot read the cache: %s"), error->message);
      return PLAN_EXIT_FAILURE;
    }

  draw = cg_draw_case_sample (cases, percent / 100.0, seed, &error);
  if (draw == NULL)
    {
      print_error ("%s", error->message);
      return PLAN_EXIT_USAGE;
    }
  draw->street_code = g_strdup (street);
  draw->period = g_ascii_strup (quarter, -1);

  return finish_draw (draw, csv, no_save, save_dir);
}
