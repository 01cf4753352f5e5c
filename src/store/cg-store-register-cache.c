/* cg-store-register-cache.c — the inspection register of a cache, kept between refreshes
 *
 * Copyright 2026 Chengguan Command contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "cg-store-private.h"
#include "cg-store-register-cache.h"
#include "cg-store-rules.h"

/* inspections of one day, street and result */
typedef struct
{
  CgDay       day;
  const char *street;   /* interned in strings, or NULL */
  const char *result;   /* interned in strings, "" for none */
  guint       count;
} DayCount;

struct _CgRegisterCache
{
  gatomicrefcount        ref_count;
  char                  *path;
  gint64                 generation;
  CgInspectionRegister  *reg;            /* every graded target, every inspection */
  CgDay                  min_targeted;   /* first day of an inspection with a target */
  CgDay                  min_any;        /* first day of any inspection */
  GArray                *counts;         /* DayCount, by day */
  GStringChunk          *strings;
  GHashTable            *interned;       /* the streets and results in strings */
  gint64                 seq;            /* the last change of inspection_changes applied */
  gint64                 place_seq;      /* the last change of place_changes applied */
};

/* a register view: the register and the cache whose data it shares */
typedef struct
{
  CgInspectionRegister  reg;
  CgRegisterCache      *cache;
} View;

static GMutex lock;
static CgRegisterCache *kept;   /* the last one read */
static guint n_loads;           /* full or incremental */
static guint n_full_loads;

/* beyond any cache's data: the register reads every inspection */
#define FAR_DAY ((CgDay) 3000000)

static const char generation_sql[] =
  "SELECT gen FROM data_generation WHERE name = 'register'";

static const char seq_sql[] =
  "SELECT coalesce (MAX (seq), 0) FROM inspection_changes";

static const char n_changes_sql[] =
  "SELECT COUNT (*) FROM inspection_changes WHERE seq > ?1";

static const char changes_sql[] =
  "SELECT o_target, o_at, o_street, o_result, n_target, n_at, n_street, n_result,"
  "       has_old, has_new"
  " FROM inspection_changes WHERE seq > ?1 ORDER BY seq";

static const char place_seq_sql[] =
  "SELECT coalesce (MAX (seq), 0) FROM place_changes";

static const char n_place_changes_sql[] =
  "SELECT COUNT (*) FROM place_changes WHERE seq > ?1";

static const char place_changes_sql[] =
  "SELECT site, o_id, n_id, n_risk, n_street, n_name, has_old, has_new"
  " FROM place_changes WHERE seq > ?1 ORDER BY seq";

/* a target's inspections, as the full read's merge join takes them */
static const char target_days_sql[] =
  "SELECT inspected_at FROM inspections WHERE target_id = ?1 AND inspected_at < ?2"
  " ORDER BY inspected_at";

/* below this many changes, never a full read; beyond a fifth of the inspections neither */
#define MIN_CHANGES_FULL 256

static const char min_sql[] =
  "SELECT (SELECT MIN (inspected_at) FROM inspections WHERE target_id IS NOT NULL),"
  "       (SELECT MIN (inspected_at) FROM inspections)";

static const char counts_sql[] =
  "SELECT inspected_at, street_code, result FROM inspections";

CgRegisterCache *
_cg_register_cache_ref (CgRegisterCache *cache)
{
  g_atomic_ref_count_inc (&cache->ref_count);
  return cache;
}

void
_cg_register_cache_unref (CgRegisterCache *cache)
{
  if (cache == NULL || !g_atomic_ref_count_dec (&cache->ref_count))
    return;
  g_free (cache->path);
  g_clear_pointer (&cache->reg, cg_inspection_register_free);
  g_clear_pointer (&cache->counts, g_array_unref);
  g_clear_pointer (&cache->strings, g_string_chunk_free);
  g_clear_pointer (&cache->interned, g_hash_table_unref);
  g_free (cache);
}

guint
_cg_register_cache_get_n_loads (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = n_loads;
  g_mutex_unlock (&lock);
  return n;
}

guint
_cg_register_cache_get_n_full_loads (void)
{
  guint n;

  g_mutex_lock (&lock);
  n = n_full_loads;
  g_mutex_unlock (&lock);
  return n;
}

