/* cg-dashboard-row.c: one row of a dashboard list, as an item of a GListModel
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include "cg-dashboard-row.h"

struct _CgDashboardRow
{
  GObject           parent_instance;

  CgDashboardTable *table;
  guint             row;
};

G_DEFINE_FINAL_TYPE (CgDashboardRow, cg_dashboard_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cg_dashboard_row_finalize (GObject *object)
{
  CgDashboardRow *self = CG_DASHBOARD_ROW (object);

  g_clear_pointer (&self->table, cg_dashboard_table_unref);

  G_OBJECT_CLASS (cg_dashboard_row_parent_class)->finalize (object);
}

static void
cg_dashboard_row_class_init (CgDashboardRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cg_dashboard_row_finalize;

  /* The item points at another row (of another table): its cells changed */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cg_dashboard_row_init (CgDashboardRow *self)
{
}

CgDashboardRow *
cg_dashboard_row_new (CgDashboardTable *table,
                      guint             row)
{
  CgDashboardRow *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (CG_TYPE_DASHBOARD_ROW, NULL);
  self->table = cg_dashboard_table_ref (table);
  self->row = row;

  return self;
}

void
cg_dashboard_row_set (CgDashboardRow   *self,
                      CgDashboardTable *table,
                      guint             row)
{
  g_return_if_fail (CG_IS_DASHBOARD_ROW (self));
  g_return_if_fail (table != NULL);

  if (self->table == table && self->row == row)
    return;

  cg_dashboard_table_ref (table);
  g_clear_pointer (&self->table, cg_dashboard_table_unref);
  self->table = table;
  self->row = row;
  g_signal_emit (self, signals[CHANGED], 0);
}

CgDashboardTable *
cg_dashboard_row_get_table (CgDashboardRow *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARD_ROW (self), NULL);

  return self->table;
}

guint
cg_dashboard_row_get_row (CgDashboardRow *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARD_ROW (self), 0);

  return self->row;
}

const char *
cg_dashboard_row_get_cell (CgDashboardRow *self,
                           guint           column)
{
  g_return_val_if_fail (CG_IS_DASHBOARD_ROW (self), NULL);

  if (self->row >= cg_dashboard_table_get_n_rows (self->table) ||
      column >= cg_dashboard_table_get_n_columns (self->table))
    return NULL;
  return cg_dashboard_table_get_cell (self->table, self->row, column);
}
