/* cg-status-text.h: the sync status as a dispatcher reads it
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C (GLib only) so unit tests can call it. Times are Unix seconds; @now and @tz are
 * parameters so tests are deterministic (pass g_get_real_time () / G_USEC_PER_SEC and NULL
 * for the local zone).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "10:42" today, "Nov 21 10:42" on other days (in @tz, NULL = local); "" for 0 */
char *cg_status_format_time          (gint64      t,
                                      gint64      now,
                                      GTimeZone  *tz);
/* "Updated 10:42" / "Not synced yet" */
char *cg_status_format_updated       (gint64      last_success,
                                      gint64      now,
                                      GTimeZone  *tz);
/* "Syncing… 45%" (progress < 0: no percentage) */
char *cg_status_format_syncing       (double      progress);
/* "Offline — showing cached data from 10:42. <error>" or, with nothing cached yet,
 * "Offline — no data cached yet. <error>" */
char *cg_status_format_offline       (gint64      last_success,
                                      const char *error,
                                      gint64      now,
                                      GTimeZone  *tz);
/* "Next attempt in 25 s" (under two minutes), "Next attempt at 10:45"; NULL for 0 */
char *cg_status_format_next_attempt  (gint64      next_attempt,
                                      gint64      now,
                                      GTimeZone  *tz);

G_END_DECLS
