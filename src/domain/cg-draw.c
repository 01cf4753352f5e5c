/* cg-draw.c: reproducible random draws (双随机 spot checks, case sampling)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cg-csv.h"
#include "cg-day.h"
#include "cg-draw.h"
#include "cg-records.h"

G_DEFINE_QUARK (cg-draw-error-quark, cg_draw_error)

/* ---- the generator ------------------------------------------------------------------ */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

void
cg_rng_init (CgRng   *rng,
             guint64  seed)
{
  guint64 x = seed;

  g_return_if_fail (rng != NULL);

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

guint64
cg_rng_next (CgRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

guint64
cg_rng_below (CgRng   *rng,
              guint64  bound)
{
  guint64 threshold, r;

  g_return_val_if_fail (bound > 0, 0);

  /* reject the low values that would make some results more likely:
   * 2^64 mod bound of them */
  threshold = (0 - bound) % bound;
  do
    r = cg_rng_next (rng);
  while (r < threshold);

  return r % bound;
}

guint *
cg_draw_pick (CgRng *rng,
              guint  n,
              guint  k)
{
  g_autofree guint *perm = NULL;

  g_return_val_if_fail (rng != NULL, NULL);
  g_return_val_if_fail (k <= n, NULL);

  perm = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint i = 0; i < k; i++)
    {
      guint j = i + (guint) cg_rng_below (rng, n - i);
      guint tmp = perm[i];

      perm[i] = perm[j];
      perm[j] = tmp;
    }

  return g_steal_pointer (&perm);
}

guint64
cg_draw_new_seed (void)
{
  /* seeds are shown and typed by people: keep them to 9 digits or so */
  return (guint64) g_random_int_range (1, G_MAXINT32);
}

/* ---- items and draws -------------------------------------------------------------- */

CgDrawItem *
cg_draw_item_new (const char *id,
                  const char *type,
                  const char *name,
                  const char *street_code,
                  const char *detail)
{
  CgDrawItem *item = g_new0 (CgDrawItem, 1);

  item->id = g_strdup (id);
  item->type = g_strdup (type);
  item->name = g_strdup (name);
  item->street_code = g_strdup (street_code);
  item->detail = g_strdup (detail);
  return item;
}

static CgDrawItem *
item_copy (const CgDrawItem *item)
{
  return cg_draw_item_new (item->id, item->type, item->name, item->street_code, item->detail);
}

void
cg_draw_item_free (CgDrawItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->type);
  g_free (item->name);
  g_free (item->street_code);
  g_free (item->detail);
  g_free (item);
}

static CgDraw *
draw_new (CgDrawKind kind,
          guint64    seed)
{
  CgDraw *draw = g_new0 (CgDraw, 1);

  draw->kind = kind;
  draw->seed = seed;
  draw->created_at = g_get_real_time () / G_USEC_PER_SEC;
  draw->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);
  draw->inspectors = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);
  return draw;
}

void
cg_draw_free (CgDraw *draw)
{
  if (draw == NULL)
    return;
  g_free (draw->street_code);
  g_free (draw->period);
  g_ptr_array_unref (draw->items);
  g_ptr_array_unref (draw->inspectors);
  g_free (draw);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const CgDrawItem *x = *(const CgDrawItem * const *) a;
  const CgDrawItem *y = *(const CgDrawItem * const *) b;

  return strcmp (x->id, y->id);
}

/* Sorted (by id) view of @items, sharing the items. */
static GPtrArray *
sorted_view (GPtrArray *items)
{
  GPtrArray *view = g_ptr_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (view, g_ptr_array_index (items, i));
  g_ptr_array_sort (view, compare_items);
  return view;
}

static void
draw_from (CgRng     *rng,
           GPtrArray *population,
           guint      k,
           GPtrArray *out)
{
  g_autoptr(GPtrArray) view = sorted_view (population);
  g_autofree guint *picked = cg_draw_pick (rng, view->len, k);

  for (guint i = 0; i < k; i++)
    g_ptr_array_add (out, item_copy (g_ptr_array_index (view, picked[i])));
}

CgDraw *
cg_draw_spot_check (GPtrArray  *targets,
                    GPtrArray  *inspectors,
                    guint       n_targets,
                    guint       n_inspectors,
                    guint64     seed,
                    GError    **error)
{
  g_autoptr(CgDraw) draw = NULL;
  CgRng rng_targets, rng_inspectors;

  g_return_val_if_fail (targets != NULL && inspectors != NULL, NULL);

  if (n_targets == 0 || n_inspectors == 0)
    {
      g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_INVALID,
                   _("Draw at least one target and one inspector"));
      return NULL;
    }
  if (n_targets > targets->len)
    {
      g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_TOO_FEW,
                   _("Cannot draw %u targets from a register of %u"), n_targets, targets->len);
      return NULL;
    }
  if (n_inspectors > inspectors->len)
    {
      g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_TOO_FEW,
                   _("Cannot draw %u inspectors from a list of %u"), n_inspectors,
                   inspectors->len);
      return NULL;
    }

  draw = draw_new (CG_DRAW_KIND_SPOT_CHECK, seed);
  draw->population = targets->len;
  draw->inspector_population = inspectors->len;

  /* one stream each, so the targets drawn do not depend on the number of inspectors */
  cg_rng_init (&rng_targets, seed);
  cg_rng_init (&rng_inspectors, seed ^ G_GUINT64_CONSTANT (0x6A09E667F3BCC909));
  draw_from (&rng_targets, targets, n_targets, draw->items);
  draw_from (&rng_inspectors, inspectors, n_inspectors, draw->inspectors);

  return g_steal_pointer (&draw);
}

