/* cg-records.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-records"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cg-records.h"

static const char *collection_names[CG_N_COLLECTIONS] = {
  "merchants", "sites", "enforcement-points", "officers", "inspections", "cases", "complaints",
};

const char *
cg_collection_to_string (CgCollection collection)
{
  g_return_val_if_fail (collection < CG_N_COLLECTIONS, NULL);

  return collection_names[collection];
}

gboolean
cg_collection_from_string (const char   *str,
                           CgCollection *out)
{
  for (guint i = 0; i < CG_N_COLLECTIONS; i++)
    {
      if (g_strcmp0 (str, collection_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cg_collection_get_title (CgCollection collection)
{
  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:   return _("Merchants");
    case CG_COLLECTION_SITES:       return _("Construction sites");
    case CG_COLLECTION_POINTS:      return _("Enforcement points");
    case CG_COLLECTION_OFFICERS:    return _("Officers");
    case CG_COLLECTION_INSPECTIONS: return _("Inspections");
    case CG_COLLECTION_CASES:       return _("Cases");
    case CG_COLLECTION_COMPLAINTS:  return _("Complaints");
    case CG_N_COLLECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cg_collection_is_place (CgCollection collection)
{
  return collection == CG_COLLECTION_MERCHANTS ||
         collection == CG_COLLECTION_SITES ||
         collection == CG_COLLECTION_POINTS;
}

gboolean
cg_risk_from_string (const char *str,
                     CgRisk     *out)
{
  if (g_strcmp0 (str, "high") == 0)
    *out = CG_RISK_HIGH;
  else if (g_strcmp0 (str, "medium") == 0)
    *out = CG_RISK_MEDIUM;
  else if (g_strcmp0 (str, "low") == 0)
    *out = CG_RISK_LOW;
  else
    return FALSE;
  return TRUE;
}

const char *
cg_risk_to_string (CgRisk risk)
{
  switch (risk)
    {
    case CG_RISK_HIGH:   return "high";
    case CG_RISK_MEDIUM: return "medium";
    case CG_RISK_LOW:    return "low";
    case CG_RISK_UNKNOWN:
    default:             return "unknown";
    }
}

CgPlace *
cg_place_new (void)
{
  CgPlace *place = g_new0 (CgPlace, 1);

  place->noise_db = NAN;
  place->pm10 = NAN;
  return place;
}

void
cg_place_free (CgPlace *place)
{
  if (place == NULL)
    return;
  g_free (place->id);
  g_free (place->name);
  g_free (place->address);
  g_free (place->street_code);
  g_free (place->street_name);
  g_free (place->category);
  g_free (place->licence_no);
  g_free (place->stage);
  g_free (place->scenario);
  g_free (place->status);
  g_free (place);
}

CgInspection *
cg_inspection_new (void)
{
  return g_new0 (CgInspection, 1);
}

void
cg_inspection_free (CgInspection *inspection)
{
  if (inspection == NULL)
    return;
  g_free (inspection->id);
  g_free (inspection->target_type);
  g_free (inspection->target_id);
  g_free (inspection->officer_id);
  g_free (inspection->kind);
  g_free (inspection->result);
  g_free (inspection->street_code);
  g_free (inspection);
}

CgCase *
cg_case_new (void)
{
  CgCase *c = g_new0 (CgCase, 1);

  c->lon = NAN;
  c->lat = NAN;
  return c;
}

void
cg_case_free (CgCase *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->case_no);
  g_free (c->type);
  g_free (c->cause);
  g_free (c->procedure);
  g_free (c->stage);
  g_free (c->street_code);
  g_free (c->officer_id);
  g_free (c->target_id);
  g_free (c);
}

CgComplaint *
cg_complaint_new (void)
{
  CgComplaint *complaint = g_new0 (CgComplaint, 1);

  complaint->lon = NAN;
  complaint->lat = NAN;
  complaint->repeat_count = 1;
  complaint->satisfaction = -1;
  return complaint;
}

void
cg_complaint_free (CgComplaint *complaint)
{
  if (complaint == NULL)
    return;
  g_free (complaint->id);
  g_free (complaint->service_code);
  g_free (complaint->service_name);
  g_free (complaint->description);
  g_free (complaint->status);
  g_free (complaint->status_notes);
  g_free (complaint->agency_responsible);
  g_free (complaint->address);
  g_free (complaint->street_code);
  g_free (complaint->matter_id);
  g_free (complaint);
}

CgOfficer *
cg_officer_new (void)
{
  CgOfficer *officer = g_new0 (CgOfficer, 1);

  officer->traccar_device_id = -1;
  return officer;
}

void
cg_officer_free (CgOfficer *officer)
{
  if (officer == NULL)
    return;
  g_free (officer->id);
  g_free (officer->name);
  g_free (officer->squad_id);
  g_free (officer->squad_name);
  g_free (officer->street_code);
  g_free (officer->role);
  g_free (officer);
}

GDestroyNotify
cg_collection_get_free_func (CgCollection collection)
{
  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:
    case CG_COLLECTION_SITES:
    case CG_COLLECTION_POINTS:
      return (GDestroyNotify) cg_place_free;
    case CG_COLLECTION_OFFICERS:
      return (GDestroyNotify) cg_officer_free;
    case CG_COLLECTION_INSPECTIONS:
      return (GDestroyNotify) cg_inspection_free;
    case CG_COLLECTION_CASES:
      return (GDestroyNotify) cg_case_free;
    case CG_COLLECTION_COMPLAINTS:
      return (GDestroyNotify) cg_complaint_free;
    case CG_N_COLLECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cg_parse_time (const char *str,
               gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (str == NULL || *str == '\0')
    return FALSE;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    return FALSE;

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
cg_format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
cg_coords_in_china (double lon,
                    double lat)
{
  /* The bounding box used by the GCJ-02 transform: 73.66..135.05 E, 3.86..53.55 N */
  return isfinite (lon) && isfinite (lat) &&
         lon >= 73.66 && lon <= 135.05 &&
         lat >= 3.86 && lat <= 53.55;
}
