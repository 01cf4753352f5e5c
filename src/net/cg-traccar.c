/* cg-traccar.c: decoders for the Traccar API (devices, groups, positions, events, socket)
 *
 * Traccar's quirks handled here: speed in knots, ISO 8601 times with offsets (with or
 * without milliseconds, "+00:00" or "+0000"), null members, "valid": false fixes, ids that
 * are JSON integers (or integral doubles), attributes of any shape.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-net"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cg-json-util.h"
#include "cg-records.h"
#include "cg-traccar.h"
#include "cg-traccar-private.h"

/* Fixes before this are GPS clock resets (1980/1970 epochs), not positions */
#define MIN_FIX_TIME 946684800    /* 2000-01-01T00:00:00Z */

G_DEFINE_QUARK (cg-traccar-error-quark, cg_traccar_error)

gboolean _cg_traccar_parse_time_fast (const char *str,
                                      gint64     *out);

static const char *skip_names[CG_TRACCAR_N_SKIP] = {
  "not-json", "bad-shape", "missing-id", "wrong-type", "bad-coords", "bad-time",
  "future-time", "invalid-fix", "unknown-device", "out-of-order", "flood", "too-large",
};

const char *
cg_traccar_skip_to_string (CgTraccarSkip skip)
{
  g_return_val_if_fail (skip < CG_TRACCAR_N_SKIP, NULL);
  return skip_names[skip];
}

const char *
cg_traccar_skip_get_title (CgTraccarSkip skip)
{
  switch (skip)
    {
    case CG_TRACCAR_SKIP_NOT_JSON:
      return _("Messages that are not JSON");
    case CG_TRACCAR_SKIP_BAD_SHAPE:
      return _("Messages or items of the wrong shape");
    case CG_TRACCAR_SKIP_MISSING_ID:
      return _("Items without an id");
    case CG_TRACCAR_SKIP_WRONG_TYPE:
      return _("Items with a member of the wrong type");
    case CG_TRACCAR_SKIP_BAD_COORDS:
      return _("Positions with impossible coordinates");
    case CG_TRACCAR_SKIP_BAD_TIME:
      return _("Positions with a missing or impossible time");
    case CG_TRACCAR_SKIP_FUTURE_TIME:
      return _("Positions dated in the future");
    case CG_TRACCAR_SKIP_INVALID_FIX:
      return _("Positions without a GPS fix");
    case CG_TRACCAR_SKIP_UNKNOWN_DEVICE:
      return _("Positions or events of unknown devices");
    case CG_TRACCAR_SKIP_OUT_OF_ORDER:
      return _("Positions older than the one shown");
    case CG_TRACCAR_SKIP_FLOOD:
      return _("Messages dropped in a flood");
    case CG_TRACCAR_SKIP_TOO_LARGE:
      return _("Messages too large to read");
    case CG_TRACCAR_N_SKIP:
    default:
      g_return_val_if_reached (NULL);
    }
}

double
cg_traccar_knots_to_kmh (double knots)
{
  return knots * 1.852;
}

void
cg_traccar_device_free (CgTraccarDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->unique_id);
  g_free (device);
}

void
cg_traccar_group_free (CgTraccarGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->street_code);
  g_free (group);
}

void
cg_traccar_event_free (CgTraccarEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->alarm);
  g_free (event);
}

