/* cg-district.h: a district's outline and its streets (街镇), from embedded data
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double lon;   /* WGS-84 */
  double lat;
} CgLonLat;

/* A closed ring (first point not repeated at the end) */
typedef struct
{
  CgLonLat *points;
  guint     n_points;
} CgRing;

typedef struct
{
  char     *code;        /* 9 digits, e.g. "310107005" */
  char     *name;        /* "曹杨新村街道" */
  char     *squad_name;  /* "曹杨新村街道中队" */
  CgLonLat  center;      /* a point inside the street's area */
  CgRing   *rings;       /* approximate area (see tools/gen-districts.mjs), outer rings */
  guint     n_rings;
} CgStreet;

typedef struct _CgDistrict CgDistrict;

/* Shanghai's 16 districts are embedded, by 6-digit code ("310107") or by name
 * ("普陀区" or pinyin "putuo"). NULL + G_IO_ERROR_NOT_FOUND for others. */
CgDistrict     *cg_district_load              (const char  *code_or_name,
                                               GError     **error);
CgDistrict     *cg_district_ref               (CgDistrict  *self);
void            cg_district_unref             (CgDistrict  *self);

/* The codes of every embedded district, NULL-terminated, static */
const char * const *cg_district_list_codes    (void);

const char     *cg_district_get_code          (CgDistrict  *self);
const char     *cg_district_get_name          (CgDistrict  *self);
const char     *cg_district_get_city_name     (CgDistrict  *self);   /* "上海市" */
const char     *cg_district_get_pinyin        (CgDistrict  *self);   /* "putuo" */
CgLonLat        cg_district_get_center        (CgDistrict  *self);
void            cg_district_get_bounds        (CgDistrict  *self,
                                               double      *min_lon,
                                               double      *min_lat,
                                               double      *max_lon,
                                               double      *max_lat);

guint           cg_district_get_n_rings       (CgDistrict  *self);
const CgRing   *cg_district_get_ring          (CgDistrict  *self,
                                               guint        index);

guint           cg_district_get_n_streets     (CgDistrict  *self);
const CgStreet *cg_district_get_street        (CgDistrict  *self,
                                               guint        index);
const CgStreet *cg_district_lookup_street     (CgDistrict  *self,
                                               const char  *code);
/* index of the street @code in the list, or -1 */
int             cg_district_street_index      (CgDistrict  *self,
                                               const char  *code);
/* NULL-terminated street codes in list order (transfer container: free with g_free) */
const char    **cg_district_dup_street_codes  (CgDistrict  *self);

gboolean        cg_district_contains          (CgDistrict  *self,
                                               double       lon,
                                               double       lat);
/* The street whose area holds the point, or NULL outside the district */
const CgStreet *cg_district_street_at         (CgDistrict  *self,
                                               double       lon,
                                               double       lat);

/* Point in ring (even-odd), exposed for tests */
gboolean        cg_ring_contains              (const CgRing *ring,
                                               double        lon,
                                               double        lat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDistrict, cg_district_unref)

G_END_DECLS
