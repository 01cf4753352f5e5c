/* cg-chart.h: a chart widget (bar, line, donut or heat grid)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cg-chart-data.h"
#include "cg-chart-draw.h"

G_BEGIN_DECLS

#define CG_TYPE_CHART (cg_chart_get_type ())
G_DECLARE_FINAL_TYPE (CgChart, cg_chart, CG, CHART, GtkWidget)

GtkWidget             *cg_chart_new            (CgChartKind  kind);
CgChartKind            cg_chart_get_kind       (CgChart     *self);
void                   cg_chart_set_kind       (CgChart     *self,
                                                CgChartKind  kind);
CgChartData           *cg_chart_get_data       (CgChart     *self);
void                   cg_chart_set_data       (CgChart     *self,
                                                CgChartData *data);
gboolean               cg_chart_get_show_title (CgChart     *self);
void                   cg_chart_set_show_title (CgChart     *self,
                                                gboolean     show_title);
gboolean               cg_chart_get_cursor     (CgChart     *self,
                                                guint       *series,
                                                guint       *category);
gboolean               cg_chart_activate_at    (CgChart     *self,
                                                double       x,
                                                double       y);
gboolean               cg_chart_hover_at       (CgChart     *self,
                                                double       x,
                                                double       y);
char                  *cg_chart_get_tooltip_text (CgChart   *self);
const CgChartGeometry *cg_chart_get_geometry   (CgChart     *self);
char                  *cg_chart_get_summary    (CgChart     *self);

G_END_DECLS
