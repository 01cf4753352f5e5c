/* test-traccar.c: the Traccar decoders on real-world shapes and on broken input
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-records.h"
#include "cg-traccar.h"
#include "cg-traccar-private.h"

#define NOW 1795397400   /* 2026-11-23T09:30:00+08:00 */

static CgTraccarMessage *
decode (const char *text)
{
  CgTraccarCheck check = { NOW, 0, NULL };

  return cg_traccar_decode_message (text, strlen (text), &check);
}

/* A Traccar 5.x /api/socket message as a real server sends it */
static void
test_traccar_real_positions (void)
{
  g_autoptr(CgTraccarMessage) m = decode (
    "{\"positions\":[{\"id\":1234567,\"attributes\":{\"batteryLevel\":87.0,\"distance\":0.0,"
    "\"totalDistance\":1.2E7,\"motion\":false},\"deviceId\":3,\"protocol\":\"osmand\","
    "\"serverTime\":\"2026-11-23T01:29:58.000+00:00\",\"deviceTime\":\"2026-11-23T01:29:55.000+00:00\","
    "\"fixTime\":\"2026-11-23T01:29:55.000+00:00\",\"outdated\":false,\"valid\":true,"
    "\"latitude\":31.2456789,\"longitude\":121.4012345,\"altitude\":4.0,\"speed\":10.0,"
    "\"course\":-90.0,\"address\":null,\"accuracy\":0.0,\"network\":null,\"geofenceIds\":null},"
    /* +0800 without a colon, no milliseconds, integer coordinates, nulls */
    "{\"id\":7,\"deviceId\":4,\"fixTime\":\"2026-11-23T09:29:00+0800\",\"valid\":true,"
    "\"latitude\":31,\"longitude\":121,\"speed\":null,\"course\":null,\"altitude\":null,"
    "\"accuracy\":null,\"attributes\":null}]}");
  CgTraccarPosition *p;

  g_assert_nonnull (m->positions);
  g_assert_cmpuint (m->n_skipped, ==, 0);
  g_assert_cmpuint (m->positions->len, ==, 2);
  p = &g_array_index (m->positions, CgTraccarPosition, 0);
  g_assert_cmpint (p->id, ==, 1234567);
  g_assert_cmpint (p->device_id, ==, 3);
  g_assert_cmpint (p->fix_time, ==, NOW - 5);
  g_assert_cmpint (p->server_time, ==, NOW - 2);
  g_assert_cmpfloat_with_epsilon (p->speed_kmh, 18.52, 1e-9);   /* 10 knots */
  g_assert_cmpfloat_with_epsilon (p->course, 270.0, 1e-9);      /* -90 normalised */
  g_assert_cmpfloat_with_epsilon (p->lat, 31.2456789, 1e-9);
  p = &g_array_index (m->positions, CgTraccarPosition, 1);
  g_assert_cmpint (p->fix_time, ==, NOW - 60);
  g_assert_true (isnan (p->speed_kmh));
  g_assert_true (isnan (p->course));
  g_assert_true (isnan (p->altitude));
  g_assert_cmpfloat (cg_traccar_knots_to_kmh (1.0), ==, 1.852);
}