void
_cg_register_cache_clear (void)
{
  CgRegisterCache *old;

  g_mutex_lock (&lock);
  old = g_steal_pointer (&kept);
  g_mutex_unlock (&lock);
  _cg_register_cache_unref (old);
}

static gboolean
read_int64 (CgStore     *store,
            const char  *sql,
            gint64       arg,
            gint64      *out,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return FALSE;
    }
  *out = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static guint
day_count_hash (gconstpointer p)
{
  const DayCount *c = p;

  return (guint) c->day * 31u + g_direct_hash (c->street) * 17u + g_direct_hash (c->result);
}

static gboolean
day_count_equal (gconstpointer a,
                 gconstpointer b)
{
  const DayCount *x = a, *y = b;

  return x->day == y->day && x->street == y->street && x->result == y->result;
}

static int
compare_day_counts (gconstpointer a,
                    gconstpointer b)
{
  const DayCount *x = a, *y = b;

  return (x->day > y->day) - (x->day < y->day);
}

static int
compare_days_asc (gconstpointer a,
                  gconstpointer b)
{
  CgDay x = *(const CgDay *) a, y = *(const CgDay *) b;

  return (x > y) - (x < y);
}

static const char *
intern_column (CgRegisterCache *cache,
               sqlite3_stmt    *stmt,
               int              col,
               const char      *if_null)
{
  const char *str = (const char *) sqlite3_column_text (stmt, col);
  const char *s;

  if (str == NULL)
    str = if_null;
  if (str == NULL)
    return NULL;
  s = g_hash_table_lookup (cache->interned, str);
  if (s == NULL)
    {
      s = g_string_chunk_insert_const (cache->strings, str);
      g_hash_table_add (cache->interned, (gpointer) s);
    }
  return s;
}

static gboolean
load_counts (CgStore          *store,
             CgRegisterCache  *cache,
             GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, counts_sql, error);
  g_autoptr(GHashTable) seen = NULL;
  DayCount *last = NULL;
  GHashTableIter iter;
  gpointer key;
  int rc;

  if (stmt == NULL)
    return FALSE;
  seen = g_hash_table_new_full (day_count_hash, day_count_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DayCount k;

      k.day = cg_day_from_unix (sqlite3_column_int64 (stmt, 0));
      k.street = intern_column (cache, stmt, 1, NULL);
      k.result = intern_column (cache, stmt, 2, "");
      /* rows come mostly in time order: the same key as the previous row is common */
      if (last == NULL || !day_count_equal (last, &k))
        {
          last = g_hash_table_lookup (seen, &k);
          if (last == NULL)
            {
              last = g_new (DayCount, 1);
              *last = k;
              last->count = 0;
              g_hash_table_add (seen, last);
            }
        }
      last->count++;
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading inspections"), error);
      return FALSE;
    }
  cache->counts = g_array_sized_new (FALSE, FALSE, sizeof (DayCount), g_hash_table_size (seen));
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_vals (cache->counts, key, 1);
  g_array_sort (cache->counts, compare_day_counts);
  return TRUE;
}

