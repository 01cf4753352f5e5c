/* cg-sim-server.h: chengguan-citysim, a city API simulator on a SoupServer
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char    *district;             /* code or name, default "310107" (普陀区) */
  guint64  seed;                 /* default 1 */
  guint    merchants;            /* default 6455 (Putuo's active supervision targets) */
  guint    sites;                /* default 300 */
  guint    points;               /* default 76 */
  guint    officers;             /* default 200 */
  guint    vehicles;             /* default 20 */
  guint    complaints_per_hour;  /* default 20 */
  guint    history_days;         /* inspections/cases/complaints generated for the past N days, default 90 */
  guint    changes_per_minute;   /* merchants changed (regrade, rename, close) per minute of wall time, default 30 */
  char    *token;                /* required bearer token, NULL = none required */
  /* faults: each a probability 0..1 per request to a data endpoint */
  double   fault_slow;           /* delay the answer by slow_ms */
  guint    slow_ms;              /* default 3000 */
  double   fault_500;
  double   fault_503;            /* 503 with Retry-After: retry_after seconds */
  guint    retry_after;          /* default 2 */
  double   fault_truncate;       /* body cut off mid-way (Content-Length kept) */
  double   fault_malformed;      /* body is not JSON */
  double   fault_wrong_types;    /* some records get wrong member types */
  double   fault_bad_coords;     /* some records get out-of-range coordinates */
  double   fault_drop;           /* connection closed without an answer */
  /* time: the simulated "now"; 0 = real time. Tests pin it for determinism. */
  gint64   now;
  /* live feed (/api/socket): seconds between messages (default 5; 1 for the soak bench) */
  guint    live_interval;
  /* Traccar events (deviceOffline/Online, alarm sos, geofenceEnter/Exit) per hour, default 12 */
  guint    events_per_hour;
} CgSimConfig;

void         cg_sim_config_init   (CgSimConfig *config);    /* fills the defaults */
void         cg_sim_config_clear  (CgSimConfig *config);

#define CG_TYPE_SIM_SERVER (cg_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (CgSimServer, cg_sim_server, CG, SIM_SERVER, GObject)

/* Builds the synthetic district (deterministic for a config). */
CgSimServer *cg_sim_server_new            (const CgSimConfig  *config,
                                           GError            **error);
/* Listens on 127.0.0.1:@port (0 = any) in the thread-default main context. */
gboolean     cg_sim_server_listen         (CgSimServer        *self,
                                           guint               port,
                                           GError            **error);
/* "http://127.0.0.1:PORT/" once listening (transfer full) */
char        *cg_sim_server_get_url        (CgSimServer        *self);
/* Changes the fault probabilities at run time (tests); copies the fault_* fields only */
void         cg_sim_server_set_faults     (CgSimServer        *self,
                                           const CgSimConfig  *faults);
/* Advances simulated time (changes merchants, adds complaints, ...) by @seconds.
 * In real-time mode the server does this by itself every few seconds. */
void         cg_sim_server_advance        (CgSimServer        *self,
                                           guint               seconds);
/* Number of requests answered so far for @path ("/api/v1/merchants"), for tests */
guint        cg_sim_server_get_hits       (CgSimServer        *self,
                                           const char         *path);

/* The demo district inside the app: builds a server with @config and runs it in a
 * thread of its own (own GMainContext) on 127.0.0.1, any port. Returns its URL.
 * cg_sim_thread_stop() shuts it down and joins the thread. */
typedef struct _CgSimThread CgSimThread;

CgSimThread *cg_sim_thread_start          (const CgSimConfig  *config,
                                           GError            **error);
const char  *cg_sim_thread_get_url        (CgSimThread        *thread);
void         cg_sim_thread_stop           (CgSimThread        *thread);

G_END_DECLS