static void
test_traccar_bad_positions (void)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  CgTraccarCheck check = { NOW, 600, known };
  const char *text =
    "{\"positions\":["
    "{\"id\":1,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":2,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":131.2,\"longitude\":321.4},"
    "{\"id\":3,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":0,\"longitude\":0},"
    "{\"id\":4,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":null,\"longitude\":121.4},"
    "{\"id\":5,\"deviceId\":1,\"fixTime\":\"2027-01-01T00:00:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":6,\"deviceId\":1,\"fixTime\":\"1970-01-01T00:00:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":7,\"deviceId\":1,\"fixTime\":\"yesterday\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":8,\"deviceId\":1,\"valid\":false,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":9,\"deviceId\":99,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":10,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":11,\"deviceId\":\"1\",\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":31.2,\"longitude\":121.4},"
    "{\"id\":12,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:29:00Z\",\"latitude\":\"31.2\",\"longitude\":121.4},"
    "[1,2,3],"
    "{\"id\":14,\"deviceId\":1,\"fixTime\":\"2026-11-23T01:35:00Z\",\"latitude\":31.2,\"longitude\":121.4}"
    "]}";
  g_autoptr(CgTraccarMessage) m = NULL;
  gint64 one = 1;

  g_hash_table_add (known, g_memdup2 (&one, sizeof one));
  m = cg_traccar_decode_message (text, strlen (text), &check);
  g_assert_cmpuint (m->positions->len, ==, 2);   /* 1, and 14 (5 min ahead: within 600 s) */
  g_assert_cmpint (g_array_index (m->positions, CgTraccarPosition, 0).id, ==, 1);
  g_assert_cmpint (g_array_index (m->positions, CgTraccarPosition, 1).id, ==, 14);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_BAD_COORDS], ==, 3);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_FUTURE_TIME], ==, 1);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_BAD_TIME], ==, 2);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_INVALID_FIX], ==, 1);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_UNKNOWN_DEVICE], ==, 1);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_MISSING_ID], ==, 1);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_WRONG_TYPE], ==, 2);
  g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_BAD_SHAPE], ==, 1);
  g_assert_cmpuint (m->n_skipped, ==, 12);
  g_assert_cmpstr (m->first_skip_detail, ==, "position 1: bad-coords");
}

static void
test_traccar_messages (void)
{
  static const char *not_json[] = { "", "nope", "{\"positions\":[", "\xff\xfe", "{\"a\":1,}" };
  g_autoptr(CgTraccarMessage) keepalive = decode ("{}");
  g_autoptr(CgTraccarMessage) array = decode ("[1]");
  g_autoptr(CgTraccarMessage) unknown = decode ("{\"foo\": 1}");
  g_autoptr(CgTraccarMessage) wrong = decode ("{\"positions\": 5}");

  g_assert_true (keepalive->keepalive);
  g_assert_cmpuint (keepalive->n_skipped, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autoptr(CgTraccarMessage) m = decode (not_json[i]);

      g_assert_false (m->keepalive);
      g_assert_null (m->positions);
      g_assert_cmpuint (m->skipped[CG_TRACCAR_SKIP_NOT_JSON], ==, 1);
    }
  g_assert_cmpuint (array->skipped[CG_TRACCAR_SKIP_BAD_SHAPE], ==, 1);
  g_assert_cmpuint (unknown->skipped[CG_TRACCAR_SKIP_BAD_SHAPE], ==, 1);
  g_assert_cmpuint (wrong->skipped[CG_TRACCAR_SKIP_BAD_SHAPE], ==, 1);
  g_assert_null (wrong->positions);
}

