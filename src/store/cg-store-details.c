/* cg-store-details.c: what the map's details panel lists about one place
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists for one object, newest first. They are meant for worker threads (each on its own
 * CgStore); nothing here runs on the UI thread. Inspections use the index (target_id,
 * inspected_at) of schema 3. Cases carry target_id (the merchant or site id when known,
 * docs/city-api.md), but schema 3 has no index on it: the query scans the cases table
 * (about 20 ms for 200,000 cases, measured in cg-store-migrations.c), which is fine off the
 * main thread. Adding that index is a migration, left to the owners of migrations 4-6.
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-store-private.h"

static gboolean
prepare (CgStore       *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (_cg_store_get_db (self), sql, -1, stmt, NULL) == SQLITE_OK)
    return TRUE;
  _cg_store_set_read_error (self, _("reading details"), error);
  return FALSE;
}

static gboolean
step_error (CgStore       *self,
            int            rc,
            GError       **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  _cg_store_set_read_error (self, _("reading details"), error);
  return FALSE;
}

static char *
col_str (sqlite3_stmt *stmt,
         int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

GPtrArray *
cg_store_list_inspections (CgStore     *self,
                           const char  *target_id,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) out = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (target_id != NULL, NULL);

  if (!prepare (self,
                "SELECT id, target_type, target_id, officer_id, inspected_at, kind, result,\n"
                "       street_code, updated_at\n"
                "FROM inspections WHERE target_id = ?1\n"
                "ORDER BY inspected_at DESC, id DESC LIMIT ?2", &stmt, error))
    return NULL;

  sqlite3_bind_text (stmt, 1, target_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_inspection_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgInspection *in = cg_inspection_new ();

      in->id = col_str (stmt, 0);
      in->target_type = col_str (stmt, 1);
      in->target_id = col_str (stmt, 2);
      in->officer_id = col_str (stmt, 3);
      in->inspected_at = sqlite3_column_int64 (stmt, 4);
      in->kind = col_str (stmt, 5);
      in->result = col_str (stmt, 6);
      in->street_code = col_str (stmt, 7);
      in->updated_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (out, in);
    }
  sqlite3_finalize (stmt);

  if (!step_error (self, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
cg_store_list_cases_for_target (CgStore     *self,
                                const char  *target_id,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(GPtrArray) out = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (target_id != NULL, NULL);

  if (!prepare (self,
                "SELECT id, case_no, type, cause, procedure, stage, filed_at, due_at, closed_at,\n"
                "       fine, exempt, non_site, street_code, lon, lat, officer_id, target_id,\n"
                "       updated_at\n"
                "FROM cases WHERE target_id = ?1\n"
                "ORDER BY filed_at DESC, id DESC LIMIT ?2", &stmt, error))
    return NULL;

  sqlite3_bind_text (stmt, 1, target_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_case_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CgCase *c = cg_case_new ();

      c->id = col_str (stmt, 0);
      c->case_no = col_str (stmt, 1);
      c->type = col_str (stmt, 2);
      c->cause = col_str (stmt, 3);
      c->procedure = col_str (stmt, 4);
      c->stage = col_str (stmt, 5);
      c->filed_at = sqlite3_column_int64 (stmt, 6);
      c->due_at = sqlite3_column_int64 (stmt, 7);
      c->closed_at = sqlite3_column_int64 (stmt, 8);
      c->fine = sqlite3_column_double (stmt, 9);
      c->exempt = sqlite3_column_int (stmt, 10) != 0;
      c->non_site = sqlite3_column_int (stmt, 11) != 0;
      c->street_code = col_str (stmt, 12);
      c->lon = sqlite3_column_double (stmt, 13);
      c->lat = sqlite3_column_double (stmt, 14);
      c->officer_id = col_str (stmt, 15);
      c->target_id = col_str (stmt, 16);
      c->updated_at = sqlite3_column_int64 (stmt, 17);
      g_ptr_array_add (out, c);
    }
  sqlite3_finalize (stmt);

  if (!step_error (self, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
cg_store_get_place_names (CgStore        *self,
                          const GArray   *points,
                          GError        **error)
{
  static const char *sql[3] = {
    "SELECT name FROM merchants WHERE pk = ?1",
    "SELECT name FROM sites WHERE pk = ?1",
    "SELECT name FROM enforcement_points WHERE pk = ?1",
  };
  sqlite3_stmt *stmts[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) out = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (points != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size ((GArray *) points) == sizeof (CgMapPoint), NULL);

  for (guint k = 0; k < 3 && ok; k++)
    ok = prepare (self, sql[k], &stmts[k], error);

  out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < points->len && ok; i++)
    {
      const CgMapPoint *mp = &g_array_index ((GArray *) points, CgMapPoint, i);
      sqlite3_stmt *stmt;
      int rc;

      if (mp->collection > CG_COLLECTION_POINTS)
        {
          g_ptr_array_add (out, NULL);
          continue;
        }
      stmt = stmts[mp->collection];
      sqlite3_bind_int64 (stmt, 1, mp->rowid);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (out, col_str (stmt, 0));
      else if (rc == SQLITE_DONE)
        g_ptr_array_add (out, NULL);
      else
        ok = step_error (self, rc, error);
      sqlite3_reset (stmt);
    }

  for (guint k = 0; k < 3; k++)
    sqlite3_finalize (stmts[k]);

  return ok ? g_steal_pointer (&out) : NULL;
}
