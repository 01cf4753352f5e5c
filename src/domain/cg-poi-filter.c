/* cg-poi-filter.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <string.h>

#include "cg-poi-filter.h"

static const char * const merchant_categories[] = {
  "catering", "retail", "convenience", "fruit_vegetable", "car_repair", "car_wash",
  "express_delivery", "beauty", "hotel", "entertainment", "other", NULL
};
static const char * const site_categories[] = {
  "housing", "public_building", "municipal_works", "demolition", "other", NULL
};
static const char * const point_categories[] = {
  "camera", "checkpoint", "other", NULL
};

static const char * const *categories[CG_POI_FILTER_N_KINDS] = {
  merchant_categories, site_categories, point_categories,
};

void
cg_poi_filter_init_all (CgPoiFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->kinds = (1u << CG_POI_FILTER_N_KINDS) - 1;
  filter->risks = (1u << CG_POI_FILTER_N_RISKS) - 1;
  filter->streets = G_MAXUINT64;
  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    filter->categories[k] = (1u << cg_poi_category_get_n (k)) - 1;
  filter->overdue_only = FALSE;
}

gboolean
cg_poi_filter_equal (const CgPoiFilter *a,
                     const CgPoiFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kinds != b->kinds || a->risks != b->risks || a->streets != b->streets ||
      !a->overdue_only != !b->overdue_only)
    return FALSE;
  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    if (a->categories[k] != b->categories[k])
      return FALSE;
  return TRUE;
}

gboolean
cg_poi_filter_is_all (const CgPoiFilter *filter)
{
  CgPoiFilter all;

  g_return_val_if_fail (filter != NULL, FALSE);

  cg_poi_filter_init_all (&all);
  return cg_poi_filter_equal (filter, &all);
}

guint
cg_poi_category_get_n (guint kind)
{
  guint n = 0;

  if (kind >= CG_POI_FILTER_N_KINDS)
    return 0;
  while (categories[kind][n] != NULL)
    n++;
  return n;
}

const char *
cg_poi_category_to_string (guint kind,
                           guint code)
{
  if (kind >= CG_POI_FILTER_N_KINDS || code >= cg_poi_category_get_n (kind))
    return NULL;
  return categories[kind][code];
}

guint8
cg_poi_category_from_string (guint       kind,
                             const char *category)
{
  guint n;

  if (kind >= CG_POI_FILTER_N_KINDS)
    return 0;

  n = cg_poi_category_get_n (kind);
  for (guint i = 0; category != NULL && i + 1 < n; i++)
    if (strcmp (categories[kind][i], category) == 0)
      return (guint8) i;

  return (guint8) (n - 1);
}