guint
cg_draw_sample_size (guint  population,
                     double fraction)
{
  double k;

  if (population == 0 || !(fraction > 0))
    return 0;
  /* the small epsilon keeps 0.1 x 30 at 3, not 4 */
  k = ceil (fraction * population - 1e-9);
  return (guint) CLAMP (k, 1, population);
}

CgDraw *
cg_draw_case_sample (GPtrArray  *cases,
                     double      fraction,
                     guint64     seed,
                     GError    **error)
{
  g_autoptr(CgDraw) draw = NULL;
  CgRng rng;

  g_return_val_if_fail (cases != NULL, NULL);

  if (!(fraction > 0 && fraction <= 1))
    {
      g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_INVALID,
                   _("The sampling fraction must be above 0 and at most 1"));
      return NULL;
    }

  draw = draw_new (CG_DRAW_KIND_CASE_SAMPLE, seed);
  draw->fraction = fraction;
  draw->population = cases->len;
  cg_rng_init (&rng, seed);
  draw_from (&rng, cases, cg_draw_sample_size (cases->len, fraction), draw->items);

  return g_steal_pointer (&draw);
}

guint
cg_draw_get_team (const CgDraw *draw,
                  guint         i,
                  guint        *first,
                  guint        *second)
{
  guint m;

  g_return_val_if_fail (draw != NULL, 0);

  m = draw->inspectors->len;
  if (draw->kind != CG_DRAW_KIND_SPOT_CHECK || m == 0)
    return 0;
  if (first)
    *first = i % m;
  if (m == 1)
    return 1;
  if (second)
    *second = (i + 1) % m;
  return 2;
}

/* ---- exports -------------------------------------------------------------------- */

