/* cg-records.h: plain records shared by the decoders, the cache and the views
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The synced collections. The order is the order of a full sync. */
typedef enum
{
  CG_COLLECTION_MERCHANTS,
  CG_COLLECTION_SITES,
  CG_COLLECTION_POINTS,        /* non-site enforcement points */
  CG_COLLECTION_OFFICERS,      /* the register of officers (队员) and their squads */
  CG_COLLECTION_INSPECTIONS,
  CG_COLLECTION_CASES,
  CG_COLLECTION_COMPLAINTS,    /* Open311 service requests */
  CG_N_COLLECTIONS
} CgCollection;

typedef enum
{
  CG_RISK_UNKNOWN = 0,
  CG_RISK_LOW,
  CG_RISK_MEDIUM,
  CG_RISK_HIGH,
} CgRisk;

/* Stable machine names: "merchants", "sites", "enforcement-points", "officers",
 * "inspections", "cases", "complaints". Also the sync_state key and the API path segment. */
const char   *cg_collection_to_string   (CgCollection  collection);
gboolean      cg_collection_from_string (const char   *str,
                                         CgCollection *out);
/* Translated, user-visible name ("商户" / "Merchants"). */
const char   *cg_collection_get_title   (CgCollection  collection);
/* TRUE for merchants, sites and points (GeoJSON collections drawn on the map). */
gboolean      cg_collection_is_place    (CgCollection  collection);

/* "high" | "medium" | "low"; anything else is FALSE */
gboolean      cg_risk_from_string       (const char   *str,
                                         CgRisk       *out);
const char   *cg_risk_to_string         (CgRisk        risk); /* "unknown" for UNKNOWN */

/* A merchant, construction site or non-site enforcement point (one GeoJSON Feature).
 * Times are Unix seconds (UTC); 0 = absent. Strings may be NULL when absent. */
typedef struct
{
  char      *id;
  gboolean   deleted;          /* tombstone: only id (and updated_at) are meaningful */
  double     lon;              /* WGS-84 */
  double     lat;
  char      *name;
  char      *address;
  char      *street_code;
  char      *street_name;
  char      *category;         /* merchants: catering, retail, ...; sites: housing, ...; points: camera|checkpoint */
  CgRisk     risk;             /* points have no risk: UNKNOWN */
  char      *licence_no;
  gint64     updated_at;
  /* sites */
  char      *stage;            /* foundation|structure|finishing|completed */
  double     noise_db;         /* latest monitor reading, NAN when none */
  double     pm10;             /* µg/m³, NAN when none */
  gboolean   has_camera;
  /* enforcement points */
  char      *scenario;         /* e.g. street_stall, shop_overflow, construction_waste, ... */
  char      *status;           /* active | offline | planned */
} CgPlace;

typedef struct
{
  char      *id;
  gboolean   deleted;
  char      *target_type;      /* merchant | site */
  char      *target_id;
  char      *officer_id;
  gint64     inspected_at;
  char      *kind;             /* graded | double_random | special */
  char      *result;           /* pass | rectify | violation */
  char      *street_code;
  gint64     updated_at;
} CgInspection;

typedef struct
{
  char      *id;
  gboolean   deleted;
  char      *case_no;
  char      *type;             /* greening|city_appearance|municipal|environment|water|commerce|construction|property|planning */
  char      *cause;            /* street_stall|shop_overflow|construction_waste|garbage_sorting|... */
  char      *procedure;        /* simple | general */
  char      *stage;            /* filing|investigation|notice|decision|execution|closed */
  gint64     filed_at;
  gint64     due_at;
  gint64     closed_at;
  double     fine;             /* yuan */
  gboolean   exempt;
  gboolean   non_site;
  char      *street_code;
  double     lon;
  double     lat;
  char      *officer_id;
  char      *target_id;        /* merchant/site id when known */
  gint64     published_at;     /* publicity of the decision */
  gint64     discovered_at;    /* non-site: camera detection */
  gint64     reviewed_at;      /* non-site: review */
  gint64     executed_at;      /* non-site: execution */
  gint64     updated_at;
} CgCase;

/* An officer of the register (GET /api/v1/officers). */
typedef struct
{
  char      *id;
  gboolean   deleted;
  char      *name;
  char      *squad_id;
  char      *squad_name;
  char      *street_code;
  char      *role;             /* officer | squad_leader (NULL when absent) */
  gint64     traccar_device_id; /* the officer's Traccar device, -1 when none */
  gint64     updated_at;
} CgOfficer;

typedef struct
{
  char      *id;               /* service_request_id */
  gboolean   deleted;
  char      *service_code;
  char      *service_name;
  char      *description;
  char      *status;           /* open | closed | other values kept verbatim */
  char      *status_notes;
  char      *agency_responsible;
  gint64     requested_at;
  gint64     updated_at;
  gint64     expected_at;
  char      *address;
  double     lon;              /* NAN when absent */
  double     lat;
  /* 12345 hotline extensions */
  char      *street_code;
  char      *matter_id;        /* same matter = same matter_id */
  int        repeat_count;     /* complaints on the same matter so far, >= 1 */
  int        satisfaction;     /* -1 unknown, 0 unsatisfied, 1 basically satisfied, 2 satisfied */
  gint64     deadline_at;
  gint64     responded_at;
} CgComplaint;

CgPlace      *cg_place_new         (void);
void          cg_place_free        (CgPlace      *place);
CgInspection *cg_inspection_new    (void);
void          cg_inspection_free   (CgInspection *inspection);
CgCase       *cg_case_new          (void);
void          cg_case_free         (CgCase       *c);
CgComplaint  *cg_complaint_new     (void);
void          cg_complaint_free    (CgComplaint  *complaint);
CgOfficer    *cg_officer_new       (void);
void          cg_officer_free      (CgOfficer    *officer);

/* Frees a record of the given collection (for GPtrArray element free funcs). */
GDestroyNotify cg_collection_get_free_func (CgCollection collection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgPlace, cg_place_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgInspection, cg_inspection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgCase, cg_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgComplaint, cg_complaint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgOfficer, cg_officer_free)

/* RFC 3339 / ISO 8601 to Unix seconds; FALSE if unparsable. Accepts Z, +08:00, +0800. */
gboolean      cg_parse_time        (const char   *str,
                                    gint64       *out);
/* Unix seconds to RFC 3339 in UTC ("2026-11-23T03:04:05Z"); newly allocated. */
char         *cg_format_time       (gint64        t);

/* Mainland China and its waters, loosely: the range a valid coordinate must fall in. */
gboolean      cg_coords_in_china   (double        lon,
                                    double        lat);

G_END_DECLS
