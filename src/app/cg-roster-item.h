/* cg-roster-item.h: one row of the officers and vehicles list: a squad or a device
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CG_TYPE_ROSTER_ITEM (cg_roster_item_get_type ())
G_DECLARE_FINAL_TYPE (CgRosterItem, cg_roster_item, CG, ROSTER_ITEM, GObject)

/* A squad (@device_id 0) with its devices as children, or a device (no children) */
CgRosterItem *cg_roster_item_new          (gint64         group_id,
                                           gint64         device_id);

gboolean      cg_roster_item_is_squad     (CgRosterItem  *self);
gint64        cg_roster_item_get_group_id (CgRosterItem  *self);
gint64        cg_roster_item_get_device_id (CgRosterItem *self);
/* The squad's devices (GListStore of CgRosterItem), NULL for a device */
GListStore   *cg_roster_item_get_children (CgRosterItem  *self);

/* "title" and "subtitle" (notify only on change) */
const char   *cg_roster_item_get_title    (CgRosterItem  *self);
void          cg_roster_item_set_title    (CgRosterItem  *self,
                                           const char    *title);
const char   *cg_roster_item_get_subtitle (CgRosterItem  *self);
void          cg_roster_item_set_subtitle (CgRosterItem  *self,
                                           const char    *subtitle);

/* Squads: devices on duty (online or stale), moving, offline */
void          cg_roster_item_set_counts   (CgRosterItem  *self,
                                           guint          on_duty,
                                           guint          moving,
                                           guint          offline);
void          cg_roster_item_get_counts   (CgRosterItem  *self,
                                           guint         *on_duty,
                                           guint         *moving,
                                           guint         *offline);
/* Devices: the state for the row's colour (CgUnitState) */
int           cg_roster_item_get_state    (CgRosterItem  *self);
void          cg_roster_item_set_state    (CgRosterItem  *self,
                                           int            state);

G_END_DECLS
