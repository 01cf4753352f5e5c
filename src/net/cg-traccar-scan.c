/* cg-traccar-scan.c: the live feed's usual message read without a JSON tree
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Traccar's WebSocket sends {"positions": [...]} every second; for a district that is 1,500
 * positions and 630 KB, and json-glib built a node for each of their 20,000 members (a
 * third of the live feed's CPU in the soak). This scanner walks the same text once and
 * keeps only the twelve members a position is decoded from, as CgJsonValues for
 * _cg_traccar_decode_position_raw(), the same checks the general decoder runs.
 *
 * It answers only where it is sure to answer as json-glib would, and otherwise hands the
 * message to the general decoder (returns NULL): not valid UTF-8, not that one root
 * member, a syntax error anywhere, a \u escape, an escape in a member it reads or in a
 * name, a number it reads with an exponent or over 18 digits, a member it reads given twice,
 * nesting deeper than 64. What decides is the test comparing both decoders on generated messages
 * (tests/net/test-traccar.c). Nothing here touches global state: safe on any thread.
 */

#define G_LOG_DOMAIN "cg-traccar"

#include "config.h"

#include <string.h>

#include "cg-traccar-private.h"

#define MAX_DEPTH 64

typedef struct
{
  const char *p;
  const char *end;
} Scan;

static inline void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

static inline gboolean
at (Scan *s,
    char  c)
{
  return s->p < s->end && *s->p == c;
}

/* A string, s->p on its opening quote: its bytes between the quotes in @str/@len; whether
 * it held an escape in @escaped. Only the one-character escapes are taken. */