char *
cg_traccar_event_describe (const CgTraccarEvent *event,
                           const char           *device_name,
                           gboolean             *urgent)
{
  g_autofree char *fallback = NULL;
  g_autofree char *area = NULL;
  const char *name = device_name;

  g_return_val_if_fail (event != NULL, NULL);

  if (name == NULL || *name == '\0')
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event->device_id);

      name = fallback = g_strdup_printf (C_("live event", "Device %s"), id);
    }
  area = g_strdup_printf ("%" G_GINT64_FORMAT, event->geofence_id);
  if (urgent != NULL)
    *urgent = event->kind == CG_TRACCAR_EVENT_ALARM && g_strcmp0 (event->alarm, "sos") == 0;

  switch (event->kind)
    {
    case CG_TRACCAR_EVENT_DEVICE_ONLINE:
      return g_strdup_printf (_("%s is back online"), name);
    case CG_TRACCAR_EVENT_DEVICE_OFFLINE:
      return g_strdup_printf (_("%s went offline"), name);
    case CG_TRACCAR_EVENT_ALARM:
      if (g_strcmp0 (event->alarm, "sos") == 0)
        return g_strdup_printf (_("SOS alarm from %s"), name);
      return g_strdup_printf (_("Alarm from %s: %s"), name, event->alarm != NULL ? event->alarm : "?");
    case CG_TRACCAR_EVENT_GEOFENCE_ENTER:
      return g_strdup_printf (_("%s entered area %s"), name, area);
    case CG_TRACCAR_EVENT_GEOFENCE_EXIT:
      return g_strdup_printf (_("%s left area %s"), name, area);
    case CG_TRACCAR_EVENT_OTHER:
    default:
      /* TRANSLATORS: device name, then Traccar's event type (e.g. ignitionOn) */
      return g_strdup_printf (C_("live event", "%s: %s"), name, event->type);
    }
}

CgTraccarMessage *
cg_traccar_message_new (void)
{
  return g_new0 (CgTraccarMessage, 1);
}

void
cg_traccar_message_free (CgTraccarMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->devices, g_ptr_array_unref);
  g_clear_pointer (&message->groups, g_ptr_array_unref);
  g_clear_pointer (&message->positions, g_array_unref);
  g_clear_pointer (&message->events, g_ptr_array_unref);
  g_free (message->first_skip_detail);
  g_free (message);
}

/* ---- member readers ---------------------------------------------------------------- */

/* Absent or null members are 0, NAN, NULL or the fallback; the JSON work is in
 * cg-json-util.c, shared with the city API decoder. */

static gboolean
fault_to_reason (CgJsonFault    fault,
                 CgTraccarSkip *reason)
{
  *reason = fault == CG_JSON_FAULT_BAD_TIME ? CG_TRACCAR_SKIP_BAD_TIME : CG_TRACCAR_SKIP_WRONG_TYPE;
  return FALSE;
}

/* An integer id: a JSON integer or an integral double. Absent/null: *out = 0. */
static gboolean
read_int (JsonObject    *o,
          const char    *member,
          gint64        *out,
          CgTraccarSkip *reason)
{
  CgJsonFault fault;
  gboolean present;

  *out = 0;
  return cg_json_get_integer (o, member, FALSE, out, &present, &fault) ||
         fault_to_reason (fault, reason);
}

/* A string; absent/null: NULL. */
static gboolean
read_string (JsonObject     *o,
             const char     *member,
             char          **out,
             CgTraccarSkip  *reason)
{
  CgJsonFault fault;
  const char *str;

  *out = NULL;
  if (!cg_json_get_string (o, member, &str, &fault))
    return fault_to_reason (fault, reason);
  *out = g_strdup (str);
  return TRUE;
}

/* A boolean; absent/null: @fallback. */
static gboolean
read_bool (JsonObject    *o,
           const char    *member,
           gboolean       fallback,
           gboolean      *out,
           CgTraccarSkip *reason)
{
  CgJsonFault fault;

  return cg_json_get_boolean (o, member, fallback, out, &fault) ||
         fault_to_reason (fault, reason);
}

static int
digits (const char *p,
        int         n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return -1;
      v = v * 10 + (p[i] - '0');
    }
  return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil) */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The shape Traccar writes, "2026-11-23T01:29:58.000+00:00" (also "Z", "+0000", no
 * fraction), parsed without GDateTime: three times a position, 1,500 positions a second.
 * FALSE for anything else, which then goes to cg_parse_time(). */
