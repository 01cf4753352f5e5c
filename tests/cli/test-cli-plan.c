/* test-cli-plan.c: chengguan-cli plan, draw and sample-cases on a cache built here
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "cg-csv.h"
#include "cg-sim-server.h"
#include "cg-day.h"
#include "cg-store-private.h"
#include "cg-store-rules.h"

/* Leaks of the libraries under LeakSanitizer (-Db_sanitize=address), not of this code (as
 * in test-cli.c): GLib's isolated test dirs, libsoup's server sockets. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* full stacks at malloc time, or the suppressions cannot match */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n"
         "leak:g_socket_accept\n"
         "leak:soup_server_listen_local\n";
}

static char *tmp_dir;
static char *db_path;

static gint64
at (const char *day,
    int         hour)
{
  CgDay d;

  g_assert_true (cg_day_parse (day, &d, NULL));
  return cg_day_to_unix (d) + hour * 3600;
}

static CgPlace *
place (const char *id,
       CgRisk      risk,
       const char *street)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->lon = 121.40;
  p->lat = 31.25;
  p->name = g_strdup_printf ("商户 %s, \"普陀\"", id);
  p->street_code = g_strdup (street);
  p->risk = risk;
  return p;
}

static CgInspection *
inspection (const char *id,
            const char *target,
            const char *day)
{
  CgInspection *in = cg_inspection_new ();

  in->id = g_strdup (id);
  in->target_type = g_strdup (target[0] == 's' ? "site" : "merchant");
  in->target_id = g_strdup (target);
  in->officer_id = g_strdup ("o-0001");
  in->inspected_at = at (day, 10);
  in->kind = g_strdup ("graded");
  in->result = g_strdup ("pass");
  in->updated_at = in->inspected_at;
  return in;
}

/* The cache, on Thursday 2026-11-26:
 *   m-2 medium  nothing since the history began (11-02)  overdue since 11-16, due by 11-29
 *   s-1 high    Tue+Fri last week, none this week         due by Thursday 11-26
 *   m-1 high    Mon+Thu last week, Monday this week       due by Sunday 11-29
 *   m-3 low     11-02 (the earliest inspection)           compliant
 *   m-4 not graded: not listed */
static void
build_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = cg_store_open (db_path, &error);
  g_autoptr(GPtrArray) merchants = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) inspections = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_case_free);

  g_assert_no_error (error);
  g_ptr_array_add (merchants, place ("m-1", CG_RISK_HIGH, "310107015"));
  g_ptr_array_add (merchants, place ("m-2", CG_RISK_MEDIUM, "310107015"));
  g_ptr_array_add (merchants, place ("m-3", CG_RISK_LOW, "310107014"));
  g_ptr_array_add (merchants, place ("m-4", CG_RISK_UNKNOWN, "310107015"));
  g_ptr_array_add (sites, place ("s-1", CG_RISK_HIGH, "310107015"));
  g_ptr_array_add (inspections, inspection ("i-1", "m-3", "2026-11-02"));
  g_ptr_array_add (inspections, inspection ("i-2", "m-1", "2026-11-16"));
  g_ptr_array_add (inspections, inspection ("i-3", "m-1", "2026-11-19"));
  g_ptr_array_add (inspections, inspection ("i-4", "m-1", "2026-11-23"));
  g_ptr_array_add (inspections, inspection ("i-5", "s-1", "2026-11-17"));
  g_ptr_array_add (inspections, inspection ("i-6", "s-1", "2026-11-20"));
  g_ptr_array_add (inspections, inspection ("i-7", "m-1", "2026-11-27"));   /* after the date */
  for (guint i = 0; i < 25; i++)
    {
      CgCase *c = cg_case_new ();

      c->id = g_strdup_printf ("c-%04u", i);
      c->case_no = g_strdup_printf ("普陀城管罚字〔2026〕第%06u号", i);
      /* 24 in the fourth quarter, one on the last day of the third */
      c->filed_at = i == 0 ? at ("2026-09-30", 23) : at ("2026-10-01", 0) + i * 3 * 86400;
      c->street_code = g_strdup (i % 2 ? "310107015" : "310107014");
      g_ptr_array_add (cases, c);
    }

  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, merchants, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_SITES, sites, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_INSPECTIONS, inspections, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_CASES, cases, NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_cg_store_get_db (store),
                                 "INSERT INTO officers (id, name, street_code) VALUES"
                                 " ('o-0001', '张伟', '310107015'), ('o-0002', '王芳', '310107015'),"
                                 " ('o-0003', '李娜', '310107014'), ('o-0004', '刘洋', '310107014'),"
                                 " ('o-0005', '陈静', '310107014')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CG_CLI"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
