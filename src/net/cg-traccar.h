/* cg-traccar.h: decoders for the Traccar API (devices, groups, positions, events, socket)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-dispatch-rank.h"

G_BEGIN_DECLS

#define CG_TRACCAR_ERROR (cg_traccar_error_quark ())

typedef enum
{
  CG_TRACCAR_ERROR_INVALID_JSON,  /* not JSON at all (or truncated) */
  CG_TRACCAR_ERROR_BAD_SHAPE,     /* JSON, but not what the endpoint promises */
} CgTraccarError;

GQuark cg_traccar_error_quark (void);

/* Why an item (or a whole socket message) was skipped. Stable names for logs and tests. */
typedef enum
{
  CG_TRACCAR_SKIP_NOT_JSON,        /* "not-json": a socket message that does not parse */
  CG_TRACCAR_SKIP_BAD_SHAPE,       /* "bad-shape": a message or item of the wrong JSON shape */
  CG_TRACCAR_SKIP_MISSING_ID,      /* "missing-id": no id / deviceId */
  CG_TRACCAR_SKIP_WRONG_TYPE,      /* "wrong-type": a member of the wrong JSON type */
  CG_TRACCAR_SKIP_BAD_COORDS,      /* "bad-coords": null, not finite, or outside China */
  CG_TRACCAR_SKIP_BAD_TIME,        /* "bad-time": missing/unparsable fix time, or before 2000 */
  CG_TRACCAR_SKIP_FUTURE_TIME,     /* "future-time": fix time too far after now */
  CG_TRACCAR_SKIP_INVALID_FIX,     /* "invalid-fix": "valid": false (no GPS fix) */
  CG_TRACCAR_SKIP_UNKNOWN_DEVICE,  /* "unknown-device": a device id not in /api/devices */
  CG_TRACCAR_SKIP_OUT_OF_ORDER,    /* "out-of-order": older than the fix already held */
  CG_TRACCAR_SKIP_FLOOD,           /* "flood": a message dropped because the queue was full */
  CG_TRACCAR_SKIP_TOO_LARGE,       /* "too-large": a message above the size limit */
  CG_TRACCAR_N_SKIP
} CgTraccarSkip;

const char *cg_traccar_skip_to_string (CgTraccarSkip skip);
/* Translated, for the diagnostics view */
const char *cg_traccar_skip_get_title (CgTraccarSkip skip);

/* 1 knot = 1.852 km/h exactly; NAN stays NAN */
double      cg_traccar_knots_to_kmh  (double knots);

typedef enum
{
  CG_TRACCAR_STATUS_UNKNOWN,
  CG_TRACCAR_STATUS_ONLINE,
  CG_TRACCAR_STATUS_OFFLINE,
} CgTraccarStatus;

typedef struct
{
  gint64           id;
  char            *name;          /* never NULL ("" when absent) */
  char            *unique_id;     /* nullable */
  CgTraccarStatus  status;
  gint64           last_update;   /* unix seconds, 0 = absent */
  gint64           position_id;   /* 0 = none */
  gint64           group_id;      /* 0 = none */
  CgUnitKind       kind;          /* "category": person -> officer, car/truck/van/... -> vehicle */
  gboolean         disabled;
} CgTraccarDevice;

typedef struct
{
  gint64  id;
  char   *name;                   /* never NULL */
  gint64  parent_id;              /* "groupId", 0 = none */
  char   *street_code;            /* attributes.street_code, nullable */
} CgTraccarGroup;

/* A position: plain values only, so arrays of them copy by value */
typedef struct
{
  gint64   id;
  gint64   device_id;
  gint64   fix_time;              /* unix seconds */
  gint64   server_time;           /* unix seconds, 0 = absent */
  double   lon;                   /* WGS-84 */
  double   lat;
  double   speed_kmh;             /* converted from knots; NAN = absent */
  double   course;                /* degrees 0..360, NAN = absent */
  double   altitude;              /* NAN = absent */
  double   accuracy;              /* metres, NAN = absent */
} CgTraccarPosition;

