/* cg-store-complaints.h: the complaint queue and a matter's history from the cache
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-records.h"
#include "cg-store.h"

G_BEGIN_DECLS

/* A repeat count from which a complaint is flagged (the same matter complained about again) */
#define CG_COMPLAINT_REPEAT_FLAG 3
/* A deadline closer than this counts as pressing */
#define CG_COMPLAINT_DEADLINE_SOON_S (24 * 3600)

/* How pressing an open complaint is at @now: one point each for a deadline passed or
 * within CG_COMPLAINT_DEADLINE_SOON_S, a repeat count >= CG_COMPLAINT_REPEAT_FLAG and an
 * unsatisfied complainant (satisfaction 0); closed complaints score -1. */
int          cg_complaint_get_urgency      (const CgComplaint *complaint,
                                            gint64             now);
/* Queue order at @now: open first, higher urgency first, then the earlier deadline (none
 * last), then the newest, then by id. */
int          cg_complaint_compare_urgency  (const CgComplaint *a,
                                            const CgComplaint *b,
                                            gint64             now);
/* Sorts a GPtrArray of CgComplaint into queue order */
void         cg_complaints_sort_queue      (GPtrArray         *complaints,
                                            gint64             now);

/* Complaints requested at or after @since (unix seconds), at most @limit of the newest
 * (0 = all), in queue order at @now. (transfer full): GPtrArray of CgComplaint. */
GPtrArray   *cg_store_load_complaints      (CgStore           *self,
                                            gint64             since,
                                            guint              limit,
                                            gint64             now,
                                            GError           **error);
/* Every complaint of matter @matter_id, oldest first. (transfer full): GPtrArray of
 * CgComplaint (empty when there is none). */
GPtrArray   *cg_store_load_matter_history  (CgStore           *self,
                                            const char        *matter_id,
                                            GError           **error);

G_END_DECLS