static CgRegisterCache *
load (CgStore  *store,
      gint64    generation,
      GError  **error)
{
  g_autoptr(CgRegisterCache) cache = g_new0 (CgRegisterCache, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_atomic_ref_count_init (&cache->ref_count);
  cache->path = g_strdup (cg_store_get_path (store));
  cache->generation = generation;
  cache->strings = g_string_chunk_new (256);
  cache->interned = g_hash_table_new (g_str_hash, g_str_equal);
  cache->min_targeted = cache->min_any = CG_DAY_NONE;

  cache->reg = cg_store_load_inspection_register (store, NULL, FAR_DAY, error);
  if (cache->reg == NULL)
    return NULL;
  stmt = _cg_store_prepare (store, min_sql, error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (store, _("reading inspections"), error);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    cache->min_targeted = cg_day_from_unix (sqlite3_column_int64 (stmt, 0));
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    cache->min_any = cg_day_from_unix (sqlite3_column_int64 (stmt, 1));
  if (!load_counts (store, cache, error))
    return NULL;
  return g_steal_pointer (&cache);
}

/* one inspection day more (+1) or less (-1) for a target of the register */
typedef struct
{
  guint target;
  CgDay day;
  int   sign;
} DayDelta;

static int
compare_deltas (gconstpointer a,
                gconstpointer b)
{
  const DayDelta *x = a, *y = b;

  if (x->target != y->target)
    return x->target < y->target ? -1 : 1;
  return (x->day > y->day) - (x->day < y->day);
}

/* the first target whose id is not before @id (the targets are in strcmp order) */
static guint
find_target (GArray     *targets,
             const char *id)
{
  guint lo = 0, hi = targets->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (g_array_index (targets, CgInspectionTarget, mid).id, id) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The index + 1 of the first target of id @id, 0 for none: a binary search (a table of the
 * 200,000 ids, built for the first page after each full read or change of targets, cost
 * 10 ms of that refresh). As the full read's merge join, a target id's inspections go to its
 * first target. */
static guint
target_index (const CgInspectionRegister *reg,
              const char                 *id)
{
  guint i = find_target (reg->targets, id);

  return i < reg->targets->len &&
         strcmp (g_array_index (reg->targets, CgInspectionTarget, i).id, id) == 0 ? i + 1 : 0;
}

/* One inspection in (+1) or out (-1), from columns @col.. (target, time, street, result)
 * of a change. FALSE when the register cannot follow (an inspection out that it does not
 * hold, or on the first day of the history: the caller reads it all again). */
static gboolean
apply_one (CgRegisterCache *cache,
           sqlite3_stmt    *stmt,
           int              col,
           int              sign,
           GArray          *deltas)
{
  const char *target = (const char *) sqlite3_column_text (stmt, col);
  CgDay day = cg_day_from_unix (sqlite3_column_int64 (stmt, col + 1));
  DayCount k, *c = (DayCount *) (void *) cache->counts->data;
  guint n = cache->counts->len, lo = 0, hi = n;
  gboolean found = FALSE;

  k.day = day;
  k.street = intern_column (cache, stmt, col + 2, NULL);
  k.result = intern_column (cache, stmt, col + 3, "");
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (c[mid].day < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < n && c[i].day == day && !found; i++)
    if (day_count_equal (&c[i], &k))
      {
        if (sign < 0 && c[i].count == 0)
          return FALSE;
        c[i].count += sign;
        found = TRUE;
      }
  if (!found)
    {
      if (sign < 0)
        return FALSE;
      k.count = 1;
      g_array_insert_val (cache->counts, lo, k);   /* kept by day: later changes find it */
    }

  if (sign > 0)
    {
      if (cache->min_any == CG_DAY_NONE || day < cache->min_any)
        cache->min_any = day;
      if (target != NULL && (cache->min_targeted == CG_DAY_NONE || day < cache->min_targeted))
        cache->min_targeted = day;
    }
  else if (day <= cache->min_any || (target != NULL && day <= cache->min_targeted))
    return FALSE;   /* maybe the first day goes: only a full read knows the next */

  if (target != NULL)
    {
      guint ix = target_index (cache->reg, target);

      if (ix != 0)
        {
          DayDelta d = { ix - 1, day, sign };

          g_array_append_val (deltas, d);
        }
    }
  return TRUE;
}

/* Applies inspection_changes after cache->seq to @cache (held by no one else). FALSE
 * without @error when it cannot: the caller reads the register again. */
static gboolean
apply_changes (CgStore          *store,
               CgRegisterCache  *cache,
               GError          **error)
{
  CgInspectionRegister *reg = cache->reg;
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, changes_sql, error);
  g_autoptr(GArray) deltas = g_array_new (FALSE, FALSE, sizeof (DayDelta));
  gint64 start = g_get_monotonic_time ();
  guint n_changes = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cache->seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_changes++;
      if (sqlite3_column_int (stmt, 8) != 0 &&
          !apply_one (cache, stmt, 0, -1, deltas))
        return FALSE;
      if (sqlite3_column_int (stmt, 9) != 0 &&
          !apply_one (cache, stmt, 4, +1, deltas))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading inspections"), error);
      return FALSE;
    }

  /* the counts: without the emptied ones */
  {
    guint w = 0;

    for (guint i = 0; i < cache->counts->len; i++)
      if (g_array_index (cache->counts, DayCount, i).count > 0)
        {
          if (w != i)
            g_array_index (cache->counts, DayCount, w) = g_array_index (cache->counts, DayCount, i);
          w++;
        }
    g_array_set_size (cache->counts, w);
  }

  /* the targets' days: each changed target's run again, in order */
  if (deltas->len > 0)
    {
      g_autoptr(GArray) days = g_array_sized_new (FALSE, FALSE, sizeof (CgDay),
                                                   reg->days->len + deltas->len);
      g_autoptr(GArray) run = g_array_new (FALSE, FALSE, sizeof (CgDay));
      const DayDelta *d;
      guint next = 0, copied = 0;   /* old days up to copied are in days */
      gint64 shift = 0;             /* new offset - old offset of the targets since */

      g_array_sort (deltas, compare_deltas);
      d = (const DayDelta *) (void *) deltas->data;
      /* the runs are in the targets' order: the unchanged ones between two changed ones
       * are copied at once and only their offsets move */
      for (guint i = 0; i < reg->targets->len; i++)
        {
          CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, i);
          const CgDay *old = &g_array_index (reg->days, CgDay, t->inspections_offset);
          guint old_offset = t->inspections_offset;

          if (next >= deltas->len || d[next].target != i)
            {
              t->inspections_offset = (guint) ((gint64) old_offset + shift);
              continue;
            }
          g_array_append_vals (days, &g_array_index (reg->days, CgDay, copied),
                               old_offset - copied);
          g_array_set_size (run, 0);
          g_array_append_vals (run, old, t->n_inspections);
          for (; next < deltas->len && d[next].target == i; next++)
            {
              if (d[next].sign > 0)
                g_array_append_val (run, d[next].day);
              else
                {
                  guint k;

                  for (k = 0; k < run->len && g_array_index (run, CgDay, k) != d[next].day; k++)
                    ;
                  if (k == run->len)
                    return FALSE;   /* not there: read it all again */
                  g_array_remove_index (run, k);
                }
            }
          g_array_sort (run, compare_days_asc);
          t->inspections_offset = days->len;
          g_array_append_vals (days, run->data, run->len);
          copied = old_offset + t->n_inspections;
          t->n_inspections = run->len;
          shift = (gint64) days->len - copied;
        }
      g_array_append_vals (days, &g_array_index (reg->days, CgDay, copied),
                           reg->days->len - copied);
      g_array_unref (reg->days);
      reg->days = g_steal_pointer (&days);
    }
  g_debug ("Dashboards: register: %u changed inspections applied, %.1f ms", n_changes,
           (g_get_monotonic_time () - start) / 1e3);
  return TRUE;
}

