/* cg-dashboard-row.h: one row of a dashboard list, as an item of a GListModel
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists of the dashboards keep their items (and so GTK keeps their row widgets) when a
 * new result arrives: each item is pointed at the new table's row and emits "changed", and
 * the cells bound to it show the new text. Creating and destroying row widgets is what costs
 * (GTK 4.8 builds one for each of up to 200 items), setting a label's text does not.
 */

#pragma once

#include <glib-object.h>

#include "cg-dashboard.h"

G_BEGIN_DECLS

#define CG_TYPE_DASHBOARD_ROW (cg_dashboard_row_get_type ())
G_DECLARE_FINAL_TYPE (CgDashboardRow, cg_dashboard_row, CG, DASHBOARD_ROW, GObject)

CgDashboardRow   *cg_dashboard_row_new       (CgDashboardTable *table,
                                              guint             row);
/* Points the item at @row of @table; emits "changed" when it pointed elsewhere */
void              cg_dashboard_row_set       (CgDashboardRow   *self,
                                              CgDashboardTable *table,
                                              guint             row);
/* (transfer none) */
CgDashboardTable *cg_dashboard_row_get_table (CgDashboardRow   *self);
guint             cg_dashboard_row_get_row   (CgDashboardRow   *self);
/* The text of @column (nullable) */
const char       *cg_dashboard_row_get_cell  (CgDashboardRow   *self,
                                              guint             column);

G_END_DECLS
