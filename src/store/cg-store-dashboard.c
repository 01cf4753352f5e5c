/* cg-store-dashboard.c: the dashboards' aggregates, drill-downs and heat layer
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each dashboard reads its rows of the range once (through the filed_at / requested_at
 * indexes) and builds every chart in that pass; the indicators come from cg-indicators
 * fed with the same rows. Drill-downs are SQL with the same conditions as the pass.
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cg-dashboard.h"
#include "cg-draw.h"
#include "cg-place-labels.h"
#include "cg-store-dashboard.h"
#include "cg-store-private.h"
#include "cg-store-register-cache.h"
#include "cg-store-rows-cache.h"
#include "cg-store-rules.h"

#define SECONDS_PER_DAY 86400
#define SHANGHAI_OFFSET (8 * 3600)  /* no daylight saving since 1991 */

typedef struct _Filter Filter;

#define LIST_LIMIT 200     /* rows of a list inside a result; drill-downs give them all */

/* The nine case types and the stages, in the order of docs/city-api.md */
static const char * const case_types[] = {
  "greening", "city_appearance", "municipal", "environment", "water", "commerce",
  "construction", "property", "planning",
};
#define N_CASE_TYPES G_N_ELEMENTS (case_types)

static const char * const case_stages[] = {
  "filing", "investigation", "notice", "decision", "execution", "closed",
};
#define N_CASE_STAGES G_N_ELEMENTS (case_stages)

static const char *
case_type_label (const char *type)
{
  static const char * const labels[] = {
    N_("Greening"), N_("City appearance"), N_("Municipal"), N_("Environment"), N_("Water"),
    N_("Commerce"), N_("Construction"), N_("Property management"), N_("Urban planning"),
  };

  for (guint i = 0; type && i < N_CASE_TYPES; i++)
    if (strcmp (type, case_types[i]) == 0)
      return _(labels[i]);
  return type ? type : _("Unknown");
}

/* The causes (案由) the city's case system sends as codes (docs/city-api.md); one it does not
 * know yet is shown as sent */
static const char *
case_cause_label (const char *cause)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "street_stall", N_("Unlicensed street stalls") },
    { "garbage_sorting", N_("Garbage sorting") },
    { "shop_overflow", N_("Shop-front overflow") },
    { "construction_waste", N_("Construction waste") },
    { "illegal_building", N_("Illegal construction") },
    { "outdoor_advertising", N_("Outdoor advertising") },
    { "greening_damage", N_("Damage to greenery") },
    { "sewage_discharge", N_("Illegal sewage discharge") },
    { "unlicensed_business", N_("Unlicensed business") },
    { "property_violation", N_("Property management violation") },
    { "construction_noise", N_("Construction noise") },
  };

  if (cause == NULL || *cause == '\0')
    return _("Unknown");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (cause, labels[i].code) == 0)
      return _(labels[i].label);
  return cause;
}

static const char *
case_stage_label (const char *stage)
{
  static const char * const labels[] = {
    N_("Filing"), N_("Investigation"), N_("Notice"), N_("Decision"), N_("Execution"),
    N_("Closed"),
  };

  for (guint i = 0; stage && i < N_CASE_STAGES; i++)
    if (strcmp (stage, case_stages[i]) == 0)
      return _(labels[i]);
  return stage ? stage : _("Unknown");
}

static int
case_stage_index (const char *stage)
{
  for (guint i = 0; stage && i < N_CASE_STAGES; i++)
    if (strcmp (stage, case_stages[i]) == 0)
      return (int) i;
  return -1;
}

static const char *
procedure_label (const char *procedure)
{
  if (g_strcmp0 (procedure, "simple") == 0)
    return _("Simple procedure");
  if (g_strcmp0 (procedure, "general") == 0)
    return _("General procedure");
  return procedure ? procedure : _("Unknown");
}

static const char *
result_label (const char *result)
{
  if (g_strcmp0 (result, "pass") == 0)
    return _("Passed");
  if (g_strcmp0 (result, "rectify") == 0)
    return _("Rectification ordered");
  if (g_strcmp0 (result, "violation") == 0)
    return _("Violation found");
  return result ? result : _("Unknown");
}

static int
shanghai_hour (gint64 t)
{
  gint64 s = (t + SHANGHAI_OFFSET) % SECONDS_PER_DAY;

  if (s < 0)
    s += SECONDS_PER_DAY;
  return (int) (s / 3600);
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

static double
col_coord (sqlite3_stmt *stmt,
           int           i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, i);
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (t);
  if (dt == NULL)
    return g_strdup ("");
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, cg_day_get_time_zone ());
    return g_date_time_format (local, "%Y-%m-%d %H:%M");
  }
}

static char *
format_day (gint64 t)
{
  return t == 0 ? g_strdup ("") : cg_day_format (cg_day_from_unix (t));
}

/* The filter. A squad stands for its street; a squad and a street that disagree match
 * nothing (bound as a code no record has). */
struct _Filter
{
  const char *street;     /* NULL = all */
  gboolean    mismatch;
};

static Filter
filter_of (const CgDashboardQuery *query)
{
  Filter f = { cg_dashboard_query_get_effective_street (query), FALSE };

  if (query->street_code != NULL && query->squad_id != NULL)
    {
      const char *squad_street = g_str_has_prefix (query->squad_id, "sq-") ?
                                 query->squad_id + 3 : query->squad_id;

      if (strcmp (squad_street, query->street_code) != 0)
        f.mismatch = TRUE;
    }
  return f;
}

static void
bind_filter (sqlite3_stmt *stmt,
             int           i,
             const Filter *f)
{
  _cg_store_bind_text (stmt, i, f->mismatch ? "\x01" : f->street);
}

/* Street names and squads, from the officers (one squad per street) and the places: a
 * street's name from the (few) sites and points; a street with neither takes it from its
 * first merchant (LIMIT 1 stops at the first of the street's rows, which are spread over
 * the table). The squad's name stands in only for a street the cache has no place of. */
static const char streets_sql[] =
  "SELECT street_code,"
  "       COALESCE (MAX (street_name),"
  "                 (SELECT m.street_name FROM merchants AS m"
  "                   WHERE m.street_code = u.street_code AND m.street_name IS NOT NULL"
  "                   LIMIT 1)),"
  "       MAX (squad_id), MAX (squad_name) FROM ("
  "  SELECT street_code, NULL AS street_name, squad_id, squad_name FROM officers"
  "   WHERE street_code IS NOT NULL"
  "  UNION ALL"
  "  SELECT street_code, street_name, NULL, NULL FROM sites WHERE street_code IS NOT NULL"
  "  UNION ALL"
  "  SELECT street_code, street_name, NULL, NULL FROM enforcement_points"
  "   WHERE street_code IS NOT NULL"
  ") AS u GROUP BY street_code ORDER BY street_code";

typedef struct
{
  char *name;
  char *squad;     /* (nullable) */
} StreetNames;

static void
street_names_free (gpointer data)
{
  StreetNames *sn = data;

  g_free (sn->name);
  g_free (sn->squad);
  g_free (sn);
}

/* street code -> StreetNames */
static GHashTable *
load_street_names (CgStore  *store,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, streets_sql, error);
  g_autoptr(GHashTable) names = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, street_names_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = col_text (stmt, 0);
      const char *name = col_text (stmt, 1);
      const char *squad = col_text (stmt, 3);
      StreetNames *sn = g_new0 (StreetNames, 1);

      sn->name = g_strdup (name ? name : squad ? squad : code);
      sn->squad = g_strdup (squad);
      g_hash_table_insert (names, g_strdup (code), sn);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading streets"), error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static const char *
street_label (GHashTable *names,
              const char *code)
{
  const StreetNames *sn;

  if (code == NULL)
    return _("Unknown street");
  sn = g_hash_table_lookup (names, code);
  return sn ? sn->name : code;
}

/* (nullable): the name of the squad of street @code, if the cache knows it */
static const char *
squad_label (GHashTable *names,
             const char *code)
{
  const StreetNames *sn = code ? g_hash_table_lookup (names, code) : NULL;

  return sn ? sn->squad : NULL;
}

CgDashboardTable *
cg_store_load_dashboard_streets (CgStore  *self,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CgDashboardTable) table = NULL;
  const char *columns[] = { _("Street code"), _("Street"), _("Squad id"), _("Squad") };
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  stmt = _cg_store_prepare (self, streets_sql, error);
  if (stmt == NULL)
    return NULL;
  table = cg_dashboard_table_new ("streets", _("Streets and squads"), 4, columns);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *cells[4] = { col_text (stmt, 0), col_text (stmt, 1), col_text (stmt, 2),
                               col_text (stmt, 3) };

      cg_dashboard_table_add_row (table, cells, NULL, cells[0], NAN, NAN);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading streets"), error);
      return NULL;
    }
  return g_steal_pointer (&table);
}

/* ---------------------------------------------------------------------------------- */
/* Shared chart helpers                                                                */

static CgChartData *
new_chart (const char *title,
           const char *empty_message)
{
  CgChartData *data = cg_chart_data_new (title);

  cg_chart_data_set_empty_message (data, empty_message);
  return data;
}

/* Day categories first..last, keys "YYYY-MM-DD", labels "MM-DD" */
static void
add_day_categories (CgChartData *data,
                    CgDay        first,
                    CgDay        last)
{
  for (CgDay d = first; d <= last; d++)
    {
      char key[11];
      guint c;

      cg_day_format_buf (d, key);
      c = cg_chart_data_add_category (data, key + 5);
      cg_chart_data_set_category_key (data, c, key);
    }
}

static void
add_hour_categories (CgChartData *data)
{
  for (int h = 0; h < 24; h++)
    {
      char key[4], label[8];
      guint c;

      g_snprintf (key, sizeof key, "%d", h);
      g_snprintf (label, sizeof label, "%02d", h);
      c = cg_chart_data_add_category (data, label);
      cg_chart_data_set_category_key (data, c, key);
    }
}

static const char * const current_keys[] = { "current", NULL };
static const char * const compare_keys[] = { "current", "compare", NULL };

/* Counts per key in a hash (key -> guint), sorted descending; ties by key */
typedef struct
{
  const char *key;
  guint       count;
} KeyCount;

static int
compare_key_counts (gconstpointer a,
                    gconstpointer b)
{
  const KeyCount *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static GArray *
sorted_counts (GHashTable *counts)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (KeyCount));
  GHashTableIter it;
  gpointer k, v;

  g_hash_table_iter_init (&it, counts);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      KeyCount kc = { k, GPOINTER_TO_UINT (v) };

      g_array_append_val (out, kc);
    }
  g_array_sort (out, compare_key_counts);
  return out;
}

static void
count_key (GHashTable *counts,
           const char *key)
{
  gpointer orig, v;

  if (key == NULL)
    key = "";
  /* steal first: inserting the stored key again would free it */
  if (g_hash_table_steal_extended (counts, key, &orig, &v))
    g_hash_table_insert (counts, orig, GUINT_TO_POINTER (GPOINTER_TO_UINT (v) + 1));
  else
    g_hash_table_insert (counts, g_strdup (key), GUINT_TO_POINTER (1));
}

static GArray *sorted_aggs (GHashTable *aggs);

/* Case rows: id, case_no, type, cause, procedure, stage, filed_at, street_code, fine,
 * lon, lat */
static CgDashboardTable *
new_case_table (const char *id,
                const char *title)
{
  const char *columns[] = { _("Case number"), _("Type"), _("Cause"), _("Procedure"),
                            _("Stage"), _("Filed"), _("Street"), _("Fine") };

  return cg_dashboard_table_new (id, title, G_N_ELEMENTS (columns), columns);
}

