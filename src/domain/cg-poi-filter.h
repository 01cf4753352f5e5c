/* cg-poi-filter.h: which map objects to show (kinds, risk grades, streets, categories,
 * overdue only), and the category codes the filter works on
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C (no GTK): the layer and the legend use it, and the unit tests reach it without a
 * display.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CG_POI_FILTER_N_KINDS   3    /* merchants, sites, enforcement points (CgCollection) */
#define CG_POI_FILTER_N_RISKS   4    /* CgRisk */
#define CG_POI_FILTER_N_STREETS 64   /* CgMapPoint.street 0..63 (63 also stands for above) */

/* Kind k shows when bit (1 << k) of kinds is set; likewise for risks, streets and each
 * kind's categories. Risk grades apply to merchants and sites only: enforcement points carry
 * no grade and follow their kind and category alone. "Overdue only" keeps the inspection
 * targets marked overdue, so it hides every enforcement point. */
typedef struct
{
  guint    kinds;
  guint    risks;
  guint64  streets;
  guint32  categories[CG_POI_FILTER_N_KINDS];
  gboolean overdue_only;
} CgPoiFilter;

/* Everything shown */
void         cg_poi_filter_init_all          (CgPoiFilter       *filter);
gboolean     cg_poi_filter_is_all            (const CgPoiFilter *filter);
gboolean     cg_poi_filter_equal             (const CgPoiFilter *a,
                                              const CgPoiFilter *b);

/* @street: CgMapPoint.street (0 = unknown street); @category: a code from
 * cg_poi_category_from_string () */
static inline gboolean
cg_poi_filter_matches (const CgPoiFilter *filter,
                       guint              kind,
                       guint              risk,
                       guint              street,
                       guint              category,
                       gboolean           overdue)
{
  if (kind >= CG_POI_FILTER_N_KINDS || !(filter->kinds & (1u << kind)))
    return FALSE;
  if (kind != 2 && !(filter->risks & (1u << MIN (risk, CG_POI_FILTER_N_RISKS - 1))))
    return FALSE;
  if (!(filter->streets & (G_GUINT64_CONSTANT (1) << MIN (street, CG_POI_FILTER_N_STREETS - 1))))
    return FALSE;
  if (!(filter->categories[kind] & (1u << MIN (category, 31))))
    return FALSE;
  if (filter->overdue_only && (!overdue || kind == 2))
    return FALSE;
  return TRUE;
}

/* Categories per kind, as the API names them (docs/city-api.md); the last code of each kind
 * is "other", which also takes every value the API may add later. */
guint        cg_poi_category_get_n           (guint              kind);
/* (nullable): the API value of a code, NULL when out of range */
const char  *cg_poi_category_to_string       (guint              kind,
                                              guint              code);
guint8       cg_poi_category_from_string     (guint              kind,
                                              const char        *category);

G_END_DECLS