static void
test_traccar_devices_groups_events (void)
{
  const char *devices =
    "[{\"id\":1,\"attributes\":{},\"groupId\":2,\"calendarId\":0,\"name\":\"张伟\",\"uniqueId\":\"cg-o-0001\","
    "\"status\":\"online\",\"lastUpdate\":\"2026-11-23T01:29:58.000+00:00\",\"positionId\":77,"
    "\"phone\":null,\"model\":null,\"contact\":null,\"category\":\"person\",\"disabled\":false,\"expirationTime\":null},"
    "{\"id\":2,\"name\":\"普陀城管执法车01\",\"status\":\"offline\",\"category\":\"car\",\"lastUpdate\":null,\"groupId\":null},"
    "{\"id\":3,\"name\":null,\"uniqueId\":\"x3\",\"status\":\"weird\"},"
    "{\"name\":\"no id\"},"
    "{\"id\":5,\"name\":42}]";
  const char *groups = "[{\"id\":1,\"name\":\"曹杨新村街道中队\",\"groupId\":0,\"attributes\":{\"street_code\":\"310107005\"}},"
                       "{\"id\":2,\"name\":\"长风\",\"attributes\":{\"street_code\":7}},{\"id\":0}]";
  const char *events =
    "{\"events\":[{\"id\":11,\"attributes\":{\"alarm\":\"sos\"},\"deviceId\":1,\"type\":\"alarm\","
    "\"eventTime\":\"2026-11-23T01:29:58.000+00:00\",\"positionId\":77,\"geofenceId\":0,\"maintenanceId\":0},"
    "{\"id\":12,\"deviceId\":2,\"type\":\"deviceOffline\",\"eventTime\":\"2026-11-23T01:29:58Z\",\"attributes\":{}},"
    "{\"id\":13,\"deviceId\":2,\"type\":\"geofenceEnter\",\"geofenceId\":4,\"attributes\":{}},"
    "{\"id\":14,\"deviceId\":2,\"type\":\"geofenceExit\",\"geofenceId\":4},"
    "{\"id\":15,\"deviceId\":2,\"type\":\"ignitionOn\"},"
    "{\"id\":16,\"deviceId\":2},{\"id\":17,\"type\":\"alarm\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CgTraccarMessage) d = cg_traccar_decode_devices (devices, strlen (devices), &error);
  g_autoptr(CgTraccarMessage) g = cg_traccar_decode_groups (groups, strlen (groups), &error);
  g_autoptr(CgTraccarMessage) e = decode (events);
  g_autoptr(CgTraccarMessage) none = NULL;
  CgTraccarDevice *dev;
  CgTraccarEvent *ev;

  g_assert_no_error (error);
  g_assert_cmpuint (d->devices->len, ==, 3);
  g_assert_cmpuint (d->skipped[CG_TRACCAR_SKIP_MISSING_ID], ==, 1);
  g_assert_cmpuint (d->skipped[CG_TRACCAR_SKIP_WRONG_TYPE], ==, 1);
  dev = d->devices->pdata[0];
  g_assert_cmpstr (dev->name, ==, "张伟");
  g_assert_cmpint (dev->status, ==, CG_TRACCAR_STATUS_ONLINE);
  g_assert_cmpint (dev->kind, ==, CG_UNIT_OFFICER);
  g_assert_cmpint (dev->group_id, ==, 2);
  g_assert_cmpint (dev->last_update, ==, NOW - 2);
  dev = d->devices->pdata[1];
  g_assert_cmpint (dev->kind, ==, CG_UNIT_VEHICLE);
  g_assert_cmpint (dev->status, ==, CG_TRACCAR_STATUS_OFFLINE);
  g_assert_cmpint (dev->group_id, ==, 0);
  dev = d->devices->pdata[2];
  g_assert_cmpstr (dev->name, ==, "x3");
  g_assert_cmpint (dev->status, ==, CG_TRACCAR_STATUS_UNKNOWN);

  g_assert_cmpuint (g->groups->len, ==, 2);
  g_assert_cmpstr (((CgTraccarGroup *) g->groups->pdata[0])->street_code, ==, "310107005");
  g_assert_null (((CgTraccarGroup *) g->groups->pdata[1])->street_code);
  g_assert_cmpuint (g->skipped[CG_TRACCAR_SKIP_MISSING_ID], ==, 1);

  g_assert_cmpuint (e->events->len, ==, 5);
  ev = e->events->pdata[0];
  g_assert_cmpint (ev->kind, ==, CG_TRACCAR_EVENT_ALARM);
  g_assert_cmpstr (ev->alarm, ==, "sos");
  g_assert_cmpint (ev->event_time, ==, NOW - 2);
  g_assert_cmpint (((CgTraccarEvent *) e->events->pdata[1])->kind, ==, CG_TRACCAR_EVENT_DEVICE_OFFLINE);
  g_assert_cmpint (((CgTraccarEvent *) e->events->pdata[2])->kind, ==, CG_TRACCAR_EVENT_GEOFENCE_ENTER);
  g_assert_cmpint (((CgTraccarEvent *) e->events->pdata[2])->geofence_id, ==, 4);
  g_assert_cmpint (((CgTraccarEvent *) e->events->pdata[3])->kind, ==, CG_TRACCAR_EVENT_GEOFENCE_EXIT);
  g_assert_cmpint (((CgTraccarEvent *) e->events->pdata[4])->kind, ==, CG_TRACCAR_EVENT_OTHER);
  g_assert_cmpstr (((CgTraccarEvent *) e->events->pdata[4])->type, ==, "ignitionOn");
  g_assert_cmpuint (e->n_skipped, ==, 2);

  /* REST documents of the wrong shape are errors */
  none = cg_traccar_decode_devices ("{\"devices\":[]}", 14, &error);
  g_assert_null (none);
  g_assert_error (error, CG_TRACCAR_ERROR, CG_TRACCAR_ERROR_BAD_SHAPE);
  g_clear_error (&error);
  none = cg_traccar_decode_positions ("[{\"id\":1,", 9, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CG_TRACCAR_ERROR, CG_TRACCAR_ERROR_INVALID_JSON);
}

