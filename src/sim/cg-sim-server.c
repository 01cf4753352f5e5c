/* cg-sim-server.c: the city API simulator's HTTP side
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <gio/gnetworking.h>
#include <libsoup/soup.h>

#include "cg-sim-private.h"

#define MAX_LIMIT     5000
#define DEFAULT_LIMIT 1000
#define TICK_SECONDS  5

struct _CgSimServer
{
  GObject      parent_instance;

  CgSimConfig  config;       /* owned copy */
  CgSimWorld  *world;
  SoupServer  *server;       /* NULL until listening */
  GSocketService *service;   /* accepts the connections for the server */
  guint16      port;
  GMainContext *context;     /* where it listens, owned */
  GSource     *tick;         /* real-time evolution, NULL when time is pinned */
  CgSimRng     fault_rng;
  GHashTable  *hits;         /* path -> count */
  GPtrArray   *pending;      /* Reply, delayed or writing */
  CgSimLive   *live;         /* /api/socket clients */
};

G_DEFINE_FINAL_TYPE (CgSimServer, cg_sim_server, G_TYPE_OBJECT)

typedef struct
{
  CgSimServer       *self;      /* unowned: the server outlives its replies */
  SoupServerMessage *msg;       /* owned */
  guint              status;
  GString           *body;
  CgSimFaults        faults;
  GSource           *delay;
  GIOStream         *stream;    /* stolen connection */
  GCancellable      *cancellable;
  char              *raw;       /* truncated response, being written */
} Reply;

static const struct
{
  const char      *path;
  CgSimCollection  collection;
} paged_routes[] = {
  { "/api/v1/merchants", CG_SIM_MERCHANTS },
  { "/api/v1/sites", CG_SIM_SITES },
  { "/api/v1/enforcement-points", CG_SIM_POINTS },
  { "/api/v1/inspections", CG_SIM_INSPECTIONS },
  { "/api/v1/cases", CG_SIM_CASES },
  { "/api/v1/officers", CG_SIM_OFFICERS },
  { "/api/v1/dispatches", CG_SIM_DISPATCHES },
};

static void reply_free (Reply *reply);

static void
cg_sim_server_dispose (GObject *object)
{
  CgSimServer *self = CG_SIM_SERVER (object);

  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);
  g_clear_pointer (&self->live, _cg_sim_live_free);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (cg_sim_server_parent_class)->dispose (object);
}

static void
cg_sim_server_finalize (GObject *object)
{
  CgSimServer *self = CG_SIM_SERVER (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->world, cg_sim_world_free);
  g_clear_pointer (&self->hits, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  cg_sim_config_clear (&self->config);

  G_OBJECT_CLASS (cg_sim_server_parent_class)->finalize (object);
}

static void
cg_sim_server_class_init (CgSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_sim_server_dispose;
  object_class->finalize = cg_sim_server_finalize;
}

static void
cg_sim_server_init (CgSimServer *self)
{
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
}

CgSimServer *
cg_sim_server_new (const CgSimConfig  *config,
                   GError            **error)
{
  g_autoptr(CgSimServer) self = NULL;
  CgSimConfig defaults;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config == NULL)
    {
      cg_sim_config_init (&defaults);
      config = &defaults;
    }

  self = g_object_new (CG_TYPE_SIM_SERVER, NULL);
  _cg_sim_config_copy (&self->config, config);
  if (config == &defaults)
    cg_sim_config_clear (&defaults);
  if (self->config.token != NULL && self->config.token[0] == '\0')
    g_clear_pointer (&self->config.token, g_free);

  self->world = cg_sim_world_new (&self->config, error);
  if (self->world == NULL)
    return NULL;
  cg_sim_rng_init (&self->fault_rng, self->config.seed, 0xfa17);

  return g_steal_pointer (&self);
}

/* ---- replies ------------------------------------------------------------------------ */

static void
reply_free (Reply *reply)
{
  if (reply->delay != NULL)
    {
      g_source_destroy (reply->delay);
      g_source_unref (reply->delay);
    }
  if (reply->cancellable != NULL)
    g_cancellable_cancel (reply->cancellable);
  g_clear_object (&reply->cancellable);
  if (reply->stream != NULL)
    g_io_stream_close (reply->stream, NULL, NULL);
  g_clear_object (&reply->stream);
  g_clear_object (&reply->msg);
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  g_free (reply->raw);
  g_free (reply);
}

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               GString           *body)
{
  gsize len = body->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (body, FALSE), len);
}

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static GString *
error_body (const char *code,
            const char *message)
{
  GString *body = g_string_new ("{\"error\":{\"code\":");

  append_json_string (body, code);
  g_string_append (body, ",\"message\":");
  append_json_string (body, message);
  g_string_append (body, "}}");
  return body;
}