static void
add_case_row (CgDashboardTable *table,
              sqlite3_stmt     *stmt,
              GHashTable       *streets)
{
  g_autofree char *filed = format_day (sqlite3_column_int64 (stmt, 6));
  g_autofree char *fine = g_strdup_printf ("%.0f", sqlite3_column_double (stmt, 8));
  const char *cells[] = { col_text (stmt, 1), case_type_label (col_text (stmt, 2)),
                          case_cause_label (col_text (stmt, 3)),
                          procedure_label (col_text (stmt, 4)),
                          case_stage_label (col_text (stmt, 5)), filed,
                          street_label (streets, col_text (stmt, 7)), fine };

  cg_dashboard_table_add_row (table, cells, "cases", col_text (stmt, 0),
                              col_coord (stmt, 9), col_coord (stmt, 10));
}

/* ---------------------------------------------------------------------------------- */
/* Cases                                                                               */

typedef struct
{
  guint   by_type[N_CASE_TYPES];
  guint   by_stage_reached[N_CASE_STAGES];
  guint   simple;
  guint   general;
  guint   overdue;
  guint   exempt;
  double  fines;
  guint   decided;          /* general procedure, reached decision, not exempt */
  guint   published;        /* of those, published before the period's end */
  guint  *by_day;           /* first .. last */
  GHashTable *causes;       /* cause -> count */
  GArray     *lists[4];     /* CaseRef per list of case_lists[] */
  CgIndicators ind;
} CasePass;

/* A case of a list: sorted by filing time, then fetched by pk */
typedef struct
{
  gint64 filed_at;
  gint64 pk;
} CaseRef;

enum { LIST_OVERDUE, LIST_EXEMPT, LIST_UNPUBLISHED, LIST_NON_SITE_SLOW, N_CASE_LISTS };

/* One pass over the cases kept in memory (cg-store-rows-cache.h): the same rows as
 * cases_pass_sql, in the same order (by pk, as its MULTI-INDEX OR gives them) */
static gboolean
case_pass (CgStore      *store,
           CgDay         first,
           CgDay         last,
           const Filter *filter,
           gint64        now,
           CasePass     *out,
           GError      **error)
{
  g_autoptr(CgRowsCache) cache = _cg_rows_cache_get (store, CG_ROWS_CASES, error);
  g_autoptr(GArray) facts = NULL;
  g_autofree guint *causes = NULL;   /* by the string's number */
  gint64 from = cg_day_to_unix (first), to = cg_day_to_unix (last + 1);
  gint64 ref = MIN (to, now);
  const char *types[N_CASE_TYPES], *stages[N_CASE_STAGES], *simple, *general, *street = NULL;
  const CgCaseRow *rows;

  if (cache == NULL)
    return FALSE;
  causes = g_new0 (guint, _cg_rows_cache_n_strings (cache));
  /* sized for the range at the cache's mean rate: no copies as it grows */
  facts = g_array_sized_new (FALSE, FALSE, sizeof (CgCaseFacts),
                             (guint) MIN ((guint64) cache->rows->len,
                                          (guint64) cache->rows->len * (last - first + 1) / 365 + 64));
  out->causes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < N_CASE_LISTS; i++)
    out->lists[i] = g_array_new (FALSE, FALSE, sizeof (CaseRef));
  out->by_day = g_new0 (guint, last - first + 1);
  for (guint i = 0; i < N_CASE_TYPES; i++)
    types[i] = _cg_rows_cache_intern (cache, case_types[i]);
  for (guint i = 0; i < N_CASE_STAGES; i++)
    stages[i] = _cg_rows_cache_intern (cache, case_stages[i]);
  simple = _cg_rows_cache_intern (cache, "simple");
  general = _cg_rows_cache_intern (cache, "general");
  if (filter->mismatch || filter->street != NULL)
    {
      street = filter->mismatch ? NULL : _cg_rows_cache_intern (cache, filter->street);
      if (street == NULL)
        goto done;   /* no case of that street */
    }

  rows = (const CgCaseRow *) (void *) cache->rows->data;
  for (guint n = 0; n < cache->rows->len; n++)
    {
      const CgCaseRow *r = &rows[n];
      const CgCaseFacts *f = &r->f;
      CaseRef ref_;
      int stage = -1;

      if (!((f->filed_at >= from && f->filed_at < to) ||
            (f->non_site && f->discovered_at >= from && f->discovered_at < to)))
        continue;
      if (street != NULL && r->street != street)
        continue;
      g_array_append_val (facts, *f);
      ref_.filed_at = f->filed_at;
      ref_.pk = r->pk;

      if (f->non_site && f->discovered_at >= from && f->discovered_at < to &&
          f->executed_at != 0 && f->executed_at < to &&
          f->executed_at - f->discovered_at > 3 * SECONDS_PER_DAY)
        g_array_append_val (out->lists[LIST_NON_SITE_SLOW], ref_);

      if (f->filed_at < from || f->filed_at >= to)
        continue;   /* a non-site case discovered in the range but filed outside it */

      for (guint i = 0; r->type && i < N_CASE_TYPES; i++)
        if (r->type == types[i])
          {
            out->by_type[i]++;
            break;
          }
      for (guint i = 0; r->stage && i < N_CASE_STAGES; i++)
        if (r->stage == stages[i])
          {
            stage = (int) i;
            break;
          }
      for (int i = 0; i <= stage; i++)
        out->by_stage_reached[i]++;
      if (r->procedure != NULL && r->procedure == simple)
        out->simple++;
      else if (r->procedure != NULL && r->procedure == general)
        out->general++;
      if (f->due_at != 0 && f->due_at < ref && (f->closed_at == 0 || f->closed_at >= ref))
        {
          out->overdue++;
          g_array_append_val (out->lists[LIST_OVERDUE], ref_);
        }
      if (r->exempt)
        {
          out->exempt++;
          g_array_append_val (out->lists[LIST_EXEMPT], ref_);
        }
      out->fines += r->fine;
      if (r->procedure != NULL && r->procedure == general && stage >= 3 && !r->exempt)
        {
          out->decided++;
          if (r->published_at != 0 && r->published_at < to)
            out->published++;
          else
            g_array_append_val (out->lists[LIST_UNPUBLISHED], ref_);
        }
      out->by_day[(f->filed_at - from) / SECONDS_PER_DAY]++;   /* no daylight saving */
      causes[r->cause_ix]++;
    }

done:
  /* the causes by their text ("" for none) -> heap guint, as sorted_aggs() reads them */
  for (guint ix = 0; ix < _cg_rows_cache_n_strings (cache); ix++)
    {
      const char *key = _cg_rows_cache_string (cache, ix);
      guint *count;

      if (causes[ix] == 0)
        continue;
      count = g_hash_table_lookup (out->causes, key ? key : "");
      if (count == NULL)
        {
          count = g_new0 (guint, 1);
          g_hash_table_insert (out->causes, g_strdup (key ? key : ""), count);
        }
      *count += causes[ix];
    }
  cg_indicators_init (&out->ind, from, to);
  cg_indicators_add_cases (&out->ind, (CgCaseFacts *) (void *) facts->data, facts->len);
  return TRUE;
}

static void
case_pass_clear (CasePass *p)
{
  g_clear_pointer (&p->causes, g_hash_table_unref);
  g_clear_pointer (&p->by_day, g_free);
  for (guint i = 0; i < N_CASE_LISTS; i++)
    g_clear_pointer (&p->lists[i], g_array_unref);
}

static double
rate (guint num,
      guint den)
{
  return den > 0 ? (double) num / den : NAN;
}

static gboolean add_case_lists (CgStore *store, CasePass *pass, GHashTable *streets,
                                CgDashboardResult *result, GError **error);

