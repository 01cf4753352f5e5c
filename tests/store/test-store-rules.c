/* test-store-rules.c: the queries feeding the rules, draws and indicators
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "cg-store-private.h"
#include "cg-store-rules.h"

#define DAY 86400

static CgDay
D (const char *text)
{
  CgDay d = 0;

  g_assert_true (cg_day_parse (text, &d, NULL));
  return d;
}

static gint64
at (const char *rfc3339)
{
  gint64 t = 0;

  g_assert_true (cg_parse_time (rfc3339, &t));
  return t;
}

static CgPlace *
place (const char *id,
       CgRisk      risk,
       const char *street)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->lon = 121.4;
  p->lat = 31.2;
  p->name = g_strdup (id);
  p->street_code = g_strdup (street);
  p->risk = risk;
  return p;
}

static CgInspection *
inspection (const char *id,
            const char *target,
            const char *when)
{
  CgInspection *in = cg_inspection_new ();

  in->id = g_strdup (id);
  in->target_type = g_strdup ("merchant");
  in->target_id = g_strdup (target);
  in->inspected_at = at (when);
  in->kind = g_strdup ("double_random");
  return in;
}

static CgCase *
a_case (const char *id,
        const char *street,
        const char *filed,
        const char *due,
        const char *closed)
{
  CgCase *c = cg_case_new ();

  c->id = g_strdup (id);
  c->case_no = g_strdup_printf ("No. %s", id);
  c->street_code = g_strdup (street);
  c->filed_at = at (filed);
  c->due_at = due ? at (due) : 0;
  c->closed_at = closed ? at (closed) : 0;
  return c;
}

static CgComplaint *
complaint (const char *id,
           const char *street,
           const char *requested,
           const char *status,
           const char *updated,
           int         satisfaction,
           int         repeat)
{
  CgComplaint *c = cg_complaint_new ();

  c->id = g_strdup (id);
  c->street_code = g_strdup (street);
  c->requested_at = at (requested);
  c->status = g_strdup (status);
  c->updated_at = at (updated);
  c->deadline_at = c->requested_at + 3 * DAY;
  c->satisfaction = satisfaction;
  c->matter_id = g_strdup_printf ("mt-%s", id);
  c->repeat_count = repeat;
  return c;
}

static CgStore *
build_store (void)
{
  g_autoptr(GError) error = NULL;
  CgStore *store = cg_store_open (":memory:", &error);
  g_autoptr(GPtrArray) merchants = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
  g_autoptr(GPtrArray) inspections = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_case_free);
  g_autoptr(GPtrArray) complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_complaint_free);

  g_assert_no_error (error);
  g_ptr_array_add (merchants, place ("m-b", CG_RISK_LOW, "A"));
  g_ptr_array_add (merchants, place ("m-a", CG_RISK_MEDIUM, "A"));
  g_ptr_array_add (merchants, place ("m-c", CG_RISK_UNKNOWN, "B"));
  g_ptr_array_add (merchants, place ("m-d", CG_RISK_LOW, "B"));
  g_ptr_array_add (sites, place ("s-a", CG_RISK_HIGH, "A"));
  /* inspections in Shanghai time: 23:30 on 31 October is October */
  g_ptr_array_add (inspections, inspection ("i-1", "m-b", "2026-10-31T23:30:00+08:00"));
  g_ptr_array_add (inspections, inspection ("i-2", "m-a", "2026-11-10T10:00:00+08:00"));
  g_ptr_array_add (inspections, inspection ("i-3", "m-d", "2026-11-01T00:30:00+08:00"));
  g_ptr_array_add (inspections, inspection ("i-4", "x-orphan", "2026-09-01T10:00:00+08:00"));
  g_ptr_array_add (inspections, inspection ("i-5", "m-a", "2026-12-01T10:00:00+08:00"));
  /* cases: Q3 ends at 24:00 on 30 September Shanghai time */
  g_ptr_array_add (cases, a_case ("c-1", "A", "2026-09-30T23:00:00+08:00", NULL, NULL));
  g_ptr_array_add (cases, a_case ("c-2", "A", "2026-10-01T00:30:00+08:00",
                                  "2026-10-20T00:00:00+08:00", "2026-10-10T00:00:00+08:00"));
  g_ptr_array_add (cases, a_case ("c-3", "B", "2026-11-05T09:00:00+08:00",
                                  "2026-11-06T00:00:00+08:00", "2026-11-08T09:00:00+08:00"));
  g_ptr_array_add (cases, a_case ("c-4", "A", "2026-11-20T09:00:00+08:00", NULL, NULL));
  g_ptr_array_add (complaints, complaint ("1", "A", "2026-11-02T09:00:00+08:00", "closed",
                                          "2026-11-02T21:00:00+08:00", 2, 1));
  g_ptr_array_add (complaints, complaint ("2", "A", "2026-11-03T09:00:00+08:00", "open",
                                          "2026-11-03T09:00:00+08:00", -1, 3));
  g_ptr_array_add (complaints, complaint ("3", "B", "2026-11-04T09:00:00+08:00", "closed",
                                          "2026-11-09T09:00:00+08:00", 0, 1));

  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, merchants, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_SITES, sites, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_INSPECTIONS, inspections, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_CASES, cases, NULL, NULL, 0, &error));
  g_assert_true (cg_store_apply_page (store, CG_COLLECTION_COMPLAINTS, complaints, NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (_cg_store_get_db (store),
                                 "INSERT INTO officers (id, name, street_code) VALUES"
                                 " ('o-2', '王芳', 'A'), ('o-1', '张伟', 'C')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return store;
}

static void
test_register (void)
{
  g_autoptr(CgStore) store = build_store ();
  g_autoptr(GError) error = NULL;
  const char *streets[] = { NULL, "A" };

  for (guint k = 0; k < G_N_ELEMENTS (streets); k++)
    {
      g_autoptr(CgInspectionRegister) reg =
        cg_store_load_inspection_register (store, streets[k], D ("2026-11-30"), &error);
      const CgInspectionTarget *t;
      const CgDay *days;

      g_assert_no_error (error);
      /* graded only, ordered by id; the orphan inspection still starts the history */
      g_assert_cmpuint (reg->targets->len, ==, streets[k] ? 3 : 4);
      g_assert_cmpint (reg->history_start, ==, D ("2026-09-01"));
      t = &g_array_index (reg->targets, CgInspectionTarget, 0);
      g_assert_cmpstr (t->id, ==, "m-a");
      g_assert_cmpint (t->risk, ==, CG_RISK_MEDIUM);
      g_assert_false (t->is_site);
      g_assert_cmpuint (t->n_inspections, ==, 1);   /* the December one is after the date */
      days = &g_array_index (reg->days, CgDay, t->inspections_offset);
      g_assert_cmpint (days[0], ==, D ("2026-11-10"));
      t = &g_array_index (reg->targets, CgInspectionTarget, 1);
      g_assert_cmpstr (t->id, ==, "m-b");
      days = &g_array_index (reg->days, CgDay, t->inspections_offset);
      g_assert_cmpint (days[0], ==, D ("2026-10-31"));
      t = &g_array_index (reg->targets, CgInspectionTarget, reg->targets->len - 1);
      g_assert_cmpstr (t->id, ==, "s-a");
      g_assert_true (t->is_site);
      g_assert_cmpuint (t->n_inspections, ==, 0);
    }
}

static void
test_streets_and_draw_sources (void)
{
  g_autoptr(CgStore) store = build_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  g_autoptr(GPtrArray) q3 = NULL;
  g_autoptr(GPtrArray) q4 = NULL;
  gboolean exists = FALSE;
  CgDay first, last;

  g_assert_true (cg_store_has_street (store, "B", &exists, &error));
  g_assert_true (exists);
  g_assert_true (cg_store_has_street (store, "C", &exists, &error));   /* an officer's */
  g_assert_true (exists);
  g_assert_true (cg_store_has_street (store, "Z", &exists, &error));
  g_assert_false (exists);
  g_assert_true (cg_store_has_street (store, "A' OR 1=1 --", &exists, &error));
  g_assert_false (exists);
  g_assert_no_error (error);

  all = cg_store_load_draw_targets (store, NULL, NULL, &error);
  g_assert_cmpuint (all->len, ==, 5);   /* graded or not */
  sites = cg_store_load_draw_targets (store, "A", "site", &error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_assert_cmpstr (((CgDrawItem *) g_ptr_array_index (sites, 0))->type, ==, "site");
  officers = cg_store_load_draw_inspectors (store, NULL, &error);
  g_assert_cmpuint (officers->len, ==, 2);

  g_assert_true (cg_day_parse_quarter ("2026Q3", &first, &last, &error));
  q3 = cg_store_load_draw_cases (store, first, last, NULL, &error);
  g_assert_cmpuint (q3->len, ==, 1);
  g_assert_cmpstr (((CgDrawItem *) g_ptr_array_index (q3, 0))->id, ==, "c-1");
  g_assert_cmpstr (((CgDrawItem *) g_ptr_array_index (q3, 0))->detail, ==, "2026-09-30");
  g_assert_true (cg_day_parse_quarter ("2026Q4", &first, &last, &error));
  q4 = cg_store_load_draw_cases (store, first, last, "A", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (q4->len, ==, 2);   /* c-2, c-4 */
}

static void
test_indicators (void)
{
  g_autoptr(CgStore) store = build_store ();
  g_autoptr(GError) error = NULL;
  CgIndicators all, a;

  /* November */
  g_assert_true (cg_store_compute_indicators (store, D ("2026-11-01"), D ("2026-11-30"), NULL,
                                              &all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all.cases_filed, ==, 2);                 /* c-3, c-4 */
  g_assert_cmpuint (all.cases_closed, ==, 1);
  g_assert_cmpuint (all.cases_closed_on_time, ==, 0);        /* c-3 closed after its due day */
  g_assert_cmpfloat_with_epsilon (all.closure_rate, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (all.avg_case_days, 3.0, 1e-12);
  g_assert_cmpuint (all.complaints, ==, 3);
  g_assert_cmpuint (all.complaints_closed, ==, 2);
  g_assert_cmpuint (all.complaints_on_time, ==, 1);          /* 3 was closed after 5 days */
  g_assert_cmpfloat_with_epsilon (all.avg_handling_hours, (12.0 + 120.0) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (all.satisfaction_rate, 0.5, 1e-12);
  g_assert_cmpuint (all.repeat_complaints, ==, 1);
  /* graded: m-a, m-b, m-d, s-a; inspected in November (Shanghai days): m-a, m-d */
  g_assert_cmpuint (all.graded_targets, ==, 4);
  g_assert_cmpuint (all.inspected_targets, ==, 2);
  g_assert_cmpfloat_with_epsilon (all.coverage, 0.5, 1e-12);

  g_assert_true (cg_store_compute_indicators (store, D ("2026-11-01"), D ("2026-11-30"), "A",
                                              &a, &error));
  g_assert_cmpuint (a.cases_filed, ==, 1);
  g_assert_cmpfloat_with_epsilon (a.closure_rate, 0.0, 1e-12);
  g_assert_true (isnan (a.on_time_closure_rate));
  g_assert_cmpuint (a.complaints, ==, 2);
  g_assert_cmpuint (a.graded_targets, ==, 3);
  g_assert_cmpuint (a.inspected_targets, ==, 1);
}

typedef struct
{
  gboolean               done;
  CgInspectionRegister  *reg;
  CgIndicators           ind;
  gboolean               ok;
  GError                *error;
} AsyncResult;

static void
on_register_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *r = user_data;

  g_assert_null (object);
  r->reg = cg_store_load_inspection_register_finish (result, &r->error);
  r->done = TRUE;
}

static void
on_indicators_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = cg_store_compute_indicators_finish (result, &r->ind, &r->error);
  r->done = TRUE;
}

static void
wait_for (AsyncResult *r)
{
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

/* On a worker thread, with its own connection to a file cache */
static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cg-store-rules-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "none", "cache.db", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r = { 0 };
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_no_error (error);
  {
    g_autoptr(CgStore) mem = build_store ();
    g_autofree char *attach = g_strdup_printf ("VACUUM INTO '%s.tmp'", path);

    /* copy the in-memory cache into the file */
    g_assert_cmpint (sqlite3_exec (_cg_store_get_db (mem), attach, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  {
    g_autofree char *tmp = g_strdup_printf ("%s.tmp", path);

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
        g_unlink (p);
      }
    g_assert_cmpint (g_rename (tmp, path), ==, 0);
  }

  cg_store_load_inspection_register_async (path, "A", D ("2026-11-30"), NULL, on_register_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.reg->targets->len, ==, 3);
  g_clear_pointer (&r.reg, cg_inspection_register_free);

  memset (&r, 0, sizeof r);
  cg_store_compute_indicators_async (path, D ("2026-11-01"), D ("2026-11-30"), NULL, NULL,
                                     on_indicators_cb, &r);
  wait_for (&r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.ind.cases_filed, ==, 2);
  g_assert_cmpfloat_with_epsilon (r.ind.coverage, 0.5, 1e-12);

  /* errors and cancellation come back through _finish */
  memset (&r, 0, sizeof r);
  cg_store_compute_indicators_async (missing, D ("2026-11-01"), D ("2026-11-30"), NULL, NULL,
                                     on_indicators_cb, &r);
  wait_for (&r);
  g_assert_false (r.ok);
  g_assert_error (r.error, CG_STORE_ERROR, CG_STORE_ERROR_OPEN);
  g_clear_error (&r.error);

  memset (&r, 0, sizeof r);
  g_cancellable_cancel (cancellable);
  cg_store_load_inspection_register_async (path, NULL, D ("2026-11-30"), cancellable,
                                           on_register_cb, &r);
  wait_for (&r);
  g_assert_null (r.reg);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-rules/register", test_register);
  g_test_add_func ("/store-rules/streets-and-draw-sources", test_streets_and_draw_sources);
  g_test_add_func ("/store-rules/indicators", test_indicators);
  g_test_add_func ("/store-rules/async", test_async);

  return g_test_run ();
}
