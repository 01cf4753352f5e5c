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
#include <string.h>

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
  CgJsonValue v;

  cg_json_value_from_node (json_object_get_member (o, member), &v);
  return cg_json_value_get_number (&v, out, fault);
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
  CgJsonValue v;

  cg_json_value_from_node (json_object_get_member (o, member), &v);
  return cg_json_value_get_integer (&v, allow_string, out, present, fault);
}

gboolean
cg_json_get_boolean (JsonObject  *o,
                     const char  *member,
                     gboolean     fallback,
                     gboolean    *out,
                     CgJsonFault *fault)
{
  CgJsonValue v;

  cg_json_value_from_node (json_object_get_member (o, member), &v);
  return cg_json_value_get_boolean (&v, fallback, out, fault);
}

gboolean
cg_json_get_time (JsonObject       *o,
                  const char       *member,
                  gboolean          required,
                  CgJsonTimeParser  fast,
                  gint64           *out,
                  CgJsonFault      *fault)
{
  CgJsonValue v;

  cg_json_value_from_node (json_object_get_member (o, member), &v);
  return cg_json_value_get_time (&v, required, fast, out, fault);
}

JsonObject *
cg_json_get_object (JsonObject *o,
                    const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* ---- the rules, on one value -------------------------------------------------------- */

void
cg_json_value_from_node (JsonNode    *node,
                         CgJsonValue *v)
{
  memset (v, 0, sizeof *v);
  if (node == NULL)
    v->kind = CG_JSON_ABSENT;
  else if (JSON_NODE_HOLDS_NULL (node))
    v->kind = CG_JSON_NULL;
  else
    switch (value_type (node))
      {
      case G_TYPE_INT64:
        v->kind = CG_JSON_INT;
        v->i = json_node_get_int (node);
        break;
      case G_TYPE_DOUBLE:
        v->kind = CG_JSON_DOUBLE;
        v->d = json_node_get_double (node);
        break;
      case G_TYPE_BOOLEAN:
        v->kind = CG_JSON_BOOL;
        v->b = json_node_get_boolean (node);
        break;
      case G_TYPE_STRING:
        v->kind = CG_JSON_STRING;
        v->s = json_node_get_string (node);
        v->len = strlen (v->s);
        break;
      default:
        v->kind = CG_JSON_OTHER;
        break;
      }
}

static gboolean
is_absent (const CgJsonValue *v)
{
  return v->kind == CG_JSON_ABSENT || v->kind == CG_JSON_NULL;
}

/* A string value NUL-terminated: in @buf when it fits, else in *heap (to free) */
static const char *
value_string (const CgJsonValue  *v,
              char               *buf,
              gsize               size,
              char              **heap)
{
  *heap = NULL;
  if (v->s[v->len] == '\0')
    return v->s;
  if (v->len < size)
    {
      memcpy (buf, v->s, v->len);
      buf[v->len] = '\0';
      return buf;
    }
  return *heap = g_strndup (v->s, v->len);
}

gboolean
cg_json_value_get_number (const CgJsonValue *v,
                          double            *out,
                          CgJsonFault       *fault)
{
  *out = NAN;
  if (is_absent (v))
    return TRUE;
  if (v->kind == CG_JSON_DOUBLE)
    *out = v->d;
  else if (v->kind == CG_JSON_INT)
    *out = (double) v->i;
  else
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  return TRUE;
}

gboolean
cg_json_value_get_integer (const CgJsonValue *v,
                           gboolean           allow_string,
                           gint64            *out,
                           gboolean          *present,
                           CgJsonFault       *fault)
{
  *present = FALSE;
  if (is_absent (v))
    return TRUE;
  if (v->kind == CG_JSON_INT)
    *out = v->i;
  else if (v->kind == CG_JSON_DOUBLE)
    {
      if (!isfinite (v->d) || v->d != floor (v->d) || fabs (v->d) > MAX_EXACT_DOUBLE)
        {
          *fault = CG_JSON_FAULT_WRONG_TYPE;
          return FALSE;
        }
      *out = (gint64) v->d;
    }
  else if (v->kind == CG_JSON_STRING && allow_string)
    {
      char buf[32];
      g_autofree char *heap = NULL;
      gint64 n;

      if (!g_ascii_string_to_signed (value_string (v, buf, sizeof buf, &heap), 10, G_MININT64,
                                     G_MAXINT64, &n, NULL))
        {
          *fault = CG_JSON_FAULT_WRONG_TYPE;
          return FALSE;
        }
      *out = n;
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
cg_json_value_get_boolean (const CgJsonValue *v,
                           gboolean           fallback,
                           gboolean          *out,
                           CgJsonFault       *fault)
{
  *out = fallback;
  if (is_absent (v))
    return TRUE;
  if (v->kind != CG_JSON_BOOL)
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  *out = v->b;
  return TRUE;
}

gboolean
cg_json_value_get_time (const CgJsonValue *v,
                        gboolean           required,
                        CgJsonTimeParser   fast,
                        gint64            *out,
                        CgJsonFault       *fault)
{
  char buf[64];
  g_autofree char *heap = NULL;
  const char *str;

  *out = 0;
  if (!is_absent (v) && v->kind != CG_JSON_STRING)
    {
      *fault = CG_JSON_FAULT_WRONG_TYPE;
      return FALSE;
    }
  if (is_absent (v) || v->len == 0)
    {
      if (required)
        {
          *fault = CG_JSON_FAULT_BAD_TIME;
          return FALSE;
        }
      return TRUE;
    }
  str = value_string (v, buf, sizeof buf, &heap);
  if ((fast == NULL || !fast (str, out)) && !cg_parse_time (str, out))
    {
      *fault = CG_JSON_FAULT_BAD_TIME;
      return FALSE;
    }
  return TRUE;
}
