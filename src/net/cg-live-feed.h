/* cg-live-feed.h: live positions of officers and vehicles from a Traccar API
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-dispatch-rank.h"
#include "cg-traccar.h"

G_BEGIN_DECLS

typedef enum
{
  CG_LIVE_MODE_OFFLINE,        /* stopped, or neither the socket nor polling works */
  CG_LIVE_MODE_CONNECTING,     /* loading devices, or reconnecting after a drop */
  CG_LIVE_MODE_LIVE,           /* the WebSocket is open */
  CG_LIVE_MODE_POLLING,        /* no socket: /api/positions every few seconds */
} CgLiveMode;

/* "offline" | "connecting" | "live" | "polling" */
const char *cg_live_mode_to_string (CgLiveMode mode);
/* Translated, for the status bar */
const char *cg_live_mode_get_title (CgLiveMode mode);

/* Counters for the diagnostics view (since the feed was made) */
typedef struct
{
  guint64  messages;           /* socket messages received (incl. keepalives) */
  guint64  keepalives;
  guint64  bytes;              /* socket and polling bodies */
  guint64  polls;              /* /api/positions answers used */
  guint64  positions;          /* positions applied */
  guint64  batches;            /* "positions-changed" emissions */
  guint64  events;             /* events emitted */
  guint64  connects;           /* successful socket connections */
  guint64  drops;              /* socket closed or lost */
  guint64  failed_connects;    /* socket handshakes that failed */
  guint64  n_skipped;
  guint64  skipped[CG_TRACCAR_N_SKIP];
  gint64   last_message;       /* unix seconds of the last socket message or poll, 0 = never */
  guint    queued;             /* messages waiting to be decoded now */
} CgLiveStats;

/* The counters as translated lines for the diagnostics view ("Messages: 1234", ... one line
 * per skip reason that happened) */
char       *cg_live_stats_format   (const CgLiveStats *stats);

/* One device as the feed knows it */
typedef struct
{
  gint64             id;
  char              *name;
  char              *unique_id;
  gint64             group_id;         /* squad, 0 = none */
  CgUnitKind         kind;
  CgTraccarStatus    status;
  gboolean           has_position;
  CgTraccarPosition  position;         /* the latest fix when has_position */
} CgLiveDevice;

#define CG_TYPE_LIVE_FEED (cg_live_feed_get_type ())
G_DECLARE_FINAL_TYPE (CgLiveFeed, cg_live_feed, CG, LIVE_FEED, GObject)

/* @server_url: base URL ("http://127.0.0.1:8080/"); @token: (nullable) bearer token */
CgLiveFeed         *cg_live_feed_new               (const char          *server_url,
                                                    const char          *token);
void                cg_live_feed_set_token         (CgLiveFeed          *self,
                                                    const char          *token);
/* Minutes without a fix after which a device is stale (default 5) */
void                cg_live_feed_set_stale_after   (CgLiveFeed          *self,
                                                    guint                seconds);
guint               cg_live_feed_get_stale_after   (CgLiveFeed          *self);

/* Loads groups, devices and positions over REST, then opens /api/socket. Reconnects with
 * backoff when the socket drops; polls /api/positions while the socket cannot be had and
 * retries the socket periodically. */
void                cg_live_feed_start             (CgLiveFeed          *self);
void                cg_live_feed_stop              (CgLiveFeed          *self);

CgLiveMode          cg_live_feed_get_mode          (CgLiveFeed          *self);
/* Translated, NULL when the last attempt worked */
const char         *cg_live_feed_get_last_error    (CgLiveFeed          *self);
void                cg_live_feed_get_stats         (CgLiveFeed          *self,
                                                    CgLiveStats         *stats);

/* (transfer none) (nullable) */
const CgLiveDevice *cg_live_feed_lookup_device     (CgLiveFeed          *self,
                                                    gint64               device_id);
/* (transfer container): const CgLiveDevice*, sorted by id; valid until the next change */
GPtrArray          *cg_live_feed_list_devices      (CgLiveFeed          *self);
/* (transfer none): CgTraccarGroup, the squads */
GPtrArray          *cg_live_feed_get_groups        (CgLiveFeed          *self);
/* Online / stale / offline at @now (unix seconds, 0 = real time) */
CgUnitState         cg_live_feed_get_device_state  (CgLiveFeed          *self,
                                                    const CgLiveDevice  *device,
                                                    gint64               now);

/* The unit a device belongs to: its uniqueId without the "cg-" prefix ("cg-o-0005" ->
 * "o-0005", the officer id of /api/v1/officers and of dispatches; "cg-v-0002" -> "v-0002").
 * (nullable) when the device has no uniqueId. */
const char         *cg_live_device_get_unit_id     (const CgLiveDevice  *device);

/* Ranks the available devices for (@lon, @lat): online, not stale, not in @busy (nullable
 * set of unit ids, char*, as cg_dispatch_client_get_busy_units() makes).
 * GArray of CgRankResult (transfer full). */
GArray             *cg_live_feed_rank              (CgLiveFeed          *self,
                                                    double               lon,
                                                    double               lat,
                                                    GHashTable          *busy,
                                                    guint                kinds_mask,
                                                    guint                max_results);

/* Track for replay: /api/reports/route for a device (@device_id) or a squad (@group_id),
 * between @from and @to (unix seconds). The result maps gint64* device id to a GArray of
 * CgTraccarPosition in time order (bad fixes skipped). */
void                cg_live_feed_fetch_route_async  (CgLiveFeed          *self,
                                                     gint64               device_id,
                                                     gint64               group_id,
                                                     gint64               from,
                                                     gint64               to,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GHashTable         *cg_live_feed_fetch_route_finish (CgLiveFeed          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Positions to track points (for cg_track_compute_stats); GArray of CgTrackPoint */
GArray             *cg_live_positions_to_track     (GArray              *positions);

/* Signals:
 *   "positions-changed" (GArray *positions): CgTraccarPosition, at most one per device,
 *                       coalesced over a short batch (default 100 ms)
 *   "devices-changed"   (): the device list or a device's status changed
 *   "event"             (gpointer event): const CgTraccarEvent* (device offline, alarm, ...)
 * Properties: "mode" (CgLiveMode as guint), "last-error". */

G_END_DECLS
