/* cg-place-labels.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-place-labels.h"

typedef struct
{
  const char *key;
  const char *label;
} Label;

static const char *
lookup (const Label *labels,
        gsize        n_labels,
        const char  *key)
{
  if (key == NULL)
    return NULL;
  for (gsize i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

const char *
cg_label_risk (CgRisk risk)
{
  switch (risk)
    {
    case CG_RISK_HIGH:
      return _("High risk");
    case CG_RISK_MEDIUM:
      return _("Medium risk");
    case CG_RISK_LOW:
      return _("Low risk");
    case CG_RISK_UNKNOWN:
    default:
      return _("Not graded");
    }
}

const char *
cg_label_kind (CgCollection  collection,
               const char   *category)
{
  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:
      return _("Street merchant");
    case CG_COLLECTION_SITES:
      return _("Construction site");
    case CG_COLLECTION_POINTS:
      if (g_strcmp0 (category, "checkpoint") == 0)
        return _("Enforcement checkpoint");
      return _("Enforcement camera");
    default:
      return cg_collection_get_title (collection);
    }
}

static const Label merchant_categories[] = {
  { "catering", N_("Catering") },
  { "retail", N_("Retail") },
  { "convenience", N_("Convenience store") },
  { "fruit_vegetable", N_("Fruit and vegetables") },
  { "car_repair", N_("Car repair") },
  { "car_wash", N_("Car wash") },
  { "express_delivery", N_("Express delivery") },
  { "beauty", N_("Beauty and hairdressing") },
  { "hotel", N_("Hotel") },
  { "entertainment", N_("Entertainment") },
  { "other", N_("Other") },
};

static const Label site_categories[] = {
  { "housing", N_("Housing") },
  { "public_building", N_("Public building") },
  { "municipal_works", N_("Municipal works") },
  { "demolition", N_("Demolition") },
};

static const Label point_categories[] = {
  { "camera", N_("Camera") },
  { "checkpoint", N_("Checkpoint") },
};

const char *
cg_label_category (CgCollection  collection,
                   const char   *category)
{
  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:
      return lookup (merchant_categories, G_N_ELEMENTS (merchant_categories), category);
    case CG_COLLECTION_SITES:
      return lookup (site_categories, G_N_ELEMENTS (site_categories), category);
    case CG_COLLECTION_POINTS:
      return lookup (point_categories, G_N_ELEMENTS (point_categories), category);
    default:
      return category;
    }
}

static const Label stages[] = {
  { "foundation", N_("Foundation") },
  { "structure", N_("Structure") },
  { "finishing", N_("Finishing") },
  { "completed", N_("Completed") },
};

const char *
cg_label_site_stage (const char *stage)
{
  return lookup (stages, G_N_ELEMENTS (stages), stage);
}

static const Label scenarios[] = {
  { "street_stall", N_("Unlicensed street stalls") },
  { "shop_overflow", N_("Shop-front overflow") },
  { "construction_waste", N_("Construction waste") },
  { "garbage_sorting", N_("Garbage sorting") },
  { "illegal_parking_bikes", N_("Illegally parked bicycles") },
  { "outdoor_advertising", N_("Outdoor advertising") },
  { "muck_truck", N_("Muck trucks") },
};

const char *
cg_label_point_scenario (const char *scenario)
{
  return lookup (scenarios, G_N_ELEMENTS (scenarios), scenario);
}

static const Label statuses[] = {
  { "active", N_("Active") },
  { "offline", N_("Offline") },
  { "planned", N_("Planned") },
};

const char *
cg_label_point_status (const char *status)
{
  return lookup (statuses, G_N_ELEMENTS (statuses), status);
}