static void
send_error (SoupServerMessage *msg,
            guint              status,
            const char        *code,
            const char        *message)
{
  set_json_body (msg, status, error_body (code, message));
}

static void
on_truncated_written_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Reply *reply = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the server went away and freed @reply */
  /* closing (in reply_free) ends the body early: the client sees a short read */
  g_ptr_array_remove_fast (reply->self->pending, reply);
}

/* Sends @reply now: the body is ready and the faults are drawn */
static void
reply_send (Reply *reply)
{
  CgSimServer *self = reply->self;
  SoupServerMessage *msg = reply->msg;

  if (reply->faults.drop || reply->faults.truncate)
    {
      GString *raw;
      GOutputStream *out;

      /* take the socket away from libsoup */
      reply->stream = soup_server_message_steal_connection (msg);
      if (reply->stream == NULL || reply->faults.drop)
        {
          g_ptr_array_remove_fast (self->pending, reply);
          return;
        }

      raw = g_string_new (NULL);
      g_string_append_printf (raw,
                              "HTTP/1.1 200 OK\r\n"
                              "Content-Type: application/json; charset=utf-8\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Connection: close\r\n\r\n",
                              reply->body->len);
      g_string_append_len (raw, reply->body->str, reply->body->len / 2);
      reply->raw = g_string_free (raw, FALSE);
      out = g_io_stream_get_output_stream (reply->stream);
      reply->cancellable = g_cancellable_new ();
      g_output_stream_write_all_async (out, reply->raw, strlen (reply->raw), G_PRIORITY_DEFAULT,
                                       reply->cancellable, on_truncated_written_cb, reply);
      return;
    }

  if (reply->faults.error_500 || reply->faults.error_503)
    soup_message_headers_remove (soup_server_message_get_response_headers (msg), "ETag");

  if (reply->faults.error_500)
    send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                _("Simulated internal server error"));
  else if (reply->faults.error_503)
    {
      char value[16];

      g_snprintf (value, sizeof value, "%u", self->config.retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", value);
      send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                  _("Simulated overload: try again later"));
    }
  else
    {
      if (reply->faults.malformed)
        _cg_sim_faults_malform (reply->body);
      set_json_body (msg, reply->status, g_steal_pointer (&reply->body));
    }

  soup_server_message_unpause (msg);
  g_ptr_array_remove_fast (self->pending, reply);
}

static gboolean
on_delay_cb (gpointer user_data)
{
  Reply *reply = user_data;

  g_clear_pointer (&reply->delay, g_source_unref);
  reply_send (reply);
  return G_SOURCE_REMOVE;
}

/* A data answer: faults may apply */
static void
send_data (CgSimServer       *self,
           SoupServerMessage *msg,
           const CgSimFaults *faults,
           GString           *body)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->self = self;
  reply->msg = g_object_ref (msg);
  reply->status = SOUP_STATUS_OK;
  reply->body = body;
  reply->faults = *faults;
  g_ptr_array_add (self->pending, reply);

  /* answered from the main loop, never from inside libsoup's handler */
  soup_server_message_pause (msg);
  if (faults->slow)
    reply->delay = g_timeout_source_new (self->config.slow_ms);
  else
    reply->delay = g_idle_source_new ();
  g_source_set_callback (reply->delay, on_delay_cb, reply, NULL);
  g_source_attach (reply->delay, self->context);
}

/* ---- parameters --------------------------------------------------------------------- */

static const char *
query_get (GHashTable *query,
           const char *key)
{
  return query != NULL ? g_hash_table_lookup (query, key) : NULL;
}