static const char *
kind_to_string (CgDrawKind kind)
{
  return kind == CG_DRAW_KIND_CASE_SAMPLE ? "case_sample" : "spot_check";
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_item (JsonBuilder      *b,
          const CgDrawItem *item)
{
  add_string (b, "id", item->id);
  add_string (b, "type", item->type);
  add_string (b, "name", item->name);
  add_string (b, "street_code", item->street_code);
  add_string (b, "detail", item->detail);
}

char *
cg_draw_to_json (const CgDraw *draw)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *created = NULL;

  g_return_val_if_fail (draw != NULL, NULL);

  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, draw->seed);
  created = cg_format_time (draw->created_at);

  json_builder_begin_object (b);
  add_string (b, "kind", kind_to_string (draw->kind));
  add_string (b, "seed", seed);
  add_string (b, "prng", "xoshiro256**/splitmix64");
  add_string (b, "created_at", created);
  add_string (b, "street_code", draw->street_code);
  add_string (b, "period", draw->period);
  json_builder_set_member_name (b, "fraction");
  json_builder_add_double_value (b, draw->fraction);
  json_builder_set_member_name (b, "population");
  json_builder_add_int_value (b, draw->population);
  json_builder_set_member_name (b, "inspector_population");
  json_builder_add_int_value (b, draw->inspector_population);

  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < draw->items->len; i++)
    {
      guint first = 0, second = 0;
      guint n = cg_draw_get_team (draw, i, &first, &second);

      json_builder_begin_object (b);
      add_item (b, g_ptr_array_index (draw->items, i));
      if (draw->kind == CG_DRAW_KIND_SPOT_CHECK)
        {
          json_builder_set_member_name (b, "inspectors");
          json_builder_begin_array (b);
          for (guint k = 0; k < n; k++)
            {
              const CgDrawItem *o = g_ptr_array_index (draw->inspectors, k == 0 ? first : second);

              json_builder_add_string_value (b, o->id);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "inspectors");
  json_builder_begin_array (b);
  for (guint i = 0; i < draw->inspectors->len; i++)
    {
      json_builder_begin_object (b);
      add_item (b, g_ptr_array_index (draw->inspectors, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
read_items (JsonObject  *root,
            const char  *name,
            GPtrArray   *out)
{
  JsonNode *node = json_object_get_member (root, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        return FALSE;
      o = json_node_get_object (e);
      if (get_string (o, "id") == NULL)
        return FALSE;
      g_ptr_array_add (out, cg_draw_item_new (get_string (o, "id"), get_string (o, "type"),
                                              get_string (o, "name"),
                                              get_string (o, "street_code"),
                                              get_string (o, "detail")));
    }
  return TRUE;
}

CgDraw *
cg_draw_from_json (const char  *json,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CgDraw) draw = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  const char *kind, *seed, *created;
  char *end = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_PARSE,
                   _("Not a saved draw: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  root = json_node_get_object (json_parser_get_root (parser));
  kind = get_string (root, "kind");
  seed = get_string (root, "seed");
  if (kind == NULL || seed == NULL ||
      (!g_str_equal (kind, "spot_check") && !g_str_equal (kind, "case_sample")))
    goto bad;

  draw = draw_new (g_str_equal (kind, "case_sample") ? CG_DRAW_KIND_CASE_SAMPLE
                                                     : CG_DRAW_KIND_SPOT_CHECK, 0);
  draw->seed = g_ascii_strtoull (seed, &end, 10);
  if (end == seed || *end != '\0')
    goto bad;
  created = get_string (root, "created_at");
  if (created == NULL || !cg_parse_time (created, &draw->created_at))
    draw->created_at = 0;
  draw->street_code = g_strdup (get_string (root, "street_code"));
  draw->period = g_strdup (get_string (root, "period"));
  draw->fraction = json_object_get_double_member_with_default (root, "fraction", 0);
  draw->population = json_object_get_int_member_with_default (root, "population", 0);
  draw->inspector_population =
    json_object_get_int_member_with_default (root, "inspector_population", 0);
  if (!read_items (root, "items", draw->items) ||
      !read_items (root, "inspectors", draw->inspectors))
    goto bad;

  return g_steal_pointer (&draw);

bad:
  g_set_error (error, CG_DRAW_ERROR, CG_DRAW_ERROR_PARSE,
               _("Not a saved draw: members are missing or of the wrong type"));
  return NULL;
}

char *
cg_draw_to_csv (const CgDraw *draw,
                gsize        *length)
{
  g_autoptr(CgCsvWriter) w = cg_csv_writer_new (TRUE);
  g_autofree char *seed = NULL;

  g_return_val_if_fail (draw != NULL, NULL);

  cg_csv_writer_set_guard_formulas (w, TRUE);
  seed = g_strdup_printf ("%" G_GUINT64_FORMAT, draw->seed);

  if (draw->kind == CG_DRAW_KIND_SPOT_CHECK)
    {
      static const char * const header[] = {
        "no", "target_id", "target_type", "name", "street_code",
        "inspector_1", "inspector_1_name", "inspector_2", "inspector_2_name", "seed", NULL
      };

      cg_csv_writer_row (w, header, -1);
      for (guint i = 0; i < draw->items->len; i++)
        {
          const CgDrawItem *t = g_ptr_array_index (draw->items, i);
          guint first = 0, second = 0;
          guint n = cg_draw_get_team (draw, i, &first, &second);
          const CgDrawItem *a = n > 0 ? g_ptr_array_index (draw->inspectors, first) : NULL;
          const CgDrawItem *b = n > 1 ? g_ptr_array_index (draw->inspectors, second) : NULL;

          cg_csv_writer_field_int (w, i + 1);
          cg_csv_writer_field (w, t->id);
          cg_csv_writer_field (w, t->type);
          cg_csv_writer_field (w, t->name);
          cg_csv_writer_field (w, t->street_code);
          cg_csv_writer_field (w, a ? a->id : NULL);
          cg_csv_writer_field (w, a ? a->name : NULL);
          cg_csv_writer_field (w, b ? b->id : NULL);
          cg_csv_writer_field (w, b ? b->name : NULL);
          cg_csv_writer_field (w, seed);
          cg_csv_writer_end_row (w);
        }
    }
  else
    {
      static const char * const header[] = {
        "no", "case_id", "case_no", "street_code", "filed_on", "period", "seed", NULL
      };

      cg_csv_writer_row (w, header, -1);
      for (guint i = 0; i < draw->items->len; i++)
        {
          const CgDrawItem *c = g_ptr_array_index (draw->items, i);

          cg_csv_writer_field_int (w, i + 1);
          cg_csv_writer_field (w, c->id);
          cg_csv_writer_field (w, c->name);
          cg_csv_writer_field (w, c->street_code);
          cg_csv_writer_field (w, c->detail);
          cg_csv_writer_field (w, draw->period);
          cg_csv_writer_field (w, seed);
          cg_csv_writer_end_row (w);
        }
    }

  return cg_csv_writer_free_to_string (g_steal_pointer (&w), length);
}

char *
cg_draw_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "chengguan-command", "draws", NULL);
}

gboolean
cg_draw_save (const CgDraw  *draw,
              const char    *dir,
              char         **out_path,
              GError       **error)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  when = g_date_time_new_from_unix_utc (draw->created_at);
  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (when, cg_day_get_time_zone ());

      stamp = g_date_time_format (local, "%Y%m%d-%H%M%S");
    }
  base = g_strdup_printf ("%s-%s-%" G_GUINT64_FORMAT ".json",
                          draw->kind == CG_DRAW_KIND_CASE_SAMPLE ? "case-sample" : "spot-check",
                          stamp ? stamp : "0", draw->seed);
  path = g_build_filename (dir, base, NULL);
  json = cg_draw_to_json (draw);

  if (!g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  if (out_path)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}