static gboolean
build_cases (CgStore                *store,
             const CgDashboardQuery *query,
             CgDashboardResult      *result,
             GError                **error)
{
  Filter filter = filter_of (query);
  CasePass cur = { 0 }, cmp = { 0 };
  CgDay cf, cl;
  gboolean comparing;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(CgChartData) by_type = NULL;
  g_autoptr(CgChartData) by_proc = NULL;
  g_autoptr(CgChartData) funnel = NULL;
  g_autoptr(CgChartData) by_day = NULL;
  g_autoptr(CgChartData) causes = NULL;
  g_autoptr(CgChartData) non_site = NULL;
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(CgDashboardTable) top = NULL;
  g_autoptr(GHashTable) streets = NULL;
  const char *no_cases = _("No cases in this range.");
  gboolean ok = FALSE;

  cg_dashboard_result_get_compare_range (result, &cf, &cl);
  comparing = cf != CG_DAY_NONE;

  if (!case_pass (store, query->first, query->last, &filter, now, &cur, error))
    goto out;
  if (comparing && !case_pass (store, cf, cl, &filter, now, &cmp, error))
    goto out;
  cg_dashboard_result_set_indicators (result, &cur.ind, comparing ? &cmp.ind : NULL);

#define FIG(id, label, v, c, fmt, dec, unit, better) \
  cg_dashboard_result_add_figure (result, id, label, v, comparing ? (c) : NAN, fmt, dec, unit, better)
  FIG ("cases-filed", _("Cases filed"), cur.ind.cases_filed, cmp.ind.cases_filed,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE);
  FIG ("cases-closure-rate", _("Closure rate"), cur.ind.closure_rate, cmp.ind.closure_rate,
       CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("cases-on-time-closure-rate", _("On-time closure rate"), cur.ind.on_time_closure_rate,
       cmp.ind.on_time_closure_rate, CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("cases-avg-days", _("Average case duration"), cur.ind.avg_case_days,
       cmp.ind.avg_case_days, CG_CHART_FORMAT_NUMBER, 1, _("days"), FALSE);
  FIG ("cases-overdue", _("Overdue cases"), cur.overdue, cmp.overdue,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE);
  FIG ("cases-fines", _("Fines"), cur.fines, cmp.fines, CG_CHART_FORMAT_NUMBER, 0, _("yuan"),
       TRUE);
  FIG ("cases-exempt", _("Exempt cases"), cur.exempt, cmp.exempt, CG_CHART_FORMAT_NUMBER, 0,
       NULL, TRUE);
  FIG ("cases-publicity-rate", _("Decisions published"), rate (cur.published, cur.decided),
       rate (cmp.published, cmp.decided), CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("non-site-cases", _("Non-site cases executed"), cur.ind.non_site_cases,
       cmp.ind.non_site_cases, CG_CHART_FORMAT_NUMBER, 0, NULL, TRUE);
  FIG ("non-site-avg-days", _("Non-site discovery to execution, average"),
       cur.ind.non_site_avg_days, cmp.ind.non_site_avg_days, CG_CHART_FORMAT_NUMBER, 1,
       _("days"), FALSE)->flagged = cur.ind.non_site_avg_days > 3.0;
  FIG ("non-site-p90-days", _("Non-site discovery to execution, 90th percentile"),
       cur.ind.non_site_p90_days, cmp.ind.non_site_p90_days, CG_CHART_FORMAT_NUMBER, 1,
       _("days"), FALSE)->flagged = cur.ind.non_site_p90_days > 3.0;
  FIG ("non-site-over-3-days", _("Non-site cases over 3 days"), cur.ind.non_site_over_3_days,
       cmp.ind.non_site_over_3_days, CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE)->flagged =
    cur.ind.non_site_over_3_days > 0;

  /* by type */
  by_type = new_chart (_("Cases by type"), no_cases);
  for (guint i = 0; i < N_CASE_TYPES; i++)
    {
      guint c = cg_chart_data_add_category (by_type, case_type_label (case_types[i]));

      cg_chart_data_set_category_key (by_type, c, case_types[i]);
    }
  cg_chart_data_add_series (by_type, _("This period"));
  if (comparing)
    cg_chart_data_add_series (by_type, _("Comparison"));
  if (cur.ind.cases_filed > 0 || (comparing && cmp.ind.cases_filed > 0))
    for (guint i = 0; i < N_CASE_TYPES; i++)
      {
        cg_chart_data_set_value (by_type, 0, i, cur.by_type[i]);
        if (comparing)
          cg_chart_data_set_value (by_type, 1, i, cmp.by_type[i]);
      }
  cg_dashboard_result_add_chart (result, "cases-by-type", CG_CHART_KIND_BAR, by_type,
                                 comparing ? compare_keys : current_keys, TRUE);

  /* by procedure */
  by_proc = new_chart (_("Cases by procedure"), no_cases);
  cg_chart_data_add_series (by_proc, _("This period"));
  cg_chart_data_set_category_key (by_proc, cg_chart_data_add_category (by_proc, procedure_label ("simple")), "simple");
  cg_chart_data_set_category_key (by_proc, cg_chart_data_add_category (by_proc, procedure_label ("general")), "general");
  if (cur.simple + cur.general > 0)
    {
      cg_chart_data_set_value (by_proc, 0, 0, cur.simple);
      cg_chart_data_set_value (by_proc, 0, 1, cur.general);
    }
  cg_dashboard_result_add_chart (result, "cases-by-procedure", CG_CHART_KIND_DONUT, by_proc,
                                 current_keys, TRUE);

  /* stage funnel */
  funnel = new_chart (_("Case stages reached"), no_cases);
  cg_chart_data_add_series (funnel, _("Cases"));
  for (guint i = 0; i < N_CASE_STAGES; i++)
    {
      guint c = cg_chart_data_add_category (funnel, case_stage_label (case_stages[i]));

      cg_chart_data_set_category_key (funnel, c, case_stages[i]);
      if (cur.ind.cases_filed > 0)
        cg_chart_data_set_value (funnel, 0, c, cur.by_stage_reached[i]);
    }
  cg_dashboard_result_add_chart (result, "case-stage-funnel", CG_CHART_KIND_BAR, funnel,
                                 current_keys, TRUE);

  /* by day */
  by_day = new_chart (_("Cases filed by day"), no_cases);
  add_day_categories (by_day, query->first, query->last);
  cg_chart_data_add_series (by_day, _("Cases"));
  if (cur.ind.cases_filed > 0)
    for (CgDay d = query->first; d <= query->last; d++)
      cg_chart_data_set_value (by_day, 0, d - query->first, cur.by_day[d - query->first]);
  cg_dashboard_result_add_chart (result, "cases-by-day", CG_CHART_KIND_LINE, by_day,
                                 current_keys, TRUE);

  /* top causes */
  {
    const char *columns[] = { _("Cause"), _("Cases"), _("Share") };

    causes = new_chart (_("Top causes"), no_cases);
    cg_chart_data_add_series (causes, _("Cases"));
    top = cg_dashboard_table_new ("top-causes", _("Top causes"), 3, columns);
    cg_dashboard_table_set_empty_message (top, no_cases);
    sorted = sorted_aggs (cur.causes);
    for (guint i = 0; i < sorted->len && i < 10; i++)
      {
        KeyCount *kc = &g_array_index (sorted, KeyCount, i);
        const char *label = case_cause_label (kc->key);
        guint c = cg_chart_data_add_category (causes, label);
        g_autofree char *n = g_strdup_printf ("%u", kc->count);
        g_autofree char *share = cg_indicators_format_rate (rate (kc->count,
                                                                  cur.ind.cases_filed));
        const char *cells[3] = { label, n, share };

        cg_chart_data_set_category_key (causes, c, kc->key);
        cg_chart_data_set_value (causes, 0, c, kc->count);
        cg_dashboard_table_add_row (top, cells, NULL, NULL, NAN, NAN);
      }
    cg_dashboard_table_set_total_rows (top, sorted->len);
    cg_dashboard_result_add_chart (result, "case-top-causes", CG_CHART_KIND_BAR, causes,
                                   current_keys, TRUE);
  }

  /* non-site times */
  {
    static const char * const ns_keys[] = { "average", "p90", NULL };

    non_site = new_chart (_("Non-site cases: days from discovery"),
                          _("No non-site cases executed in this range."));
    cg_chart_data_set_format (non_site, CG_CHART_FORMAT_NUMBER, 1, _("days"));
    cg_chart_data_set_category_key (non_site, cg_chart_data_add_category (non_site, _("Review")), "review");
    cg_chart_data_set_category_key (non_site, cg_chart_data_add_category (non_site, _("Execution")), "execution");
    cg_chart_data_add_series (non_site, _("Average"));
    cg_chart_data_add_series (non_site, _("90th percentile"));
    if (cur.ind.non_site_cases > 0)
      {
        cg_chart_data_set_value (non_site, 0, 0, cur.ind.non_site_review_avg_days);
        cg_chart_data_set_value (non_site, 0, 1, cur.ind.non_site_avg_days);
        cg_chart_data_set_value (non_site, 1, 1, cur.ind.non_site_p90_days);
      }
    cg_dashboard_result_add_chart (result, "non-site-times", CG_CHART_KIND_BAR, non_site,
                                   ns_keys, FALSE);
  }

  streets = load_street_names (store, error);
  if (streets == NULL || !add_case_lists (store, &cur, streets, result, error))
    goto out;
  cg_dashboard_result_add_table (result, top);

  if (cur.ind.cases_filed == 0 && cur.ind.non_site_cases == 0)
    cg_dashboard_result_set_message (result, no_cases);
  ok = TRUE;

out:
  case_pass_clear (&cur);
  case_pass_clear (&cmp);
  return ok;
#undef FIG
}

/* ---------------------------------------------------------------------------------- */
/* Complaints                                                                          */

typedef struct
{
  guint count;
  guint hours[24];
} StreetAgg;

typedef struct
{
  guint  count;
  char  *name;
} ServiceAgg;

typedef struct
{
  const char *matter;      /* the hash table's key */
  guint       count;       /* complaints of the range with repeat count >= 3 */
  int         max_repeat;
  gint64      latest;      /* requested_at of the latest of them */
  gint64      latest_pk;
} MatterAgg;

static void
service_agg_free (gpointer data)
{
  ServiceAgg *a = data;

  g_free (a->name);
  g_free (a);
}

typedef struct
{
  guint      *by_day;
  guint       by_hour[24];
  GHashTable *by_service;      /* code ("" = none) -> ServiceAgg */
  GHashTable *by_street;       /* code ("" = none) -> StreetAgg */
  MatterAgg  *matter_aggs;     /* by matter number (repeat complaints only) */
  GArray     *matters;         /* guint32: the numbers of the matters seen, in order */
  CgRowsCache *rows;           /* the rows the pass read (owns the matters' strings) */
  guint       unsatisfied;
  guint       responded;
  double      response_hours;  /* sum */
  CgIndicators ind;
} ComplaintPass;

/* One pass over the range: every chart, the repeat matters and the indicators' facts.
 * Two hash lookups a row (street, category), a third for repeat complaints. */
/* One pass over the complaints kept in memory (cg-store-rows-cache.h) of the range: every
 * chart, the repeat matters and the indicators' facts. The street and category counts go
 * by the interned strings' addresses, then into the tables by text. */
static gboolean
complaint_pass (CgStore        *store,
                CgDay           first,
                CgDay           last,
                const Filter   *filter,
                ComplaintPass  *out,
                GError        **error)
{
  g_autoptr(CgRowsCache) cache = _cg_rows_cache_get (store, CG_ROWS_COMPLAINTS, error);
  g_autoptr(GArray) facts = NULL;
  /* by the strings' numbers: their index + 1 in services, streets, out->matters */
  g_autofree guint *service_slot = NULL;
  g_autofree guint *street_slot = NULL;
  MatterAgg *matters;
  GArray *matters_seen;
  g_autoptr(GArray) services = g_array_new (FALSE, TRUE, sizeof (ServiceAgg));
  g_autoptr(GArray) service_ix = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) streets = g_array_new (FALSE, TRUE, sizeof (StreetAgg));
  g_autoptr(GArray) street_ix = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_strings;
  gint64 from = cg_day_to_unix (first), to = cg_day_to_unix (last + 1);
  gint64 day0 = from;
  const CgComplaintRow *rows = NULL;
  const char *street = NULL;
  guint lo = 0, hi, end = 0;

  if (cache == NULL)
    return FALSE;
  n_strings = _cg_rows_cache_n_strings (cache);
  service_slot = g_new0 (guint, n_strings);
  street_slot = g_new0 (guint, n_strings);
  matters = out->matter_aggs = g_new0 (MatterAgg, cache->n_matters);
  facts = g_array_new (FALSE, FALSE, sizeof (CgComplaintFacts));
  out->by_day = g_new0 (guint, last - first + 1);
  out->by_service = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, service_agg_free);
  out->by_street = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  matters_seen = out->matters = g_array_new (FALSE, FALSE, sizeof (guint32));
  out->rows = _cg_rows_cache_ref (cache);
  if (filter->mismatch || filter->street != NULL)
    {
      street = filter->mismatch ? NULL : _cg_rows_cache_intern (cache, filter->street);
      if (street == NULL)
        goto done;   /* no complaint of that street */
    }

  rows = (const CgComplaintRow *) (void *) cache->rows->data;
  lo = 0;
  hi = cache->rows->len;
  while (lo < hi)   /* the first row of the range */
    {
      guint mid = lo + (hi - lo) / 2;

      if (rows[mid].f.requested_at < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (end = lo; end < cache->rows->len && rows[end].f.requested_at < to; end++)
    {
      const CgComplaintRow *r = &rows[end];
      ServiceAgg *sa;
      StreetAgg *st;
      int hour;

      const CgComplaintFacts *f = &r->f;

      if (street != NULL)
        {
          if (r->street != street)
            continue;
          g_array_append_val (facts, *f);   /* else the rows' facts are read in place */
        }
      if (f->repeat_count >= 3 && f->matter_id != NULL)
        {
          MatterAgg *ma = &matters[r->matter_ix];

          if (ma->count == 0)
            {
              ma->matter = f->matter_id;
              g_array_append_val (matters_seen, r->matter_ix);
            }
          ma->count++;
          ma->max_repeat = MAX (ma->max_repeat, f->repeat_count);
          /* by pk, as complaints_requested gives equal times: the later wins a tie */
          if (f->requested_at > ma->latest ||
              (f->requested_at == ma->latest && r->pk > ma->latest_pk))
            {
              ma->latest = f->requested_at;
              ma->latest_pk = r->pk;
            }
        }

      /* Shanghai has no daylight saving: days are 86400 s from the range's first midnight */
      hour = shanghai_hour (f->requested_at);
      out->by_day[(f->requested_at - day0) / SECONDS_PER_DAY]++;
      out->by_hour[hour]++;

      if (service_slot[r->service_ix] == 0)
        {
          g_array_set_size (services, services->len + 1);
          g_array_append_val (service_ix, r->service_ix);
          service_slot[r->service_ix] = services->len;
          /* the name of the first complaint of the category */
          g_array_index (services, ServiceAgg, services->len - 1).name =
            (char *) (r->service_name ? r->service_name : r->service);
        }
      sa = &g_array_index (services, ServiceAgg, service_slot[r->service_ix] - 1);
      sa->count++;
      if (street_slot[r->street_ix] == 0)
        {
          g_array_set_size (streets, streets->len + 1);
          g_array_append_val (street_ix, r->street_ix);
          street_slot[r->street_ix] = streets->len;
        }
      st = &g_array_index (streets, StreetAgg, street_slot[r->street_ix] - 1);
      st->count++;
      st->hours[hour]++;

      if (f->satisfaction == 0)
        out->unsatisfied++;
      if (r->responded_at != 0 && r->responded_at >= f->requested_at)
        {
          out->responded++;
          out->response_hours += (r->responded_at - f->requested_at) / 3600.0;
        }
    }

done:
  /* into the tables by text ("" for none): a NULL key and "" are one category */
  for (guint i = 0; i < services->len; i++)
    {
      const char *key = _cg_rows_cache_string (cache, g_array_index (service_ix, guint, i));
      ServiceAgg *from_pass = &g_array_index (services, ServiceAgg, i);
      ServiceAgg *sa = g_hash_table_lookup (out->by_service, key ? key : "");

      if (sa == NULL)
        {
          sa = g_new0 (ServiceAgg, 1);
          sa->name = g_strdup (from_pass->name);
          g_hash_table_insert (out->by_service, g_strdup (key ? key : ""), sa);
        }
      sa->count += from_pass->count;
    }
  for (guint i = 0; i < streets->len; i++)
    {
      const char *key = _cg_rows_cache_string (cache, g_array_index (street_ix, guint, i));
      StreetAgg *from_pass = &g_array_index (streets, StreetAgg, i);
      StreetAgg *st = g_hash_table_lookup (out->by_street, key ? key : "");

      if (st == NULL)
        {
          st = g_new0 (StreetAgg, 1);
          g_hash_table_insert (out->by_street, g_strdup (key ? key : ""), st);
        }
      st->count += from_pass->count;
      for (guint h = 0; h < 24; h++)
        st->hours[h] += from_pass->hours[h];
    }
  cg_indicators_init (&out->ind, from, to);
  /* the distinct matters of the repeat complaints: those the pass saw (one number each in
   * the cache) */
  if (street != NULL)
    cg_indicators_add_complaints_counted (&out->ind, (CgComplaintFacts *) (void *) facts->data,
                                          facts->len, sizeof (CgComplaintFacts),
                                          matters_seen->len);
  else if (filter->mismatch)
    cg_indicators_add_complaints_counted (&out->ind, NULL, 0, sizeof (CgComplaintFacts), 0);
  else   /* the whole range, in place */
    cg_indicators_add_complaints_counted (&out->ind, end > lo ? &rows[lo].f : NULL, end - lo,
                                          sizeof (CgComplaintRow), matters_seen->len);
  return TRUE;
}

static void
complaint_pass_clear (ComplaintPass *p)
{
  g_clear_pointer (&p->by_day, g_free);
  g_clear_pointer (&p->by_service, g_hash_table_unref);
  g_clear_pointer (&p->by_street, g_hash_table_unref);
  g_clear_pointer (&p->matters, g_array_unref);
  g_clear_pointer (&p->matter_aggs, g_free);
  g_clear_pointer (&p->rows, _cg_rows_cache_unref);
}

/* Keys of a hash of StreetAgg / ServiceAgg (count first member) by count, descending */
static GArray *
sorted_aggs (GHashTable *aggs)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (KeyCount));
  GHashTableIter it;
  gpointer k, v;

  g_hash_table_iter_init (&it, aggs);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      KeyCount kc = { k, *(guint *) v };

      g_array_append_val (out, kc);
    }
  g_array_sort (out, compare_key_counts);
  return out;
}