gboolean
_cg_traccar_parse_time_fast (const char *str,
                             gint64     *out)
{
  static const int month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int y, mo, d, h, mi, sec, off = 0;
  const char *p;

  if (strlen (str) < 20 || str[4] != '-' || str[7] != '-' || (str[10] != 'T' && str[10] != 't') ||
      str[13] != ':' || str[16] != ':')
    return FALSE;
  y = digits (str, 4);
  mo = digits (str + 5, 2);
  d = digits (str + 8, 2);
  h = digits (str + 11, 2);
  mi = digits (str + 14, 2);
  sec = digits (str + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] || h < 0 || h > 23 ||
      mi < 0 || mi > 59 || sec < 0 || sec > 59)
    return FALSE;
  if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return FALSE;
  p = str + 19;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    off = 0;
  else if (*p == '+' || *p == '-')
    {
      gsize len = strlen (p);
      int oh, om;

      /* "+08:00" or "+0800" */
      if (len == 6 && p[3] == ':')
        om = digits (p + 4, 2);
      else if (len == 5)
        om = digits (p + 3, 2);
      else
        return FALSE;
      oh = digits (p + 1, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59)
        return FALSE;
      off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
    }
  else
    return FALSE;

  *out = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
  return TRUE;
}

/* An ISO 8601 time with an offset; absent/null/"": 0. A string that does not parse is
 * bad-time, a non-string wrong-type. */
static gboolean
read_time (JsonObject    *o,
           const char    *member,
           gint64        *out,
           CgTraccarSkip *reason)
{
  CgJsonFault fault;

  return cg_json_get_time (o, member, FALSE, _cg_traccar_parse_time_fast, out, &fault) ||
         fault_to_reason (fault, reason);
}

/* ---- items ------------------------------------------------------------------------- */

static void
count_skip (CgTraccarMessage *message,
            CgTraccarSkip     reason,
            const char       *what,
            guint             index,
            gint64            id)
{
  message->skipped[reason]++;
  message->n_skipped++;
  if (message->first_skip_detail == NULL)
    {
      if (id != 0)
        message->first_skip_detail = g_strdup_printf ("%s %u (id %" G_GINT64_FORMAT "): %s",
                                                      what, index, id, skip_names[reason]);
      else
        message->first_skip_detail = g_strdup_printf ("%s %u: %s", what, index, skip_names[reason]);
    }
}

void
_cg_traccar_count_skip (CgTraccarMessage *message,
                        CgTraccarSkip     reason,
                        const char       *what,
                        guint             index)
{
  count_skip (message, reason, what, index, 0);
}

static gboolean
device_is_known (const CgTraccarCheck *check,
                 gint64                device_id)
{
  return check == NULL || check->known_devices == NULL ||
         g_hash_table_contains (check->known_devices, &device_id);
}

static CgUnitKind
kind_from_category (const char *category)
{
  static const char * const vehicles[] = {
    "car", "truck", "van", "bus", "pickup", "tractor", "motorcycle", "scooter", "trolleybus",
    "crane", "offroad", NULL
  };

  if (category != NULL && g_strv_contains (vehicles, category))
    return CG_UNIT_VEHICLE;
  return CG_UNIT_OFFICER;
}

static gpointer
decode_device (JsonObject           *o,
               const CgTraccarCheck *check G_GNUC_UNUSED,
               CgTraccarSkip        *reason)
{
  g_autoptr(CgTraccarDevice) d = g_new0 (CgTraccarDevice, 1);
  g_autofree char *status = NULL;
  g_autofree char *category = NULL;

  if (!read_int (o, "id", &d->id, reason))
    return NULL;
  if (d->id <= 0)
    {
      *reason = CG_TRACCAR_SKIP_MISSING_ID;
      return NULL;
    }
  if (!read_string (o, "name", &d->name, reason) ||
      !read_string (o, "uniqueId", &d->unique_id, reason) ||
      !read_string (o, "status", &status, reason) ||
      !read_string (o, "category", &category, reason) ||
      !read_time (o, "lastUpdate", &d->last_update, reason) ||
      !read_int (o, "positionId", &d->position_id, reason) ||
      !read_int (o, "groupId", &d->group_id, reason) ||
      !read_bool (o, "disabled", FALSE, &d->disabled, reason))
    return NULL;

  if (d->name == NULL)
    d->name = g_strdup (d->unique_id != NULL ? d->unique_id : "");
  if (g_strcmp0 (status, "online") == 0)
    d->status = CG_TRACCAR_STATUS_ONLINE;
  else if (g_strcmp0 (status, "offline") == 0)
    d->status = CG_TRACCAR_STATUS_OFFLINE;
  else
    d->status = CG_TRACCAR_STATUS_UNKNOWN;
  d->kind = kind_from_category (category);
  return g_steal_pointer (&d);
}

