/* cg-chart-data.h: what a chart shows, in plain C (no GTK)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Categories (x axis, donut slices, heat-grid columns) with labels, optional colours and keys;
 * series (bar groups, lines, heat-grid rows) of doubles, one per category; NaN is "no value".
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} CgChartColor;

gboolean cg_chart_color_parse (CgChartColor *color,
                               const char   *spec);
void     cg_chart_color_mix   (CgChartColor       *out,
                               const CgChartColor *a,
                               const CgChartColor *b,
                               double              t);

typedef enum
{
  CG_CHART_FORMAT_NUMBER,    /* 12,345 */
  CG_CHART_FORMAT_PERCENT,   /* values are fractions: 0.452 -> 45.2% */
} CgChartFormat;

#define CG_TYPE_CHART_DATA (cg_chart_data_get_type ())

typedef struct _CgChartData CgChartData;

GType         cg_chart_data_get_type          (void) G_GNUC_CONST;
CgChartData  *cg_chart_data_new               (const char         *title);
CgChartData  *cg_chart_data_ref               (CgChartData        *self);
void          cg_chart_data_unref             (CgChartData        *self);

const char   *cg_chart_data_get_title         (const CgChartData  *self);
void          cg_chart_data_set_title         (CgChartData        *self,
                                               const char         *title);
const char   *cg_chart_data_get_empty_message (const CgChartData  *self);
void          cg_chart_data_set_empty_message (CgChartData        *self,
                                               const char         *message);
void          cg_chart_data_set_format        (CgChartData        *self,
                                               CgChartFormat       format,
                                               guint               decimals,
                                               const char         *unit);
CgChartFormat cg_chart_data_get_format        (const CgChartData  *self);
guint         cg_chart_data_get_decimals      (const CgChartData  *self);
const char   *cg_chart_data_get_unit          (const CgChartData  *self);
void          cg_chart_data_set_stacked       (CgChartData        *self,
                                               gboolean            stacked);
gboolean      cg_chart_data_get_stacked       (const CgChartData  *self);

guint         cg_chart_data_add_category      (CgChartData        *self,
                                               const char         *label);
guint         cg_chart_data_get_n_categories  (const CgChartData  *self);
const char   *cg_chart_data_get_category_label (const CgChartData *self,
                                               guint               category);
void          cg_chart_data_set_category_key  (CgChartData        *self,
                                               guint               category,
                                               const char         *key);
const char   *cg_chart_data_get_category_key  (const CgChartData  *self,
                                               guint               category);
void          cg_chart_data_set_category_color (CgChartData       *self,
                                               guint               category,
                                               const CgChartColor *color);
gboolean      cg_chart_data_get_category_color (const CgChartData *self,
                                               guint               category,
                                               CgChartColor       *color);

guint         cg_chart_data_add_series        (CgChartData        *self,
                                               const char         *name);
guint         cg_chart_data_get_n_series      (const CgChartData  *self);
const char   *cg_chart_data_get_series_name   (const CgChartData  *self,
                                               guint               series);
void          cg_chart_data_set_series_color  (CgChartData        *self,
                                               guint               series,
                                               const CgChartColor *color);
gboolean      cg_chart_data_get_series_color  (const CgChartData  *self,
                                               guint               series,
                                               CgChartColor       *color);

void          cg_chart_data_set_value         (CgChartData        *self,
                                               guint               series,
                                               guint               category,
                                               double              value);
double        cg_chart_data_get_value         (const CgChartData  *self,
                                               guint               series,
                                               guint               category);

gboolean      cg_chart_data_is_empty          (const CgChartData  *self);
double        cg_chart_data_get_total         (const CgChartData  *self,
                                               guint               series);
void          cg_chart_data_get_range         (const CgChartData  *self,
                                               gboolean            stacked,
                                               double             *min,
                                               double             *max);
char         *cg_chart_data_format_value      (const CgChartData  *self,
                                               double              value);
char         *cg_chart_data_describe_item     (const CgChartData  *self,
                                               guint               series,
                                               guint               category);
char         *cg_chart_data_summarize         (const CgChartData  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgChartData, cg_chart_data_unref)

G_END_DECLS
