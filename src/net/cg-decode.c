/* cg-decode.c: decoders for the city API's pages (GeoJSON, items, Open311)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-decode"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cg-decode.h"

/* Rules (docs/city-api.md; platform-notes §4 for json-glib's traps):
 * - Every member's JSON type is checked before it is read: json-glib's getters convert
 *   silently (get_int on 1.9 is 1, on "12" is 0). A member of the wrong type skips the
 *   record (wrong-type); an absent or null optional member is NULL/NAN/0.
 * - Integers: json-glib 1.6 wraps integers beyond 64 bits without an error. A negative
 *   integer id or repeat count is therefore refused; an integral double (2.0) is accepted
 *   where an integer is expected, a fractional one (1.9) is wrong-type.
 * - Checks run in a fixed order (id, tombstone, geometry, range, strings, enums, times),
 *   so a record with several faults is counted under the first.
 * - Nothing here touches global state: safe on any thread. */

G_DEFINE_QUARK (cg-decode-error-quark, cg_decode_error)

static const char *skip_names[CG_N_SKIP_REASONS] = {
  "missing-id", "wrong-type", "bad-geometry", "out-of-range", "unknown-risk", "bad-time",
  "bad-value",
};

const char *
cg_skip_reason_to_string (CgSkipReason reason)
{
  g_return_val_if_fail (reason < CG_N_SKIP_REASONS, NULL);

  return skip_names[reason];
}

