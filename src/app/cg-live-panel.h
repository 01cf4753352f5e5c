/* cg-live-panel.h: the side panel of live operations
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-dispatch-client.h"
#include "cg-live-feed.h"
#include "cg-records.h"
#include "cg-roster.h"
#include "cg-store.h"

G_BEGIN_DECLS

#define CG_TYPE_LIVE_PANEL (cg_live_panel_get_type ())
G_DECLARE_FINAL_TYPE (CgLivePanel, cg_live_panel, CG, LIVE_PANEL, GtkWidget)

/* Three pages: officers and vehicles by squad (search, status filter; activating a unit
 * emits "follow-device" (gint64 device id)), the complaint queue (most urgent first; a row
 * opens its details with the matter's history and emits "dispatch-complaint"
 * (const CgComplaint*) when the dispatcher asks to send units), the dispatches with their
 * statuses. "new-complaint" (const CgComplaint*) is emitted for each complaint that
 * appeared since the previous reload (not on the first); "queue-changed" () after each reload. */
CgLivePanel *cg_live_panel_new                   (void);

void         cg_live_panel_set_feed              (CgLivePanel      *self,
                                                  CgLiveFeed       *feed);
void         cg_live_panel_set_store             (CgLivePanel      *self,
                                                  CgStore          *store);
void         cg_live_panel_set_dispatch_client   (CgLivePanel      *self,
                                                  CgDispatchClient *client);

/* Re-reads the complaint queue from the cache */
void         cg_live_panel_reload_complaints     (CgLivePanel      *self);
/* (transfer none) (nullable): the complaint with @id in the queue */
const CgComplaint *cg_live_panel_lookup_complaint (CgLivePanel     *self,
                                                  const char       *id);
/* (transfer none): the queue, CgComplaint in order */
GPtrArray   *cg_live_panel_get_complaints        (CgLivePanel      *self);
CgRoster    *cg_live_panel_get_roster            (CgLivePanel      *self);
guint        cg_live_panel_get_n_dispatch_rows   (CgLivePanel      *self);
/* "units", "complaints", "dispatches" */
void         cg_live_panel_show_page             (CgLivePanel      *self,
                                                  const char       *name);

/* The second line of a complaint's row in the queue (its time, address, flags and its latest
 * dispatch with status), NULL when not in the queue */
const char  *cg_live_panel_get_complaint_subtitle (CgLivePanel   *self,
                                                   const char    *id);

/* One line on the units of a dispatch (names from @feed where it knows the unit ids, else the
 * ids), its status and the time of its last change */
char        *cg_live_panel_describe_dispatch     (CgLiveFeed       *feed,
                                                  const CgDispatch *dispatch);

G_END_DECLS