static gpointer
decode_group (JsonObject           *o,
              const CgTraccarCheck *check G_GNUC_UNUSED,
              CgTraccarSkip        *reason)
{
  CgTraccarGroup *g = g_new0 (CgTraccarGroup, 1);
  JsonObject *attributes;

  if (!read_int (o, "id", &g->id, reason) || g->id <= 0 ||
      !read_string (o, "name", &g->name, reason) ||
      !read_int (o, "groupId", &g->parent_id, reason))
    {
      if (g->id <= 0 && *reason != CG_TRACCAR_SKIP_WRONG_TYPE)
        *reason = CG_TRACCAR_SKIP_MISSING_ID;
      cg_traccar_group_free (g);
      return NULL;
    }
  if (g->name == NULL)
    g->name = g_strdup ("");
  attributes = cg_json_get_object (o, "attributes");
  if (attributes != NULL)
    {
      CgTraccarSkip ignored;

      /* a street code of another type is not worth losing the squad for */
      if (!read_string (attributes, "street_code", &g->street_code, &ignored))
        g->street_code = NULL;
    }
  return g;
}

/* ---- positions: read from either parser's values ------------------------------------ */

const char * const _cg_traccar_position_members[CG_N_POS_MEMBERS] = {
  [CG_POS_ID] = "id",
  [CG_POS_DEVICE_ID] = "deviceId",
  [CG_POS_LATITUDE] = "latitude",
  [CG_POS_LONGITUDE] = "longitude",
  [CG_POS_SPEED] = "speed",
  [CG_POS_COURSE] = "course",
  [CG_POS_ALTITUDE] = "altitude",
  [CG_POS_ACCURACY] = "accuracy",
  [CG_POS_VALID] = "valid",
  [CG_POS_FIX_TIME] = "fixTime",
  [CG_POS_DEVICE_TIME] = "deviceTime",
  [CG_POS_SERVER_TIME] = "serverTime",
};

/* The rules of read_int() and the other readers above, on a member either parser found */
static gboolean
value_int (const CgJsonValue *v,
           gint64            *out,
           CgTraccarSkip     *reason)
{
  CgJsonFault fault;
  gboolean present;

  *out = 0;
  return cg_json_value_get_integer (v, FALSE, out, &present, &fault) ||
         fault_to_reason (fault, reason);
}

static gboolean
value_double (const CgJsonValue *v,
              double            *out,
              CgTraccarSkip     *reason)
{
  CgJsonFault fault;

  return cg_json_value_get_number (v, out, &fault) || fault_to_reason (fault, reason);
}

static gboolean
value_bool (const CgJsonValue *v,
            gboolean           fallback,
            gboolean          *out,
            CgTraccarSkip     *reason)
{
  CgJsonFault fault;

  return cg_json_value_get_boolean (v, fallback, out, &fault) || fault_to_reason (fault, reason);
}

static gboolean
value_time (const CgJsonValue *v,
            gint64            *out,
            CgTraccarSkip     *reason)
{
  CgJsonFault fault;

  return cg_json_value_get_time (v, FALSE, _cg_traccar_parse_time_fast, out, &fault) ||
         fault_to_reason (fault, reason);
}