const char *
cg_skip_reason_get_title (CgSkipReason reason)
{
  switch (reason)
    {
    case CG_SKIP_MISSING_ID:   return _("Records without an identifier");
    case CG_SKIP_WRONG_TYPE:   return _("Records with a field of the wrong type");
    case CG_SKIP_BAD_GEOMETRY: return _("Records without a valid point location");
    case CG_SKIP_OUT_OF_RANGE: return _("Records with coordinates outside China");
    case CG_SKIP_UNKNOWN_RISK: return _("Records with an unknown risk level");
    case CG_SKIP_BAD_TIME:     return _("Records with an unreadable time");
    case CG_SKIP_BAD_VALUE:    return _("Records with an unknown value");
    case CG_N_SKIP_REASONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
cg_page_free (CgPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_free (page->cursor);
  g_free (page->first_skip_detail);
  g_free (page);
}

/* ---- member readers ------------------------------------------------------------- */

/* Each reader returns TRUE on success, or FALSE with *reason set. */

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
read_string (JsonObject    *o,
             const char    *member,
             char         **out,
             CgSkipReason  *reason)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *reason = CG_SKIP_WRONG_TYPE;
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A JSON number as a double; NAN when absent or null. */
static gboolean
read_number (JsonObject   *o,
             const char   *member,
             double       *out,
             CgSkipReason *reason)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  *out = NAN;
  if (node_is_null (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    {
      *reason = CG_SKIP_WRONG_TYPE;
      return FALSE;
    }
  return TRUE;
}

/* A number, or a string holding exactly a decimal number (Open311's lat/long). */
static gboolean
read_number_or_numeric_string (JsonObject   *o,
                               const char   *member,
                               double       *out,
                               CgSkipReason *reason)
{
  JsonNode *node = json_object_get_member (o, member);

  if (!node_is_null (node) && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);
      char *end = NULL;
      double v;

      while (g_ascii_isspace (*str))
        str++;
      if (*str == '\0')
        {
          *out = NAN;          /* "" = absent */
          return TRUE;
        }
      errno = 0;
      v = g_ascii_strtod (str, &end);
      while (end && g_ascii_isspace (*end))
        end++;
      if (end == str || *end != '\0' || errno == ERANGE || !isfinite (v) ||
          g_ascii_isalpha (*str))                  /* "nan", "inf" */
        {
          *reason = CG_SKIP_WRONG_TYPE;
          return FALSE;
        }
      *out = v;
      return TRUE;
    }
  return read_number (o, member, out, reason);
}

/* An integer: a JSON integer, an integral double, or (when @allow_string) a string of
 * decimal digits. Absent/null leaves *out alone and sets *present FALSE. */
static gboolean
read_integer (JsonObject   *o,
              const char   *member,
              gboolean      allow_string,
              gint64       *out,
              gboolean     *present,
              CgSkipReason *reason)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  *present = FALSE;
  if (node_is_null (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 9007199254740992.0)
        {
          *reason = CG_SKIP_WRONG_TYPE;
          return FALSE;
        }
      *out = (gint64) d;
    }
  else if (type == G_TYPE_STRING && allow_string)
    {
      g_autoptr(GError) error = NULL;
      gint64 v;

      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                     &v, &error))
        {
          *reason = CG_SKIP_WRONG_TYPE;
          return FALSE;
        }
      *out = v;
    }
  else
    {
      *reason = CG_SKIP_WRONG_TYPE;
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

/* A JSON boolean; absent/null is FALSE. Any other value is bad-value (the boolean
 * members are closed enums of two values). */
static gboolean
read_bool (JsonObject   *o,
           const char   *member,
           gboolean     *out,
           CgSkipReason *reason)
{
  JsonNode *node = json_object_get_member (o, member);

  *out = FALSE;
  if (node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      *reason = CG_SKIP_BAD_VALUE;
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An RFC 3339 time. @required: absent, null or "" is bad-time; otherwise it is 0.
 * A non-string is wrong-type, an unparsable string bad-time. */
static gboolean
read_time (JsonObject   *o,
           const char   *member,
           gboolean      required,
           gint64       *out,
           CgSkipReason *reason)
{
  g_autofree char *str = NULL;

  *out = 0;
  if (!read_string (o, member, &str, reason))
    return FALSE;
  if (str == NULL || *str == '\0')
    {
      if (required)
        {
          *reason = CG_SKIP_BAD_TIME;
          return FALSE;
        }
      return TRUE;
    }
  if (!cg_parse_time (str, out))
    {
      *reason = CG_SKIP_BAD_TIME;
      return FALSE;
    }
  return TRUE;
}

/* A string member whose value, when present, must be one of @allowed. */
static gboolean
read_enum (JsonObject          *o,
           const char          *member,
           const char * const  *allowed,
           char               **out,
           CgSkipReason        *reason)
{
  if (!read_string (o, member, out, reason))
    return FALSE;
  if (*out != NULL && !g_strv_contains (allowed, *out))
    {
      *reason = CG_SKIP_BAD_VALUE;
      return FALSE;
    }
  return TRUE;
}

/* The record's id: a non-empty string or a non-negative JSON integer. */
static gboolean
read_id (JsonObject    *o,
         const char    *member,
         char         **out,
         CgSkipReason  *reason)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  if (node_is_null (node))
    {
      *reason = CG_SKIP_MISSING_ID;
      return FALSE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);

      if (str == NULL || *str == '\0')
        {
          *reason = CG_SKIP_MISSING_ID;
          return FALSE;
        }
      *out = g_strdup (str);
      return TRUE;
    }
  if (type == G_TYPE_INT64 && json_node_get_int (node) >= 0)
    {
      /* negative = a literal beyond 2^63 that json-glib wrapped */
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  *reason = CG_SKIP_WRONG_TYPE;
  return FALSE;
}

/* Best effort, for first_skip_detail only. */
static char *
peek_id (JsonObject *o,
         const char *member)
{
  JsonNode *node = o ? json_object_get_member (o, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* lon/lat both present (in China) or both absent (NAN). */
static gboolean
check_optional_location (double        lon,
                         double        lat,
                         CgSkipReason *reason)
{
  if (isnan (lon) && isnan (lat))
    return TRUE;
  if (isnan (lon) || isnan (lat) || !isfinite (lon) || !isfinite (lat))
    {
      *reason = CG_SKIP_BAD_GEOMETRY;
      return FALSE;
    }
  if (!cg_coords_in_china (lon, lat))
    {
      *reason = CG_SKIP_OUT_OF_RANGE;
      return FALSE;
    }
  return TRUE;
}

/* ---- records ---------------------------------------------------------------------- */

static gboolean
read_point (JsonObject   *feature,
            double       *lon,
            double       *lat,
            CgSkipReason *reason)
{
  JsonNode *node = json_object_get_member (feature, "geometry");
  JsonObject *geometry;
  JsonArray *coords;
  const char *type;

  *reason = CG_SKIP_BAD_GEOMETRY;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  geometry = json_node_get_object (node);

  node = json_object_get_member (geometry, "type");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  type = json_node_get_string (node);
  if (g_strcmp0 (type, "Point") != 0)
    return FALSE;

  node = json_object_get_member (geometry, "coordinates");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  coords = json_node_get_array (node);
  if (json_array_get_length (coords) < 2)
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *c = json_array_get_element (coords, i);
      GType t = JSON_NODE_HOLDS_VALUE (c) ? json_node_get_value_type (c) : G_TYPE_INVALID;
      double v;

      if (t == G_TYPE_DOUBLE)
        v = json_node_get_double (c);
      else if (t == G_TYPE_INT64)
        v = (double) json_node_get_int (c);
      else
        return FALSE;
      if (!isfinite (v))
        return FALSE;
      if (i == 0)
        *lon = v;
      else
        *lat = v;
    }

  if (!cg_coords_in_china (*lon, *lat))
    {
      *reason = CG_SKIP_OUT_OF_RANGE;
      return FALSE;
    }
  return TRUE;
}

static gpointer
decode_place (CgCollection  collection,
              JsonObject   *feature,
              CgSkipReason *reason)
{
  g_autoptr(CgPlace) p = cg_place_new ();
  g_autofree char *risk = NULL;
  JsonObject *props = NULL;
  JsonNode *node;

  if (!read_id (feature, "id", &p->id, reason))
    return NULL;

  node = json_object_get_member (feature, "properties");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    props = json_node_get_object (node);
  else if (!node_is_null (node))
    {
      *reason = CG_SKIP_WRONG_TYPE;
      return NULL;
    }

  if (props != NULL)
    {
      if (!read_bool (props, "deleted", &p->deleted, reason))
        return NULL;
    }

  if (p->deleted)
    {
      /* A tombstone needs only its id; its time is kept when readable. */
      if (!read_time (props, "updated_at", FALSE, &p->updated_at, reason))
        p->updated_at = 0;
      return g_steal_pointer (&p);
    }

  if (!read_point (feature, &p->lon, &p->lat, reason))
    return NULL;

  if (props == NULL)
    {
      /* Not a tombstone and nothing known about it: no risk, no time. */
      *reason = collection == CG_COLLECTION_POINTS ? CG_SKIP_BAD_TIME : CG_SKIP_UNKNOWN_RISK;
      return NULL;
    }

  if (!read_string (props, "name", &p->name, reason) ||
      !read_string (props, "address", &p->address, reason) ||
      !read_string (props, "street_code", &p->street_code, reason) ||
      !read_string (props, "street_name", &p->street_name, reason) ||
      !read_string (props, "category", &p->category, reason) ||
      !read_string (props, "licence_no", &p->licence_no, reason) ||
      !read_string (props, "risk_level", &risk, reason))
    return NULL;

  if (risk == NULL)
    {
      if (collection != CG_COLLECTION_POINTS)
        {
          *reason = CG_SKIP_UNKNOWN_RISK;
          return NULL;
        }
      p->risk = CG_RISK_UNKNOWN;
    }
  else if (!cg_risk_from_string (risk, &p->risk))
    {
      *reason = CG_SKIP_UNKNOWN_RISK;
      return NULL;
    }

  if (!read_time (props, "updated_at", TRUE, &p->updated_at, reason))
    return NULL;

  if (collection == CG_COLLECTION_SITES)
    {
      if (!read_string (props, "stage", &p->stage, reason) ||
          !read_number (props, "noise_db", &p->noise_db, reason) ||
          !read_number (props, "pm10", &p->pm10, reason) ||
          !read_bool (props, "has_camera", &p->has_camera, reason))
        return NULL;
    }
  else if (collection == CG_COLLECTION_POINTS)
    {
      if (!read_string (props, "scenario", &p->scenario, reason) ||
          !read_string (props, "status", &p->status, reason))
        return NULL;
    }

  return g_steal_pointer (&p);
}

static const char * const target_types[] = { "merchant", "site", NULL };
static const char * const inspection_kinds[] = { "graded", "double_random", "special", NULL };
static const char * const procedures[] = { "simple", "general", NULL };
static const char * const case_stages[] = {
  "filing", "investigation", "notice", "decision", "execution", "closed", NULL
};
static const char * const officer_roles[] = { "officer", "squad_leader", NULL };

static gpointer
decode_inspection (JsonObject   *o,
                   CgSkipReason *reason)
{
  g_autoptr(CgInspection) r = cg_inspection_new ();

  if (!read_id (o, "id", &r->id, reason) ||
      !read_bool (o, "deleted", &r->deleted, reason))
    return NULL;
  if (r->deleted)
    return g_steal_pointer (&r);

  if (!read_enum (o, "target_type", target_types, &r->target_type, reason) ||
      !read_string (o, "target_id", &r->target_id, reason) ||
      !read_string (o, "officer_id", &r->officer_id, reason) ||
      !read_enum (o, "kind", inspection_kinds, &r->kind, reason) ||
      !read_string (o, "result", &r->result, reason) ||
      !read_string (o, "street_code", &r->street_code, reason) ||
      !read_time (o, "inspected_at", TRUE, &r->inspected_at, reason) ||
      !read_time (o, "updated_at", FALSE, &r->updated_at, reason))
    return NULL;

  return g_steal_pointer (&r);
}

static gpointer
decode_case (JsonObject   *o,
             CgSkipReason *reason)
{
  g_autoptr(CgCase) r = cg_case_new ();

  if (!read_id (o, "id", &r->id, reason) ||
      !read_bool (o, "deleted", &r->deleted, reason))
    return NULL;
  if (r->deleted)
    return g_steal_pointer (&r);

  if (!read_number (o, "lon", &r->lon, reason) ||
      !read_number (o, "lat", &r->lat, reason) ||
      !check_optional_location (r->lon, r->lat, reason))
    return NULL;

  if (!read_string (o, "case_no", &r->case_no, reason) ||
      !read_string (o, "type", &r->type, reason) ||
      !read_string (o, "cause", &r->cause, reason) ||
      !read_string (o, "street_code", &r->street_code, reason) ||
      !read_string (o, "officer_id", &r->officer_id, reason) ||
      !read_string (o, "target_id", &r->target_id, reason) ||
      !read_number (o, "fine", &r->fine, reason) ||
      !read_enum (o, "procedure", procedures, &r->procedure, reason) ||
      !read_enum (o, "stage", case_stages, &r->stage, reason) ||
      !read_bool (o, "exempt", &r->exempt, reason) ||
      !read_bool (o, "non_site", &r->non_site, reason) ||
      !read_time (o, "filed_at", TRUE, &r->filed_at, reason) ||
      !read_time (o, "due_at", FALSE, &r->due_at, reason) ||
      !read_time (o, "closed_at", FALSE, &r->closed_at, reason) ||
      !read_time (o, "published_at", FALSE, &r->published_at, reason) ||
      !read_time (o, "discovered_at", FALSE, &r->discovered_at, reason) ||
      !read_time (o, "reviewed_at", FALSE, &r->reviewed_at, reason) ||
      !read_time (o, "executed_at", FALSE, &r->executed_at, reason) ||
      !read_time (o, "updated_at", FALSE, &r->updated_at, reason))
    return NULL;

  if (isnan (r->fine))
    r->fine = 0;
  if (!isfinite (r->fine) || r->fine < 0)
    {
      *reason = CG_SKIP_BAD_VALUE;
      return NULL;
    }

  return g_steal_pointer (&r);
}

static gpointer
decode_officer (JsonObject   *o,
                CgSkipReason *reason)
{
  g_autoptr(CgOfficer) r = cg_officer_new ();
  gint64 device = -1;
  gboolean present;

  if (!read_id (o, "id", &r->id, reason) ||
      !read_bool (o, "deleted", &r->deleted, reason))
    return NULL;
  if (r->deleted)
    return g_steal_pointer (&r);

  if (!read_string (o, "name", &r->name, reason) ||
      !read_string (o, "squad_id", &r->squad_id, reason) ||
      !read_string (o, "squad_name", &r->squad_name, reason) ||
      !read_string (o, "street_code", &r->street_code, reason) ||
      !read_integer (o, "traccar_device_id", FALSE, &device, &present, reason) ||
      !read_enum (o, "role", officer_roles, &r->role, reason) ||
      !read_time (o, "updated_at", FALSE, &r->updated_at, reason))
    return NULL;

  /* Traccar device ids are positive; json-glib wraps literals beyond 2^63 to negatives */
  if (present && device < 0)
    {
      *reason = CG_SKIP_BAD_VALUE;
      return NULL;
    }
  r->traccar_device_id = present ? device : -1;

  return g_steal_pointer (&r);
}

static gpointer
decode_complaint (JsonObject   *o,
                  CgSkipReason *reason)
{
  g_autoptr(CgComplaint) r = cg_complaint_new ();
  g_autofree char *satisfaction = NULL;
  gint64 repeat = 1;
  gboolean present;

  if (!read_id (o, "service_request_id", &r->id, reason) ||
      !read_bool (o, "deleted", &r->deleted, reason))
    return NULL;
  if (r->deleted)
    return g_steal_pointer (&r);

  if (!read_number_or_numeric_string (o, "long", &r->lon, reason) ||
      !read_number_or_numeric_string (o, "lat", &r->lat, reason) ||
      !check_optional_location (r->lon, r->lat, reason))
    return NULL;

  if (!read_string (o, "service_code", &r->service_code, reason) ||
      !read_string (o, "service_name", &r->service_name, reason) ||
      !read_string (o, "description", &r->description, reason) ||
      !read_string (o, "status", &r->status, reason) ||
      !read_string (o, "status_notes", &r->status_notes, reason) ||
      !read_string (o, "agency_responsible", &r->agency_responsible, reason) ||
      !read_string (o, "address", &r->address, reason) ||
      !read_string (o, "x_street_code", &r->street_code, reason) ||
      !read_string (o, "x_matter_id", &r->matter_id, reason) ||
      !read_integer (o, "x_repeat_count", TRUE, &repeat, &present, reason) ||
      !read_string (o, "x_satisfaction", &satisfaction, reason))
    return NULL;

  if (repeat < 1 || repeat > G_MAXINT)
    {
      *reason = CG_SKIP_BAD_VALUE;
      return NULL;
    }
  r->repeat_count = (int) repeat;

  if (satisfaction == NULL)
    r->satisfaction = -1;
  else if (g_str_equal (satisfaction, "satisfied"))
    r->satisfaction = 2;
  else if (g_str_equal (satisfaction, "basically_satisfied"))
    r->satisfaction = 1;
  else if (g_str_equal (satisfaction, "unsatisfied"))
    r->satisfaction = 0;
  else
    {
      *reason = CG_SKIP_BAD_VALUE;
      return NULL;
    }

  if (!read_time (o, "requested_datetime", TRUE, &r->requested_at, reason) ||
      !read_time (o, "updated_datetime", FALSE, &r->updated_at, reason) ||
      !read_time (o, "expected_datetime", FALSE, &r->expected_at, reason) ||
      !read_time (o, "x_deadline", FALSE, &r->deadline_at, reason) ||
      !read_time (o, "x_responded_datetime", FALSE, &r->responded_at, reason))
    return NULL;

  return g_steal_pointer (&r);
}

/* ---- pages ---------------------------------------------------------------------- */

static void
skip_record (CgPage       *page,
             const char   *what,
             guint         index,
             JsonObject   *o,
             const char   *id_member,
             CgSkipReason  reason)
{
  page->n_skipped++;
  page->skipped[reason]++;

  if (page->first_skip_detail == NULL)
    {
      g_autofree char *id = peek_id (o, id_member);

      if (id != NULL)
        /* Translators: "feature 17 (id "m-9"): out-of-range" */
        page->first_skip_detail = g_strdup_printf (_("%s %u (id “%s”): %s"), what, index, id,
                                                   cg_skip_reason_to_string (reason));
      else
        page->first_skip_detail = g_strdup_printf (_("%s %u: %s"), what, index,
                                                   cg_skip_reason_to_string (reason));
    }
}

static gboolean
read_cursor_and_more (CgPage      *page,
                      JsonObject  *root,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (root, "cursor");

  if (!node_is_null (node))
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                : G_TYPE_INVALID;

      if (type == G_TYPE_STRING)
        page->cursor = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        page->cursor = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          page->cursor = g_strdup (g_ascii_dtostr (buf, sizeof buf,
                                                   json_node_get_double (node)));
        }
      else
        {
          g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                               _("The page’s “cursor” is not a string"));
          return FALSE;
        }
    }

  node = json_object_get_member (root, "more");
  if (!node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                               _("The page’s “more” is not a boolean"));
          return FALSE;
        }
      page->more = json_node_get_boolean (node);
    }
  return TRUE;
}