assert_row (JsonArray  *rows,
            guint       i,
            const char *id,
            const char *type,
            const char *risk,
            const char *status,
            const char *due_by,
            const char *overdue_since)
{
  JsonObject *o = json_array_get_object_element (rows, i);

  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (o, "target_type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (o, "risk_level"), ==, risk);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, status);
  if (due_by)
    g_assert_cmpstr (json_object_get_string_member (o, "due_by"), ==, due_by);
  else
    g_assert_true (json_object_get_null_member (o, "due_by"));
  if (overdue_since)
    g_assert_cmpstr (json_object_get_string_member (o, "overdue_since"), ==, overdue_since);
  else
    g_assert_true (json_object_get_null_member (o, "overdue_since"));
}

static void
test_plan_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonArray *rows;

  g_assert_cmpint (run_cli (&out, &err, "plan", "--db", db_path, "--date", "2026-11-26", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  rows = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  assert_row (rows, 0, "m-2", "merchant", "medium", "overdue", "2026-11-29", "2026-11-16");
  assert_row (rows, 1, "s-1", "site", "high", "due", "2026-11-26", NULL);
  assert_row (rows, 2, "m-1", "merchant", "high", "due", "2026-11-29", NULL);
  assert_row (rows, 3, "m-3", "merchant", "low", "compliant", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 2),
                                                  "last_inspection"), ==, "2026-11-23");

  /* one street */
  g_assert_cmpint (run_cli (&out2, &err2, "plan", "--db", db_path, "--date", "2026-11-26",
                            "--street", "310107014", "--format", "json", NULL), ==, 0);
  rows = parse_array (parser2, out2);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  assert_row (rows, 0, "m-3", "merchant", "low", "compliant", NULL, NULL);
}

static void
test_plan_csv (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *row;

  g_assert_cmpint (run_cli (&out, &err, "plan", "--db", db_path, "--date", "2026-11-26",
                            "--format", "csv", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "\xEF\xBB\xBF" "id,target_type,risk_level,status,due_by,overdue_since,"));
  rows = cg_csv_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[0], ==, "m-2");
  g_assert_cmpstr (row[3], ==, "overdue");
  g_assert_cmpstr (row[4], ==, "2026-11-29");
  g_assert_cmpstr (row[5], ==, "2026-11-16");
  g_assert_cmpstr (row[6], ==, "商户 m-2, \"普陀\"");
  row = g_ptr_array_index (rows, 4);
  g_assert_cmpstr (row[3], ==, "compliant");
  g_assert_cmpstr (row[4], ==, "");
}

