/* cg-sim-live.c: the simulator's Traccar WebSocket feed (/api/socket)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include "cg-sim-private.h"

struct _CgSimLive
{
  CgSimWorld   *world;        /* unowned: the server owns both */
  GPtrArray    *connections;  /* SoupWebsocketConnection */
  GSource      *timer;
  gint64        sent_now;     /* the world time of the last positions sent */
  guint64       sent_event;   /* the last event id sent */
};

static void
send_text (SoupWebsocketConnection *conn,
           const char              *text)
{
  if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (conn, text);
}

static char *
positions_message (CgSimWorld *world)
{
  GString *out = g_string_new ("{\"positions\":");

  cg_sim_world_write_positions (world, 0, out);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
send_all (CgSimLive  *live,
          const char *text)
{
  for (guint i = 0; i < live->connections->len; i++)
    send_text (live->connections->pdata[i], text);
}

static gboolean
on_timer_cb (gpointer user_data)
{
  CgSimLive *live = user_data;
  gint64 now = cg_sim_world_get_now (live->world);
  g_autofree char *text = NULL;

  if (live->connections->len == 0)
    {
      live->sent_event = cg_sim_world_last_event_id (live->world);
      return G_SOURCE_CONTINUE;
    }

  /* new events first (an SOS should not wait behind 1,500 positions) */
  if (cg_sim_world_last_event_id (live->world) > live->sent_event)
    {
      GString *events = g_string_new ("{\"events\":");

      live->sent_event = cg_sim_world_write_events (live->world, live->sent_event, events);
      g_string_append_c (events, '}');
      send_all (live, events->str);
      g_string_free (events, TRUE);
    }

  /* time moved (real time, or a test advanced it): positions; else keep the line alive */
  text = now != live->sent_now ? positions_message (live->world) : g_strdup ("{}");
  live->sent_now = now;
  send_all (live, text);
  return G_SOURCE_CONTINUE;
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  CgSimLive *live = user_data;

  g_signal_handlers_disconnect_by_data (conn, live);
  g_ptr_array_remove_fast (live->connections, conn);
}

CgSimLive *
_cg_sim_live_new (CgSimWorld   *world,
                  GMainContext *context,
                  guint         interval_ms)
{
  CgSimLive *live = g_new0 (CgSimLive, 1);

  live->world = world;
  live->sent_now = cg_sim_world_get_now (world);
  live->sent_event = cg_sim_world_last_event_id (world);
  live->connections = g_ptr_array_new_with_free_func (g_object_unref);
  live->timer = g_timeout_source_new (MAX (interval_ms, 10));
  g_source_set_callback (live->timer, on_timer_cb, live, NULL);
  g_source_attach (live->timer, context);
  return live;
}

void
_cg_sim_live_free (CgSimLive *live)
{
  if (live == NULL)
    return;

  g_source_destroy (live->timer);
  g_source_unref (live->timer);
  for (guint i = 0; i < live->connections->len; i++)
    {
      SoupWebsocketConnection *conn = live->connections->pdata[i];

      g_signal_handlers_disconnect_by_data (conn, live);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_ptr_array_unref (live->connections);
  g_free (live);
}

void
_cg_sim_live_add (CgSimLive               *live,
                  SoupWebsocketConnection *conn)
{
  g_autofree char *positions = NULL;
  GString *devices;

  g_ptr_array_add (live->connections, g_object_ref (conn));
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed_cb), live);
  soup_websocket_connection_set_keepalive_interval (conn, 30);

  /* as Traccar does: the devices, then their latest positions */
  devices = g_string_new ("{\"devices\":");
  cg_sim_world_write_devices (live->world, devices);
  g_string_append_c (devices, '}');
  send_text (conn, devices->str);
  g_string_free (devices, TRUE);

  positions = positions_message (live->world);
  send_text (conn, positions);
}
