/* test-draw.c: reproducible draws (双随机) and case sampling
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cg-csv.h"
#include "cg-draw.h"

static GPtrArray *
population (const char *prefix,
            const char *type,
            guint       n,
            gboolean    reversed)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);

  for (guint i = 0; i < n; i++)
    {
      guint k = reversed ? n - 1 - i : i;
      g_autofree char *id = g_strdup_printf ("%s-%04u", prefix, k);
      g_autofree char *name = g_strdup_printf ("名称 %u, \"号\"", k);

      g_ptr_array_add (items, cg_draw_item_new (id, type, name, "310107002", NULL));
    }
  return items;
}

static GStrv
ids_of (GPtrArray *items)
{
  GStrv ids = g_new0 (char *, items->len + 1);

  for (guint i = 0; i < items->len; i++)
    ids[i] = g_strdup (((CgDrawItem *) g_ptr_array_index (items, i))->id);
  return ids;
}

/* The generator's first outputs are fixed forever: a change would silently change
 * every published draw. Values of the reference xoshiro256** seeded by splitmix64. */
static void
test_rng_stable (void)
{
  CgRng rng;
  guint64 first[3];
  CgRng again;
  guint counts[6] = { 0 };

  cg_rng_init (&rng, 0);
  /* splitmix64(0) is the published 0xE220A8397B1DCDAF */
  g_assert_cmphex (rng.s[0], ==, G_GUINT64_CONSTANT (0xE220A8397B1DCDAF));
  for (guint i = 0; i < 3; i++)
    first[i] = cg_rng_next (&rng);
  cg_rng_init (&again, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmphex (cg_rng_next (&again), ==, first[i]);
  /* xoshiro256**'s first output: rotl (s1 * 5, 7) * 9 */
  {
    guint64 s1;
    CgRng r;

    cg_rng_init (&r, 0);
    s1 = r.s[1] * 5;
    g_assert_cmphex (first[0], ==, ((s1 << 7) | (s1 >> 57)) * 9);
  }

  /* bounded values stay in range and reach every value */
  for (guint i = 0; i < 6000; i++)
    counts[cg_rng_below (&rng, 6)]++;
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (counts[i], >, 800);
}

static void
test_spot_check_reproducible (void)
{
  g_autoptr(GPtrArray) targets = population ("m", "merchant", 500, FALSE);
  g_autoptr(GPtrArray) targets_rev = population ("m", "merchant", 500, TRUE);
  g_autoptr(GPtrArray) officers = population ("o", "officer", 40, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CgDraw) a = NULL;
  g_autoptr(CgDraw) b = NULL;
  g_autoptr(CgDraw) c = NULL;
  g_autoptr(CgDraw) d = NULL;
  g_auto(GStrv) ids_a = NULL;
  g_auto(GStrv) ids_b = NULL;
  g_auto(GStrv) ids_c = NULL;
  g_auto(GStrv) ids_d = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint first, second;

  a = cg_draw_spot_check (targets, officers, 20, 6, 20261123, &error);
  g_assert_no_error (error);
  /* the same seed on the same register in another order: the same draw */
  b = cg_draw_spot_check (targets_rev, officers, 20, 6, 20261123, &error);
  g_assert_no_error (error);
  c = cg_draw_spot_check (targets, officers, 20, 6, 20261124, &error);
  g_assert_no_error (error);
  /* more inspectors do not move the targets */
  d = cg_draw_spot_check (targets, officers, 20, 9, 20261123, &error);
  g_assert_no_error (error);

  ids_a = ids_of (a->items);
  ids_b = ids_of (b->items);
  ids_c = ids_of (c->items);
  ids_d = ids_of (d->items);
  g_assert_cmpstrv (ids_a, ids_b);
  g_assert_cmpstrv (ids_a, ids_d);
  g_assert_false (g_strv_equal ((const char * const *) ids_a, (const char * const *) ids_c));

  g_assert_cmpuint (a->items->len, ==, 20);
  g_assert_cmpuint (a->inspectors->len, ==, 6);
  g_assert_cmpuint (a->population, ==, 500);
  for (guint i = 0; ids_a[i]; i++)
    g_assert_true (g_hash_table_add (seen, ids_a[i]));   /* distinct */

  g_assert_cmpuint (cg_draw_get_team (a, 5, &first, &second), ==, 2);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (second, ==, 0);

  g_assert_null (cg_draw_spot_check (targets, officers, 501, 2, 1, &error));
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_TOO_FEW);
  g_clear_error (&error);
  g_assert_null (cg_draw_spot_check (targets, officers, 5, 41, 1, &error));
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_TOO_FEW);
  g_clear_error (&error);
  g_assert_null (cg_draw_spot_check (targets, officers, 0, 1, 1, &error));
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_INVALID);
}