/* as cg-store-rules.c: a target's one grade, in force since ever */
#define GRADE_SINCE_EVER (G_MININT32 / 2)

/* the last state of a place named by place_changes: a target of the register or not */
typedef struct
{
  gboolean  present;
  CgRisk    risk;
  char     *street;
  char     *name;
} PlaceState;

static void
place_state_free (gpointer p)
{
  PlaceState *ps = p;

  g_free (ps->street);
  g_free (ps->name);
  g_free (ps);
}

/* a target the changes add, with its days */
typedef struct
{
  CgInspectionTarget  t;
  GArray             *days;
} NewTarget;

static int
compare_new_targets (gconstpointer a,
                     gconstpointer b)
{
  return strcmp (((const NewTarget *) a)->t.id, ((const NewTarget *) b)->t.id);
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/* appends target @t with its @n_days @days and its grades to @targets, @grades, @days */
static void
push_target (GArray                   *targets,
             GArray                   *grades,
             GArray                   *days,
             CgInspectionTarget        t,
             const CgGradeChange      *t_grades,
             const CgDay              *t_days,
             guint                     n_days)
{
  t.grades_offset = grades->len;
  g_array_append_vals (grades, t_grades, t.n_grades);
  t.inspections_offset = days->len;
  t.n_inspections = n_days;
  g_array_append_vals (days, t_days, n_days);
  g_array_append_val (targets, t);
}

/* Applies place_changes after cache->place_seq to @cache (held by no one else), after its
 * inspection changes: each place the log names takes the state of its last change; a target
 * that comes in reads its inspections (an index lookup). FALSE without @error when it
 * cannot (a merchant and a site with one id, whose order only SQLite's sort decides): the
 * caller reads the register again. */
static gboolean
apply_place_changes (CgStore          *store,
                     CgRegisterCache  *cache,
                     GError          **error)
{
  CgInspectionRegister *reg = cache->reg;
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, place_changes_sql, error);
  g_autoptr(sqlite3_stmt) days_stmt = NULL;
  g_autoptr(GHashTable) merchants = NULL;
  g_autoptr(GHashTable) sites = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (NewTarget));
  g_autofree guint8 *gone = NULL;
  gboolean any_gone = FALSE, ok = TRUE;
  gint64 start = g_get_monotonic_time ();
  guint n_changes = 0;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (stmt == NULL)
    return FALSE;
  merchants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, place_state_free);
  sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, place_state_free);
  sqlite3_bind_int64 (stmt, 1, cache->place_seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GHashTable *states = sqlite3_column_int (stmt, 0) != 0 ? sites : merchants;
      const char *o_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *n_id = (const char *) sqlite3_column_text (stmt, 2);

      n_changes++;
      if (sqlite3_column_int (stmt, 6) != 0 && o_id != NULL)
        g_hash_table_replace (states, g_strdup (o_id), g_new0 (PlaceState, 1));
      if (sqlite3_column_int (stmt, 7) != 0 && n_id != NULL)
        {
          PlaceState *ps = g_new0 (PlaceState, 1);
          int risk = sqlite3_column_int (stmt, 3);

          /* as the full read: graded rows, the grade clamped */
          ps->present = sqlite3_column_type (stmt, 3) != SQLITE_NULL && risk > 0;
          ps->risk = CLAMP (risk, CG_RISK_UNKNOWN, CG_RISK_HIGH);
          ps->street = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
          ps->name = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
          g_hash_table_replace (states, g_strdup (n_id), ps);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading targets"), error);
      return FALSE;
    }

  gone = g_new0 (guint8, reg->targets->len + 1);
  for (int site = 0; site < 2 && ok; site++)
    {
      g_hash_table_iter_init (&iter, site ? sites : merchants);
      while (ok && g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *id = key;
          PlaceState *ps = value;
          guint i = find_target (reg->targets, id), n_same = 0;
          gint match = -1;

          for (guint j = i; j < reg->targets->len &&
                            strcmp (g_array_index (reg->targets, CgInspectionTarget, j).id,
                                    id) == 0; j++)
            {
              n_same++;
              if (g_array_index (reg->targets, CgInspectionTarget, j).is_site == site)
                match = (gint) j;
            }
          if (n_same > 1 || (match < 0 && n_same > 0 && ps->present))
            ok = FALSE;   /* a merchant and a site with one id */
          else if (match >= 0 && !ps->present)
            {
              gone[match] = 1;
              any_gone = TRUE;
            }
          else if (match >= 0)
            {
              CgInspectionTarget *t = &g_array_index (reg->targets, CgInspectionTarget, match);

              t->risk = ps->risk;
              g_array_index (reg->grades, CgGradeChange,
                             t->grades_offset + t->n_grades - 1).risk = ps->risk;
              replace_string (&t->street_code, ps->street);
              replace_string (&t->name, ps->name);
            }
          else if (ps->present)
            {
              NewTarget nt = { { 0 }, NULL };

              if (days_stmt == NULL)
                {
                  days_stmt = _cg_store_prepare (store, target_days_sql, error);
                  if (days_stmt == NULL)
                    {
                      ok = FALSE;
                      break;
                    }
                }
              nt.t.id = g_strdup (id);
              nt.t.name = g_strdup (ps->name);
              nt.t.street_code = g_strdup (ps->street);
              nt.t.is_site = site;
              nt.t.risk = ps->risk;
              nt.t.n_grades = 1;
              nt.days = g_array_new (FALSE, FALSE, sizeof (CgDay));
              g_array_append_val (added, nt);
              sqlite3_reset (days_stmt);
              sqlite3_bind_text (days_stmt, 1, id, -1, SQLITE_STATIC);
              sqlite3_bind_int64 (days_stmt, 2, cg_day_to_unix (FAR_DAY + 1));
              while ((rc = sqlite3_step (days_stmt)) == SQLITE_ROW)
                {
                  CgDay day = cg_day_from_unix (sqlite3_column_int64 (days_stmt, 0));

                  g_array_append_val (nt.days, day);
                }
              sqlite3_clear_bindings (days_stmt);
              if (rc != SQLITE_DONE)
                {
                  _cg_store_set_read_error (store, _("reading inspections"), error);
                  ok = FALSE;
                }
            }
        }
    }

  g_array_sort (added, compare_new_targets);
  for (guint a = 1; ok && a < added->len; a++)
    if (strcmp (g_array_index (added, NewTarget, a - 1).t.id,
                g_array_index (added, NewTarget, a).t.id) == 0)
      ok = FALSE;   /* a merchant and a site with one id */

  /* targets in or out: the register again, in the id order, the unchanged runs copied */
  if (ok && (any_gone || added->len > 0))
    {
      GArray *targets = g_array_sized_new (FALSE, FALSE, sizeof (CgInspectionTarget),
                                           reg->targets->len + added->len);
      GArray *grades = g_array_sized_new (FALSE, FALSE, sizeof (CgGradeChange),
                                          reg->grades->len + added->len);
      GArray *days = g_array_sized_new (FALSE, FALSE, sizeof (CgDay), reg->days->len);
      guint a = 0;

      for (guint i = 0; i <= reg->targets->len; i++)
        {
          CgInspectionTarget *t = i < reg->targets->len ?
                                  &g_array_index (reg->targets, CgInspectionTarget, i) : NULL;

          for (; a < added->len &&
                 (t == NULL || strcmp (g_array_index (added, NewTarget, a).t.id, t->id) < 0);
               a++)
            {
              NewTarget *nt = &g_array_index (added, NewTarget, a);
              CgGradeChange grade = { GRADE_SINCE_EVER, nt->t.risk };

              push_target (targets, grades, days, nt->t, &grade,
                           (const CgDay *) (void *) nt->days->data, nt->days->len);
              memset (&nt->t, 0, sizeof nt->t);   /* its strings are the register's now */
            }
          if (t == NULL)
            break;
          if (gone[i])
            {
              g_free (t->id);
              g_free (t->name);
              g_free (t->street_code);
              continue;
            }
          push_target (targets, grades, days, *t,
                       &g_array_index (reg->grades, CgGradeChange, t->grades_offset),
                       &g_array_index (reg->days, CgDay, t->inspections_offset),
                       t->n_inspections);
        }
      g_array_unref (reg->targets);
      g_array_unref (reg->grades);
      g_array_unref (reg->days);
      reg->targets = targets;
      reg->grades = grades;
      reg->days = days;
    }

  for (guint a = 0; a < added->len; a++)
    {
      NewTarget *nt = &g_array_index (added, NewTarget, a);

      g_free (nt->t.id);
      g_free (nt->t.name);
      g_free (nt->t.street_code);
      g_array_unref (nt->days);
    }
  if (ok)
    g_debug ("Dashboards: register: %u changed places applied, %.1f ms", n_changes,
             (g_get_monotonic_time () - start) / 1e3);
  return ok;
}