static JsonArray *
get_array_member (JsonObject *root,
                  const char *member)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
decode_places (CgPage      *page,
               JsonNode    *root,
               GError     **error)
{
  JsonObject *object;
  JsonArray *features;
  JsonNode *type;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page is not a GeoJSON FeatureCollection (not an object)"));
      return FALSE;
    }
  object = json_node_get_object (root);

  type = json_object_get_member (object, "type");
  if (type != NULL &&
      (!JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING ||
       g_strcmp0 (json_node_get_string (type), "FeatureCollection") != 0))
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page is not a GeoJSON FeatureCollection (wrong “type”)"));
      return FALSE;
    }

  features = get_array_member (object, "features");
  if (features == NULL)
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page has no “features” array"));
      return FALSE;
    }

  if (!read_cursor_and_more (page, object, error))
    return FALSE;

  for (guint i = 0, n = json_array_get_length (features); i < n; i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *feature = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      CgSkipReason reason = CG_SKIP_WRONG_TYPE;
      gpointer record = NULL;

      if (feature != NULL)
        record = decode_place (page->collection, feature, &reason);
      if (record != NULL)
        g_ptr_array_add (page->records, record);
      else
        skip_record (page, _("feature"), i, feature, "id", reason);
    }
  return TRUE;
}