static void
test_traccar_describe (void)
{
  CgTraccarEvent sos = { 1, CG_TRACCAR_EVENT_ALARM, (char *) "alarm", 7, 0, 0, NOW, (char *) "sos" };
  CgTraccarEvent enter = { 2, CG_TRACCAR_EVENT_GEOFENCE_ENTER, (char *) "geofenceEnter", 7, 0, 4, NOW, NULL };
  CgTraccarEvent other = { 3, CG_TRACCAR_EVENT_OTHER, (char *) "ignitionOn", 8, 0, 0, NOW, NULL };
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  gboolean urgent = FALSE;

  a = cg_traccar_event_describe (&sos, "张伟", &urgent);
  g_assert_true (urgent);
  g_assert_nonnull (strstr (a, "张伟"));
  g_assert_nonnull (strstr (a, "SOS"));
  b = cg_traccar_event_describe (&enter, "张伟", &urgent);
  g_assert_false (urgent);
  g_assert_nonnull (strstr (b, "4"));
  c = cg_traccar_event_describe (&other, NULL, NULL);
  g_assert_nonnull (strstr (c, "8"));
  g_assert_nonnull (strstr (c, "ignitionOn"));
}

gboolean _cg_traccar_parse_time_fast (const char *str,
                                      gint64     *out);

/* The fast parser agrees with GLib's on what it takes, and leaves the rest to GLib */
static void
test_traccar_fast_time (void)
{
  static const char *taken[] = {
    "2026-11-23T01:29:58.000+00:00", "2026-11-23T09:29:58+08:00", "2026-11-23T09:29:58+0800",
    "2026-11-22T20:29:58.123456-05:00", "2026-11-23T01:29:58Z", "2024-02-29T23:59:59.9Z",
    "2000-01-01T00:00:00+14:00", "1999-12-31T23:59:59-12:00", "2026-12-31T23:59:59+05:45",
  };
  static const char *left[] = {
    "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-23T24:00:00Z",
    "2026-11-23T01:29:58", "2026-11-23 01:29:58Z", "2026-11-23T01:29:58.+00:00", "2026-11-23T01:29:58+8",
    "20261123T012958Z", "yesterday", "2026-11-23T01:29:58+00:00x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      gint64 fast = 0, slow = 0;

      g_assert_true (_cg_traccar_parse_time_fast (taken[i], &fast));
      g_assert_true (cg_parse_time (taken[i], &slow));
      g_assert_cmpint (fast, ==, slow);
    }
  for (guint i = 0; i < G_N_ELEMENTS (left); i++)
    {
      gint64 t;

      g_assert_false (_cg_traccar_parse_time_fast (left[i], &t));
    }
}

/* ---- the scanner of the usual live message against the general decoder ---------------- */

static const char *
pick (GRand       *r,
      const char **options,
      guint        n)
{
  return options[g_rand_int_range (r, 0, (gint32) n)];
}

#define PICK(r, ...) pick (r, (const char *[]) { __VA_ARGS__ }, \
                           sizeof ((const char *[]) { __VA_ARGS__ }) / sizeof (const char *))

static void
ws (GString *out,
    GRand   *r)
{
  if (g_rand_int_range (r, 0, 8) == 0)
    g_string_append (out, PICK (r, " ", "\n", "\r\n  ", "\t"));
}