CgRegisterCache *
_cg_register_cache_get (CgStore  *store,
                        GError  **error)
{
  CgRegisterCache *cache = NULL;
  g_autoptr(CgRegisterCache) old = NULL;
  const char *path = cg_store_get_path (store);
  gboolean memory = g_strcmp0 (path, ":memory:") == 0;
  gint64 generation, seq, place_seq;
  gboolean full = FALSE;

  if (!read_int64 (store, generation_sql, 0, &generation, error) ||
      !read_int64 (store, seq_sql, 0, &seq, error) ||
      !read_int64 (store, place_seq_sql, 0, &place_seq, error))
    return NULL;
  /* an in-memory database is a new one for each connection: never kept */
  if (!memory)
    {
      g_mutex_lock (&lock);
      if (kept != NULL && g_strcmp0 (kept->path, path) == 0)
        {
          if (kept->generation == generation)
            cache = _cg_register_cache_ref (kept);
          else if (g_atomic_ref_count_compare (&kept->ref_count, 1))
            old = g_steal_pointer (&kept);   /* no one else sees it: updated in place */
        }
      g_mutex_unlock (&lock);
      if (cache != NULL)
        return cache;
    }

  /* every write the register sees is in one of the two logs (migrations 7 and 8): when
   * the generation grew by as many as the logs hold after the register's, none was pruned */
  if (old != NULL)
    {
      gint64 n_changes, n_place_changes;

      if (!read_int64 (store, n_changes_sql, old->seq, &n_changes, error) ||
          !read_int64 (store, n_place_changes_sql, old->place_seq, &n_place_changes, error))
        return NULL;
      if (n_changes + n_place_changes == generation - old->generation &&
          n_changes <= MAX ((gint64) old->reg->days->len / 5, MIN_CHANGES_FULL) &&
          n_place_changes <= MAX ((gint64) old->reg->targets->len / 5, MIN_CHANGES_FULL))
        {
          g_autoptr(GError) local = NULL;

          /* the inspections first: a target that comes in reads its days as they are now */
          if ((n_changes == 0 || apply_changes (store, old, &local)) &&
              (n_place_changes == 0 || apply_place_changes (store, old, &local)))
            {
              cache = g_steal_pointer (&old);
              cache->generation = generation;
              cache->seq = seq;
              cache->place_seq = place_seq;
            }
          else if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
        }
    }

  if (cache == NULL)
    {
      g_clear_pointer (&old, _cg_register_cache_unref);
      cache = load (store, generation, error);
      if (cache == NULL)
        return NULL;
      cache->seq = seq;
      cache->place_seq = place_seq;
      full = TRUE;
    }
  g_mutex_lock (&lock);
  n_loads++;
  if (full)
    n_full_loads++;
  if (!memory)
    {
      g_clear_pointer (&kept, _cg_register_cache_unref);
      kept = _cg_register_cache_ref (cache);
    }
  g_mutex_unlock (&lock);
  return cache;
}