static void
test_plan_errors (void)
{
  struct {
    const char *args[6];
    int         status;
    const char *message;
  } cases[] = {
    { { "--date", "2026-02-30" }, 2, "2026-02-30" },
    { { "--date", "26/11/2026" }, 2, "YYYY-MM-DD" },
    { { "--date", "2026-11-26", "--street", "310107999" }, 2, "310107999" },
    { { "--date", "2026-11-26", "--format", "xml" }, 2, "xml" },
    { { "--date", "2026-11-26", "extra" }, 2, "extra" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char **a = cases[i].args;

      g_assert_cmpint (run_cli (&out, &err, "plan", "--db", db_path, a[0], a[1], a[2], a[3],
                                a[4], NULL), ==, cases[i].status);
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_cmpstr (out, ==, "");
    }

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *missing = g_build_filename (tmp_dir, "missing.db", NULL);

    g_assert_cmpint (run_cli (&out, &err, "plan", "--db", missing, "--date", "2026-11-26", NULL),
                     ==, 1);
    g_assert_nonnull (strstr (err, "no cache"));
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (&out, &err, "plan", "--date", "2026-11-26", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--db"));
  }
}

static void
test_draw (void)
{
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *draws = g_build_filename (tmp_dir, "draws", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *name;
  const char * const *row;

  g_assert_cmpint (run_cli (&out1, &err, "draw", "--db", db_path, "--targets", "3",
                            "--inspectors", "2", "--seed", "42", "--format", "csv",
                            "--save-dir", draws, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "seed 42"));
  g_assert_cmpint (run_cli (&out2, &err2, "draw", "--db", db_path, "--targets", "3",
                            "--inspectors", "2", "--seed", "42", "--format", "csv",
                            "--no-save", NULL), ==, 0);
  g_assert_cmpstr (out1, ==, out2);

  rows = cg_csv_parse (out1, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row[0], ==, "2");
  g_assert_true (g_str_has_prefix (row[5], "o-000"));
  g_assert_true (g_str_has_prefix (row[7], "o-000"));
  g_assert_cmpstr (row[5], !=, row[7]);
  g_assert_cmpstr (row[9], ==, "42");

  /* the saved draw is there */
  dir = g_dir_open (draws, 0, &error);
  g_assert_no_error (error);
  name = g_dir_read_name (dir);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_prefix (name, "spot-check-"));
  g_assert_true (g_str_has_suffix (name, "-42.json"));

  /* too many */
  g_assert_cmpint (run_cli (&out3, &err3, "draw", "--db", db_path, "--targets", "6",
                            "--inspectors", "2", "--seed", "42", "--street", "310107015",
                            "--no-save", NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "6"));
  g_clear_pointer (&out3, g_free);
  g_clear_pointer (&err3, g_free);
  g_assert_cmpint (run_cli (&out3, &err3, "draw", "--db", db_path, "--targets", "2",
                            "--inspectors", "2", "--seed", "-1", "--no-save", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "--seed"));
  g_clear_pointer (&out3, g_free);
  g_clear_pointer (&err3, g_free);
  /* JSON, sites only */
  g_assert_cmpint (run_cli (&out3, &err3, "draw", "--db", db_path, "--targets", "1",
                            "--inspectors", "1", "--type", "site", "--no-save", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out3, -1, &error));
  g_assert_nonnull (strstr (out3, "\"s-1\""));
  g_assert_nonnull (strstr (err3, "seed "));
}

static void
test_sample_cases (void)
{
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *items;

  g_assert_cmpint (run_cli (&out1, &err, "sample-cases", "--db", db_path, "--quarter", "2026Q4",
                            "--seed", "7", "--no-save", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out2, &err2, "sample-cases", "--db", db_path, "--quarter", "2026q4",
                            "--seed", "7", "--no-save", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out1, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "period"), ==, "2026Q4");
  g_assert_cmpint (json_object_get_int_member (root, "population"), ==, 24);
  items = json_object_get_array_member (root, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);   /* ceil (2.4) */

  /* the same draw but for created_at */
  {
    g_auto(GStrv) a = g_strsplit (out1, "\n", -1);
    g_auto(GStrv) b = g_strsplit (out2, "\n", -1);

    g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
    for (guint i = 0; a[i]; i++)
      if (strstr (a[i], "created_at") == NULL)
        g_assert_cmpstr (a[i], ==, b[i]);
  }

  g_clear_pointer (&out1, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out1, &err, "sample-cases", "--db", db_path, "--quarter", "2026Q5",
                            NULL), ==, 2);
  g_assert_nonnull (strstr (err, "2026Q5"));
  g_clear_pointer (&out1, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out1, &err, "sample-cases", "--db", db_path, "--quarter", "2026Q4",
                            "--percent", "5", NULL), ==, 2);
}

/* A cache synced from the simulator: every graded target listed once, statuses consistent
 * with their dates, overdue first */