gboolean
_cg_traccar_decode_position_raw (const CgJsonValue    *v,
                                 const CgTraccarCheck *check,
                                 gint64                now,
                                 CgTraccarPosition    *p,
                                 CgTraccarSkip        *reason)
{
  gboolean valid;
  double knots;
  gint64 device_time;

  memset (p, 0, sizeof *p);
  if (!value_int (&v[CG_POS_ID], &p->id, reason) ||
      !value_int (&v[CG_POS_DEVICE_ID], &p->device_id, reason))
    return FALSE;
  if (p->device_id <= 0)
    {
      *reason = CG_TRACCAR_SKIP_MISSING_ID;
      return FALSE;
    }
  if (!value_double (&v[CG_POS_LATITUDE], &p->lat, reason) ||
      !value_double (&v[CG_POS_LONGITUDE], &p->lon, reason) ||
      !value_double (&v[CG_POS_SPEED], &knots, reason) ||
      !value_double (&v[CG_POS_COURSE], &p->course, reason) ||
      !value_double (&v[CG_POS_ALTITUDE], &p->altitude, reason) ||
      !value_double (&v[CG_POS_ACCURACY], &p->accuracy, reason) ||
      !value_bool (&v[CG_POS_VALID], TRUE, &valid, reason) ||
      !value_time (&v[CG_POS_FIX_TIME], &p->fix_time, reason) ||
      !value_time (&v[CG_POS_DEVICE_TIME], &device_time, reason) ||
      !value_time (&v[CG_POS_SERVER_TIME], &p->server_time, reason))
    return FALSE;

  if (!device_is_known (check, p->device_id))
    {
      *reason = CG_TRACCAR_SKIP_UNKNOWN_DEVICE;
      return FALSE;
    }
  if (!valid)
    {
      *reason = CG_TRACCAR_SKIP_INVALID_FIX;
      return FALSE;
    }
  if (!cg_coords_in_china (p->lon, p->lat))
    {
      *reason = CG_TRACCAR_SKIP_BAD_COORDS;
      return FALSE;
    }
  /* fixTime is the GPS time; some trackers only fill deviceTime */
  if (p->fix_time == 0)
    p->fix_time = device_time;
  if (p->fix_time < MIN_FIX_TIME)
    {
      *reason = CG_TRACCAR_SKIP_BAD_TIME;
      return FALSE;
    }
  if (p->fix_time > now + (check != NULL && check->max_future_s > 0
                           ? check->max_future_s : CG_TRACCAR_DEFAULT_MAX_FUTURE_S))
    {
      *reason = CG_TRACCAR_SKIP_FUTURE_TIME;
      return FALSE;
    }

  p->speed_kmh = isfinite (knots) && knots >= 0 ? cg_traccar_knots_to_kmh (knots) : NAN;
  if (isfinite (p->course))
    {
      p->course = fmod (p->course, 360.0);
      if (p->course < 0)
        p->course += 360.0;
    }
  else
    p->course = NAN;
  if (!isfinite (p->altitude))
    p->altitude = NAN;
  if (!isfinite (p->accuracy) || p->accuracy < 0)
    p->accuracy = NAN;
  return TRUE;
}

static gboolean
decode_position (JsonObject           *o,
                 const CgTraccarCheck *check,
                 gint64                now,
                 CgTraccarPosition    *p,
                 CgTraccarSkip        *reason)
{
  CgJsonValue values[CG_N_POS_MEMBERS];

  for (guint m = 0; m < CG_N_POS_MEMBERS; m++)
    cg_json_value_from_node (json_object_get_member (o, _cg_traccar_position_members[m]),
                             &values[m]);
  return _cg_traccar_decode_position_raw (values, check, now, p, reason);
}

static gpointer
decode_event (JsonObject           *o,
              const CgTraccarCheck *check,
              CgTraccarSkip        *reason)
{
  g_autoptr(CgTraccarEvent) e = g_new0 (CgTraccarEvent, 1);
  JsonObject *attributes;

  if (!read_int (o, "id", &e->id, reason) ||
      !read_int (o, "deviceId", &e->device_id, reason) ||
      !read_string (o, "type", &e->type, reason) ||
      !read_int (o, "positionId", &e->position_id, reason) ||
      !read_int (o, "geofenceId", &e->geofence_id, reason) ||
      !read_time (o, "eventTime", &e->event_time, reason))
    return NULL;
  if (e->type == NULL || e->device_id <= 0)
    {
      *reason = e->type == NULL ? CG_TRACCAR_SKIP_BAD_SHAPE : CG_TRACCAR_SKIP_MISSING_ID;
      return NULL;
    }
  if (!device_is_known (check, e->device_id))
    {
      *reason = CG_TRACCAR_SKIP_UNKNOWN_DEVICE;
      return NULL;
    }

  attributes = cg_json_get_object (o, "attributes");
  if (attributes != NULL && !read_string (attributes, "alarm", &e->alarm, reason))
    return NULL;

  if (g_str_equal (e->type, "deviceOnline"))
    e->kind = CG_TRACCAR_EVENT_DEVICE_ONLINE;
  else if (g_str_equal (e->type, "deviceOffline"))
    e->kind = CG_TRACCAR_EVENT_DEVICE_OFFLINE;
  else if (g_str_equal (e->type, "alarm"))
    e->kind = CG_TRACCAR_EVENT_ALARM;
  else if (g_str_equal (e->type, "geofenceEnter"))
    e->kind = CG_TRACCAR_EVENT_GEOFENCE_ENTER;
  else if (g_str_equal (e->type, "geofenceExit"))
    e->kind = CG_TRACCAR_EVENT_GEOFENCE_EXIT;
  else
    e->kind = CG_TRACCAR_EVENT_OTHER;
  return g_steal_pointer (&e);
}