/* How many of the n sorted days are on or before @until */
static guint
count_until (const CgDay *days,
             guint        n,
             CgDay        until)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (days[mid] <= until)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

CgInspectionRegister *
_cg_register_cache_view (CgRegisterCache *cache,
                         const char      *street_code,
                         CgDay            until)
{
  View *view = g_new0 (View, 1);
  CgInspectionRegister *full = cache->reg;
  const CgDay *days = (const CgDay *) (void *) full->days->data;

  view->cache = _cg_register_cache_ref (cache);
  view->reg.targets = g_array_sized_new (FALSE, FALSE, sizeof (CgInspectionTarget),
                                         street_code ? 0 : full->targets->len);
  view->reg.grades = g_array_ref (full->grades);
  view->reg.days = g_array_ref (full->days);
  for (guint i = 0; i < full->targets->len; i++)
    {
      CgInspectionTarget t = g_array_index (full->targets, CgInspectionTarget, i);

      if (street_code != NULL && g_strcmp0 (t.street_code, street_code) != 0)
        continue;
      t.n_inspections = count_until (days + t.inspections_offset, t.n_inspections, until);
      g_array_append_val (view->reg.targets, t);
    }
  /* as cg_store_load_inspection_register(): a street's register starts with the cache's
   * first inspection; the whole cache's with the first one of a target up to @until */
  if (street_code != NULL)
    view->reg.history_start = cache->min_any;
  else
    view->reg.history_start = cache->min_targeted != CG_DAY_NONE &&
                              cache->min_targeted <= until ? cache->min_targeted : CG_DAY_NONE;
  return &view->reg;
}