static void
test_plan_simulated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sim_db = g_build_filename (tmp_dir, "sim.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *csv_err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) csv_rows = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  CgSimConfig config;
  CgSimThread *sim;
  JsonArray *rows;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 graded = 0;
  int last_rank = 0;
  guint n_status[3] = { 0 };

  cg_sim_config_init (&config);
  config.merchants = 800;
  config.sites = 40;
  config.points = 0;
  config.officers = 20;
  config.history_days = 120;
  g_assert_true (cg_parse_time ("2026-11-26T09:30:00+08:00", &config.now));
  sim = cg_sim_thread_start (&config, &error);
  g_assert_no_error (error);
  cg_sim_config_clear (&config);

  g_assert_cmpint (run_cli (&out, &err, "sync", "--server", cg_sim_thread_get_url (sim),
                            "--db", sim_db, "--no-keyring",
                            "--collections", "merchants,sites,inspections", NULL), ==, 0);
  cg_sim_thread_stop (sim);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (sqlite3_open (sim_db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM merchants WHERE risk > 0)"
                                           " + (SELECT count(*) FROM sites WHERE risk > 0)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  graded = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (graded, ==, 840);

  g_assert_cmpint (run_cli (&out, &err, "plan", "--db", sim_db, "--date", "2026-11-26", NULL), ==, 0);
  rows = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (rows), ==, graded);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *status = json_object_get_string_member (o, "status");
      const char *due_by = json_object_get_string_member_with_default (o, "due_by", NULL);
      const char *since = json_object_get_string_member_with_default (o, "overdue_since", NULL);
      int rank;

      g_assert_true (g_hash_table_add (ids, (gpointer) json_object_get_string_member (o, "id")));
      if (g_str_equal (status, "overdue"))
        {
          rank = 0;
          g_assert_nonnull (since);
          g_assert_cmpstr (since, <=, "2026-11-26");
        }
      else if (g_str_equal (status, "due"))
        {
          rank = 1;
          g_assert_null (since);
          g_assert_nonnull (due_by);
          g_assert_cmpstr (due_by, >=, "2026-11-26");
        }
      else
        {
          g_assert_cmpstr (status, ==, "compliant");
          rank = 2;
          g_assert_null (since);
          g_assert_null (due_by);
        }
      g_assert_cmpint (rank, >=, last_rank);
      last_rank = rank;
      n_status[rank]++;
    }
  /* the simulator keeps most targets on schedule and leaves some behind */
  g_assert_cmpuint (n_status[0], >, 0);
  g_assert_cmpuint (n_status[0], <, graded / 5);
  g_assert_cmpuint (n_status[2], >, 0);

  g_assert_cmpint (run_cli (&csv, &csv_err, "plan", "--db", sim_db, "--date", "2026-11-26",
                            "--format", "csv", NULL), ==, 0);
  csv_rows = cg_csv_parse (csv, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv_rows->len, ==, graded + 1);

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (sim_db, suffixes[i], NULL);
        g_unlink (p);
      }
  }
}

