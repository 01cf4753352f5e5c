/* cg-sync-private.h: knobs of CgSync for tests and tools
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-sync.h"

G_BEGIN_DECLS

/* Base and cap of the in-run retry backoff (defaults 500 ms and 30 s). */
void  _cg_sync_set_backoff_ms      (CgSync *self,
                                    guint   base_ms,
                                    guint   max_ms);
void  _cg_sync_set_backoff_base_ms (CgSync *self,
                                    guint   base_ms);
/* Attempts per page before the run fails (default 4, minimum 1). */
void  _cg_sync_set_max_attempts    (CgSync *self,
                                    guint   attempts);
/* First delay in seconds of the schedule after a failed run (default 5). */
void  _cg_sync_set_schedule_retry_s (CgSync *self,
                                     guint   seconds);

G_END_DECLS
