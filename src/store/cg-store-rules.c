/* cg-store-rules.c: read-only queries feeding the rules, draws and indicators
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cg-store-private.h"
#include "cg-store-register-cache.h"
#include "cg-store-rules.h"

/* Far enough in the past to precede any history, far from overflow */
#define GRADE_SINCE_EVER (G_MININT32 / 2)

static const char targets_sql[] =
  "SELECT id, 0, name, street_code, risk FROM merchants"
  " WHERE risk > 0 AND (?1 IS NULL OR street_code = ?1)"
  " UNION ALL "
  "SELECT id, 1, name, street_code, risk FROM sites"
  " WHERE risk > 0 AND (?1 IS NULL OR street_code = ?1)"
  " ORDER BY 1";

/* walks the (target_id, inspected_at) index: no sort */
static const char inspections_sql[] =
  "SELECT target_id, inspected_at FROM inspections"
  " WHERE target_id IS NOT NULL AND inspected_at < ?1"
  " ORDER BY target_id, inspected_at";

/* one target's, for a street (a few thousand index lookups beat reading the whole index) */
static const char target_inspections_sql[] =
  "SELECT inspected_at FROM inspections"
  " WHERE target_id = ?1 AND inspected_at < ?2 ORDER BY inspected_at";

static const char min_inspection_sql[] =
  "SELECT MIN (inspected_at) FROM inspections";

static const char has_street_sql[] =
  "SELECT EXISTS (SELECT 1 FROM merchants WHERE street_code = ?1)"
  " OR EXISTS (SELECT 1 FROM sites WHERE street_code = ?1)"
  " OR EXISTS (SELECT 1 FROM officers WHERE street_code = ?1)";

static const char draw_targets_sql[] =
  "SELECT id, 'merchant', name, street_code FROM merchants"
  " WHERE (?1 IS NULL OR street_code = ?1) AND (?2 IS NULL OR ?2 = 'merchant')"
  " UNION ALL "
  "SELECT id, 'site', name, street_code FROM sites"
  " WHERE (?1 IS NULL OR street_code = ?1) AND (?2 IS NULL OR ?2 = 'site')";

static const char draw_inspectors_sql[] =
  "SELECT id, 'officer', name, street_code FROM officers WHERE (?1 IS NULL OR street_code = ?1)";

static const char draw_cases_sql[] =
  "SELECT id, 'case', case_no, street_code, filed_at FROM cases"
  " WHERE filed_at >= ?1 AND filed_at < ?2 AND (?3 IS NULL OR street_code = ?3)";

static const char indicator_cases_sql[] =
  "SELECT filed_at, due_at, closed_at, non_site, discovered_at, reviewed_at, executed_at"
  " FROM cases"
  " WHERE ((filed_at >= ?1 AND filed_at < ?2)"
  "        OR (non_site = 1 AND discovered_at >= ?1 AND discovered_at < ?2))"
  "   AND (?3 IS NULL OR street_code = ?3)";

/* Open311 has no closing time: a closed request's updated_datetime is taken as it */
static const char indicator_complaints_sql[] =
  "SELECT requested_at, CASE WHEN status = 'closed' THEN updated_at ELSE 0 END,"
  "       deadline_at, satisfaction, matter_id, repeat_count"
  " FROM complaints"
  " WHERE requested_at >= ?1 AND requested_at < ?2 AND (?3 IS NULL OR street_code = ?3)";