static gboolean
decode_items (CgPage      *page,
              JsonNode    *root,
              GError     **error)
{
  JsonObject *object;
  JsonArray *items;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page is not an object with “items”"));
      return FALSE;
    }
  object = json_node_get_object (root);

  items = get_array_member (object, "items");
  if (items == NULL)
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page has no “items” array"));
      return FALSE;
    }

  if (!read_cursor_and_more (page, object, error))
    return FALSE;

  for (guint i = 0, n = json_array_get_length (items); i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      CgSkipReason reason = CG_SKIP_WRONG_TYPE;
      gpointer record = NULL;

      if (item == NULL)
        record = NULL;
      else if (page->collection == CG_COLLECTION_INSPECTIONS)
        record = decode_inspection (item, &reason);
      else if (page->collection == CG_COLLECTION_OFFICERS)
        record = decode_officer (item, &reason);
      else
        record = decode_case (item, &reason);
      if (record != NULL)
        g_ptr_array_add (page->records, record);
      else
        skip_record (page, _("item"), i, item, "id", reason);
    }
  return TRUE;
}

static gboolean
decode_complaints (CgPage      *page,
                   JsonNode    *root,
                   GError     **error)
{
  JsonArray *requests = NULL;
  gint64 max_updated = G_MININT64;

  if (JSON_NODE_HOLDS_ARRAY (root))
    requests = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    requests = get_array_member (json_node_get_object (root), "service_requests");

  if (requests == NULL)
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The page is not a list of Open311 service requests"));
      return FALSE;
    }

  for (guint i = 0, n = json_array_get_length (requests); i < n; i++)
    {
      JsonNode *node = json_array_get_element (requests, i);
      JsonObject *request = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      CgSkipReason reason = CG_SKIP_WRONG_TYPE;
      gpointer record = NULL;
      CgSkipReason ignored;
      gint64 updated;

      if (request == NULL)
        {
          skip_record (page, _("request"), i, NULL, NULL, reason);
          continue;
        }

      /* The cursor moves past skipped requests too, or a full page of them would come
       * back for ever. */
      if (read_time (request, "updated_datetime", FALSE, &updated, &ignored) && updated != 0)
        max_updated = MAX (max_updated, updated);

      record = decode_complaint (request, &reason);
      if (record != NULL)
        g_ptr_array_add (page->records, record);
      else
        skip_record (page, _("request"), i, request, "service_request_id", reason);
    }

  if (max_updated != G_MININT64)
    page->cursor = cg_format_time (max_updated);
  page->more = FALSE;
  return TRUE;
}

