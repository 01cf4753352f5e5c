/* cg-json-util.c: typed JSON member readers shared by the city API and Traccar decoders
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-net"

#include "config.h"

#include <errno.h>
#include <math.h>

#include "cg-json-util.h"
#include "cg-records.h"

/* Nothing here touches global state: safe on any thread. */

/* 2^53: the largest integral double that is exact */
#define MAX_EXACT_DOUBLE 9007199254740992.0

gboolean
cg_json_node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static GType
value_type (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
}

gboolean
cg_json_get_string (JsonObject   *o,
                    const char   *member,
                    const char  **out,
                    CgJsonFault  *fault)
{
  JsonNode *node = json_object_get_member (o, member);

  *out = NULL;
  if (cg_json_node_is_null (node))
    return TRUE;
  if (value_type (node) != G_TYPE_STRING)
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
cg_json_get_number (JsonObject  *o,
                    const char  *member,
                    double      *out,
                    CgJsonFault *fault)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  *out = NAN;
  if (cg_json_node_is_null (node))
    return TRUE;
  type = value_type (node);
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  return TRUE;
}

gboolean
cg_json_get_number_or_numeric_string (JsonObject  *o,
                                      const char  *member,
                                      double      *out,
                                      CgJsonFault *fault)
{
  JsonNode *node = json_object_get_member (o, member);

  if (!cg_json_node_is_null (node) && value_type (node) == G_TYPE_STRING)
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
          *fault = CG_JSON_FAULT_WRONG_TYPE;
          return FALSE;
        }
      *out = v;
      return TRUE;
    }
  return cg_json_get_number (o, member, out, fault);
}

gboolean
cg_json_get_integer (JsonObject  *o,
                     const char  *member,
                     gboolean     allow_string,
                     gint64      *out,
                     gboolean    *present,
                     CgJsonFault *fault)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  *present = FALSE;
  if (cg_json_node_is_null (node))
    return TRUE;
  type = value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > MAX_EXACT_DOUBLE)
        {
          *fault = CG_JSON_FAULT_WRONG_TYPE;
          return FALSE;
        }
      *out = (gint64) d;
    }
  else if (type == G_TYPE_STRING && allow_string)
    {
      gint64 v;

      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64,
                                     &v, NULL))
        {
          *fault = CG_JSON_FAULT_WRONG_TYPE;
          return FALSE;
        }
      *out = v;
    }
  else
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

gboolean
cg_json_get_boolean (JsonObject  *o,
                     const char  *member,
                     gboolean     fallback,
                     gboolean    *out,
                     CgJsonFault *fault)
{
  JsonNode *node = json_object_get_member (o, member);

  *out = fallback;
  if (cg_json_node_is_null (node))
    return TRUE;
  if (value_type (node) != G_TYPE_BOOLEAN)
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
cg_json_get_time (JsonObject       *o,
                  const char       *member,
                  gboolean          required,
                  CgJsonTimeParser  fast,
                  gint64           *out,
                  CgJsonFault      *fault)
{
  const char *str;

  *out = 0;
  if (!cg_json_get_string (o, member, &str, fault))
    return FALSE;
  if (str == NULL || *str == '\0')
    {
      if (required)
        {
          *fault = CG_JSON_FAULT_BAD_TIME;
          return FALSE;
        }
      return TRUE;
    }
  if ((fast == NULL || !fast (str, out)) && !cg_parse_time (str, out))
    {
      *fault = CG_JSON_FAULT_BAD_TIME;
      return FALSE;
    }
  return TRUE;
}

JsonObject *
cg_json_get_object (JsonObject *o,
                    const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