static int
compare_matters (gconstpointer a,
                 gconstpointer b)
{
  const MatterAgg *x = a, *y = b;

  if (x->max_repeat != y->max_repeat)
    return x->max_repeat > y->max_repeat ? -1 : 1;
  if (x->latest != y->latest)
    return x->latest > y->latest ? -1 : 1;
  return strcmp (x->matter, y->matter);
}

static const char complaint_by_pk_sql[] =
  "SELECT id, service_name, street_code, address, lon, lat FROM complaints WHERE pk = ?1";

/* Repeat complaints: matters with a complaint of repeat count >= 3 in the range, the
 * highest repeat count first; the row opens the latest complaint. */
static CgDashboardTable *
load_repeat_table (CgStore        *store,
                   ComplaintPass  *pass,
                   GHashTable     *streets,
                   GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, complaint_by_pk_sql, error);
  g_autoptr(CgDashboardTable) table = NULL;
  g_autoptr(GPtrArray) matters = g_ptr_array_new ();   /* the first LIST_LIMIT, in order */
  const char *columns[] = { _("Matter"), _("Complaints in range"), _("Repeat count"),
                            _("Latest"), _("Category"), _("Street"), _("Address") };

  if (stmt == NULL)
    return NULL;
  table = cg_dashboard_table_new ("repeat-complaints", _("Repeat complaints (3 or more)"),
                                  G_N_ELEMENTS (columns), columns);
  cg_dashboard_table_set_empty_message (table, _("No repeat complaints in this range."));
  /* the first LIST_LIMIT of the order, kept sorted: most matters lose against the last */
  for (guint i = 0; i < pass->matters->len; i++)
    {
      MatterAgg *ma = &pass->matter_aggs[g_array_index (pass->matters, guint32, i)];
      guint lo = 0, hi = matters->len;

      if (matters->len == LIST_LIMIT &&
          compare_matters (ma, g_ptr_array_index (matters, LIST_LIMIT - 1)) >= 0)
        continue;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (compare_matters (g_ptr_array_index (matters, mid), ma) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      g_ptr_array_insert (matters, (int) lo, ma);
      if (matters->len > LIST_LIMIT)
        g_ptr_array_remove_index (matters, LIST_LIMIT);
    }
  for (guint i = 0; i < matters->len && i < LIST_LIMIT; i++)
    {
      MatterAgg *ma = g_ptr_array_index (matters, i);
      g_autofree char *n = g_strdup_printf ("%u", ma->count);
      g_autofree char *repeat = g_strdup_printf ("%d", ma->max_repeat);
      g_autofree char *latest = format_time (ma->latest);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ma->latest_pk);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *cells[] = { ma->matter, n, repeat, latest, col_text (stmt, 1),
                                  street_label (streets, col_text (stmt, 2)),
                                  col_text (stmt, 3) };

          cg_dashboard_table_add_row (table, cells, "complaints", col_text (stmt, 0),
                                      col_coord (stmt, 4), col_coord (stmt, 5));
        }
      else if (rc != SQLITE_DONE)
        {
          _cg_store_set_read_error (store, _("reading complaints"), error);
          return NULL;
        }
    }
  cg_dashboard_table_set_total_rows (table, pass->matters->len);
  return g_steal_pointer (&table);
}

typedef struct
{
  const char *street;
  int         hour;
  guint       count;
} Hotspot;

static int
compare_hotspots (gconstpointer a,
                  gconstpointer b)
{
  const Hotspot *x = a, *y = b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  c = g_strcmp0 (x->street, y->street);
  return c != 0 ? c : x->hour - y->hour;
}