static void
test_case_sample (void)
{
  g_autoptr(GPtrArray) cases = population ("c", "case", 95, FALSE);
  g_autoptr(GPtrArray) none = population ("c", "case", 0, FALSE);
  g_autoptr(CgDraw) a = NULL;
  g_autoptr(CgDraw) b = NULL;
  g_autoptr(CgDraw) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids_a = NULL;
  g_auto(GStrv) ids_b = NULL;

  g_assert_cmpuint (cg_draw_sample_size (95, 0.10), ==, 10);
  g_assert_cmpuint (cg_draw_sample_size (100, 0.10), ==, 10);
  g_assert_cmpuint (cg_draw_sample_size (30, 0.10), ==, 3);
  g_assert_cmpuint (cg_draw_sample_size (101, 0.10), ==, 11);
  g_assert_cmpuint (cg_draw_sample_size (3, 0.10), ==, 1);
  g_assert_cmpuint (cg_draw_sample_size (0, 0.10), ==, 0);

  a = cg_draw_case_sample (cases, 0.10, 7, &error);
  g_assert_no_error (error);
  b = cg_draw_case_sample (cases, 0.10, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->items->len, ==, 10);
  ids_a = ids_of (a->items);
  ids_b = ids_of (b->items);
  g_assert_cmpstrv (ids_a, ids_b);
  g_assert_cmpuint (cg_draw_get_team (a, 0, NULL, NULL), ==, 0);

  empty = cg_draw_case_sample (none, 0.10, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->items->len, ==, 0);

  g_assert_null (cg_draw_case_sample (cases, 0, 7, &error));
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_INVALID);
}

static void
test_exports (void)
{
  g_autoptr(GPtrArray) targets = population ("m", "merchant", 50, FALSE);
  g_autoptr(GPtrArray) officers = population ("o", "officer", 3, FALSE);
  g_autoptr(CgDraw) draw = NULL;
  g_autoptr(CgDraw) back = NULL;
  g_autoptr(CgDraw) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) ids_a = NULL;
  g_auto(GStrv) ids_b = NULL;
  const char * const *row;

  draw = cg_draw_spot_check (targets, officers, 4, 3, G_GUINT64_CONSTANT (18446744073709551557),
                             &error);
  g_assert_no_error (error);
  draw->street_code = g_strdup ("310107002");

  json = cg_draw_to_json (draw);
  g_assert_nonnull (strstr (json, "\"18446744073709551557\""));
  back = cg_draw_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->seed, ==, draw->seed);
  g_assert_cmpstr (back->street_code, ==, "310107002");
  g_assert_cmpuint (back->population, ==, 50);
  ids_a = ids_of (draw->items);
  ids_b = ids_of (back->items);
  g_assert_cmpstrv (ids_a, ids_b);
  g_assert_cmpuint (back->inspectors->len, ==, 3);

  csv = cg_draw_to_csv (draw, NULL);
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "no,target_id,"));
  rows = cg_csv_parse (csv, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[0], ==, "1");
  g_assert_cmpstr (row[1], ==, ids_a[0]);
  g_assert_true (g_str_has_prefix (row[3], "名称 "));
  /* target 1's team: the first two inspectors drawn */
  g_assert_cmpstr (row[5], ==, ((CgDrawItem *) g_ptr_array_index (draw->inspectors, 0))->id);
  g_assert_cmpstr (row[7], ==, ((CgDrawItem *) g_ptr_array_index (draw->inspectors, 1))->id);
  g_assert_cmpstr (row[6], ==, ((CgDrawItem *) g_ptr_array_index (draw->inspectors, 0))->name);
  g_assert_cmpstr (row[9], ==, "18446744073709551557");

  dir = g_dir_make_tmp ("cg-draw-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (cg_draw_save (draw, dir, &path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  loaded = cg_draw_from_json (contents, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->items->len, ==, 4);
  g_assert_cmpint (loaded->created_at, ==, draw->created_at);
  g_unlink (path);
  g_rmdir (dir);

  g_clear_pointer (&loaded, cg_draw_free);
  loaded = cg_draw_from_json ("{\"kind\": \"lottery\", \"seed\": \"1\"}", &error);
  g_assert_null (loaded);
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_PARSE);
  g_clear_error (&error);
  loaded = cg_draw_from_json ("{\"kind\": ", &error);
  g_assert_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/draw/rng-stable", test_rng_stable);
  g_test_add_func ("/draw/spot-check-reproducible", test_spot_check_reproducible);
  g_test_add_func ("/draw/case-sample", test_case_sample);
  g_test_add_func ("/draw/exports", test_exports);

  return g_test_run ();
}
