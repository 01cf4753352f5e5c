/* cg-json-util.h: typed JSON member readers shared by the city API and Traccar decoders
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Why a reader refused a member; each decoder maps it to its own skip reason. */
typedef enum
{
  CG_JSON_FAULT_WRONG_TYPE = 1,   /* a member of the wrong JSON type */
  CG_JSON_FAULT_BAD_TIME,         /* a time string that does not parse, or a required one absent */
} CgJsonFault;

/* A parser tried before cg_parse_time(); FALSE hands the string on. */
typedef gboolean (*CgJsonTimeParser) (const char *str,
                                      gint64     *out);

/* Every reader checks the member's JSON type before it reads it (json-glib's getters
 * convert silently) and returns TRUE, or FALSE with *fault set. Absent and null are
 * never an error. The rules are those of the cg_json_value_get_*() readers below, which
 * read a member whichever parser found it: json-glib (cg_json_value_from_node()) or the
 * live feed's scanner (cg-traccar-scan.c). */

/* One member's JSON value */
typedef enum
{
  CG_JSON_ABSENT,
  CG_JSON_NULL,
  CG_JSON_INT,
  CG_JSON_DOUBLE,
  CG_JSON_BOOL,
  CG_JSON_STRING,
  CG_JSON_OTHER,      /* an object or an array */
} CgJsonKind;

typedef struct
{
  CgJsonKind  kind;
  gint64      i;
  double      d;
  gboolean    b;
  const char *s;      /* CG_JSON_STRING: @len bytes, unescaped, not always NUL-terminated */
  gsize       len;
} CgJsonValue;

/* @node (nullable: absent) as a CgJsonValue; its string stays the node's */
void        cg_json_value_from_node   (JsonNode          *node,
                                       CgJsonValue       *v);
gboolean    cg_json_value_get_number  (const CgJsonValue *v,
                                       double            *out,
                                       CgJsonFault       *fault);
gboolean    cg_json_value_get_integer (const CgJsonValue *v,
                                       gboolean           allow_string,
                                       gint64            *out,
                                       gboolean          *present,
                                       CgJsonFault       *fault);
gboolean    cg_json_value_get_boolean (const CgJsonValue *v,
                                       gboolean           fallback,
                                       gboolean          *out,
                                       CgJsonFault       *fault);
gboolean    cg_json_value_get_time    (const CgJsonValue *v,
                                       gboolean           required,
                                       CgJsonTimeParser   fast,
                                       gint64            *out,
                                       CgJsonFault       *fault);

gboolean    cg_json_node_is_null  (JsonNode          *node);

/* A string, borrowed from @o; absent/null: NULL. */
gboolean    cg_json_get_string    (JsonObject        *o,
                                   const char        *member,
                                   const char       **out,
                                   CgJsonFault       *fault);
/* A number as a double; absent/null: NAN. */
gboolean    cg_json_get_number    (JsonObject        *o,
                                   const char        *member,
                                   double            *out,
                                   CgJsonFault       *fault);
/* A number, or a string holding exactly a decimal number ("" = absent: NAN). */
gboolean    cg_json_get_number_or_numeric_string (JsonObject  *o,
                                                  const char  *member,
                                                  double      *out,
                                                  CgJsonFault *fault);
/* A JSON integer, an integral double (|d| <= 2^53) or, when @allow_string, a string of
 * decimal digits. Absent/null leaves *out alone and sets *present FALSE. */
gboolean    cg_json_get_integer   (JsonObject        *o,
                                   const char        *member,
                                   gboolean           allow_string,
                                   gint64            *out,
                                   gboolean          *present,
                                   CgJsonFault       *fault);
/* A JSON boolean; absent/null: @fallback. */
gboolean    cg_json_get_boolean   (JsonObject        *o,
                                   const char        *member,
                                   gboolean           fallback,
                                   gboolean          *out,
                                   CgJsonFault       *fault);
/* A time string: @fast first (may be NULL), then cg_parse_time(). Absent, null or "":
 * *out = 0, and a fault (bad-time) only when @required. A non-string is wrong-type. */
gboolean    cg_json_get_time      (JsonObject        *o,
                                   const char        *member,
                                   gboolean           required,
                                   CgJsonTimeParser   fast,
                                   gint64            *out,
                                   CgJsonFault       *fault);
/* The member when it is an object, else NULL. */
JsonObject *cg_json_get_object    (JsonObject        *o,
                                   const char        *member);

G_END_DECLS