/* ---- arrays ------------------------------------------------------------------------ */

gint64
_cg_traccar_check_now (const CgTraccarCheck *check)
{
  if (check != NULL && check->now != 0)
    return check->now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

typedef gpointer (*ItemDecoder) (JsonObject           *o,
                                 const CgTraccarCheck *check,
                                 CgTraccarSkip        *reason);

/* Decodes each object of @array with @decode into a new array; the rest are counted. */
static GPtrArray *
decode_items_array (CgTraccarMessage     *message,
                    JsonArray            *array,
                    const CgTraccarCheck *check,
                    const char           *what,
                    ItemDecoder           decode,
                    GDestroyNotify        free_func)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (free_func);

  for (guint i = 0, n = json_array_get_length (array); i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CgTraccarSkip reason = CG_TRACCAR_SKIP_BAD_SHAPE;
      gpointer item = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        item = decode (json_node_get_object (node), check, &reason);
      if (item != NULL)
        g_ptr_array_add (items, item);
      else
        count_skip (message, reason, what, i, 0);
    }
  return items;
}

static void
decode_devices_array (CgTraccarMessage *message,
                      JsonArray        *array)
{
  message->devices = decode_items_array (message, array, NULL, "device",
                                         decode_device,
                                         (GDestroyNotify) cg_traccar_device_free);
}

static void
decode_groups_array (CgTraccarMessage *message,
                     JsonArray        *array)
{
  message->groups = decode_items_array (message, array, NULL, "group",
                                        decode_group,
                                        (GDestroyNotify) cg_traccar_group_free);
}

static void
decode_positions_array (CgTraccarMessage     *message,
                        JsonArray            *array,
                        const CgTraccarCheck *check)
{
  gint64 now = _cg_traccar_check_now (check);
  guint n = json_array_get_length (array);

  message->positions = g_array_sized_new (FALSE, FALSE, sizeof (CgTraccarPosition), n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CgTraccarSkip reason = CG_TRACCAR_SKIP_BAD_SHAPE;
      CgTraccarPosition p;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          decode_position (json_node_get_object (node), check, now, &p, &reason))
        g_array_append_val (message->positions, p);
      else
        count_skip (message, reason, "position", i, 0);
    }
}

static void
decode_events_array (CgTraccarMessage     *message,
                     JsonArray            *array,
                     const CgTraccarCheck *check)
{
  message->events = decode_items_array (message, array, check, "event",
                                        decode_event,
                                        (GDestroyNotify) cg_traccar_event_free);
}

static JsonParser *
parse (const char  *data,
       gsize        length,
       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;

  if (length > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, (gssize) length, &local) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CG_TRACCAR_ERROR, CG_TRACCAR_ERROR_INVALID_JSON,
                   _("The answer is not JSON: %s"),
                   local != NULL ? local->message : _("empty document"));
      return NULL;
    }
  return g_steal_pointer (&parser);
}

CgTraccarMessage *
cg_traccar_decode_message (const char           *data,
                           gsize                 length,
                           const CgTraccarCheck *check)
{
  CgTraccarMessage *message;

  g_return_val_if_fail (data != NULL || length == 0, cg_traccar_message_new ());

  /* a tree of json-glib nodes for every member of 1,500 positions a second was a third of
   * the live feed's CPU: the usual message is read without one */
  if (data != NULL && (message = _cg_traccar_scan_positions (data, length, check)) != NULL)
    return message;
  return _cg_traccar_decode_message_tree (data, length, check);
}

