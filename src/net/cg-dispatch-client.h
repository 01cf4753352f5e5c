/* cg-dispatch-client.h: sending officers to a complaint, and following the dispatches
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CG_DISPATCH_STATUS_UNKNOWN,     /* a status this client does not know (kept verbatim) */
  CG_DISPATCH_STATUS_SENT,
  CG_DISPATCH_STATUS_ACCEPTED,
  CG_DISPATCH_STATUS_ON_SITE,
  CG_DISPATCH_STATUS_RESOLVED,
} CgDispatchStatus;

/* Translated ("已派发" ...) */
const char *cg_dispatch_status_get_title (CgDispatchStatus status);

typedef struct
{
  char             *id;
  char             *complaint_id;
  char            **officer_ids;  /* NULL-terminated, never NULL ("o-0005") */
  char            **vehicle_ids;  /* NULL-terminated, never NULL ("v-0002"); absent = empty */
  char             *note;         /* nullable */
  CgDispatchStatus  status;
  char             *status_name;  /* the server's word */
  gint64            created_at;   /* unix seconds */
  gint64            updated_at;
} CgDispatch;

CgDispatch *cg_dispatch_copy (const CgDispatch *dispatch);
void        cg_dispatch_free (CgDispatch       *dispatch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDispatch, cg_dispatch_free)

/* One dispatch object; NULL + CG_DECODE_ERROR when it lacks id/complaint_id/officer_ids */
CgDispatch *cg_dispatch_decode (const char  *data,
                                gsize        length,
                                GError     **error);

#define CG_TYPE_DISPATCH_CLIENT (cg_dispatch_client_get_type ())
G_DECLARE_FINAL_TYPE (CgDispatchClient, cg_dispatch_client, CG, DISPATCH_CLIENT, GObject)

CgDispatchClient *cg_dispatch_client_new            (const char          *server_url,
                                                     const char          *token);
void              cg_dispatch_client_set_token      (CgDispatchClient    *self,
                                                     const char          *token);
/* Per-request timeout (default 15 s), attempts per dispatch (default 4), backoff base
 * (default 500 ms, doubling, full jitter, capped at 10 s; Retry-After honoured). */
void              cg_dispatch_client_set_retry      (CgDispatchClient    *self,
                                                     guint                timeout_s,
                                                     guint                max_attempts,
                                                     guint                backoff_base_ms);

/* A fresh Idempotency-Key (a random UUID) */
char             *cg_dispatch_client_new_key        (void);

/* POST /api/v1/dispatches with an Idempotency-Key: @key (nullable: a new one), for
 * @officer_ids and @vehicle_ids (either nullable, not both empty). The same key
 * is sent again on every retry after a timeout, a dropped connection, a 5xx or a 429, so
 * the server makes one dispatch however often the POST goes out. To retry by hand after a
 * final failure, pass a key made with cg_dispatch_client_new_key() and keep it with the
 * dispatcher's choice until the server confirmed. The result is the server's dispatch. */
void              cg_dispatch_client_send_async     (CgDispatchClient    *self,
                                                     const char          *complaint_id,
                                                     const char * const  *officer_ids,
                                                     const char * const  *vehicle_ids,
                                                     const char          *note,
                                                     const char          *key,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
CgDispatch       *cg_dispatch_client_send_finish    (CgDispatchClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* GET /api/v1/dispatches?since=<cursor> page by page until "more" is false; every dispatch
 * that came back is kept and "dispatch-changed" (const CgDispatch*) is emitted for it.
 * Returns the number of dispatches received. */
void              cg_dispatch_client_refresh_async  (CgDispatchClient    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
guint             cg_dispatch_client_refresh_finish (CgDispatchClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Refreshes every @interval_s seconds (0 stops) */
void              cg_dispatch_client_set_poll_interval (CgDispatchClient *self,
                                                        guint             interval_s);

/* (transfer none) (nullable) */
const CgDispatch *cg_dispatch_client_lookup         (CgDispatchClient    *self,
                                                     const char          *id);
/* (transfer container): const CgDispatch*, by id */
GPtrArray        *cg_dispatch_client_list           (CgDispatchClient    *self);
/* (transfer full): set of unit ids (char*: officers "o-…" and vehicles "v-…") on a dispatch
 * not resolved yet; pass it to cg_live_feed_rank() */
GHashTable       *cg_dispatch_client_get_busy_units (CgDispatchClient *self);

G_END_DECLS