static gboolean
build_complaints (CgStore                *store,
                  const CgDashboardQuery *query,
                  CgDashboardResult      *result,
                  GError                **error)
{
  Filter filter = filter_of (query);
  ComplaintPass cur = { 0 }, cmp = { 0 };
  CgDay cf, cl;
  gboolean comparing;
  g_autoptr(GHashTable) streets = NULL;
  g_autoptr(CgChartData) by_day = NULL;
  g_autoptr(CgChartData) by_hour = NULL;
  g_autoptr(CgChartData) by_service = NULL;
  g_autoptr(CgChartData) by_street = NULL;
  g_autoptr(CgChartData) grid = NULL;
  g_autoptr(GArray) sorted_services = NULL;
  g_autoptr(GArray) sorted_streets = NULL;
  g_autoptr(GArray) hotspots = g_array_new (FALSE, FALSE, sizeof (Hotspot));
  g_autoptr(GPtrArray) grid_keys = g_ptr_array_new ();
  g_autoptr(CgDashboardTable) repeat = NULL;
  g_autoptr(CgDashboardTable) hot = NULL;
  const char *none = _("No complaints in this range.");
  gboolean ok = FALSE;

  cg_dashboard_result_get_compare_range (result, &cf, &cl);
  comparing = cf != CG_DAY_NONE;

  streets = load_street_names (store, error);
  if (streets == NULL)
    goto out;
  if (!complaint_pass (store, query->first, query->last, &filter, &cur, error))
    goto out;
  if (comparing && !complaint_pass (store, cf, cl, &filter, &cmp, error))
    goto out;
  cg_dashboard_result_set_indicators (result, &cur.ind, comparing ? &cmp.ind : NULL);

#define FIG(id, label, v, c, fmt, dec, unit, better) \
  cg_dashboard_result_add_figure (result, id, label, v, comparing ? (c) : NAN, fmt, dec, unit, better)
  FIG ("complaints", _("Complaints received"), cur.ind.complaints, cmp.ind.complaints,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE);
  FIG ("complaint-handling-rate", _("Handling rate"), cur.ind.handling_rate,
       cmp.ind.handling_rate, CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("complaint-on-time-rate", _("On-time handling rate"), cur.ind.on_time_handling_rate,
       cmp.ind.on_time_handling_rate, CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("complaint-satisfaction", _("Satisfaction rate"), cur.ind.satisfaction_rate,
       cmp.ind.satisfaction_rate, CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("complaint-avg-response-hours", _("Average response time"),
       cur.responded ? cur.response_hours / cur.responded : NAN,
       cmp.responded ? cmp.response_hours / cmp.responded : NAN,
       CG_CHART_FORMAT_NUMBER, 1, _("h"), FALSE);
  FIG ("complaint-avg-handling-hours", _("Average handling time"),
       cur.ind.avg_handling_hours, cmp.ind.avg_handling_hours, CG_CHART_FORMAT_NUMBER, 1,
       _("h"), FALSE);
  FIG ("repeat-complaints", _("Repeat complaints"), cur.ind.repeat_complaints,
       cmp.ind.repeat_complaints, CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE)->flagged =
    cur.ind.repeat_complaints > 0;
  FIG ("repeat-matters", _("Repeat matters"), cur.ind.repeat_matters, cmp.ind.repeat_matters,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE);
  FIG ("complaints-unsatisfied", _("Unsatisfied"), cur.unsatisfied, cmp.unsatisfied,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE);
#undef FIG

  /* by day, the comparison aligned by day offset */
  by_day = new_chart (_("Complaints by day"), none);
  add_day_categories (by_day, query->first, query->last);
  cg_chart_data_add_series (by_day, _("This period"));
  if (comparing)
    cg_chart_data_add_series (by_day, _("Comparison"));
  if (cur.ind.complaints > 0 || (comparing && cmp.ind.complaints > 0))
    for (CgDay d = query->first; d <= query->last; d++)
      {
        cg_chart_data_set_value (by_day, 0, d - query->first, cur.by_day[d - query->first]);
        if (comparing && cf + (d - query->first) <= cl)
          cg_chart_data_set_value (by_day, 1, d - query->first, cmp.by_day[d - query->first]);
      }
  cg_dashboard_result_add_chart (result, "complaints-by-day", CG_CHART_KIND_LINE, by_day,
                                 comparing ? compare_keys : current_keys, TRUE);

  /* by hour */
  by_hour = new_chart (_("Complaints by hour of day"), none);
  add_hour_categories (by_hour);
  cg_chart_data_add_series (by_hour, _("Complaints"));
  if (cur.ind.complaints > 0)
    for (int h = 0; h < 24; h++)
      cg_chart_data_set_value (by_hour, 0, h, cur.by_hour[h]);
  cg_dashboard_result_add_chart (result, "complaints-by-hour", CG_CHART_KIND_BAR, by_hour,
                                 current_keys, TRUE);

  /* by category */
  by_service = new_chart (_("Complaints by category"), none);
  cg_chart_data_add_series (by_service, _("Complaints"));
  sorted_services = sorted_aggs (cur.by_service);
  for (guint i = 0; i < sorted_services->len; i++)
    {
      KeyCount *kc = &g_array_index (sorted_services, KeyCount, i);
      const ServiceAgg *sa = g_hash_table_lookup (cur.by_service, kc->key);
      const char *name = sa->name;
      guint c = cg_chart_data_add_category (by_service, name ? name : *kc->key ? kc->key : _("Unknown"));

      cg_chart_data_set_category_key (by_service, c, kc->key);
      cg_chart_data_set_value (by_service, 0, c, kc->count);
    }
  cg_dashboard_result_add_chart (result, "complaints-by-category", CG_CHART_KIND_BAR,
                                 by_service, current_keys, TRUE);

  /* by street, and the street x hour grid in the same order */
  by_street = new_chart (_("Complaints by street"), none);
  cg_chart_data_add_series (by_street, _("Complaints"));
  grid = new_chart (_("Complaints by street and hour"), none);
  add_hour_categories (grid);
  sorted_streets = sorted_aggs (cur.by_street);
  for (guint i = 0; i < sorted_streets->len; i++)
    {
      KeyCount *kc = &g_array_index (sorted_streets, KeyCount, i);
      const char *label = street_label (streets, *kc->key ? kc->key : NULL);
      guint c = cg_chart_data_add_category (by_street, label);
      guint s = cg_chart_data_add_series (grid, label);
      const guint *hours = ((const StreetAgg *) g_hash_table_lookup (cur.by_street, kc->key))->hours;

      cg_chart_data_set_category_key (by_street, c, kc->key);
      cg_chart_data_set_value (by_street, 0, c, kc->count);
      g_ptr_array_add (grid_keys, (gpointer) kc->key);
      for (int h = 0; h < 24; h++)
        {
          Hotspot hs = { kc->key, h, hours[h] };

          cg_chart_data_set_value (grid, s, h, hours[h]);
          if (hours[h] > 0)
            g_array_append_val (hotspots, hs);
        }
    }
  g_ptr_array_add (grid_keys, NULL);
  cg_dashboard_result_add_chart (result, "complaints-by-street", CG_CHART_KIND_BAR,
                                 by_street, current_keys, TRUE);
  cg_dashboard_result_add_chart (result, "complaints-street-hour", CG_CHART_KIND_HEAT_GRID,
                                 grid, (const char * const *) grid_keys->pdata, TRUE);

  /* lists */
  repeat = load_repeat_table (store, &cur, streets, error);
  if (repeat == NULL)
    goto out;
  cg_dashboard_result_add_table (result, repeat);

  {
    const char *columns[] = { _("Street"), _("Hour"), _("Complaints"), _("Share") };

    hot = cg_dashboard_table_new ("hotspots", _("Hotspots: street and hour"), 4, columns);
    cg_dashboard_table_set_empty_message (hot, none);
    g_array_sort (hotspots, compare_hotspots);
    for (guint i = 0; i < hotspots->len && i < 10; i++)
      {
        Hotspot *hs = &g_array_index (hotspots, Hotspot, i);
        g_autofree char *hour = g_strdup_printf ("%02d:00–%02d:00", hs->hour, hs->hour + 1);
        g_autofree char *n = g_strdup_printf ("%u", hs->count);
        g_autofree char *share = cg_indicators_format_rate (rate (hs->count, cur.ind.complaints));
        const char *cells[] = { street_label (streets, *hs->street ? hs->street : NULL), hour, n,
                                share };

        cg_dashboard_table_add_row (hot, cells, NULL, NULL, NAN, NAN);
      }
    cg_dashboard_table_set_total_rows (hot, hotspots->len);
    cg_dashboard_result_add_table (result, hot);
  }

  if (cur.ind.complaints == 0)
    cg_dashboard_result_set_message (result, none);
  ok = TRUE;

out:
  complaint_pass_clear (&cur);
  complaint_pass_clear (&cmp);
  return ok;
}

/* ---------------------------------------------------------------------------------- */
/* Inspections                                                                         */

static const char place_sql[] =
  "SELECT lon, lat FROM merchants WHERE id = ?1"
  " UNION ALL SELECT lon, lat FROM sites WHERE id = ?1 LIMIT 1";

static void
lookup_place (sqlite3_stmt *stmt,
              const char   *id,
              double       *lon,
              double       *lat)
{
  *lon = *lat = NAN;
  sqlite3_reset (stmt);
  _cg_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *lon = col_coord (stmt, 0);
      *lat = col_coord (stmt, 1);
    }
}

/* The register's targets with their state on @date */
typedef struct
{
  CgInspectionRegister *reg;
  GArray               *states;   /* CgInspectionState, one per target */
  CgDay                 date;
} RegisterView;

static void
register_view_clear (RegisterView *v)
{
  g_clear_pointer (&v->reg, _cg_register_cache_view_free);
  g_clear_pointer (&v->states, g_array_unref);
}


/* The register as cg_store_load_inspection_register() reads it, from the one kept in
 * memory between refreshes (cg-store-register-cache.h) */
static void
load_register_view (CgRegisterCache *cache,
                    const Filter    *filter,
                    CgDay            date,
                    RegisterView    *out)
{
  out->date = date;
  out->reg = _cg_register_cache_view (cache, filter->mismatch ? "\x01" : filter->street, date);
  out->states = cg_inspection_register_evaluate (out->reg, date);
}

static const char *target_columns[] = {
  N_("Street"), N_("Squad"), N_("Target"), N_("Grade"), N_("Status"), N_("Due by"),
  N_("Overdue since"), N_("Missed windows"), N_("Last inspection"),
};

static CgDashboardTable *
new_target_table (const char *id,
                  const char *title,
                  const char *empty)
{
  const char *columns[G_N_ELEMENTS (target_columns)];
  CgDashboardTable *t;

  for (guint i = 0; i < G_N_ELEMENTS (target_columns); i++)
    columns[i] = _(target_columns[i]);
  t = cg_dashboard_table_new (id, title, G_N_ELEMENTS (columns), columns);
  cg_dashboard_table_set_empty_message (t, empty);
  return t;
}

static void
add_target_row (CgDashboardTable         *table,
                GHashTable               *streets,
                sqlite3_stmt             *place,
                const CgInspectionTarget *t,
                const CgInspectionState  *st)
{
  char due[11], since[11], last[11];
  g_autofree char *missed = g_strdup_printf ("%u", st->n_missed);
  double lon, lat;
  const char *cells[G_N_ELEMENTS (target_columns)];

  cg_day_format_buf (st->due_by, due);
  cg_day_format_buf (st->overdue_since, since);
  cg_day_format_buf (st->last_inspection, last);
  cells[0] = street_label (streets, t->street_code);
  cells[1] = squad_label (streets, t->street_code);
  cells[2] = t->name ? t->name : t->id;
  cells[3] = cg_label_risk (t->risk);
  cells[4] = cg_inspection_status_get_title (st->status);
  cells[5] = due;
  cells[6] = since;
  cells[7] = missed;
  cells[8] = last;
  lookup_place (place, t->id, &lon, &lat);
  cg_dashboard_table_add_row (table, cells, t->is_site ? "sites" : "merchants", t->id,
                              lon, lat);
}

typedef struct
{
  guint index;
  const CgInspectionTarget *t;
  const CgInspectionState  *st;
} TargetRef;

static int
compare_overdue (gconstpointer a,
                 gconstpointer b)
{
  const TargetRef *x = a, *y = b;
  int c = g_strcmp0 (x->t->street_code, y->t->street_code);

  if (c != 0)
    return c;
  if (x->st->overdue_since != y->st->overdue_since)
    return x->st->overdue_since < y->st->overdue_since ? -1 : 1;
  return g_strcmp0 (x->t->id, y->t->id);
}

/* Saved draws of the range (created on its days), newest first, with what the drawn
 * targets' double-random inspections found since. */
static const char draw_results_sql[] =
  "SELECT result FROM inspections WHERE target_id = ?1 AND inspected_at >= ?2"
  " AND kind = 'double_random' ORDER BY inspected_at LIMIT 1";

static int
compare_draws (gconstpointer a,
               gconstpointer b)
{
  const CgDraw *x = *(CgDraw * const *) a, *y = *(CgDraw * const *) b;

  return x->created_at > y->created_at ? -1 : x->created_at < y->created_at;
}

static CgDashboardTable *
load_draws_table (CgStore                *store,
                  const CgDashboardQuery *query,
                  const Filter           *filter,
                  GError                **error)
{
  const char *columns[] = { _("Drawn at"), _("Kind"), _("Seed"), _("Street"), _("Population"),
                            _("Drawn"), _("Inspected"), _("Passed"),
                            _("Rectification ordered"), _("Violation found") };
  g_autoptr(CgDashboardTable) table = cg_dashboard_table_new ("draws",
                                                              _("Double-random draws"),
                                                              G_N_ELEMENTS (columns), columns);
  g_autofree char *dir = query->draws_dir ? g_strdup (query->draws_dir) :
                                            cg_draw_get_default_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) draws = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 from = cg_day_to_unix (query->first), to = cg_day_to_unix (query->last + 1);
  const char *name;

  cg_dashboard_table_set_empty_message (table, _("No double-random draws saved in this range."));
  if (d == NULL)
    return g_steal_pointer (&table);   /* no draws saved yet */
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *json = NULL;
      CgDraw *draw;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_get_contents (path, &json, NULL, NULL))
        continue;
      draw = cg_draw_from_json (json, NULL);
      if (draw == NULL)
        {
          g_debug ("skipping unreadable draw %s", path);
          continue;
        }
      if (draw->kind != CG_DRAW_KIND_SPOT_CHECK || draw->created_at < from ||
          draw->created_at >= to ||
          (filter->street && g_strcmp0 (draw->street_code, filter->street) != 0) ||
          filter->mismatch)
        {
          cg_draw_free (draw);
          continue;
        }
      g_ptr_array_add (draws, draw);
    }
  g_ptr_array_sort (draws, compare_draws);

  stmt = _cg_store_prepare (store, draw_results_sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < draws->len && i < LIST_LIMIT; i++)
    {
      CgDraw *draw = g_ptr_array_index (draws, i);
      guint inspected = 0, passed = 0, rectify = 0, violation = 0;
      g_autofree char *when = format_time (draw->created_at);
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, draw->seed);
      g_autofree char *pop = g_strdup_printf ("%u", draw->population);
      g_autofree char *n = g_strdup_printf ("%u", draw->items->len);
      g_autofree char *s_insp = NULL, *s_pass = NULL, *s_rect = NULL, *s_viol = NULL;

      for (guint j = 0; j < draw->items->len; j++)
        {
          CgDrawItem *item = g_ptr_array_index (draw->items, j);
          const char *res;

          sqlite3_reset (stmt);
          _cg_store_bind_text (stmt, 1, item->id);
          sqlite3_bind_int64 (stmt, 2, draw->created_at);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            continue;
          inspected++;
          res = col_text (stmt, 0);
          if (g_strcmp0 (res, "pass") == 0)
            passed++;
          else if (g_strcmp0 (res, "rectify") == 0)
            rectify++;
          else if (g_strcmp0 (res, "violation") == 0)
            violation++;
        }
      s_insp = g_strdup_printf ("%u", inspected);
      s_pass = g_strdup_printf ("%u", passed);
      s_rect = g_strdup_printf ("%u", rectify);
      s_viol = g_strdup_printf ("%u", violation);
      {
        const char *cells[] = { when, _("Spot check"), seed,
                                draw->street_code ? draw->street_code : _("Whole district"),
                                pop, n, s_insp, s_pass, s_rect, s_viol };

        cg_dashboard_table_add_row (table, cells, NULL, NULL, NAN, NAN);
      }
    }
  cg_dashboard_table_set_total_rows (table, draws->len);
  return g_steal_pointer (&table);
}