static gboolean
parse_uint (const char *str,
            guint64     max,
            guint64    *out)
{
  char *end = NULL;
  guint64 v;

  if (str == NULL || !g_ascii_isdigit (str[0]))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (str, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_time_param (const char *str,
                  gint64     *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (str == NULL || *str == '\0')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* limit: 1.., default 1000, capped at 5000 */
static gboolean
parse_limit (GHashTable *query,
             const char *key,
             guint       fallback,
             guint      *out)
{
  const char *str = query_get (query, key);
  guint64 v;

  if (str == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!parse_uint (str, G_MAXUINT32, &v) || v == 0)
    return FALSE;
  *out = (guint) MIN (v, MAX_LIMIT);
  return TRUE;
}

/* cursor: "c-" and the change sequence number in decimal */
static gboolean
parse_cursor (const char *str,
              guint64    *out)
{
  if (str == NULL || *str == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (!g_str_has_prefix (str, "c-"))
    return FALSE;
  return parse_uint (str + 2, G_MAXINT64, out);
}

/* ---- routes ------------------------------------------------------------------------- */

static gboolean
etag_matches (SoupServerMessage *msg,
              const char        *etag)
{
  const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "If-None-Match");
  g_auto(GStrv) tags = NULL;

  if (inm == NULL)
    return FALSE;
  tags = g_strsplit (inm, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, etag) || g_str_equal (tag, "*"))
        return TRUE;
    }
  return FALSE;
}

static void
handle_paged (CgSimServer       *self,
              SoupServerMessage *msg,
              CgSimCollection    collection,
              const char        *path,
              GHashTable        *query,
              const CgSimFaults *faults)
{
  guint64 since;
  guint limit;
  g_autofree char *tag_source = NULL;
  g_autofree char *hash = NULL;
  char etag[48];
  GString *body;
  CgSimSpoil spoil = CG_SIM_SPOIL_NONE;

  if (!parse_cursor (query_get (query, "since"), &since))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("“since” must be a cursor returned by this server"));
      return;
    }
  if (!parse_limit (query, "limit", DEFAULT_LIMIT, &limit))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("“limit” must be a positive integer"));
      return;
    }

  tag_source = g_strdup_printf ("%s|%" G_GUINT64_FORMAT "|%u|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT,
                                path, since, limit,
                                cg_sim_world_last_seq (self->world, collection), self->config.seed);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, tag_source, -1);
  g_snprintf (etag, sizeof etag, "\"%.24s\"", hash);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);

  if (etag_matches (msg, etag) && !faults->drop && !faults->error_500 && !faults->error_503)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  if (faults->wrong_types)
    spoil |= CG_SIM_SPOIL_WRONG_TYPES;
  if (faults->bad_coords)
    spoil |= CG_SIM_SPOIL_BAD_COORDS;
  body = g_string_sized_new (limit * 400);
  cg_sim_world_write_page (self->world, collection, since, limit, spoil, body);
  send_data (self, msg, faults, body);
}

static void
handle_requests (CgSimServer       *self,
                 SoupServerMessage *msg,
                 GHashTable        *query,
                 const CgSimFaults *faults)
{
  CgSimRequestQuery q = { 0, 0, -1, -1, 0 };
  const char *status = query_get (query, "status");
  const char *str;
  GString *body;
  CgSimSpoil spoil = CG_SIM_SPOIL_NONE;

  if ((str = query_get (query, "start_date")) != NULL && !parse_time_param (str, &q.start_date))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", _("“start_date” must be an RFC 3339 time"));
      return;
    }
  if ((str = query_get (query, "end_date")) != NULL && !parse_time_param (str, &q.end_date))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", _("“end_date” must be an RFC 3339 time"));
      return;
    }
  if ((str = query_get (query, "updated_after")) != NULL && !parse_time_param (str, &q.updated_after))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", _("“updated_after” must be an RFC 3339 time"));
      return;
    }
  if (query_get (query, "page_size") != NULL && !parse_limit (query, "page_size", 0, &q.page_size))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", _("“page_size” must be a positive integer"));
      return;
    }
  if (status != NULL)
    {
      gboolean open = strstr (status, "open") != NULL;
      gboolean closed = strstr (status, "closed") != NULL;

      if (!open && !closed)
        {
          send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", _("“status” must be “open” or “closed”"));
          return;
        }
      q.status = open && closed ? -1 : open ? 0 : 1;
    }

  if (faults->wrong_types)
    spoil |= CG_SIM_SPOIL_WRONG_TYPES;
  if (faults->bad_coords)
    spoil |= CG_SIM_SPOIL_BAD_COORDS;
  body = g_string_new (NULL);
  cg_sim_world_write_requests (self->world, &q, spoil, body);
  send_data (self, msg, faults, body);
}

