/* cg-store-complaints.c: the complaint queue and a matter's history from the cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <math.h>

#include "cg-store-complaints.h"
#include "cg-store-private.h"

#define COMPLAINT_COLUMNS \
  "id, service_code, service_name, description, status, status_notes, agency_responsible, " \
  "requested_at, updated_at, expected_at, address, lon, lat, street_code, matter_id, " \
  "repeat_count, satisfaction, deadline_at, responded_at"

static gboolean
is_closed (const CgComplaint *complaint)
{
  return g_strcmp0 (complaint->status, "closed") == 0;
}

int
cg_complaint_get_urgency (const CgComplaint *complaint,
                          gint64             now)
{
  int urgency = 0;

  g_return_val_if_fail (complaint != NULL, 0);

  if (is_closed (complaint))
    return -1;
  if (complaint->deadline_at > 0 && complaint->deadline_at - now < CG_COMPLAINT_DEADLINE_SOON_S)
    urgency++;
  if (complaint->repeat_count >= CG_COMPLAINT_REPEAT_FLAG)
    urgency++;
  if (complaint->satisfaction == 0)
    urgency++;

  return urgency;
}

int
cg_complaint_compare_urgency (const CgComplaint *a,
                              const CgComplaint *b,
                              gint64             now)
{
  int ua = cg_complaint_get_urgency (a, now);
  int ub = cg_complaint_get_urgency (b, now);

  if (ua != ub)
    return ua > ub ? -1 : 1;
  if (a->deadline_at != b->deadline_at)
    {
      if (a->deadline_at == 0)
        return 1;
      if (b->deadline_at == 0)
        return -1;
      return a->deadline_at < b->deadline_at ? -1 : 1;
    }
  if (a->requested_at != b->requested_at)
    return a->requested_at > b->requested_at ? -1 : 1;

  return g_strcmp0 (a->id, b->id);
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return cg_complaint_compare_urgency (*(CgComplaint * const *) a, *(CgComplaint * const *) b,
                                       *(gint64 *) user_data);
}

void
cg_complaints_sort_queue (GPtrArray *complaints,
                          gint64     now)
{
  g_return_if_fail (complaints != NULL);

  g_ptr_array_sort_with_data (complaints, compare_cb, &now);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);

  return text ? g_strdup ((const char *) text) : NULL;
}

static CgComplaint *
read_row (sqlite3_stmt *stmt)
{
  CgComplaint *c = cg_complaint_new ();

  c->id = dup_text (stmt, 0);
  c->service_code = dup_text (stmt, 1);
  c->service_name = dup_text (stmt, 2);
  c->description = dup_text (stmt, 3);
  c->status = dup_text (stmt, 4);
  c->status_notes = dup_text (stmt, 5);
  c->agency_responsible = dup_text (stmt, 6);
  c->requested_at = sqlite3_column_int64 (stmt, 7);
  c->updated_at = sqlite3_column_int64 (stmt, 8);
  c->expected_at = sqlite3_column_int64 (stmt, 9);
  c->address = dup_text (stmt, 10);
  c->lon = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 11);
  c->lat = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 12);
  c->street_code = dup_text (stmt, 13);
  c->matter_id = dup_text (stmt, 14);
  c->repeat_count = sqlite3_column_int (stmt, 15);
  c->satisfaction = sqlite3_column_int (stmt, 16);
  c->deadline_at = sqlite3_column_int64 (stmt, 17);
  c->responded_at = sqlite3_column_int64 (stmt, 18);

  return c;
}

static GPtrArray *
run_query (CgStore     *self,
           const char  *sql,
           gint64       i1,
           gint64       i2,
           const char  *text,
           GError     **error)
{
  sqlite3 *db = _cg_store_get_db (self);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_complaint_free);
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
                   "Cannot read the complaints: %s", sqlite3_errmsg (db));
      return NULL;
    }
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    {
      sqlite3_bind_int64 (stmt, 1, i1);
      sqlite3_bind_int64 (stmt, 2, i2);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, read_row (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
                   "Cannot read the complaints: %s", sqlite3_errmsg (db));
      return NULL;
    }

  return g_steal_pointer (&result);
}

GPtrArray *
cg_store_load_complaints (CgStore  *self,
                          gint64    since,
                          guint     limit,
                          gint64    now,
                          GError  **error)
{
  GPtrArray *result;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  result = run_query (self,
                      "SELECT " COMPLAINT_COLUMNS " FROM complaints"
                      " WHERE requested_at >= ?1 ORDER BY requested_at DESC LIMIT ?2",
                      since, limit > 0 ? (gint64) limit : -1, NULL, error);
  if (result != NULL)
    cg_complaints_sort_queue (result, now);

  return result;
}

GPtrArray *
cg_store_load_matter_history (CgStore     *self,
                              const char  *matter_id,
                              GError     **error)
{
  g_return_val_if_fail (CG_IS_STORE (self), NULL);

  if (matter_id == NULL || *matter_id == '\0')
    return g_ptr_array_new_with_free_func ((GDestroyNotify) cg_complaint_free);

  return run_query (self,
                    "SELECT " COMPLAINT_COLUMNS " FROM complaints"
                    " WHERE matter_id = ?1 ORDER BY requested_at, id",
                    0, 0, matter_id, error);
}