static gboolean
build_inspections (CgStore                *store,
                   const CgDashboardQuery *query,
                   CgDashboardResult      *result,
                   GError                **error)
{
  Filter filter = filter_of (query);
  RegisterView view = { 0 };
  RegisterView cview = { 0 };
  g_autoptr(CgRegisterCache) cache = NULL;
  CgIndicators ind, cmp_ind;
  CgDay cf, cl, today = cg_dashboard_today ();
  CgDay ref = MIN (query->last, today);
  CgDay week_end;
  gboolean comparing, ok = FALSE;
  g_autoptr(GHashTable) streets = NULL;
  g_autoptr(GHashTable) overdue_by_street = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) place = NULL;
  g_autoptr(CgChartData) coverage = NULL;
  g_autoptr(CgChartData) by_day = NULL;
  g_autoptr(CgChartData) overdue_chart = NULL;
  g_autoptr(CgChartData) by_result = NULL;
  g_autoptr(CgDashboardTable) due_today = NULL;
  g_autoptr(CgDashboardTable) due_week = NULL;
  g_autoptr(CgDashboardTable) overdue = NULL;
  g_autoptr(CgDashboardTable) draws = NULL;
  g_autoptr(GArray) overdue_refs = g_array_new (FALSE, FALSE, sizeof (TargetRef));
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GHashTable) results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree guint *per_day = g_new0 (guint, query->last - query->first + 1);
  guint n_inspections = 0, n_due_today = 0, n_due_week = 0;
  const char *no_targets;
  g_autofree char *no_targets_street = NULL;

  if (ref < query->first)
    ref = query->last;   /* a range in the future: its last day */
  week_end = ref + (7 - cg_day_weekday (ref));

  cg_dashboard_result_get_compare_range (result, &cf, &cl);
  comparing = cf != CG_DAY_NONE;

  if (filter.street)
    no_targets = no_targets_street =
      g_strdup_printf (_("Street %s has no graded merchants or sites."), filter.street);
  else
    no_targets = _("No graded merchants or sites in the cache.");

  streets = load_street_names (store, error);
  if (streets == NULL)
    goto out;
  place = _cg_store_prepare (store, place_sql, error);
  if (place == NULL)
    goto out;

  /* One register up to the period's last day: states on that day, coverage of the period.
   * Its states are evaluated once and shared by every figure below. */
  cache = _cg_register_cache_get (store, error);
  if (cache == NULL)
    goto out;
  load_register_view (cache, &filter, query->last, &view);
  cg_indicators_init (&ind, cg_day_to_unix (query->first), cg_day_to_unix (query->last + 1));
  cg_indicators_add_inspection_states (&ind, view.reg, view.states, -1);
  if (comparing)
    {
      load_register_view (cache, &filter, cl, &cview);
      cg_indicators_init (&cmp_ind, cg_day_to_unix (cf), cg_day_to_unix (cl + 1));
      cg_indicators_add_inspection_states (&cmp_ind, cview.reg, cview.states, -1);
    }
  else
    cg_indicators_init (&cmp_ind, 0, 0);
  cg_dashboard_result_set_indicators (result, &ind, comparing ? &cmp_ind : NULL);

  /* coverage by grade */
  coverage = new_chart (_("Coverage by grade"), no_targets);
  cg_chart_data_set_format (coverage, CG_CHART_FORMAT_PERCENT, 1, NULL);
  cg_chart_data_add_series (coverage, _("This period"));
  if (comparing)
    cg_chart_data_add_series (coverage, _("Comparison"));
  for (CgRisk r = CG_RISK_HIGH; r >= CG_RISK_LOW; r--)
    {
      CgIndicators g;
      char key[2] = { (char) ('0' + r), 0 };
      guint c = cg_chart_data_add_category (coverage, cg_label_risk (r));

      cg_chart_data_set_category_key (coverage, c, key);
      cg_indicators_init (&g, ind.from, ind.to);
      cg_indicators_add_inspection_states (&g, view.reg, view.states, r);
      cg_chart_data_set_value (coverage, 0, c, g.coverage);
      if (comparing)
        {
          cg_indicators_init (&g, cmp_ind.from, cmp_ind.to);
          cg_indicators_add_inspection_states (&g, cview.reg, cview.states, r);
          cg_chart_data_set_value (coverage, 1, c, g.coverage);
        }
    }
  cg_dashboard_result_add_chart (result, "coverage-by-grade", CG_CHART_KIND_BAR, coverage,
                                 comparing ? compare_keys : current_keys, TRUE);

  /* states on the reference day: due lists and overdue */
  due_today = new_target_table ("due-today", _("Due today"), _("Nothing due today."));
  due_week = new_target_table ("due-this-week", _("Due this week"), _("Nothing due this week."));
  overdue = new_target_table ("overdue", _("Overdue by street and squad"), _("Nothing overdue."));
  {
    g_autoptr(GArray) ref_states = ref == view.date ? g_array_ref (view.states) :
                                   cg_inspection_register_evaluate (view.reg, ref);

    for (guint i = 0; i < view.reg->targets->len; i++)
      {
        const CgInspectionTarget *t = &g_array_index (view.reg->targets, CgInspectionTarget, i);
        const CgInspectionState *st = &g_array_index (ref_states, CgInspectionState, i);
        const CgInspectionState *st_last = &g_array_index (view.states, CgInspectionState, i);

        if (st->status == CG_INSPECTION_STATUS_DUE && st->due_by == ref)
          {
            if (n_due_today++ < LIST_LIMIT)
              add_target_row (due_today, streets, place, t, st);
          }
        if (st->status == CG_INSPECTION_STATUS_DUE && st->due_by != CG_DAY_NONE &&
            st->due_by <= week_end)
          {
            if (n_due_week++ < LIST_LIMIT)
              add_target_row (due_week, streets, place, t, st);
          }
        if (st_last->status == CG_INSPECTION_STATUS_OVERDUE)
          {
            TargetRef tr = { i, t, st_last };

            g_array_append_val (overdue_refs, tr);
            count_key (overdue_by_street, t->street_code);
          }
      }
  }
  cg_dashboard_table_set_total_rows (due_today, n_due_today);
  cg_dashboard_table_set_total_rows (due_week, n_due_week);
  g_array_sort (overdue_refs, compare_overdue);
  for (guint i = 0; i < overdue_refs->len && i < LIST_LIMIT; i++)
    {
      TargetRef *tr = &g_array_index (overdue_refs, TargetRef, i);

      add_target_row (overdue, streets, place, tr->t, tr->st);
    }
  cg_dashboard_table_set_total_rows (overdue, overdue_refs->len);

  /* inspections of the range: by day and by result, counted when the register was read */
  n_inspections = _cg_register_cache_count (cache, filter.mismatch ? "\x01" : filter.street,
                                            query->first, query->last, per_day, results);

#define FIG(id, label, v, c, fmt, dec, unit, better) \
  cg_dashboard_result_add_figure (result, id, label, v, comparing ? (c) : NAN, fmt, dec, unit, better)
  FIG ("graded-targets", _("Graded targets"), ind.graded_targets, cmp_ind.graded_targets,
       CG_CHART_FORMAT_NUMBER, 0, NULL, TRUE);
  FIG ("inspection-coverage", _("Coverage"), ind.coverage, cmp_ind.coverage,
       CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("inspection-on-schedule", _("On-schedule rate"), ind.on_schedule_rate,
       cmp_ind.on_schedule_rate, CG_CHART_FORMAT_PERCENT, 1, NULL, TRUE);
  FIG ("targets-overdue", _("Overdue targets"), ind.overdue_targets, cmp_ind.overdue_targets,
       CG_CHART_FORMAT_NUMBER, 0, NULL, FALSE)->flagged = ind.overdue_targets > 0;
  FIG ("targets-due-today", _("Due today"), n_due_today, NAN, CG_CHART_FORMAT_NUMBER, 0, NULL,
       FALSE);
  FIG ("targets-due-this-week", _("Due this week"), n_due_week, NAN, CG_CHART_FORMAT_NUMBER, 0,
       NULL, FALSE);
  FIG ("inspections", _("Inspections"), n_inspections, NAN, CG_CHART_FORMAT_NUMBER, 0, NULL,
       TRUE);
#undef FIG

  by_day = new_chart (_("Inspections by day"), _("No inspections in this range."));
  add_day_categories (by_day, query->first, query->last);
  cg_chart_data_add_series (by_day, _("Inspections"));
  if (n_inspections > 0)
    for (CgDay d = query->first; d <= query->last; d++)
      cg_chart_data_set_value (by_day, 0, d - query->first, per_day[d - query->first]);
  cg_dashboard_result_add_chart (result, "inspections-by-day", CG_CHART_KIND_LINE, by_day,
                                 current_keys, TRUE);

  overdue_chart = new_chart (_("Overdue targets by street"), _("Nothing overdue."));
  cg_chart_data_add_series (overdue_chart, _("Overdue targets"));
  sorted = sorted_counts (overdue_by_street);
  for (guint i = 0; i < sorted->len; i++)
    {
      KeyCount *kc = &g_array_index (sorted, KeyCount, i);
      guint c = cg_chart_data_add_category (overdue_chart,
                                            street_label (streets, *kc->key ? kc->key : NULL));

      cg_chart_data_set_category_key (overdue_chart, c, kc->key);
      cg_chart_data_set_value (overdue_chart, 0, c, kc->count);
    }
  cg_dashboard_result_add_chart (result, "overdue-by-street", CG_CHART_KIND_BAR, overdue_chart,
                                 current_keys, TRUE);

  by_result = new_chart (_("Inspections by result"), _("No inspections in this range."));
  cg_chart_data_add_series (by_result, _("Inspections"));
  g_clear_pointer (&sorted, g_array_unref);
  sorted = sorted_counts (results);
  for (guint i = 0; i < sorted->len; i++)
    {
      KeyCount *kc = &g_array_index (sorted, KeyCount, i);
      guint c = cg_chart_data_add_category (by_result, result_label (*kc->key ? kc->key : NULL));

      cg_chart_data_set_category_key (by_result, c, kc->key);
      cg_chart_data_set_value (by_result, 0, c, kc->count);
    }
  cg_dashboard_result_add_chart (result, "inspections-by-result", CG_CHART_KIND_DONUT,
                                 by_result, current_keys, TRUE);

  cg_dashboard_result_add_table (result, due_today);
  cg_dashboard_result_add_table (result, due_week);
  cg_dashboard_result_add_table (result, overdue);
  draws = load_draws_table (store, query, &filter, error);
  if (draws == NULL)
    goto out;
  cg_dashboard_result_add_table (result, draws);

  if (view.reg->targets->len == 0)
    cg_dashboard_result_set_message (result, no_targets);
  else if (n_inspections == 0)
    cg_dashboard_result_set_message (result, _("No inspections in this range."));
  ok = TRUE;

out:
  register_view_clear (&view);
  register_view_clear (&cview);
  return ok;
}

CgDashboardResult *
cg_store_load_dashboard (CgStore                 *self,
                         const CgDashboardQuery  *query,
                         GError                 **error)
{
  g_autoptr(CgDashboardResult) result = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!cg_dashboard_query_validate (query, error))
    return NULL;
  result = cg_dashboard_result_new (query);

  /* one read transaction: every figure of the result sees the same snapshot */
  db = _cg_store_get_db (self);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  switch (query->kind)
    {
    case CG_DASHBOARD_INSPECTIONS:
      ok = build_inspections (self, query, result, error);
      break;
    case CG_DASHBOARD_CASES:
      ok = build_cases (self, query, result, error);
      break;
    case CG_DASHBOARD_COMPLAINTS:
    default:
      ok = build_complaints (self, query, result, error);
      break;
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return ok ? g_steal_pointer (&result) : NULL;
}

/* ---------------------------------------------------------------------------------- */
/* Drill-down                                                                          */

/* The days a series stands for: the query's, or the comparison's */
static gboolean
series_range (const CgDashboardQuery *query,
              const char             *series_key,
              CgDay                  *first,
              CgDay                  *last)
{
  if (g_strcmp0 (series_key, "compare") == 0)
    return cg_dashboard_comparison_range (query->comparison, query->first, query->last,
                                          first, last);
  *first = query->first;
  *last = query->last;
  return TRUE;
}