static gboolean
parse_id_param (SoupServerMessage *msg,
                GHashTable        *query,
                const char        *key,
                guint             *out)
{
  const char *str = query_get (query, key);
  guint64 v;

  *out = 0;
  if (str == NULL)
    return TRUE;
  if (!parse_uint (str, G_MAXUINT32, &v))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a number"), key);
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Appends the strings of @array and a NULL; FALSE if one is not a string */
static gboolean
collect_strings (JsonArray *array,
                 GPtrArray *out)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      g_ptr_array_add (out, (gpointer) json_node_get_string (node));
    }
  g_ptr_array_add (out, NULL);
  return TRUE;
}

static void
handle_dispatch_post (CgSimServer       *self,
                      SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) officers = g_ptr_array_new ();
  g_autoptr(GPtrArray) vehicles = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *array;
  const char *complaint_id;
  gboolean created = FALSE;
  GString *body;

  if (key == NULL || *key == '\0')
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("An Idempotency-Key header is required"));
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("The body must be a JSON object"));
      return;
    }
  object = json_node_get_object (root);
  complaint_id = member_string (object, "complaint_id");
  array = json_object_has_member (object, "officer_ids") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "officer_ids"))
          ? json_object_get_array_member (object, "officer_ids") : NULL;
  if (complaint_id == NULL || array == NULL)
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("A dispatch needs “complaint_id” (string) and “officer_ids” (array of strings)"));
      return;
    }
  if (!collect_strings (array, officers) ||
      (json_object_has_member (object, "vehicle_ids") &&
       !json_node_is_null (json_object_get_member (object, "vehicle_ids")) &&
       (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "vehicle_ids")) ||
        !collect_strings (json_object_get_array_member (object, "vehicle_ids"), vehicles))))
    {
      send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                  _("“officer_ids” and “vehicle_ids” must hold strings"));
      return;
    }

  body = g_string_new (NULL);
  if (!cg_sim_world_dispatch (self->world, key, complaint_id,
                              (const char * const *) officers->pdata,
                              (const char * const *) vehicles->pdata,
                              member_string (object, "note"), &created, body, &error))
    {
      g_string_free (body, TRUE);
      send_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid", error->message);
      return;
    }
  set_json_body (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, body);
}

static void
on_websocket_cb (SoupServer              *server,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  CgSimServer *self = user_data;

  _cg_sim_live_add (self->live, connection);
}

