/* cg-live-feed-private.h: knobs of CgLiveFeed for tests and the soak bench
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-live-feed.h"

G_BEGIN_DECLS

typedef struct
{
  guint poll_interval_ms;      /* polling /api/positions (default 5000) */
  guint backoff_base_ms;       /* reconnect and retry backoff base (default 1000) */
  guint backoff_max_ms;        /* and cap (default 60000) */
  guint silence_timeout_ms;    /* no socket message for this long = dead socket (default 90000) */
  guint batch_ms;              /* at most one batch of positions per (default 100) */
  guint max_queue;             /* position messages waiting to be decoded before dropping (default 64) */
  gsize max_message_size;      /* larger socket messages are skipped (default 64 MiB) */
  guint timeout_s;             /* per REST request (default 20) */
  guint max_future_s;          /* fixes later than now + this are skipped (default 300) */
} CgLiveKnobs;

void _cg_live_feed_get_knobs (CgLiveFeed        *self,
                              CgLiveKnobs       *knobs);
/* Takes effect for timers started after the call */
void _cg_live_feed_set_knobs (CgLiveFeed        *self,
                              const CgLiveKnobs *knobs);

G_END_DECLS