/* A time around NOW, in one of the forms servers write (or a broken one) */
static void
append_time_value (GString *out,
                   GRand   *r)
{
  gint64 t = NOW + g_rand_int_range (r, -4000, 900);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  switch (g_rand_int_range (r, 0, 7))
    {
    case 0:
      g_string_append_printf (out, "\"%s+0800\"", iso);
      break;
    case 1:
      g_string_append_printf (out, "\"%sZ\"", iso);
      break;
    case 2:
      g_string_append (out, PICK (r, "\"\"", "\"yesterday\"", "\"1970-01-01T00:00:00Z\"",
                                  "\"2026-11-23T01:29:58\"", "null"));
      break;
    default:
      g_string_append_printf (out, "\"%s.000+00:00\"", iso);
      break;
    }
}

/* The usual value of @member, as a live server sends it */
static void
append_usual (GString     *out,
              GRand       *r,
              CgPosMember  member)
{
  switch (member)
    {
    case CG_POS_ID:
      g_string_append_printf (out, "%u", g_rand_int_range (r, 1, 2000000000));
      break;
    case CG_POS_DEVICE_ID:
      g_string_append_printf (out, "%d", g_rand_int_range (r, 1, 40));
      break;
    case CG_POS_LATITUDE:
      g_string_append_printf (out, "%.7f", g_rand_double_range (r, 31.0, 31.45));
      break;
    case CG_POS_LONGITUDE:
      g_string_append_printf (out, "%.7f", g_rand_double_range (r, 121.2, 121.65));
      break;
    case CG_POS_SPEED:
      g_string_append_printf (out, "%.2f", g_rand_double_range (r, 0, 40));
      break;
    case CG_POS_COURSE:
      g_string_append_printf (out, "%.1f", g_rand_double_range (r, -400, 400));
      break;
    case CG_POS_ALTITUDE:
      g_string_append (out, PICK (r, "4.0", "0", "-3.5", "12"));
      break;
    case CG_POS_ACCURACY:
      g_string_append (out, PICK (r, "5.0", "8.0", "0.0", "-1.0", "3"));
      break;
    case CG_POS_VALID:
      g_string_append (out, g_rand_int_range (r, 0, 10) ? "true" : "false");
      break;
    case CG_POS_FIX_TIME:
    case CG_POS_DEVICE_TIME:
    case CG_POS_SERVER_TIME:
      append_time_value (out, r);
      break;
    case CG_N_POS_MEMBERS:
    default:
      g_assert_not_reached ();
    }
}

/* Anything a member may hold: right and wrong types, edge numbers, escapes */
static void
append_odd (GString *out,
            GRand   *r)
{
  g_string_append (out,
                   PICK (r, "null", "true", "false", "0", "-0", "7", "-12", "2.0", "-0.0", "1.5",
                         "9007199254740992.0", "9007199254740994.0", "123456789012345678",
                         "1234567890123456789", "-999999999999999999", "1.2E7", "3e-2",
                         "31.2345678901234567", "0.1000000000000000055511151231257827",
                         "\"\"", "\"12\"", "\"31.2\"", "\"a\\\"b\"", "\"\\u0041\"", "\"\\/\"",
                         "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "[1,\"x\",[true]]",
                         "\"上海市普陀区\""));
}

static void
append_unknown_member (GString *out,
                       GRand   *r)
{
  g_string_append (out,
                   PICK (r, "\"protocol\":\"osmand\"", "\"outdated\":false", "\"address\":null",
                         "\"address\":\"上海市普陀区武威路624号\"", "\"network\":null",
                         "\"attributes\":{\"batteryLevel\":87.0,\"motion\":true,\"distance\":0.0}",
                         "\"attributes\":{\"totalDistance\":1.2E7,\"ip\":\"10.0.0.1\"}",
                         "\"geofenceIds\":[1,2,3]", "\"note\":\"a \\\"quoted\\\" \\\\ \\n word\"",
                         "\"x\":{\"y\":{\"z\":[[[]]]}}"));
}

static void
append_position (GString *out,
                 GRand   *r,
                 gboolean usual_only)
{
  guint order[CG_N_POS_MEMBERS + 3];
  guint n = 0;
  gboolean first = TRUE;

  for (guint m = 0; m < G_N_ELEMENTS (order); m++)
    order[n++] = m;   /* indices past the members: unknown members */
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (r, 0, (gint32) i + 1), t = order[i];

      order[i] = order[j];
      order[j] = t;
    }

  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      guint m = order[i];

      if (!usual_only && g_rand_int_range (r, 0, 12) == 0)
        continue;   /* absent */
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      ws (out, r);
      if (m >= CG_N_POS_MEMBERS)
        {
          append_unknown_member (out, r);
          continue;
        }
      g_string_append_printf (out, "\"%s\"", _cg_traccar_position_members[m]);
      ws (out, r);
      g_string_append_c (out, ':');
      ws (out, r);
      if (!usual_only && g_rand_int_range (r, 0, 10) == 0)
        append_odd (out, r);
      else
        append_usual (out, r, m);
      /* now and then a member given twice */
      if (!usual_only && g_rand_int_range (r, 0, 150) == 0)
        {
          g_string_append_printf (out, ",\"%s\":", _cg_traccar_position_members[m]);
          append_usual (out, r, m);
        }
    }
  ws (out, r);
  g_string_append_c (out, '}');
}