static gboolean
is_websocket_handshake (SoupServerMessage *msg)
{
  const char *upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Upgrade");

  return g_str_equal (soup_server_message_get_method (msg), "GET") &&
         upgrade != NULL && g_ascii_strcasecmp (upgrade, "websocket") == 0;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  CgSimServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  CgSimFaults faults;
  gpointer count;
  GString *body;

  count = g_hash_table_lookup (self->hits, path);
  g_hash_table_replace (self->hits, g_strdup (path), GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
  g_debug ("%s %s", method, path);

  /* one request a connection (see on_incoming_cb); a WebSocket handshake keeps its own */
  if (!g_str_equal (path, "/api/socket") || !is_websocket_handshake (msg))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  if (self->config.token != NULL)
    {
      const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                       "Authorization");

      if (auth == NULL || !g_str_has_prefix (auth, "Bearer ") ||
          !g_str_equal (auth + strlen ("Bearer "), self->config.token))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "WWW-Authenticate", "Bearer realm=\"chengguan-citysim\"");
          send_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                      auth == NULL ? _("A bearer token is required") : _("The bearer token is not valid"));
          return;
        }
    }

  if (g_str_equal (path, "/api/socket"))
    {
      /* authorized: leave the status unset, libsoup goes on with the WebSocket handshake */
      if (!g_str_equal (method, "GET"))
        send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                    _("Only GET is supported here"));
      else if (!is_websocket_handshake (msg))
        send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                    _("/api/socket is a WebSocket: expected a WebSocket handshake"));
      return;
    }

  if (g_str_equal (path, "/api/v1/dispatches") && g_str_equal (method, "POST"))
    {
      handle_dispatch_post (self, msg);
      return;
    }

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                  _("Only GET is supported here"));
      return;
    }

  /* every data request draws its faults, whatever the route turns out to be */
  for (guint i = 0; i < G_N_ELEMENTS (paged_routes); i++)
    if (g_str_equal (path, paged_routes[i].path))
      {
        _cg_sim_faults_draw (&self->config, &self->fault_rng, &faults);
        handle_paged (self, msg, paged_routes[i].collection, path, query, &faults);
        return;
      }

  if (g_str_equal (path, "/open311/v2/services.json"))
    {
      _cg_sim_faults_draw (&self->config, &self->fault_rng, &faults);
      body = g_string_new (NULL);
      cg_sim_world_write_services (self->world, body);
      send_data (self, msg, &faults, body);
      return;
    }

  if (g_str_equal (path, "/open311/v2/requests.json"))
    {
      _cg_sim_faults_draw (&self->config, &self->fault_rng, &faults);
      handle_requests (self, msg, query, &faults);
      return;
    }

  if (g_str_has_prefix (path, "/open311/v2/requests/") && g_str_has_suffix (path, ".json"))
    {
      const char *start = path + strlen ("/open311/v2/requests/");
      g_autofree char *id = g_strndup (start, strlen (start) - strlen (".json"));

      _cg_sim_faults_draw (&self->config, &self->fault_rng, &faults);
      body = g_string_new (NULL);
      if (!cg_sim_world_write_request (self->world, id, body))
        {
          g_string_free (body, TRUE);
          send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", _("No such service request"));
          return;
        }
      send_data (self, msg, &faults, body);
      return;
    }

  if (g_str_equal (path, "/api/devices") || g_str_equal (path, "/api/groups") ||
      g_str_equal (path, "/api/positions") || g_str_equal (path, "/api/reports/route"))
    {
      guint device_id, group_id;

      if (!parse_id_param (msg, query, "deviceId", &device_id) ||
          !parse_id_param (msg, query, "groupId", &group_id))
        return;

      _cg_sim_faults_draw (&self->config, &self->fault_rng, &faults);
      body = g_string_new (NULL);
      if (g_str_equal (path, "/api/devices"))
        cg_sim_world_write_devices (self->world, body);
      else if (g_str_equal (path, "/api/groups"))
        cg_sim_world_write_groups (self->world, body);
      else if (g_str_equal (path, "/api/positions"))
        cg_sim_world_write_positions (self->world, device_id, body);
      else
        {
          gint64 from, to;

          if (!parse_time_param (query_get (query, "from"), &from) ||
              !parse_time_param (query_get (query, "to"), &to) || to < from)
            {
              g_string_free (body, TRUE);
              send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                          _("“from” and “to” must be RFC 3339 times, “from” first"));
              return;
            }
          if (device_id == 0 && group_id == 0)
            {
              g_string_free (body, TRUE);
              send_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                          _("A route needs “deviceId” or “groupId”"));
              return;
            }
          cg_sim_world_write_route (self->world, device_id, group_id, from, to, body);
        }
      send_data (self, msg, &faults, body);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Nothing at %s"), path);
    send_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
  }
}

/* ---- public API --------------------------------------------------------------------- */

static gboolean
on_tick_cb (gpointer user_data)
{
  CgSimServer *self = user_data;
  gint64 real = g_get_real_time () / G_USEC_PER_SEC;
  gint64 now = cg_sim_world_get_now (self->world);

  if (real > now)
    cg_sim_world_advance (self->world, (guint) MIN (real - now, 3600));
  return G_SOURCE_CONTINUE;
}

/* The simulator accepts its connections itself and hands each to libsoup. libsoup 3.2
 * (Debian 12) loses what its own listener accepts: a reference to every accepted socket, and
 * the whole connection, descriptor included, when a kept-alive client closes it while idle.
 * The demo district runs inside the app all day, so neither may pile up: each answer closes
 * its connection (a server with no listeners of its own does so anyway), the socket is
 * ours to release. */
static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  CgSimServer *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  /* small answers go out at once, as from libsoup's own listener */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       TRUE, NULL);
  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, &error))
    g_debug ("connection refused: %s", error->message);
  return TRUE;
}

/* Listens on 127.0.0.1:@port (0: any free port) */
static gboolean
listen_loopback (CgSimServer  *self,
                 guint         port,
                 GError      **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocketAddress) effective = NULL;

  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming_cb), self);
  g_socket_service_start (self->service);
  return TRUE;
}

