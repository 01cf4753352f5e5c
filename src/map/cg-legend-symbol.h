/* cg-legend-symbol.h: one map symbol as a small widget, for the legend
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CG_TYPE_LEGEND_SYMBOL (cg_legend_symbol_get_type ())
G_DECLARE_FINAL_TYPE (CgLegendSymbol, cg_legend_symbol, CG, LEGEND_SYMBOL, GtkWidget)

G_END_DECLS