CgTraccarMessage *
_cg_traccar_decode_message_tree (const char           *data,
                                 gsize                 length,
                                 const CgTraccarCheck  *check)
{
  CgTraccarMessage *message = cg_traccar_message_new ();
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;
  JsonNode *node;

  g_return_val_if_fail (data != NULL || length == 0, message);

  parser = parse (data != NULL ? data : "", length, NULL);
  if (parser == NULL)
    {
      count_skip (message, CG_TRACCAR_SKIP_NOT_JSON, "message", 0, 0);
      return message;
    }
  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      count_skip (message, CG_TRACCAR_SKIP_BAD_SHAPE, "message", 0, 0);
      return message;
    }
  root = json_node_get_object (node);
  if (json_object_get_size (root) == 0)
    {
      message->keepalive = TRUE;
      return message;
    }

  /* devices first: a message may carry a device and its position */
  if ((node = json_object_get_member (root, "devices")) != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        decode_devices_array (message, json_node_get_array (node));
      else if (!JSON_NODE_HOLDS_NULL (node))
        count_skip (message, CG_TRACCAR_SKIP_BAD_SHAPE, "devices", 0, 0);
    }
  if ((node = json_object_get_member (root, "positions")) != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        decode_positions_array (message, json_node_get_array (node), check);
      else if (!JSON_NODE_HOLDS_NULL (node))
        count_skip (message, CG_TRACCAR_SKIP_BAD_SHAPE, "positions", 0, 0);
    }
  if ((node = json_object_get_member (root, "events")) != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        decode_events_array (message, json_node_get_array (node), check);
      else if (!JSON_NODE_HOLDS_NULL (node))
        count_skip (message, CG_TRACCAR_SKIP_BAD_SHAPE, "events", 0, 0);
    }
  if (message->devices == NULL && message->positions == NULL && message->events == NULL &&
      message->n_skipped == 0)
    count_skip (message, CG_TRACCAR_SKIP_BAD_SHAPE, "message", 0, 0);
  return message;
}

static JsonArray *
parse_array (JsonParser  *parser,
             const char  *message,
             GError     **error)
{
  JsonNode *root = json_parser_get_root (parser);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, CG_TRACCAR_ERROR, CG_TRACCAR_ERROR_BAD_SHAPE, message);
      return NULL;
    }
  return json_node_get_array (root);
}

CgTraccarMessage *
cg_traccar_decode_devices (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = parse (data, length, error);
  CgTraccarMessage *message;
  JsonArray *array;

  if (parser == NULL || (array = parse_array (parser, _("The answer is not a list of devices"), error)) == NULL)
    return NULL;
  message = cg_traccar_message_new ();
  decode_devices_array (message, array);
  return message;
}

CgTraccarMessage *
cg_traccar_decode_groups (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = parse (data, length, error);
  CgTraccarMessage *message;
  JsonArray *array;

  if (parser == NULL || (array = parse_array (parser, _("The answer is not a list of groups"), error)) == NULL)
    return NULL;
  message = cg_traccar_message_new ();
  decode_groups_array (message, array);
  return message;
}

CgTraccarMessage *
cg_traccar_decode_positions (const char            *data,
                             gsize                  length,
                             const CgTraccarCheck  *check,
                             GError               **error)
{
  g_autoptr(JsonParser) parser = parse (data, length, error);
  CgTraccarMessage *message;
  JsonArray *array;

  if (parser == NULL || (array = parse_array (parser, _("The answer is not a list of positions"), error)) == NULL)
    return NULL;
  message = cg_traccar_message_new ();
  decode_positions_array (message, array, check);
  return message;
}

CgUnitState
cg_traccar_device_state (CgTraccarStatus status,
                         gint64          last_fix,
                         gint64          now,
                         gint64          stale_after_s)
{
  if (status == CG_TRACCAR_STATUS_OFFLINE || last_fix <= 0)
    return CG_UNIT_OFFLINE;
  if (now - last_fix > stale_after_s)
    return CG_UNIT_STALE;
  return CG_UNIT_ONLINE;
}