static gboolean
scan_string (Scan        *s,
             const char **str,
             gsize       *len,
             gboolean    *escaped)
{
  const char *q = s->p + 1;

  *escaped = FALSE;
  while (q < s->end)
    {
      guchar c = (guchar) *q;

      if (c == '"')
        {
          *str = s->p + 1;
          *len = (gsize) (q - (s->p + 1));
          s->p = q + 1;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          if (q + 1 >= s->end)
            return FALSE;
          switch (q[1])
            {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
              break;
            default:
              return FALSE;   /* \u and anything else: the general decoder */
            }
          *escaped = TRUE;
          q += 2;
          continue;
        }
      q++;
    }
  return FALSE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word,
              gsize       len)
{
  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

/* A number as JSON writes it. For @v (a member the decoder reads): an integer of up to 18
 * digits is CG_JSON_INT, one with a fraction CG_JSON_DOUBLE (g_ascii_strtod(), as
 * json-glib's), one with an exponent is left to json-glib. Without @v (a member passed
 * over) any JSON number will do. */
static gboolean
scan_number (Scan       *s,
             CgJsonValue *v)
{
  const char *q = s->p;
  const char *digits;
  gboolean is_int = TRUE;
  gsize n;

  if (q < s->end && *q == '-')
    q++;
  digits = q;
  if (q >= s->end)
    return FALSE;
  if (*q == '0')
    q++;
  else if (*q >= '1' && *q <= '9')
    while (q < s->end && g_ascii_isdigit (*q))
      q++;
  else
    return FALSE;
  if (q < s->end && *q == '.')
    {
      is_int = FALSE;
      q++;
      if (q >= s->end || !g_ascii_isdigit (*q))
        return FALSE;
      while (q < s->end && g_ascii_isdigit (*q))
        q++;
    }
  if (q < s->end && (*q == 'e' || *q == 'E'))
    {
      if (v != NULL)
        return FALSE;
      q++;
      if (q < s->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= s->end || !g_ascii_isdigit (*q))
        return FALSE;
      while (q < s->end && g_ascii_isdigit (*q))
        q++;
    }
  if (v == NULL)
    {
      s->p = q;
      return TRUE;
    }
  n = (gsize) (q - s->p);

  if (is_int)
    {
      gint64 value = 0;

      if (q - digits > 18)
        return FALSE;
      for (const char *d = digits; d < q; d++)
        value = value * 10 + (*d - '0');
      v->kind = CG_JSON_INT;
      v->i = digits != s->p ? -value : value;
    }
  else
    {
      char buf[40];
      char *endp = NULL;

      if (n >= sizeof buf)
        return FALSE;
      memcpy (buf, s->p, n);
      buf[n] = '\0';
      v->kind = CG_JSON_DOUBLE;
      v->d = g_ascii_strtod (buf, &endp);
      if (endp != buf + n)
        return FALSE;
    }
  s->p = q;
  return TRUE;
}

static gboolean skip_value (Scan *s, guint depth);

/* The members of an object, s->p after its '{'; each name handed to @member */
typedef gboolean (*MemberFunc) (Scan       *s,
                                const char *name,
                                gsize       len,
                                gpointer    user_data);

static gboolean
scan_members (Scan       *s,
              MemberFunc  member,
              gpointer    user_data)
{
  skip_ws (s);
  if (at (s, '}'))
    {
      s->p++;
      return TRUE;
    }
  for (;;)
    {
      const char *name;
      gsize len;
      gboolean escaped;

      skip_ws (s);
      if (!at (s, '"') || !scan_string (s, &name, &len, &escaped) || escaped)
        return FALSE;
      skip_ws (s);
      if (!at (s, ':'))
        return FALSE;
      s->p++;
      skip_ws (s);
      if (!member (s, name, len, user_data))
        return FALSE;
      skip_ws (s);
      if (at (s, ','))
        s->p++;
      else if (at (s, '}'))
        {
          s->p++;
          return TRUE;
        }
      else
        return FALSE;
    }
}

static gboolean
skip_member (Scan       *s,
             const char *name,
             gsize       len,
             gpointer    user_data)
{
  return skip_value (s, GPOINTER_TO_UINT (user_data));
}

/* Any value, checked and passed over */
static gboolean
skip_value (Scan  *s,
            guint  depth)
{
  const char *str;
  gsize len;
  gboolean escaped;

  skip_ws (s);
  if (s->p >= s->end || depth > MAX_DEPTH)
    return FALSE;
  switch (*s->p)
    {
    case '"':
      return scan_string (s, &str, &len, &escaped);
    case '{':
      s->p++;
      return scan_members (s, skip_member, GUINT_TO_POINTER (depth + 1));
    case '[':
      s->p++;
      skip_ws (s);
      if (at (s, ']'))
        {
          s->p++;
          return TRUE;
        }
      for (;;)
        {
          if (!skip_value (s, depth + 1))
            return FALSE;
          skip_ws (s);
          if (at (s, ','))
            s->p++;
          else if (at (s, ']'))
            {
              s->p++;
              return TRUE;
            }
          else
            return FALSE;
        }
    case 't':
      return scan_literal (s, "true", 4);
    case 'f':
      return scan_literal (s, "false", 5);
    case 'n':
      return scan_literal (s, "null", 4);
    default:
      return scan_number (s, NULL);
    }
}

/* A member's value as a CgJsonValue */
static gboolean
scan_raw (Scan       *s,
          CgJsonValue *v)
{
  gboolean escaped;

  switch (*s->p)
    {
    case '"':
      v->kind = CG_JSON_STRING;
      return scan_string (s, &v->s, &v->len, &escaped) && !escaped;
    case '{':
    case '[':
      v->kind = CG_JSON_OTHER;
      return skip_value (s, 2);
    case 't':
      v->kind = CG_JSON_BOOL;
      v->b = TRUE;
      return scan_literal (s, "true", 4);
    case 'f':
      v->kind = CG_JSON_BOOL;
      v->b = FALSE;
      return scan_literal (s, "false", 5);
    case 'n':
      v->kind = CG_JSON_NULL;
      return scan_literal (s, "null", 4);
    default:
      return scan_number (s, v);
    }
}

static int
position_member (const char *name,
                 gsize       len)
{
  for (int m = 0; m < CG_N_POS_MEMBERS; m++)
    {
      const char *known = _cg_traccar_position_members[m];

      if (strncmp (known, name, len) == 0 && known[len] == '\0')
        return m;
    }
  return -1;
}

static gboolean
position_member_cb (Scan       *s,
                    const char *name,
                    gsize       len,
                    gpointer    user_data)
{
  CgJsonValue *values = user_data;
  int m = position_member (name, len);

  if (s->p >= s->end)
    return FALSE;
  if (m < 0)
    return skip_value (s, 2);
  /* json-glib keeps the last of a member given twice: leave that to it */
  if (values[m].kind != CG_JSON_ABSENT)
    return FALSE;
  return scan_raw (s, &values[m]);
}

CgTraccarMessage *
_cg_traccar_scan_positions (const char           *data,
                            gsize                 length,
                            const CgTraccarCheck *check)
{
  static const char key[] = "positions";
  Scan s = { data, data + length };
  g_autoptr(CgTraccarMessage) message = NULL;
  const char *name;
  gsize len;
  gboolean escaped;
  gint64 now;
  guint index = 0;

  if (length == 0 || length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    return NULL;

  skip_ws (&s);
  if (!at (&s, '{'))
    return NULL;
  s.p++;
  skip_ws (&s);
  if (!at (&s, '"') || !scan_string (&s, &name, &len, &escaped) || escaped ||
      len != sizeof key - 1 || memcmp (name, key, len) != 0)
    return NULL;
  skip_ws (&s);
  if (!at (&s, ':'))
    return NULL;
  s.p++;
  skip_ws (&s);
  if (!at (&s, '['))
    return NULL;
  s.p++;

  message = cg_traccar_message_new ();
  message->positions = g_array_sized_new (FALSE, FALSE, sizeof (CgTraccarPosition),
                                          MIN (length / 256 + 1, 65536));
  now = _cg_traccar_check_now (check);
  skip_ws (&s);
  if (at (&s, ']'))
    s.p++;
  else
    for (;; index++)
      {
        CgJsonValue values[CG_N_POS_MEMBERS] = { 0, };
        CgTraccarSkip reason = CG_TRACCAR_SKIP_BAD_SHAPE;
        CgTraccarPosition p;

        skip_ws (&s);
        if (!at (&s, '{'))
          return NULL;   /* an item that is not an object, or broken */
        s.p++;
        if (!scan_members (&s, position_member_cb, values))
          return NULL;
        if (_cg_traccar_decode_position_raw (values, check, now, &p, &reason))
          g_array_append_val (message->positions, p);
        else
          _cg_traccar_count_skip (message, reason, "position", index);

        skip_ws (&s);
        if (at (&s, ','))
          s.p++;
        else if (at (&s, ']'))
          {
            s.p++;
            break;
          }
        else
          return NULL;
      }

  /* nothing else in the message */
  skip_ws (&s);
  if (!at (&s, '}'))
    return NULL;
  s.p++;
  skip_ws (&s);
  if (s.p != s.end)
    return NULL;

  return g_steal_pointer (&message);
}