static GError *
unknown_key (const char *chart_id,
             const char *key)
{
  return g_error_new (CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                      _("The chart “%s” has no item “%s”."), chart_id, key ? key : "");
}

/* A day key inside [first, last], mapped to the series' own days (the comparison is
 * aligned by offset); FALSE when it is not a day of the range. */
static gboolean
day_of_key (const CgDashboardQuery *query,
            const char             *key,
            CgDay                   first,
            CgDay                   last,
            CgDay                  *out)
{
  CgDay d;

  if (key == NULL || !cg_day_parse (key, &d, NULL) || d < query->first || d > query->last)
    return FALSE;
  d = first + (d - query->first);
  if (d > last)
    return FALSE;
  *out = d;
  return TRUE;
}

static const char cases_items_sql[] =
  "SELECT id, case_no, type, cause, procedure, stage, filed_at, street_code, fine, lon, lat"
  " FROM cases"
  " WHERE filed_at >= ?1 AND filed_at < ?2 AND (?3 IS NULL OR street_code = ?3) AND ";

static const char complaints_items_sql[] =
  "SELECT id, requested_at, service_name, street_code, status, repeat_count, address, lon, lat"
  " FROM complaints"
  " WHERE requested_at >= ?1 AND requested_at < ?2 AND (?3 IS NULL OR street_code = ?3) AND ";

static const char inspections_items_sql[] =
  "SELECT i.id, i.inspected_at, i.target_id, i.kind, i.result, i.officer_id, i.street_code,"
  "       COALESCE (m.name, s.name), COALESCE (m.lon, s.lon), COALESCE (m.lat, s.lat),"
  "       CASE WHEN s.id IS NOT NULL THEN 'sites' ELSE 'merchants' END"
  " FROM inspections i"
  " LEFT JOIN merchants m ON m.id = i.target_id"
  " LEFT JOIN sites s ON s.id = i.target_id"
  " WHERE i.inspected_at >= ?1 AND i.inspected_at < ?2"
  "   AND (?3 IS NULL OR i.street_code = ?3) AND ";

/* key "" stands for a NULL column */
#define KEY_COND(col) "(" col " = ?4 OR (?4 = '' AND " col " IS NULL))"
#define HOUR_COND(col) "((" col " + 28800) % 86400) / 3600 = ?5"

static CgDashboardTable *
run_items_full (CgStore          *store,
           const char       *table_id,
           gint64            param6,
           const char       *base,
           const char       *cond,
           const char       *order,
           gint64            from,
           gint64            to,
           const Filter     *filter,
           const char       *key4,
           int               int5,
           CgDashboardKind   kind,
           GHashTable       *streets,
           const char       *title,
           guint             limit,
           GError          **error)
{
  g_autofree char *sql = g_strconcat (base, cond, order, NULL);
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, sql, error);
  g_autoptr(CgDashboardTable) table = NULL;
  guint total = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (kind == CG_DASHBOARD_CASES)
    table = new_case_table (table_id, title);
  else if (kind == CG_DASHBOARD_COMPLAINTS)
    {
      const char *columns[] = { _("Complaint"), _("Received"), _("Category"), _("Street"),
                                _("Status"), _("Repeat count"), _("Address") };

      table = cg_dashboard_table_new (table_id, title, G_N_ELEMENTS (columns), columns);
    }
  else
    {
      const char *columns[] = { _("Inspection"), _("Date"), _("Target"), _("Kind"),
                                _("Result"), _("Officer"), _("Street") };

      table = cg_dashboard_table_new (table_id, title, G_N_ELEMENTS (columns), columns);
    }
  cg_dashboard_table_set_empty_message (table, _("Nothing here."));

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  bind_filter (stmt, 3, filter);
  if (key4 != NULL)
    _cg_store_bind_text (stmt, 4, key4);
  if (int5 >= 0)
    sqlite3_bind_int (stmt, 5, int5);
  if (param6 != 0)
    sqlite3_bind_int64 (stmt, 6, param6);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (limit > 0 && total++ >= limit)
        continue;
      if (limit == 0)
        total++;
      if (kind == CG_DASHBOARD_CASES)
        add_case_row (table, stmt, streets);
      else if (kind == CG_DASHBOARD_COMPLAINTS)
        {
          g_autofree char *received = format_time (sqlite3_column_int64 (stmt, 1));
          g_autofree char *repeat = g_strdup_printf ("%d", sqlite3_column_int (stmt, 5));
          const char *status = col_text (stmt, 4);
          const char *cells[] = { col_text (stmt, 0), received, col_text (stmt, 2),
                                  street_label (streets, col_text (stmt, 3)),
                                  g_strcmp0 (status, "closed") == 0 ? _("Closed") : _("Open"),
                                  repeat, col_text (stmt, 6) };

          cg_dashboard_table_add_row (table, cells, "complaints", col_text (stmt, 0),
                                      col_coord (stmt, 7), col_coord (stmt, 8));
        }
      else
        {
          g_autofree char *when = format_time (sqlite3_column_int64 (stmt, 1));
          const char *target = col_text (stmt, 7) ? col_text (stmt, 7) : col_text (stmt, 2);
          const char *cells[] = { col_text (stmt, 0), when, target, col_text (stmt, 3),
                                  result_label (col_text (stmt, 4)), col_text (stmt, 5),
                                  street_label (streets, col_text (stmt, 6)) };

          /* an inspection opens on the map as its target */
          cg_dashboard_table_add_row (table, cells, col_text (stmt, 10), col_text (stmt, 2),
                                      col_coord (stmt, 8), col_coord (stmt, 9));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (store, _("reading"), error);
      return NULL;
    }
  cg_dashboard_table_set_total_rows (table, total);
  return g_steal_pointer (&table);
}

static CgDashboardTable *
run_items (CgStore          *store,
           const char       *base,
           const char       *cond,
           const char       *order,
           gint64            from,
           gint64            to,
           const Filter     *filter,
           const char       *key4,
           int               int5,
           CgDashboardKind   kind,
           GHashTable       *streets,
           const char       *title,
           guint             limit,
           GError          **error)
{
  return run_items_full (store, "items", 0, base, cond, order, from, to, filter, key4, int5,
                         kind, streets, title, limit, error);
}

static gboolean
parse_hour (const char *key,
            int        *hour)
{
  guint64 h;

  if (key == NULL || !g_ascii_string_to_unsigned (key, 10, 0, 23, &h, NULL))
    return FALSE;
  *hour = (int) h;
  return TRUE;
}

static CgDashboardTable *
register_items (CgStore                *store,
                const CgDashboardQuery *query,
                const Filter           *filter,
                GHashTable             *streets,
                const char             *chart_id,
                CgDay                   first,
                CgDay                   last,
                const char             *key,
                const char             *title,
                guint                   limit,
                GError                **error)
{
  RegisterView view = { 0 };
  g_autoptr(CgRegisterCache) cache = NULL;
  g_autoptr(sqlite3_stmt) place = _cg_store_prepare (store, place_sql, error);
  g_autoptr(CgDashboardTable) table = NULL;
  gboolean by_grade = strcmp (chart_id, "coverage-by-grade") == 0;
  guint64 grade = 0;
  guint total = 0;

  (void) query;
  if (place == NULL)
    return NULL;
  if (by_grade && (key == NULL ||
                   !g_ascii_string_to_unsigned (key, 10, CG_RISK_LOW, CG_RISK_HIGH, &grade, NULL)))
    {
      g_propagate_error (error, unknown_key (chart_id, key));
      return NULL;
    }
  cache = _cg_register_cache_get (store, error);
  if (cache == NULL)
    return NULL;
  load_register_view (cache, filter, last, &view);
  table = new_target_table ("items", title, _("Nothing here."));
  for (guint i = 0; i < view.reg->targets->len; i++)
    {
      const CgInspectionTarget *t = &g_array_index (view.reg->targets, CgInspectionTarget, i);
      const CgInspectionState *st = &g_array_index (view.states, CgInspectionState, i);

      if (by_grade ? t->risk != (CgRisk) grade :
          (st->status != CG_INSPECTION_STATUS_OVERDUE ||
           g_strcmp0 (t->street_code ? t->street_code : "", key ? key : "") != 0))
        continue;
      if (limit == 0 || total < limit)
        add_target_row (table, streets, place, t, st);
      total++;
    }
  (void) first;
  cg_dashboard_table_set_total_rows (table, total);
  register_view_clear (&view);
  return g_steal_pointer (&table);
}

CgDashboardTable *
cg_store_load_dashboard_items (CgStore                 *self,
                               const CgDashboardQuery  *query,
                               const char              *chart_id,
                               const char              *series_key,
                               const char              *category_key,
                               guint                    limit,
                               GError                 **error)
{
  Filter filter;
  CgDay first, last, day;
  g_autoptr(GHashTable) streets = NULL;
  g_autofree char *title = NULL;
  const char *base;
  gint64 from, to;
  int hour = -1;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (chart_id != NULL, NULL);

  if (!cg_dashboard_query_validate (query, error))
    return NULL;
  filter = filter_of (query);
  if (!series_range (query, series_key, &first, &last))
    {
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                   _("The dashboard has no comparison period."));
      return NULL;
    }
  streets = load_street_names (self, error);
  if (streets == NULL)
    return NULL;
  from = cg_day_to_unix (first);
  to = cg_day_to_unix (last + 1);
  title = g_strdup (category_key ? category_key : chart_id);

  switch (query->kind)
    {
    case CG_DASHBOARD_CASES:
      base = cases_items_sql;
      if (strcmp (chart_id, "cases-by-type") == 0)
        return run_items (self, base, KEY_COND ("type"), " ORDER BY filed_at, id", from, to,
                          &filter, category_key ? category_key : "", -1, query->kind, streets,
                          case_type_label (category_key), limit, error);
      if (strcmp (chart_id, "cases-by-procedure") == 0)
        return run_items (self, base, KEY_COND ("procedure"), " ORDER BY filed_at, id", from, to,
                          &filter, category_key ? category_key : "", -1, query->kind, streets,
                          procedure_label (category_key), limit, error);
      if (strcmp (chart_id, "case-top-causes") == 0)
        return run_items (self, base, KEY_COND ("cause"), " ORDER BY filed_at, id", from, to,
                          &filter, category_key ? category_key : "", -1, query->kind, streets,
                          case_cause_label (category_key), limit, error);
      if (strcmp (chart_id, "case-stage-funnel") == 0)
        {
          int idx = case_stage_index (category_key);
          g_autoptr(GString) stages = g_string_new (",");

          if (idx < 0)
            break;
          for (guint i = (guint) idx; i < N_CASE_STAGES; i++)
            g_string_append_printf (stages, "%s,", case_stages[i]);
          return run_items (self, base, "instr (?4, ',' || stage || ',') > 0",
                            " ORDER BY filed_at, id", from, to, &filter, stages->str, -1,
                            query->kind, streets, case_stage_label (category_key), limit, error);
        }
      if (strcmp (chart_id, "cases-by-day") == 0)
        {
          if (!day_of_key (query, category_key, first, last, &day))
            break;
          return run_items (self, base, "1", " ORDER BY filed_at, id", cg_day_to_unix (day),
                            cg_day_to_unix (day + 1), &filter, NULL, -1, query->kind, streets,
                            title, limit, error);
        }
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                   _("The chart “%s” has no drill-down."), chart_id);
      return NULL;

    case CG_DASHBOARD_COMPLAINTS:
      base = complaints_items_sql;
      if (strcmp (chart_id, "complaints-by-day") == 0)
        {
          if (!day_of_key (query, category_key, first, last, &day))
            break;
          return run_items (self, base, "1", " ORDER BY requested_at, id", cg_day_to_unix (day),
                            cg_day_to_unix (day + 1), &filter, NULL, -1, query->kind, streets,
                            title, limit, error);
        }
      if (strcmp (chart_id, "complaints-by-hour") == 0)
        {
          if (!parse_hour (category_key, &hour))
            break;
          return run_items (self, base, HOUR_COND ("requested_at"), " ORDER BY requested_at, id",
                            from, to, &filter, NULL, hour, query->kind, streets, title, limit,
                            error);
        }
      if (strcmp (chart_id, "complaints-by-category") == 0)
        return run_items (self, base, KEY_COND ("service_code"), " ORDER BY requested_at, id",
                          from, to, &filter, category_key ? category_key : "", -1, query->kind,
                          streets, title, limit, error);
      if (strcmp (chart_id, "complaints-by-street") == 0)
        return run_items (self, base, KEY_COND ("street_code"), " ORDER BY requested_at, id",
                          from, to, &filter, category_key ? category_key : "", -1, query->kind,
                          streets, street_label (streets, category_key), limit, error);
      if (strcmp (chart_id, "complaints-street-hour") == 0)
        {
          g_autofree char *t = NULL;

          /* the series key is the street; the current period only */
          if (!parse_hour (category_key, &hour) || series_key == NULL)
            break;
          from = cg_day_to_unix (query->first);
          to = cg_day_to_unix (query->last + 1);
          t = g_strdup_printf ("%s %02d:00", street_label (streets, series_key), hour);
          return run_items (self, base, KEY_COND ("street_code") " AND " HOUR_COND ("requested_at"),
                            " ORDER BY requested_at, id", from, to, &filter, series_key, hour,
                            query->kind, streets, t, limit, error);
        }
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                   _("The chart “%s” has no drill-down."), chart_id);
      return NULL;

    case CG_DASHBOARD_INSPECTIONS:
    default:
      base = inspections_items_sql;
      if (strcmp (chart_id, "inspections-by-day") == 0)
        {
          if (!day_of_key (query, category_key, first, last, &day))
            break;
          return run_items (self, base, "1", " ORDER BY i.inspected_at, i.id",
                            cg_day_to_unix (day), cg_day_to_unix (day + 1), &filter, NULL, -1,
                            query->kind, streets, title, limit, error);
        }
      if (strcmp (chart_id, "inspections-by-result") == 0)
        return run_items (self, base, KEY_COND ("i.result"), " ORDER BY i.inspected_at, i.id",
                          from, to, &filter, category_key ? category_key : "", -1, query->kind,
                          streets, result_label (category_key), limit, error);
      if (strcmp (chart_id, "overdue-by-street") == 0 ||
          strcmp (chart_id, "coverage-by-grade") == 0)
        return register_items (self, query, &filter, streets, chart_id, first, last,
                               category_key, title, limit, error);
      g_set_error (error, CG_DASHBOARD_ERROR, CG_DASHBOARD_ERROR_UNKNOWN_CHART,
                   _("The chart “%s” has no drill-down."), chart_id);
      return NULL;
    }

  g_propagate_error (error, unknown_key (chart_id, category_key));
  return NULL;
}