CgPage *
cg_decode_page (CgCollection   collection,
                const char    *data,
                gsize          length,
                GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CgPage) page = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gboolean ok;

  g_return_val_if_fail (collection < CG_N_COLLECTIONS, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_INVALID_JSON,
                           _("The page is too large"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data ? data : "", (gssize) length, &local_error))
    {
      g_set_error (error, CG_DECODE_ERROR, CG_DECODE_ERROR_INVALID_JSON,
                   _("The server sent invalid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_INVALID_JSON,
                           _("The server sent an empty page"));
      return NULL;
    }

  page = g_new0 (CgPage, 1);
  page->collection = collection;
  page->records = g_ptr_array_new_with_free_func (cg_collection_get_free_func (collection));

  switch (collection)
    {
    case CG_COLLECTION_MERCHANTS:
    case CG_COLLECTION_SITES:
    case CG_COLLECTION_POINTS:
      ok = decode_places (page, root, error);
      break;
    case CG_COLLECTION_OFFICERS:
    case CG_COLLECTION_INSPECTIONS:
    case CG_COLLECTION_CASES:
      ok = decode_items (page, root, error);
      break;
    case CG_COLLECTION_COMPLAINTS:
      ok = decode_complaints (page, root, error);
      break;
    case CG_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return NULL;

  if (page->n_skipped > 0)
    g_debug ("%s page: %u records, %u skipped (first: %s)",
             cg_collection_to_string (collection), page->records->len, page->n_skipped,
             page->first_skip_detail);
  return g_steal_pointer (&page);
}

char *
cg_decode_error_message (const char *data,
                         gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonNode *node;
  JsonObject *object;

  if (data == NULL || length == 0 || length > G_MAXSSIZE)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    return NULL;

  /* Open311: [{"code": 403, "description": "..."}] */
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      if (json_array_get_length (array) == 0)
        return NULL;
      node = json_array_get_element (array, 0);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
      node = json_object_get_member (object, "description");
      if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  node = json_object_get_member (object, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *message = json_object_get_member (json_node_get_object (node), "message");

      if (message && JSON_NODE_HOLDS_VALUE (message) &&
          json_node_get_value_type (message) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (message));
    }
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  node = json_object_get_member (object, "message");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return NULL;
}
