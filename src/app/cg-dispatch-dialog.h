/* cg-dispatch-dialog.h: choose the nearest available officers and vehicles and send them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-dispatch-client.h"
#include "cg-live-feed.h"

G_BEGIN_DECLS

#define CG_TYPE_DISPATCH_DIALOG (cg_dispatch_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CgDispatchDialog, cg_dispatch_dialog, CG, DISPATCH_DIALOG, AdwWindow)

/* Ranks the available units of @feed for (@lon, @lat) (WGS-84), leaving out those on an
 * unresolved dispatch of @client; the nearest is preselected. Sending makes one dispatch
 * for complaint @complaint_id (one Idempotency-Key per dialog, kept for a retry), emits
 * "sent" (const CgDispatch*) and closes. */
CgDispatchDialog *cg_dispatch_dialog_new            (GtkWindow        *parent,
                                                     CgLiveFeed       *feed,
                                                     CgDispatchClient *client,
                                                     const char       *complaint_id,
                                                     const char       *title,
                                                     double            lon,
                                                     double            lat);

/* The ranked candidates (tests): GArray of CgRankResult (transfer none) */
GArray           *cg_dispatch_dialog_get_candidates (CgDispatchDialog *self);
void              cg_dispatch_dialog_set_selected   (CgDispatchDialog *self,
                                                     guint             index,
                                                     gboolean          selected);
guint             cg_dispatch_dialog_get_n_selected (CgDispatchDialog *self);
/* What the Send button does */
void              cg_dispatch_dialog_send           (CgDispatchDialog *self);

/* Max candidates shown */
#define CG_DISPATCH_DIALOG_MAX 25

G_END_DECLS
