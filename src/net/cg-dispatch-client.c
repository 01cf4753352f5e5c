/* cg-dispatch-client.c: sending officers to a complaint, and following the dispatches
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-dispatch"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cg-api-request.h"
#include "cg-decode.h"
#include "cg-dispatch-client.h"
#include "cg-records.h"
#include "cg-sync.h"

#define PAGE_LIMIT 500
#define BACKOFF_MAX_MS 10000
#define RETRY_AFTER_MAX_S 600

struct _CgDispatchClient
{
  GObject       parent_instance;

  char         *server_url;
  char         *token;
  SoupSession  *session;
  GMainContext *context;
  guint         max_attempts;
  guint         backoff_base_ms;

  GHashTable   *dispatches;      /* id -> CgDispatch */
  char         *cursor;          /* since= of the next refresh */
  gboolean      refreshing;
  GSource      *poll_source;
  GCancellable *cancellable;     /* polling */
};

G_DEFINE_FINAL_TYPE (CgDispatchClient, cg_dispatch_client, G_TYPE_OBJECT)

enum {
  DISPATCH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
cg_dispatch_status_get_title (CgDispatchStatus status)
{
  switch (status)
    {
    case CG_DISPATCH_STATUS_SENT:
      return C_("dispatch status", "Sent");
    case CG_DISPATCH_STATUS_ACCEPTED:
      return C_("dispatch status", "Accepted");
    case CG_DISPATCH_STATUS_ON_SITE:
      return C_("dispatch status", "On site");
    case CG_DISPATCH_STATUS_RESOLVED:
      return C_("dispatch status", "Resolved");
    case CG_DISPATCH_STATUS_UNKNOWN:
    default:
      return C_("dispatch status", "Unknown status");
    }
}

CgDispatch *
cg_dispatch_copy (const CgDispatch *d)
{
  CgDispatch *copy;

  g_return_val_if_fail (d != NULL, NULL);

  copy = g_new0 (CgDispatch, 1);
  copy->id = g_strdup (d->id);
  copy->complaint_id = g_strdup (d->complaint_id);
  copy->officer_ids = g_strdupv (d->officer_ids);
  copy->vehicle_ids = g_strdupv (d->vehicle_ids);
  copy->note = g_strdup (d->note);
  copy->status = d->status;
  copy->status_name = g_strdup (d->status_name);
  copy->created_at = d->created_at;
  copy->updated_at = d->updated_at;
  return copy;
}

void
cg_dispatch_free (CgDispatch *d)
{
  if (d == NULL)
    return;
  g_free (d->id);
  g_free (d->complaint_id);
  g_strfreev (d->officer_ids);
  g_strfreev (d->vehicle_ids);
  g_free (d->note);
  g_free (d->status_name);
  g_free (d);
}

static const char *
get_string (JsonObject *o,
            const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An id as a string or a number */
static char *
get_id (JsonObject *o,
        const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* A NULL-terminated vector of the ids in @node (strings or integers); NULL if not an array */
static char **
get_ids (JsonNode *node)
{
  GPtrArray *ids;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  ids = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_VALUE (element))
        continue;
      if (json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (ids, g_strdup (json_node_get_string (element)));
      else if (json_node_get_value_type (element) == G_TYPE_INT64)
        g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (element)));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

static CgDispatch *
decode_object (JsonObject *o)
{
  g_autoptr(CgDispatch) d = g_new0 (CgDispatch, 1);
  const char *str;

  d->id = get_id (o, "id");
  d->complaint_id = get_id (o, "complaint_id");
  d->officer_ids = get_ids (json_object_get_member (o, "officer_ids"));
  d->vehicle_ids = get_ids (json_object_get_member (o, "vehicle_ids"));
  if (d->vehicle_ids == NULL)
    d->vehicle_ids = g_new0 (char *, 1);
  if (d->id == NULL || d->complaint_id == NULL || d->officer_ids == NULL)
    return NULL;
  d->note = g_strdup (get_string (o, "note"));
  d->status_name = g_strdup (get_string (o, "status"));
  if (g_strcmp0 (d->status_name, "sent") == 0)
    d->status = CG_DISPATCH_STATUS_SENT;
  else if (g_strcmp0 (d->status_name, "accepted") == 0)
    d->status = CG_DISPATCH_STATUS_ACCEPTED;
  else if (g_strcmp0 (d->status_name, "on_site") == 0)
    d->status = CG_DISPATCH_STATUS_ON_SITE;
  else if (g_strcmp0 (d->status_name, "resolved") == 0)
    d->status = CG_DISPATCH_STATUS_RESOLVED;
  else
    d->status = CG_DISPATCH_STATUS_UNKNOWN;
  if ((str = get_string (o, "created_at")) != NULL)
    cg_parse_time (str, &d->created_at);
  if ((str = get_string (o, "updated_at")) != NULL)
    cg_parse_time (str, &d->updated_at);
  if (d->updated_at == 0)
    d->updated_at = d->created_at;
  return g_steal_pointer (&d);
}

static JsonNode *
parse_root (const char  *data,
            gsize        length,
            JsonParser **parser_out,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;

  if (!json_parser_load_from_data (parser, data, (gssize) length, &local) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CG_DECODE_ERROR, CG_DECODE_ERROR_INVALID_JSON,
                   _("The answer is not JSON: %s"), local ? local->message : _("empty document"));
      return NULL;
    }
  *parser_out = g_steal_pointer (&parser);
  return json_parser_get_root (*parser_out);
}

CgDispatch *
cg_dispatch_decode (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = parse_root (data, length, &parser, error);
  CgDispatch *d;

  if (root == NULL)
    return NULL;
  d = JSON_NODE_HOLDS_OBJECT (root) ? decode_object (json_node_get_object (root)) : NULL;
  if (d == NULL)
    g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                         _("The answer is not a dispatch"));
  return d;
}