gboolean
cg_sim_server_listen (CgSimServer  *self,
                      guint         port,
                      GError      **error)
{
  g_return_val_if_fail (CG_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  self->server = soup_server_new ("server-header", "chengguan-citysim/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request_cb, self, NULL);
  /* same callback first (authorization), then the handshake */
  soup_server_add_handler (self->server, "/api/socket", on_request_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/api/socket", NULL, NULL,
                                     on_websocket_cb, self, NULL);
  self->live = _cg_sim_live_new (self->world, self->context,
                                 (self->config.live_interval > 0 ? self->config.live_interval : 5) * 1000);
  if (!listen_loopback (self, port, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }

  if (self->config.now == 0)
    {
      /* the world catches up with the clock at least as often as the socket sends */
      self->tick = g_timeout_source_new_seconds (CLAMP (self->config.live_interval, 1, TICK_SECONDS));
      g_source_set_callback (self->tick, on_tick_cb, self, NULL);
      g_source_attach (self->tick, self->context);
    }
  return TRUE;
}

char *
cg_sim_server_get_url (CgSimServer *self)
{
  g_return_val_if_fail (CG_IS_SIM_SERVER (self), NULL);

  if (self->server == NULL)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u/", self->port);
}

void
cg_sim_server_set_faults (CgSimServer       *self,
                          const CgSimConfig *faults)
{
  g_return_if_fail (CG_IS_SIM_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->config.fault_slow = faults->fault_slow;
  self->config.fault_500 = faults->fault_500;
  self->config.fault_503 = faults->fault_503;
  self->config.fault_truncate = faults->fault_truncate;
  self->config.fault_malformed = faults->fault_malformed;
  self->config.fault_wrong_types = faults->fault_wrong_types;
  self->config.fault_bad_coords = faults->fault_bad_coords;
  self->config.fault_drop = faults->fault_drop;
}

void
cg_sim_server_advance (CgSimServer *self,
                       guint        seconds)
{
  g_return_if_fail (CG_IS_SIM_SERVER (self));

  cg_sim_world_advance (self->world, seconds);
}

guint
cg_sim_server_get_hits (CgSimServer *self,
                        const char  *path)
{
  g_return_val_if_fail (CG_IS_SIM_SERVER (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
}

/* For the CLI and tests: the synthetic world behind the server */
CgSimWorld *
_cg_sim_server_get_world (CgSimServer *self)
{
  g_return_val_if_fail (CG_IS_SIM_SERVER (self), NULL);
  return self->world;
}

/* ---- the demo district in a thread -------------------------------------------------- */

struct _CgSimThread
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  CgSimConfig   config;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GError       *error;
  char         *url;
};

static gpointer
sim_thread_func (gpointer data)
{
  CgSimThread *thread = data;
  g_autoptr(CgSimServer) server = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (thread->context);

  server = cg_sim_server_new (&thread->config, &error);
  if (server != NULL && !cg_sim_server_listen (server, 0, &error))
    g_clear_object (&server);

  g_mutex_lock (&thread->mutex);
  if (server != NULL)
    thread->url = cg_sim_server_get_url (server);
  thread->error = error;
  thread->ready = TRUE;
  g_cond_signal (&thread->cond);
  g_mutex_unlock (&thread->mutex);

  if (server != NULL)
    {
      g_main_loop_run (thread->loop);
      g_clear_object (&server);
      while (g_main_context_iteration (thread->context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static void
sim_thread_free (CgSimThread *thread)
{
  g_main_loop_unref (thread->loop);
  g_main_context_unref (thread->context);
  cg_sim_config_clear (&thread->config);
  g_mutex_clear (&thread->mutex);
  g_cond_clear (&thread->cond);
  g_clear_error (&thread->error);
  g_free (thread->url);
  g_free (thread);
}

CgSimThread *
cg_sim_thread_start (const CgSimConfig  *config,
                     GError            **error)
{
  CgSimThread *thread;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  thread = g_new0 (CgSimThread, 1);
  if (config != NULL)
    _cg_sim_config_copy (&thread->config, config);
  else
    cg_sim_config_init (&thread->config);
  thread->context = g_main_context_new ();
  thread->loop = g_main_loop_new (thread->context, FALSE);
  g_mutex_init (&thread->mutex);
  g_cond_init (&thread->cond);

  thread->thread = g_thread_new ("cg-citysim", sim_thread_func, thread);

  g_mutex_lock (&thread->mutex);
  while (!thread->ready)
    g_cond_wait (&thread->cond, &thread->mutex);
  g_mutex_unlock (&thread->mutex);

  if (thread->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&thread->error));
      g_thread_join (thread->thread);
      sim_thread_free (thread);
      return NULL;
    }
  return thread;
}

const char *
cg_sim_thread_get_url (CgSimThread *thread)
{
  g_return_val_if_fail (thread != NULL, NULL);
  return thread->url;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
cg_sim_thread_stop (CgSimThread *thread)
{
  if (thread == NULL)
    return;

  g_main_context_invoke (thread->context, quit_loop_cb, thread->loop);
  g_thread_join (thread->thread);
  sim_thread_free (thread);
}