static char *
make_message (GRand    *r,
              gboolean  usual_only)
{
  GString *out = g_string_new (NULL);
  guint n = g_rand_int_range (r, 0, 25);

  ws (out, r);
  g_string_append (out, "{\"positions\":");
  ws (out, r);
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      ws (out, r);
      if (!usual_only && g_rand_int_range (r, 0, 200) == 0)
        g_string_append (out, PICK (r, "5", "null", "[]", "\"p\""));
      else
        append_position (out, r, usual_only);
    }
  ws (out, r);
  g_string_append_c (out, ']');
  if (!usual_only)
    switch (g_rand_int_range (r, 0, 40))
      {
      case 0:
        g_string_append (out, ",\"events\":[]");
        break;
      case 1:
        g_string_append (out, ",\"devices\":null");
        break;
      default:
        break;
      }
  g_string_append_c (out, '}');
  ws (out, r);

  if (!usual_only)
    switch (g_rand_int_range (r, 0, 60))
      {
      case 0:   /* cut short */
        g_string_truncate (out, g_rand_int_range (r, 0, (gint32) out->len));
        break;
      case 1:   /* not UTF-8 */
        g_string_insert (out, g_rand_int_range (r, 0, (gint32) out->len), "\xff");
        break;
      case 2:   /* garbage after it */
        g_string_append (out, " x");
        break;
      case 3:   /* a control character in a string */
        {
          char *quote = strchr (out->str, '"');

          if (quote != NULL)
            *quote = '\n';
        }
        break;
      default:
        break;
      }
  return g_string_free (out, FALSE);
}

static void
assert_same_message (const CgTraccarMessage *a,
                     const CgTraccarMessage *b,
                     const char             *text)
{
  gboolean same =
    a->keepalive == b->keepalive && a->n_skipped == b->n_skipped &&
    memcmp (a->skipped, b->skipped, sizeof a->skipped) == 0 &&
    g_strcmp0 (a->first_skip_detail, b->first_skip_detail) == 0 &&
    (a->devices == NULL) == (b->devices == NULL) && (a->groups == NULL) == (b->groups == NULL) &&
    (a->events == NULL) == (b->events == NULL) && (a->positions == NULL) == (b->positions == NULL);

  if (same && a->positions != NULL)
    same = a->positions->len == b->positions->len &&
           (a->positions->len == 0 ||
            memcmp (a->positions->data, b->positions->data,
                    a->positions->len * sizeof (CgTraccarPosition)) == 0);
  if (!same)
    {
      g_test_message ("the decoders differ on: %s", text);
      g_test_message ("tree: %u positions, %u skipped (%s); scan: %u positions, %u skipped (%s)",
                      a->positions ? a->positions->len : 0, a->n_skipped, a->first_skip_detail,
                      b->positions ? b->positions->len : 0, b->n_skipped, b->first_skip_detail);
      g_test_fail ();
    }
}