/* ---- GObject ------------------------------------------------------------------------- */

static void
cg_dispatch_client_dispose (GObject *object)
{
  CgDispatchClient *self = CG_DISPATCH_CLIENT (object);

  cg_dispatch_client_set_poll_interval (self, 0);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (cg_dispatch_client_parent_class)->dispose (object);
}

static void
cg_dispatch_client_finalize (GObject *object)
{
  CgDispatchClient *self = CG_DISPATCH_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->dispatches, g_hash_table_unref);
  g_free (self->cursor);
  g_free (self->server_url);
  g_free (self->token);

  G_OBJECT_CLASS (cg_dispatch_client_parent_class)->finalize (object);
}

static void
cg_dispatch_client_class_init (CgDispatchClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_dispatch_client_dispose;
  object_class->finalize = cg_dispatch_client_finalize;

  signals[DISPATCH_CHANGED] =
    g_signal_new ("dispatch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
cg_dispatch_client_init (CgDispatchClient *self)
{
  self->max_attempts = 4;
  self->backoff_base_ms = 500;
  self->session = cg_api_session_new (15);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->dispatches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) cg_dispatch_free);
}

CgDispatchClient *
cg_dispatch_client_new (const char *server_url,
                        const char *token)
{
  CgDispatchClient *self;

  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (CG_TYPE_DISPATCH_CLIENT, NULL);
  self->server_url = g_strdup (server_url);
  self->token = g_strdup (token);
  return self;
}

