/* cg-store-rules.h: read-only queries feeding the rules, draws and indicators
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call reads the cache and returns plain data; none writes. They may take a second
 * on a whole city, so the UI calls them on a worker thread with its own CgStore
 * (cg_store_open() on the same path), as cg-store.h says.
 */

#pragma once

#include "cg-draw.h"
#include "cg-indicators.h"
#include "cg-inspection-rules.h"
#include "cg-store.h"

G_BEGIN_DECLS

/* Every graded merchant and site (risk > 0), optionally of one street, ordered by id,
 * with the days of their inspections up to and including @until (every kind).
 * The cache keeps only the current grade (the API has no grade history), so each target
 * gets one grade in force since before its known history; history_start is the day of
 * the earliest inspection in the cache (CG_DAY_NONE when there is none).
 * (transfer full) */
CgInspectionRegister *cg_store_load_inspection_register (CgStore      *self,
                                                         const char   *street_code,
                                                         CgDay         until,
                                                         GError      **error);

/* Where every graded merchant and site stands on @date: target id -> CgInspectionState
 * (keys and values owned by the table). Reads the register kept in memory between calls
 * (the dashboards' one, cg-store-register-cache.h) and reads the database again only when
 * the cache was written since; one read transaction. Slow on a whole city the first time:
 * call it on a worker thread with a CgStore of that thread. (transfer full) */
GHashTable           *cg_store_evaluate_inspection_states (CgStore     *self,
                                                           CgDay        date,
                                                           GError     **error);

/* Whether any merchant, site or officer of the cache has this street code. */
gboolean              cg_store_has_street               (CgStore      *self,
                                                         const char   *street_code,
                                                         gboolean     *out_exists,
                                                         GError      **error);

/* The target register for a double-random draw: merchants and sites (graded or not),
 * optionally of one street and one type ("merchant" | "site"). GPtrArray of CgDrawItem. */
GPtrArray            *cg_store_load_draw_targets        (CgStore      *self,
                                                         const char   *street_code,
                                                         const char   *target_type,
                                                         GError      **error);
/* The inspector register: the cache's officers, optionally of one street's squad. */
GPtrArray            *cg_store_load_draw_inspectors     (CgStore      *self,
                                                         const char   *street_code,
                                                         GError      **error);
/* Cases filed on Shanghai days [@first, @last], optionally of one street (CgDrawItem:
 * name = case_no, detail = filing date). */
GPtrArray            *cg_store_load_draw_cases          (CgStore      *self,
                                                         CgDay         first,
                                                         CgDay         last,
                                                         const char   *street_code,
                                                         GError      **error);

/* Every indicator over Shanghai days [@first, @last], optionally of one street. */
gboolean              cg_store_compute_indicators       (CgStore      *self,
                                                         CgDay         first,
                                                         CgDay         last,
                                                         const char   *street_code,
                                                         CgIndicators *out,
                                                         GError      **error);

/* The same on a worker thread, on a connection of its own to the cache at @path (the
 * calling thread's CgStore is not touched). Cancelling before the thread starts gives
 * G_IO_ERROR_CANCELLED. */
void                  cg_store_load_inspection_register_async  (const char          *path,
                                                                const char          *street_code,
                                                                CgDay                until,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
/* (transfer full) */
CgInspectionRegister *cg_store_load_inspection_register_finish (GAsyncResult        *result,
                                                                GError             **error);

void                  cg_store_compute_indicators_async        (const char          *path,
                                                                CgDay                first,
                                                                CgDay                last,
                                                                const char          *street_code,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean              cg_store_compute_indicators_finish       (GAsyncResult        *result,
                                                                CgIndicators        *out,
                                                                GError             **error);

G_END_DECLS
