/* cg-api-request.c: building city-API requests and checking answers (sync, live feed, dispatch)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-net"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-api-request.h"
#include "cg-decode.h"
#include "cg-sync.h"

SoupSession *
cg_api_session_new (guint timeout_s)
{
  g_autofree char *user_agent = g_strdup_printf ("chengguan-command/%s", PACKAGE_VERSION);

  /* TLS certificate verification stays on (libsoup's default): never turn it off. */
  return soup_session_new_with_options ("timeout", timeout_s,
                                        "idle-timeout", 60,
                                        "user-agent", user_agent,
                                        NULL);
}

SoupMessage *
cg_api_message_new (const char  *method,
                    const char  *server_url,
                    const char  *path,
                    const char  *token,
                    GError     **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  g_return_val_if_fail (server_url != NULL && path != NULL, NULL);

  url = g_str_has_suffix (server_url, "/") ? g_strconcat (server_url, path, NULL)
                                           : g_strconcat (server_url, "/", path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                   _("The server address “%s” is not a valid http or https URL"), server_url);
      return NULL;
    }

  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL && token[0] != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  return msg;
}

gboolean
cg_api_check_response (SoupMessage  *msg,
                       GBytes       *body,
                       GError      **error)
{
  guint status = soup_message_get_status (msg);
  gsize size = body != NULL ? g_bytes_get_size (body) : 0;
  goffset expected;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error_literal (error, CG_SYNC_ERROR, CG_SYNC_ERROR_UNAUTHORIZED,
                           _("The server refused the access token"));
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *message = body != NULL
        ? cg_decode_error_message (g_bytes_get_data (body, NULL), size) : NULL;

      if (message != NULL)
        g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP,
                     _("The server answered %u: %s"), status, message);
      else
        g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_HTTP,
                     _("The server answered %u %s"), status,
                     soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      return FALSE;
    }
  expected = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (expected > 0 && (goffset) size < expected)
    {
      g_autofree char *got = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
      g_autofree char *want = g_strdup_printf ("%" G_GOFFSET_FORMAT, expected);

      g_set_error (error, CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                   _("The answer was cut off after %s of %s bytes"), got, want);
      return FALSE;
    }
  return TRUE;
}

GError *
cg_api_map_error (GError *error)
{
  GError *mapped;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == CG_SYNC_ERROR)
    return error;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    mapped = g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_TIMEOUT,
                          _("The server did not answer in time"));
  else
    mapped = g_error_new (CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK,
                          _("Cannot reach the server: %s"), error->message);
  g_error_free (error);
  return mapped;
}

gboolean
cg_api_error_is_transient (const GError *error,
                           guint         status)
{
  if (status >= 500 || status == 429)
    return TRUE;
  return error != NULL &&
         (g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_TIMEOUT) ||
          g_error_matches (error, CG_SYNC_ERROR, CG_SYNC_ERROR_NETWORK));
}

guint
cg_api_get_retry_after (SoupMessage *msg,
                        guint        max_s)
{
  const char *value;
  char *end = NULL;
  guint64 seconds;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (value == NULL)
    return 0;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      return (guint) MIN (seconds, max_s);
    }
  else
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan diff;

      if (date == NULL)
        return 0;
      diff = g_date_time_difference (date, now) / G_TIME_SPAN_SECOND;

      return (guint) CLAMP (diff, 1, (GTimeSpan) max_s);
    }
}