/* A street: the targets, then each one's inspections through the index. */
static CgInspectionRegister *
load_street_register (CgStore     *self,
                      const char  *street_code,
                      CgDay        until,
                      GError     **error)
{
  g_autoptr(CgInspectionRegister) reg = cg_inspection_register_new ();
  g_autoptr(sqlite3_stmt) targets = NULL;
  g_autoptr(sqlite3_stmt) inspections = NULL;
  g_autoptr(sqlite3_stmt) min_stmt = NULL;
  gint64 end = cg_day_to_unix (until + 1);
  int rc;

  targets = _cg_store_prepare (self, targets_sql, error);
  if (targets == NULL)
    return NULL;
  inspections = _cg_store_prepare (self, target_inspections_sql, error);
  if (inspections == NULL)
    return NULL;
  min_stmt = _cg_store_prepare (self, min_inspection_sql, error);
  if (min_stmt == NULL)
    return NULL;
  _cg_store_bind_text (targets, 1, street_code);

  while ((rc = sqlite3_step (targets)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (targets, 0);
      CgGradeChange grade;
      int risk = sqlite3_column_int (targets, 4);

      if (id == NULL)
        continue;
      grade.from = GRADE_SINCE_EVER;
      grade.risk = CLAMP (risk, CG_RISK_UNKNOWN, CG_RISK_HIGH);
      cg_inspection_register_add_target (reg, id, sqlite3_column_int (targets, 1) == 1,
                                         (const char *) sqlite3_column_text (targets, 3),
                                         (const char *) sqlite3_column_text (targets, 2),
                                         &grade, 1);
      sqlite3_reset (inspections);
      _cg_store_bind_text (inspections, 1, id);
      sqlite3_bind_int64 (inspections, 2, end);
      while ((rc = sqlite3_step (inspections)) == SQLITE_ROW)
        cg_inspection_register_add_inspection (reg,
                                               cg_day_from_unix (sqlite3_column_int64 (inspections, 0)));
      if (rc != SQLITE_DONE)
        {
          _cg_store_set_read_error (self, _("reading inspections"), error);
          return NULL;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading targets"), error);
      return NULL;
    }

  /* the start of the history is the cache's, not the street's */
  if (sqlite3_step (min_stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (self, _("reading inspections"), error);
      return NULL;
    }
  if (sqlite3_column_type (min_stmt, 0) != SQLITE_NULL)
    reg->history_start = cg_day_from_unix (sqlite3_column_int64 (min_stmt, 0));

  return g_steal_pointer (&reg);
}

GHashTable *
cg_store_evaluate_inspection_states (CgStore  *self,
                                     CgDay     date,
                                     GError  **error)
{
  g_autoptr(CgRegisterCache) cache = NULL;
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GArray) evaluated = NULL;
  CgInspectionRegister *view;
  sqlite3 *db;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (date != CG_DAY_NONE, NULL);

  /* the generation and the rows of one snapshot */
  db = _cg_store_get_db (self);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  cache = _cg_register_cache_get (self, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (cache == NULL)
    return NULL;

  view = _cg_register_cache_view (cache, NULL, date);
  evaluated = cg_inspection_register_evaluate (view, date);
  /* One allocation per target, the state first and its id after it: the key points into
   * the value, which frees both (200,000 allocations fewer on a whole city, bench/map) */
  states = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < view->targets->len; i++)
    {
      const CgInspectionTarget *t = &g_array_index (view->targets, CgInspectionTarget, i);
      gsize len = strlen (t->id) + 1;
      CgInspectionState *state = g_malloc (sizeof (CgInspectionState) + len);
      char *id = (char *) (state + 1);

      *state = g_array_index (evaluated, CgInspectionState, i);
      memcpy (id, t->id, len);
      /* remove first: replacing would keep the old key, which lives in the old value */
      g_hash_table_remove (states, id);
      g_hash_table_insert (states, id, state);
    }
  _cg_register_cache_view_free (view);
  return g_steal_pointer (&states);
}

CgInspectionRegister *
cg_store_load_inspection_register (CgStore     *self,
                                   const char  *street_code,
                                   CgDay        until,
                                   GError     **error)
{
  g_autoptr(CgInspectionRegister) reg = NULL;
  g_autoptr(sqlite3_stmt) targets = NULL;
  g_autoptr(sqlite3_stmt) inspections = NULL;
  gint64 min_time = G_MAXINT64;
  gboolean have_insp;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  if (street_code != NULL)
    return load_street_register (self, street_code, until, error);

  targets = _cg_store_prepare (self, targets_sql, error);
  if (targets == NULL)
    return NULL;
  inspections = _cg_store_prepare (self, inspections_sql, error);
  if (inspections == NULL)
    return NULL;
  _cg_store_bind_text (targets, 1, street_code);
  sqlite3_bind_int64 (inspections, 1, cg_day_to_unix (until + 1));

  reg = cg_inspection_register_new ();

  /* merge join: both ordered by id (SQLite's BINARY order is strcmp's) */
  rc = sqlite3_step (inspections);
  have_insp = rc == SQLITE_ROW;
  while ((rc = sqlite3_step (targets)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (targets, 0);
      CgGradeChange grade;
      int risk = sqlite3_column_int (targets, 4);

      if (id == NULL)
        continue;
      grade.from = GRADE_SINCE_EVER;
      grade.risk = CLAMP (risk, CG_RISK_UNKNOWN, CG_RISK_HIGH);
      cg_inspection_register_add_target (reg, id, sqlite3_column_int (targets, 1) == 1,
                                         (const char *) sqlite3_column_text (targets, 3),
                                         (const char *) sqlite3_column_text (targets, 2),
                                         &grade, 1);

      while (have_insp)
        {
          const char *tid = (const char *) sqlite3_column_text (inspections, 0);
          gint64 t = sqlite3_column_int64 (inspections, 1);
          int cmp = g_strcmp0 (tid, id);

          if (cmp > 0)
            break;
          min_time = MIN (min_time, t);
          if (cmp == 0)
            cg_inspection_register_add_inspection (reg, cg_day_from_unix (t));
          rc = sqlite3_step (inspections);
          have_insp = rc == SQLITE_ROW;
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              _cg_store_set_read_error (self, _("reading inspections"), error);
              return NULL;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading targets"), error);
      return NULL;
    }
  /* the rest of the inspections only matter for the start of the history */
  while (have_insp)
    {
      min_time = MIN (min_time, sqlite3_column_int64 (inspections, 1));
      rc = sqlite3_step (inspections);
      have_insp = rc == SQLITE_ROW;
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading inspections"), error);
      return NULL;
    }

  if (min_time != G_MAXINT64)
    reg->history_start = cg_day_from_unix (min_time);
  cg_inspection_register_sort (reg);

  return g_steal_pointer (&reg);
}

gboolean
cg_store_has_street (CgStore     *self,
                     const char  *street_code,
                     gboolean    *out_exists,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (street_code != NULL && out_exists != NULL, FALSE);

  stmt = _cg_store_prepare (self, has_street_sql, error);
  if (stmt == NULL)
    return FALSE;
  _cg_store_bind_text (stmt, 1, street_code);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cg_store_set_read_error (self, _("reading"), error);
      return FALSE;
    }
  *out_exists = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

/* Rows (id, type, name, street_code[, filed_at]) as CgDrawItem */
static GPtrArray *
load_items (CgStore       *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_draw_item_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *detail = NULL;

      if (id == NULL)
        continue;
      if (sqlite3_column_count (stmt) > 4)
        detail = cg_day_format (cg_day_from_unix (sqlite3_column_int64 (stmt, 4)));
      g_ptr_array_add (items, cg_draw_item_new (id, (const char *) sqlite3_column_text (stmt, 1),
                                                (const char *) sqlite3_column_text (stmt, 2),
                                                (const char *) sqlite3_column_text (stmt, 3),
                                                detail));
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading"), error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

GPtrArray *
cg_store_load_draw_targets (CgStore     *self,
                            const char  *street_code,
                            const char  *target_type,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  stmt = _cg_store_prepare (self, draw_targets_sql, error);
  if (stmt == NULL)
    return NULL;
  _cg_store_bind_text (stmt, 1, street_code);
  _cg_store_bind_text (stmt, 2, target_type);
  return load_items (self, stmt, error);
}

GPtrArray *
cg_store_load_draw_inspectors (CgStore     *self,
                               const char  *street_code,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  stmt = _cg_store_prepare (self, draw_inspectors_sql, error);
  if (stmt == NULL)
    return NULL;
  _cg_store_bind_text (stmt, 1, street_code);
  return load_items (self, stmt, error);
}

GPtrArray *
cg_store_load_draw_cases (CgStore     *self,
                          CgDay        first,
                          CgDay        last,
                          const char  *street_code,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  stmt = _cg_store_prepare (self, draw_cases_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cg_day_to_unix (first));
  sqlite3_bind_int64 (stmt, 2, cg_day_to_unix (last + 1));
  _cg_store_bind_text (stmt, 3, street_code);
  return load_items (self, stmt, error);
}

gboolean
cg_store_compute_indicators (CgStore       *self,
                             CgDay          first,
                             CgDay          last,
                             const char    *street_code,
                             CgIndicators  *out,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) cases = NULL;
  g_autoptr(sqlite3_stmt) complaints = NULL;
  g_autoptr(GArray) case_facts = g_array_new (FALSE, TRUE, sizeof (CgCaseFacts));
  g_autoptr(GArray) complaint_facts = g_array_new (FALSE, TRUE, sizeof (CgComplaintFacts));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(CgInspectionRegister) reg = NULL;
  gint64 from, to;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (first <= last, FALSE);

  from = cg_day_to_unix (first);
  to = cg_day_to_unix (last + 1);

  cases = _cg_store_prepare (self, indicator_cases_sql, error);
  if (cases == NULL)
    return FALSE;
  sqlite3_bind_int64 (cases, 1, from);
  sqlite3_bind_int64 (cases, 2, to);
  _cg_store_bind_text (cases, 3, street_code);
  while ((rc = sqlite3_step (cases)) == SQLITE_ROW)
    {
      CgCaseFacts f;

      f.filed_at = sqlite3_column_int64 (cases, 0);
      f.due_at = sqlite3_column_int64 (cases, 1);
      f.closed_at = sqlite3_column_int64 (cases, 2);
      f.non_site = sqlite3_column_int (cases, 3) != 0;
      f.discovered_at = sqlite3_column_int64 (cases, 4);
      f.reviewed_at = sqlite3_column_int64 (cases, 5);
      f.executed_at = sqlite3_column_int64 (cases, 6);
      g_array_append_val (case_facts, f);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading cases"), error);
      return FALSE;
    }

  complaints = _cg_store_prepare (self, indicator_complaints_sql, error);
  if (complaints == NULL)
    return FALSE;
  sqlite3_bind_int64 (complaints, 1, from);
  sqlite3_bind_int64 (complaints, 2, to);
  _cg_store_bind_text (complaints, 3, street_code);
  while ((rc = sqlite3_step (complaints)) == SQLITE_ROW)
    {
      CgComplaintFacts f;
      const char *matter = (const char *) sqlite3_column_text (complaints, 4);

      f.requested_at = sqlite3_column_int64 (complaints, 0);
      f.closed_at = sqlite3_column_int64 (complaints, 1);
      f.deadline_at = sqlite3_column_int64 (complaints, 2);
      f.satisfaction = sqlite3_column_int (complaints, 3);
      f.matter_id = matter ? g_string_chunk_insert_const (strings, matter) : NULL;
      f.repeat_count = sqlite3_column_int (complaints, 5);
      g_array_append_val (complaint_facts, f);
    }
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_read_error (self, _("reading complaints"), error);
      return FALSE;
    }

  reg = cg_store_load_inspection_register (self, street_code, last, error);
  if (reg == NULL)
    return FALSE;

  cg_indicators_init (out, from, to);
  cg_indicators_add_cases (out, (CgCaseFacts *) (void *) case_facts->data, case_facts->len);
  cg_indicators_add_complaints (out, (CgComplaintFacts *) (void *) complaint_facts->data,
                                complaint_facts->len);
  cg_indicators_add_inspections (out, reg);

  return TRUE;
}

/* Worker-thread variants */

typedef struct
{
  char   *path;
  char   *street_code;
  CgDay   first;
  CgDay   last;
} RulesJob;

static void
rules_job_free (gpointer data)
{
  RulesJob *job = data;

  g_free (job->path);
  g_free (job->street_code);
  g_free (job);
}

static GTask *
rules_task_new (const char          *path,
                const char          *street_code,
                CgDay                first,
                CgDay                last,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  RulesJob *job = g_new0 (RulesJob, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_return_on_cancel (task, FALSE);
  job->path = g_strdup (path);
  job->street_code = g_strdup (street_code);
  job->first = first;
  job->last = last;
  g_task_set_task_data (task, job, rules_job_free);
  return task;
}

static void
load_register_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  RulesJob *job = task_data;
  g_autoptr(CgStore) store = _cg_store_open_for_task (task, job->path);
  g_autoptr(GError) error = NULL;
  CgInspectionRegister *reg;

  if (store == NULL)
    return;
  reg = cg_store_load_inspection_register (store, job->street_code, job->last, &error);
  if (reg == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, reg, (GDestroyNotify) cg_inspection_register_free);
}

void
cg_store_load_inspection_register_async (const char          *path,
                                         const char          *street_code,
                                         CgDay                until,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = rules_task_new (path, street_code, until, until, cancellable, callback, user_data,
                         cg_store_load_inspection_register_async);
  g_task_run_in_thread (task, load_register_thread);
}

CgInspectionRegister *
cg_store_load_inspection_register_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cg_store_load_inspection_register_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
indicators_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RulesJob *job = task_data;
  g_autoptr(CgStore) store = _cg_store_open_for_task (task, job->path);
  g_autoptr(GError) error = NULL;
  g_autofree CgIndicators *ind = g_new0 (CgIndicators, 1);

  if (store == NULL)
    return;
  if (!cg_store_compute_indicators (store, job->first, job->last, job->street_code, ind, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&ind), g_free);
}

void
cg_store_compute_indicators_async (const char          *path,
                                   CgDay                first,
                                   CgDay                last,
                                   const char          *street_code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (first <= last);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = rules_task_new (path, street_code, first, last, cancellable, callback, user_data,
                         cg_store_compute_indicators_async);
  g_task_run_in_thread (task, indicators_thread);
}

gboolean
cg_store_compute_indicators_finish (GAsyncResult  *result,
                                    CgIndicators  *out,
                                    GError       **error)
{
  g_autofree CgIndicators *ind = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cg_store_compute_indicators_async, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  ind = g_task_propagate_pointer (G_TASK (result), error);
  if (ind == NULL)
    return FALSE;
  *out = *ind;
  return TRUE;
}