void
cg_dispatch_client_set_token (CgDispatchClient *self,
                              const char       *token)
{
  g_return_if_fail (CG_IS_DISPATCH_CLIENT (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

void
cg_dispatch_client_set_retry (CgDispatchClient *self,
                              guint             timeout_s,
                              guint             max_attempts,
                              guint             backoff_base_ms)
{
  g_return_if_fail (CG_IS_DISPATCH_CLIENT (self));

  soup_session_set_timeout (self->session, timeout_s);
  self->max_attempts = MAX (max_attempts, 1);
  self->backoff_base_ms = backoff_base_ms;
}

char *
cg_dispatch_client_new_key (void)
{
  return g_uuid_string_random ();
}

/* ---- sending ------------------------------------------------------------------------- */

typedef struct
{
  char    *key;
  GBytes  *body;
  guint    attempt;
  GSource *delay;
} SendData;

static void
send_data_free (SendData *data)
{
  if (data->delay != NULL)
    {
      g_source_destroy (data->delay);
      g_source_unref (data->delay);
    }
  g_free (data->key);
  g_bytes_unref (data->body);
  g_free (data);
}

static void post_once (GTask *task);

static gboolean
on_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->delay, g_source_unref);
  post_once (task);
  return G_SOURCE_REMOVE;
}

static void
on_post_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CgDispatchClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  CgDispatch *d;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    error = cg_api_map_error (g_steal_pointer (&error));
  else
    {
      status = soup_message_get_status (msg);
      cg_api_check_response (msg, bytes, &error);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (error != NULL && cg_api_error_is_transient (error, status) && data->attempt < self->max_attempts)
    {
      guint delay = cg_sync_backoff_delay_ms (data->attempt, self->backoff_base_ms, BACKOFF_MAX_MS, NULL);
      guint retry_after_s = status != 0 ? cg_api_get_retry_after (msg, RETRY_AFTER_MAX_S) : 0;

      delay = MAX (delay, retry_after_s * 1000);
      g_debug ("dispatch attempt %u failed (%s): retrying in %u ms with the same key",
               data->attempt, error->message, delay);
      data->delay = g_timeout_source_new (delay);
      g_source_set_callback (data->delay, on_retry_cb, g_object_ref (task), g_object_unref);
      g_source_attach (data->delay, self->context);
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  d = cg_dispatch_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  if (d == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    CgDispatch *kept = cg_dispatch_copy (d);

    g_hash_table_replace (self->dispatches, kept->id, kept);
    g_signal_emit (self, signals[DISPATCH_CHANGED], 0, kept);
  }
  g_task_return_pointer (task, d, (GDestroyNotify) cg_dispatch_free);
}

static void
post_once (GTask *task)
{
  CgDispatchClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  msg = cg_api_message_new (SOUP_METHOD_POST, self->server_url, "api/v1/dispatches", self->token, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->attempt++;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", data->key);
  soup_message_set_request_body_from_bytes (msg, "application/json", data->body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_post_cb, g_object_ref (task));
}

void
cg_dispatch_client_send_async (CgDispatchClient    *self,
                               const char          *complaint_id,
                               const char * const  *officer_ids,
                               const char * const  *vehicle_ids,
                               const char          *note,
                               const char          *key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  SendData *data;
  gsize length;
  char *text;

  g_return_if_fail (CG_IS_DISPATCH_CLIENT (self));
  g_return_if_fail (complaint_id != NULL);
  g_return_if_fail ((officer_ids != NULL && officer_ids[0] != NULL) ||
                    (vehicle_ids != NULL && vehicle_ids[0] != NULL));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_dispatch_client_send_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "complaint_id");
  json_builder_add_string_value (builder, complaint_id);
  json_builder_set_member_name (builder, "officer_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; officer_ids != NULL && officer_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, officer_ids[i]);
  json_builder_end_array (builder);
  if (vehicle_ids != NULL && vehicle_ids[0] != NULL)
    {
      json_builder_set_member_name (builder, "vehicle_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; vehicle_ids[i] != NULL; i++)
        json_builder_add_string_value (builder, vehicle_ids[i]);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "note");
  if (note != NULL)
    json_builder_add_string_value (builder, note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  data = g_new0 (SendData, 1);
  data->key = key != NULL ? g_strdup (key) : cg_dispatch_client_new_key ();
  data->body = g_bytes_new_take (text, length);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  post_once (task);
}

CgDispatch *
cg_dispatch_client_send_finish (CgDispatchClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (CG_IS_DISPATCH_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- following ----------------------------------------------------------------------- */

typedef struct
{
  guint received;
} RefreshData;

static void fetch_page (GTask *task);

/* Applies one page; returns whether more waits */
static gboolean
apply_page (CgDispatchClient  *self,
            GBytes            *bytes,
            guint             *received,
            GError           **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root = parse_root (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &parser, error);
  JsonObject *o;
  JsonNode *items;
  const char *cursor;
  gboolean more;

  if (root == NULL)
    return FALSE;
  o = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  items = o != NULL ? json_object_get_member (o, "items") : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error_literal (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE,
                           _("The answer is not a page of dispatches"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (items), i);
      CgDispatch *d = JSON_NODE_HOLDS_OBJECT (node) ? decode_object (json_node_get_object (node)) : NULL;

      if (d == NULL)
        {
          g_debug ("dispatch %u of the page skipped: not a dispatch", i);
          continue;
        }
      g_hash_table_replace (self->dispatches, d->id, d);
      (*received)++;
      g_signal_emit (self, signals[DISPATCH_CHANGED], 0, d);
    }
  cursor = get_string (o, "cursor");
  if (cursor != NULL && g_strcmp0 (cursor, self->cursor) != 0)
    {
      g_free (self->cursor);
      self->cursor = g_strdup (cursor);
    }
  more = json_object_get_boolean_member_with_default (o, "more", FALSE);
  /* a server that says "more" without moving the cursor would loop for ever */
  return more && cursor != NULL;
}

static void
on_page_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CgDispatchClient *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_strdup (self->cursor);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    error = cg_api_map_error (g_steal_pointer (&error));
  else
    cg_api_check_response (msg, bytes, &error);
  if (error == NULL && apply_page (self, bytes, &data->received, &error) &&
      g_strcmp0 (before, self->cursor) != 0)
    {
      fetch_page (g_steal_pointer (&task));
      return;
    }
  self->refreshing = FALSE;
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, data->received);
}

static void
fetch_page (GTask *task)
{
  CgDispatchClient *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->cursor != NULL)
    {
      g_autofree char *since = g_uri_escape_string (self->cursor, NULL, TRUE);
      path = g_strdup_printf ("api/v1/dispatches?since=%s&limit=%u", since, PAGE_LIMIT);
    }
  else
    path = g_strdup_printf ("api/v1/dispatches?limit=%u", PAGE_LIMIT);
  msg = cg_api_message_new (SOUP_METHOD_GET, self->server_url, path, self->token, &error);
  if (msg == NULL)
    {
      self->refreshing = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_page_cb, task);
}

void
cg_dispatch_client_refresh_async (CgDispatchClient    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CG_IS_DISPATCH_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_dispatch_client_refresh_async);
  g_task_set_task_data (task, g_new0 (RefreshData, 1), g_free);
  if (self->refreshing)
    {
      g_task_return_new_error (task, CG_SYNC_ERROR, CG_SYNC_ERROR_BUSY,
                               _("The dispatches are being refreshed already"));
      g_object_unref (task);
      return;
    }
  self->refreshing = TRUE;
  fetch_page (task);
}

guint
cg_dispatch_client_refresh_finish (CgDispatchClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  gssize n;

  g_return_val_if_fail (CG_IS_DISPATCH_CLIENT (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}

static void
on_poll_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  cg_dispatch_client_refresh_finish (CG_DISPATCH_CLIENT (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("refreshing the dispatches failed: %s", error->message);
}

static gboolean
on_poll_cb (gpointer user_data)
{
  CgDispatchClient *self = user_data;

  if (!self->refreshing)
    cg_dispatch_client_refresh_async (self, self->cancellable, on_poll_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

void
cg_dispatch_client_set_poll_interval (CgDispatchClient *self,
                                      guint             interval_s)
{
  g_return_if_fail (CG_IS_DISPATCH_CLIENT (self));

  if (self->poll_source != NULL)
    {
      g_source_destroy (self->poll_source);
      g_clear_pointer (&self->poll_source, g_source_unref);
    }
  if (interval_s == 0)
    return;
  self->poll_source = g_timeout_source_new_seconds (interval_s);
  g_source_set_callback (self->poll_source, on_poll_cb, self, NULL);
  g_source_attach (self->poll_source, self->context);
  on_poll_cb (self);
}

const CgDispatch *
cg_dispatch_client_lookup (CgDispatchClient *self,
                           const char       *id)
{
  g_return_val_if_fail (CG_IS_DISPATCH_CLIENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->dispatches, id);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 ((*(const CgDispatch **) a)->id, (*(const CgDispatch **) b)->id);
}

GPtrArray *
cg_dispatch_client_list (CgDispatchClient *self)
{
  GPtrArray *list;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CG_IS_DISPATCH_CLIENT (self), NULL);

  list = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->dispatches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_ids);
  return list;
}

GHashTable *
cg_dispatch_client_get_busy_units (CgDispatchClient *self)
{
  GHashTable *busy;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CG_IS_DISPATCH_CLIENT (self), NULL);

  busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, self->dispatches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CgDispatch *d = value;

      if (d->status == CG_DISPATCH_STATUS_RESOLVED)
        continue;
      for (guint i = 0; d->officer_ids[i] != NULL; i++)
        g_hash_table_add (busy, g_strdup (d->officer_ids[i]));
      for (guint i = 0; d->vehicle_ids[i] != NULL; i++)
        g_hash_table_add (busy, g_strdup (d->vehicle_ids[i]));
    }
  return busy;
}
