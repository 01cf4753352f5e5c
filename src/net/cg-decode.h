/* cg-decode.h: decoders for the city API's pages (GeoJSON, items, Open311)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-records.h"

G_BEGIN_DECLS

#define CG_DECODE_ERROR (cg_decode_error_quark ())

typedef enum
{
  CG_DECODE_ERROR_INVALID_JSON,   /* not JSON at all, or truncated */
  CG_DECODE_ERROR_BAD_SHAPE,      /* JSON, but not the document the endpoint promises */
} CgDecodeError;

GQuark cg_decode_error_quark (void);

/* Why a record was skipped. Stable names (used in logs, stats and tests). */
typedef enum
{
  CG_SKIP_MISSING_ID,             /* "missing-id" */
  CG_SKIP_WRONG_TYPE,             /* "wrong-type": a member has the wrong JSON type */
  CG_SKIP_BAD_GEOMETRY,           /* "bad-geometry": no Point / not two numbers */
  CG_SKIP_OUT_OF_RANGE,           /* "out-of-range": coordinates outside China */
  CG_SKIP_UNKNOWN_RISK,           /* "unknown-risk" */
  CG_SKIP_BAD_TIME,               /* "bad-time": unparsable required time */
  CG_SKIP_BAD_VALUE,              /* "bad-value": an enum member with an unknown value */
  CG_N_SKIP_REASONS
} CgSkipReason;

const char *cg_skip_reason_to_string (CgSkipReason reason);
/* Translated sentence for users */
const char *cg_skip_reason_get_title (CgSkipReason reason);

typedef struct
{
  CgCollection  collection;
  GPtrArray    *records;                      /* of the collection's record type; owns them */
  char         *cursor;                       /* top-level "cursor", NULL if absent */
  gboolean      more;                         /* top-level "more" */
  guint         n_skipped;
  guint         skipped[CG_N_SKIP_REASONS];   /* per reason */
  char         *first_skip_detail;            /* e.g. "feature 17 (id \"m-9\"): out-of-range" or NULL */
} CgPage;

void     cg_page_free (CgPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgPage, cg_page_free)

/* Decodes one page of any collection. Merchants, sites and points: a GeoJSON
 * FeatureCollection with "cursor"/"more". Officers, inspections and cases: {"items": [...],
 * "cursor", "more"}. Complaints: Open311 GeoReport v2 requests.json, either the spec's
 * array root or {"service_requests": [...]}; for complaints "cursor" is the largest
 * updated_datetime seen (RFC 3339) and "more" is set by the caller.
 * Invalid JSON or a wrong document shape: NULL and @error (the whole page is rejected).
 * Invalid records: skipped and counted; the rest is returned. Thread-safe. */
CgPage  *cg_decode_page (CgCollection   collection,
                         const char    *data,
                         gsize          length,
                         GError       **error);

/* Error body of the city API: {"error": {"code": "...", "message": "..."}} or
 * {"message": "..."}; returns the message or NULL. */
char    *cg_decode_error_message (const char *data,
                                  gsize       length);

G_END_DECLS