void
_cg_register_cache_view_free (CgInspectionRegister *reg)
{
  View *view = (View *) reg;

  if (reg == NULL)
    return;
  g_array_unref (view->reg.targets);   /* the strings are the cache's */
  g_array_unref (view->reg.grades);
  g_array_unref (view->reg.days);
  _cg_register_cache_unref (view->cache);
  g_free (view);
}

guint
_cg_register_cache_count (CgRegisterCache *cache,
                          const char      *street_code,
                          CgDay            first,
                          CgDay            last,
                          guint           *per_day,
                          GHashTable      *results)
{
  const DayCount *c = (const DayCount *) (void *) cache->counts->data;
  guint n = cache->counts->len, lo = 0, hi = n, total = 0;

  /* the first entry on or after @first */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (c[mid].day < first)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < n && c[i].day <= last; i++)
    {
      gpointer orig, v;

      if (street_code != NULL && g_strcmp0 (c[i].street, street_code) != 0)
        continue;
      per_day[c[i].day - first] += c[i].count;
      total += c[i].count;
      if (g_hash_table_steal_extended (results, c[i].result, &orig, &v))
        g_hash_table_insert (results, orig, GUINT_TO_POINTER (GPOINTER_TO_UINT (v) + c[i].count));
      else
        g_hash_table_insert (results, g_strdup (c[i].result), GUINT_TO_POINTER (c[i].count));
    }
  return total;
}
