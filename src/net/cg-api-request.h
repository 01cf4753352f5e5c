/* cg-api-request.h: building city-API requests and checking answers (sync, live feed, dispatch)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A session set up like CgSync's: timeout, idle timeout, user agent; TLS verification on. */
SoupSession *cg_api_session_new      (guint         timeout_s);

/* @server_url ends with "/" (or gets one); @path has no leading "/" and may carry a query.
 * Sets Accept: application/json and the bearer token (nullable). NULL + @error (CG_SYNC_ERROR
 * NETWORK) for a server URL that is not http(s). */
SoupMessage *cg_api_message_new      (const char   *method,
                                      const char   *server_url,
                                      const char   *path,
                                      const char   *token,
                                      GError      **error);

/* After send_and_read: TRUE for a 2xx status with a complete body. Otherwise FALSE and a
 * CG_SYNC_ERROR (UNAUTHORIZED for 401/403, HTTP with the server's message otherwise, NETWORK
 * for a body shorter than its Content-Length). */
gboolean     cg_api_check_response   (SoupMessage  *msg,
                                      GBytes       *body,
                                      GError      **error);

/* Maps a transport error (send_and_read_finish) to CG_SYNC_ERROR TIMEOUT/NETWORK, keeping
 * G_IO_ERROR_CANCELLED as it is. Takes @error. */
GError      *cg_api_map_error        (GError       *error);

/* TRUE for errors worth a retry: timeouts, network errors, 5xx and 429. */
gboolean     cg_api_error_is_transient (const GError *error,
                                        guint         status);

/* Seconds from the answer's Retry-After header (delta-seconds, at most @max_s, or an HTTP
 * date, 1 to @max_s seconds from now); 0 when absent or unreadable. */
guint        cg_api_get_retry_after  (SoupMessage  *msg,
                                      guint         max_s);

G_END_DECLS