typedef enum
{
  CG_TRACCAR_EVENT_OTHER,
  CG_TRACCAR_EVENT_DEVICE_ONLINE,
  CG_TRACCAR_EVENT_DEVICE_OFFLINE,
  CG_TRACCAR_EVENT_ALARM,         /* "alarm": see alarm ("sos", ...) */
  CG_TRACCAR_EVENT_GEOFENCE_ENTER,
  CG_TRACCAR_EVENT_GEOFENCE_EXIT,
} CgTraccarEventKind;

typedef struct
{
  gint64              id;
  CgTraccarEventKind  kind;
  char               *type;       /* Traccar's "type" verbatim */
  gint64              device_id;
  gint64              position_id;
  gint64              geofence_id;
  gint64              event_time; /* unix seconds, 0 = absent */
  char               *alarm;      /* attributes.alarm ("sos"), nullable */
} CgTraccarEvent;

void cg_traccar_device_free (CgTraccarDevice *device);
void cg_traccar_group_free  (CgTraccarGroup  *group);
void cg_traccar_event_free  (CgTraccarEvent  *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgTraccarDevice, cg_traccar_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgTraccarEvent, cg_traccar_event_free)

/* A notification sentence for @event of the device called @device_name (translated);
 * *urgent is set for SOS alarms (nullable). */
char       *cg_traccar_event_describe (const CgTraccarEvent *event,
                                       const char           *device_name,
                                       gboolean             *urgent);

/* What the decoders check positions against */
typedef struct
{
  gint64      now;                /* unix seconds; 0 = the real time */
  gint64      max_future_s;       /* a fix later than now + this is "future-time" (default 300) */
  GHashTable *known_devices;      /* (nullable) set of gint64* device ids (g_int64_hash):
                                   * positions/events of other devices are "unknown-device" */
} CgTraccarCheck;

#define CG_TRACCAR_DEFAULT_MAX_FUTURE_S 300

/* One decoded document: a socket message or a REST answer. Members the document did not
 * carry are NULL. */
typedef struct
{
  GPtrArray *devices;             /* CgTraccarDevice */
  GPtrArray *groups;              /* CgTraccarGroup */
  GArray    *positions;           /* CgTraccarPosition */
  GPtrArray *events;              /* CgTraccarEvent */
  gboolean   keepalive;           /* the message was {} */
  guint      n_skipped;
  guint      skipped[CG_TRACCAR_N_SKIP];
  char      *first_skip_detail;   /* "position 3 (id 17): bad-coords", or NULL */
} CgTraccarMessage;

CgTraccarMessage *cg_traccar_message_new  (void);
void              cg_traccar_message_free (CgTraccarMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgTraccarMessage, cg_traccar_message_free)

/* A WebSocket message: {"positions": [...]}, {"devices": [...]}, {"events": [...]} (any
 * mix) or {} (keepalive). Never fails: a message that is not JSON or not an object comes back
 * empty with skipped[NOT_JSON] / skipped[BAD_SHAPE] = 1; bad items are skipped and counted.
 * @check: (nullable). Thread-safe when @check->known_devices is not modified meanwhile. */
CgTraccarMessage *cg_traccar_decode_message   (const char            *data,
                                               gsize                  length,
                                               const CgTraccarCheck  *check);

/* REST answers: the array roots of /api/devices, /api/groups, /api/positions and
 * /api/reports/route. A document that is not JSON or not an array fails with @error;
 * bad items are skipped and counted. */
CgTraccarMessage *cg_traccar_decode_devices   (const char            *data,
                                               gsize                  length,
                                               GError               **error);
CgTraccarMessage *cg_traccar_decode_groups    (const char            *data,
                                               gsize                  length,
                                               GError               **error);
CgTraccarMessage *cg_traccar_decode_positions (const char            *data,
                                               gsize                  length,
                                               const CgTraccarCheck  *check,
                                               GError               **error);

/* online / stale / offline: offline when Traccar says so or no fix was ever seen; stale when
 * the last fix is older than @stale_after_s at @now; online otherwise. */
CgUnitState       cg_traccar_device_state     (CgTraccarStatus        status,
                                               gint64                 last_fix,
                                               gint64                 now,
                                               gint64                 stale_after_s);

G_END_DECLS