static void
remove_cache (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

/* A cache synced from the simulator: without the officers there is nobody to draw; once
 * they are synced, the register holds every officer with name and squad, and the draw
 * picks its inspectors from them. */
static void
test_draw_simulated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sim_db = g_build_filename (tmp_dir, "sim-draw.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) inspectors = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GPtrArray) squad = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) streets = g_hash_table_new (g_str_hash, g_str_equal);
  CgSimConfig config;
  CgSimThread *sim;
  JsonObject *root;
  JsonArray *drawn;
  const char *street;
  guint leaders = 0;

  cg_sim_config_init (&config);
  config.merchants = 100;
  config.sites = 10;
  config.points = 0;
  config.officers = 20;
  config.history_days = 7;
  g_assert_true (cg_parse_time ("2026-11-26T09:30:00+08:00", &config.now));
  sim = cg_sim_thread_start (&config, &error);
  g_assert_no_error (error);
  cg_sim_config_clear (&config);

  /* the targets alone: no inspector list */
  g_assert_cmpint (run_cli (&out, &err, "sync", "--server", cg_sim_thread_get_url (sim),
                            "--db", sim_db, "--no-keyring",
                            "--collections", "merchants,sites", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "draw", "--db", sim_db, "--targets", "5",
                            "--inspectors", "4", "--seed", "7", "--no-save", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no officers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a full sync brings the officers */
  g_assert_cmpint (run_cli (&out, &err, "sync", "--server", cg_sim_thread_get_url (sim),
                            "--db", sim_db, "--no-keyring", "--page-size", "7", NULL), ==, 0);
  cg_sim_thread_stop (sim);
  g_assert_nonnull (strstr (out, "officers"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  store = cg_store_open (sim_db, &error);
  g_assert_no_error (error);
  inspectors = cg_store_load_draw_inspectors (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inspectors->len, ==, 20);
  for (guint i = 0; i < inspectors->len; i++)
    {
      CgDrawItem *item = g_ptr_array_index (inspectors, i);

      g_assert_true (g_str_has_prefix (item->id, "o-"));
      g_assert_true (g_hash_table_add (ids, item->id));
      g_assert_cmpstr (item->type, ==, "officer");
      g_assert_nonnull (item->name);
      g_assert_cmpuint (g_utf8_strlen (item->name, -1), >=, 2);
      g_assert_nonnull (item->street_code);
      g_hash_table_add (streets, item->street_code);
    }
  g_assert_cmpuint (g_hash_table_size (streets), >, 1);   /* officers of several squads */

  /* the officer register: names, squads and roles as the API gave them */
  officers = cg_store_load_officers (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (officers->len, ==, 20);
  for (guint i = 0; i < officers->len; i++)
    {
      CgOfficer *o = g_ptr_array_index (officers, i);
      g_autofree char *squad_id = g_strdup_printf ("sq-%s", o->street_code);

      g_assert_true (g_hash_table_contains (ids, o->id));
      g_assert_cmpstr (o->squad_id, ==, squad_id);
      g_assert_nonnull (o->squad_name);
      g_assert_true (g_str_equal (o->role, "officer") || g_str_equal (o->role, "squad_leader"));
      leaders += g_str_equal (o->role, "squad_leader");
      /* traccar_device_id = the officer's number */
      g_assert_cmpint (o->traccar_device_id, ==, g_ascii_strtoll (o->id + 2, NULL, 10));
      g_assert_cmpint (o->updated_at, >, 0);
    }
  g_assert_cmpuint (leaders, >, 0);

  /* one street's squad */
  street = ((CgOfficer *) g_ptr_array_index (officers, 0))->street_code;
  squad = cg_store_load_draw_inspectors (store, street, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (squad->len, >, 0);
  g_assert_cmpuint (squad->len, <, 20);
  for (guint i = 0; i < squad->len; i++)
    g_assert_cmpstr (((CgDrawItem *) g_ptr_array_index (squad, i))->street_code, ==, street);
  g_clear_object (&store);

  g_assert_cmpint (run_cli (&out, &err, "draw", "--db", sim_db, "--targets", "5",
                            "--inspectors", "4", "--seed", "7", "--no-save", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "population"), ==, 110);
  g_assert_cmpint (json_object_get_int_member (root, "inspector_population"), ==, 20);
  drawn = json_object_get_array_member (root, "inspectors");
  g_assert_cmpuint (json_array_get_length (drawn), ==, 4);
  for (guint i = 0; i < json_array_get_length (drawn); i++)
    {
      JsonObject *o = json_array_get_object_element (drawn, i);

      g_assert_true (g_hash_table_contains (ids, json_object_get_string_member (o, "id")));
      g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "officer");
      g_assert_nonnull (json_object_get_string_member (o, "name"));
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "items")), ==, 5);

  remove_cache (sim_db);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmp_dir = g_dir_make_tmp ("cg-cli-plan-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmp_dir, "cache.db", NULL);
  build_cache ();

  g_test_add_func ("/cli/plan/json", test_plan_json);
  g_test_add_func ("/cli/plan/csv", test_plan_csv);
  g_test_add_func ("/cli/plan/errors", test_plan_errors);
  g_test_add_func ("/cli/plan/simulated", test_plan_simulated);
  g_test_add_func ("/cli/draw", test_draw);
  g_test_add_func ("/cli/draw/simulated", test_draw_simulated);
  g_test_add_func ("/cli/sample-cases", test_sample_cases);

  ret = g_test_run ();

  {
    const char *names[] = { "cache.db", "cache.db-wal", "cache.db-shm" };
    g_autofree char *draws = g_build_filename (tmp_dir, "draws", NULL);
    g_autoptr(GDir) dir = g_dir_open (draws, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (draws, name, NULL);
        g_unlink (p);
      }
    g_rmdir (draws);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *p = g_build_filename (tmp_dir, names[i], NULL);
        g_unlink (p);
      }
    g_rmdir (tmp_dir);
  }
  g_free (db_path);
  g_free (tmp_dir);

  return ret;
}
