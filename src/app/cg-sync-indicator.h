/* cg-sync-indicator.h: the sync status in the header bar
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cg-sync.h"

G_BEGIN_DECLS

#define CG_TYPE_SYNC_INDICATOR (cg_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CgSyncIndicator, cg_sync_indicator, CG, SYNC_INDICATOR, GtkWidget)

GtkWidget  *cg_sync_indicator_new      (void);
/* (nullable): the sync to follow; the indicator follows a replacement */
void        cg_sync_indicator_set_sync (CgSyncIndicator *self,
                                        CgSync          *sync);
CgSync     *cg_sync_indicator_get_sync (CgSyncIndicator *self);
/* The text shown ("Updated 10:42", "Syncing… 45%", "Offline") */
const char *cg_sync_indicator_get_text (CgSyncIndicator *self);

G_END_DECLS