/* On thousands of generated messages, usual and odd, the decoder answers exactly as the
 * general (json-glib) one; and it takes the usual message without the tree */
static void
test_traccar_scan_matches_tree (void)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (20261130);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n_scanned = 0, n_positions = 0, n_skipped = 0;
  const guint n_messages = 3000;

  for (gint64 d = 1; d <= 30; d++)
    g_hash_table_add (known, g_memdup2 (&d, sizeof d));

  for (guint i = 0; i < n_messages; i++)
    {
      gboolean usual = i % 4 == 0;
      g_autofree char *text = make_message (r, usual);
      CgTraccarCheck check = { NOW, i % 3 == 0 ? 600 : 0, i % 2 == 0 ? known : NULL };
      g_autoptr(CgTraccarMessage) tree = _cg_traccar_decode_message_tree (text, strlen (text), &check);
      g_autoptr(CgTraccarMessage) decoded = cg_traccar_decode_message (text, strlen (text), &check);
      g_autoptr(CgTraccarMessage) scanned = _cg_traccar_scan_positions (text, strlen (text), &check);

      assert_same_message (tree, decoded, text);
      if (scanned != NULL)
        {
          assert_same_message (tree, scanned, text);
          n_scanned++;
          n_positions += scanned->positions->len;
          n_skipped += scanned->n_skipped;
        }
      else if (usual)
        {
          g_test_message ("the usual message was left to the tree: %s", text);
          g_test_fail ();
        }
    }
  g_test_message ("%u of %u messages scanned: %u positions decoded, %u skipped", n_scanned,
                  n_messages, n_positions, n_skipped);
  /* both paths were exercised, with decoded and skipped positions */
  g_assert_cmpuint (n_scanned, >, n_messages / 4);
  g_assert_cmpuint (n_scanned, <, n_messages);
  g_assert_cmpuint (n_positions, >, 1000);
  g_assert_cmpuint (n_skipped, >, 100);
}

static void
test_traccar_state (void)
{
  g_assert_cmpint (cg_traccar_device_state (CG_TRACCAR_STATUS_ONLINE, NOW - 10, NOW, 300), ==, CG_UNIT_ONLINE);
  g_assert_cmpint (cg_traccar_device_state (CG_TRACCAR_STATUS_UNKNOWN, NOW - 10, NOW, 300), ==, CG_UNIT_ONLINE);
  g_assert_cmpint (cg_traccar_device_state (CG_TRACCAR_STATUS_ONLINE, NOW - 301, NOW, 300), ==, CG_UNIT_STALE);
  g_assert_cmpint (cg_traccar_device_state (CG_TRACCAR_STATUS_OFFLINE, NOW - 10, NOW, 300), ==, CG_UNIT_OFFLINE);
  g_assert_cmpint (cg_traccar_device_state (CG_TRACCAR_STATUS_ONLINE, 0, NOW, 300), ==, CG_UNIT_OFFLINE);
  for (guint i = 0; i < CG_TRACCAR_N_SKIP; i++)
    {
      g_assert_nonnull (cg_traccar_skip_to_string (i));
      g_assert_nonnull (cg_traccar_skip_get_title (i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/traccar/real-positions", test_traccar_real_positions);
  g_test_add_func ("/cg/traccar/bad-positions", test_traccar_bad_positions);
  g_test_add_func ("/cg/traccar/messages", test_traccar_messages);
  g_test_add_func ("/cg/traccar/devices-groups-events", test_traccar_devices_groups_events);
  g_test_add_func ("/cg/traccar/state", test_traccar_state);
  g_test_add_func ("/cg/traccar/describe", test_traccar_describe);
  g_test_add_func ("/cg/traccar/fast-time", test_traccar_fast_time);
  g_test_add_func ("/cg/traccar/scan-matches-tree", test_traccar_scan_matches_tree);
  return g_test_run ();
}