static const char case_by_pk_sql[] =
  "SELECT id, case_no, type, cause, procedure, stage, filed_at, street_code, fine, lon, lat"
  " FROM cases WHERE pk = ?1";

static int
compare_case_refs (gconstpointer a,
                   gconstpointer b)
{
  const CaseRef *x = a, *y = b;

  if (x->filed_at != y->filed_at)
    return x->filed_at < y->filed_at ? -1 : 1;
  return x->pk < y->pk ? -1 : x->pk > y->pk;
}

/* The cases dashboard's lists, gathered by the pass: the first LIST_LIMIT by filing time,
 * total_rows has the count */
static gboolean
add_case_lists (CgStore            *store,
                CasePass           *pass,
                GHashTable         *streets,
                CgDashboardResult  *result,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = _cg_store_prepare (store, case_by_pk_sql, error);
  struct {
    const char *id;
    const char *title;
    const char *empty;
  } lists[N_CASE_LISTS] = {
    { "overdue-cases", _("Overdue cases"), _("No overdue cases.") },
    { "exempt-cases", _("Exempt cases"), _("No exempt cases in this range.") },
    { "publicity-late", _("Decisions not yet published"), _("Every decision is published.") },
    { "non-site-slow", _("Non-site cases over 3 days"),
      _("No non-site case took more than 3 days.") },
  };

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < N_CASE_LISTS; i++)
    {
      g_autoptr(CgDashboardTable) t = new_case_table (lists[i].id, lists[i].title);
      GArray *refs = pass->lists[i];

      cg_dashboard_table_set_empty_message (t, lists[i].empty);
      g_array_sort (refs, compare_case_refs);
      for (guint r = 0; r < refs->len && r < LIST_LIMIT; r++)
        {
          int rc;

          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, g_array_index (refs, CaseRef, r).pk);
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            add_case_row (t, stmt, streets);
          else if (rc != SQLITE_DONE)
            {
              _cg_store_set_read_error (store, _("reading cases"), error);
              return FALSE;
            }
        }
      cg_dashboard_table_set_total_rows (t, refs->len);
      cg_dashboard_result_add_table (result, t);
    }
  return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* Heat layer                                                                          */

/* lon/lat are positive in China, but the offset keeps CAST (which truncates) a floor
 * everywhere */
static const char heat_sql[] =
  "SELECT CAST (lon / ?4 + 10000000 AS INTEGER) AS x, CAST (lat / ?4 + 10000000 AS INTEGER) AS y,"
  "       COUNT (*)"
  " FROM complaints"
  " WHERE requested_at >= ?1 AND requested_at < ?2 AND (?3 IS NULL OR street_code = ?3)"
  "   AND lon IS NOT NULL AND lat IS NOT NULL"
  " GROUP BY x, y ORDER BY 3 DESC, x, y";

GArray *
cg_store_load_complaint_heat (CgStore                 *self,
                              const CgDashboardQuery  *query,
                              double                   cell_degrees,
                              GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) out = NULL;
  Filter filter;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!cg_dashboard_query_validate (query, error))
    return NULL;
  if (!(cell_degrees > 0) || cell_degrees > 1)
    cell_degrees = 0.002;
  filter = filter_of (query);
  stmt = _cg_store_prepare (self, heat_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cg_day_to_unix (query->first));
  sqlite3_bind_int64 (stmt, 2, cg_day_to_unix (query->last + 1));
  bind_filter (stmt, 3, &filter);
  sqlite3_bind_double (stmt, 4, cell_degrees);
  out = g_array_new (FALSE, FALSE, sizeof (CgHeatPoint));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgHeatPoint p;

      p.lon = (sqlite3_column_int64 (stmt, 0) - 10000000 + 0.5) * cell_degrees;
      p.lat = (sqlite3_column_int64 (stmt, 1) - 10000000 + 0.5) * cell_degrees;
      p.weight = (double) sqlite3_column_int64 (stmt, 2);
      g_array_append_val (out, p);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading complaints"), error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------------------------- */
/* Worker threads                                                                      */

typedef struct _Job Job;

struct _Job
{
  char             *path;
  CgDashboardQuery *query;
  char             *chart_id;
  char             *series_key;
  char             *category_key;
  guint             limit;
  double            cell_degrees;
  gpointer        (*load) (CgStore *store, Job *job, GError **error);
  GDestroyNotify    free_value;
};

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  cg_dashboard_query_free (job->query);
  g_free (job->chart_id);
  g_free (job->series_key);
  g_free (job->category_key);
  g_free (job);
}

static GTask *
job_task_new (const char             *path,
              const CgDashboardQuery *query,
              GCancellable           *cancellable,
              GAsyncReadyCallback     callback,
              gpointer                user_data,
              gpointer                source_tag,
              Job                   **out_job)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, FALSE);
  job->path = g_strdup (path);
  job->query = query ? cg_dashboard_query_copy (query) : NULL;
  g_task_set_task_data (task, job, job_free);
  *out_job = job;
  return task;
}

static void
return_or_cancel (GTask          *task,
                  gpointer        value,
                  GDestroyNotify  free_func,
                  GError         *error)
{
  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      free_func (value);
      return;
    }
  g_task_return_pointer (task, value, free_func);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CgStore) store = _cg_store_open_for_task (task, job->path);
  GError *error = NULL;

  if (store == NULL)
    return;
  return_or_cancel (task, job->load (store, job, &error), job->free_value, error);
}

/* Runs @load on @job in a worker thread; its result (freed with @free_value) is the task's */
static void
job_run (GTask          *task,
         Job            *job,
         gpointer      (*load) (CgStore *store, Job *job, GError **error),
         GDestroyNotify  free_value)
{
  job->load = load;
  job->free_value = free_value;
  g_task_run_in_thread (task, job_thread);
}

static gpointer
job_finish (GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
dashboard_load (CgStore  *store,
                Job      *job,
                GError  **error)
{
  return cg_store_load_dashboard (store, job->query, error);
}

void
cg_dashboard_load_async (const char              *path,
                         const CgDashboardQuery  *query,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (query != NULL);

  task = job_task_new (path, query, cancellable, callback, user_data,
                       cg_dashboard_load_async, &job);
  job_run (task, job, dashboard_load, (GDestroyNotify) cg_dashboard_result_unref);
}

CgDashboardResult *
cg_dashboard_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  return job_finish (result, cg_dashboard_load_async, error);
}

static gpointer
items_load (CgStore  *store,
            Job      *job,
            GError  **error)
{
  return cg_store_load_dashboard_items (store, job->query, job->chart_id, job->series_key,
                                        job->category_key, job->limit, error);
}

void
cg_dashboard_load_items_async (const char              *path,
                               const CgDashboardQuery  *query,
                               const char              *chart_id,
                               const char              *series_key,
                               const char              *category_key,
                               guint                    limit,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (chart_id != NULL);

  task = job_task_new (path, query, cancellable, callback, user_data,
                       cg_dashboard_load_items_async, &job);
  job->chart_id = g_strdup (chart_id);
  job->series_key = g_strdup (series_key);
  job->category_key = g_strdup (category_key);
  job->limit = limit;
  job_run (task, job, items_load, (GDestroyNotify) cg_dashboard_table_unref);
}

CgDashboardTable *
cg_dashboard_load_items_finish (GAsyncResult  *result,
                                GError       **error)
{
  return job_finish (result, cg_dashboard_load_items_async, error);
}

static gpointer
heat_load (CgStore  *store,
           Job      *job,
           GError  **error)
{
  return cg_store_load_complaint_heat (store, job->query, job->cell_degrees, error);
}

void
cg_dashboard_load_heat_async (const char              *path,
                              const CgDashboardQuery  *query,
                              double                   cell_degrees,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (query != NULL);

  task = job_task_new (path, query, cancellable, callback, user_data,
                       cg_dashboard_load_heat_async, &job);
  job->cell_degrees = cell_degrees;
  job_run (task, job, heat_load, (GDestroyNotify) g_array_unref);
}

GArray *
cg_dashboard_load_heat_finish (GAsyncResult  *result,
                               GError       **error)
{
  return job_finish (result, cg_dashboard_load_heat_async, error);
}

static gpointer
streets_load (CgStore  *store,
              Job      *job,
              GError  **error)
{
  return cg_store_load_dashboard_streets (store, error);
}

void
cg_dashboard_load_streets_async (const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (path != NULL);

  task = job_task_new (path, NULL, cancellable, callback, user_data,
                       cg_dashboard_load_streets_async, &job);
  job_run (task, job, streets_load, (GDestroyNotify) cg_dashboard_table_unref);
}

CgDashboardTable *
cg_dashboard_load_streets_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return job_finish (result, cg_dashboard_load_streets_async, error);
}
