/* observer.c: bench/live's second WebSocket client. It receives the simulator's broadcasts
 * at the moment they leave the server (same machine, loopback) and writes one line per
 * positions message: "fix_time arrival_us" (the newest fix of the message, the real time it
 * arrived). run-live-bench.sh joins them with the app's CG_LIVE_LATENCY_LOG by fix time.
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <libsoup/soup.h>

#include "cg-traccar.h"

static FILE *out;

static void
on_message_cb (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  gint64 arrival = g_get_real_time ();
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  CgTraccarCheck check = { 0 };
  g_autoptr(CgTraccarMessage) decoded = NULL;
  gint64 fix = 0;

  check.max_future_s = G_MAXINT32;
  decoded = cg_traccar_decode_message (data, length, &check);
  for (guint i = 0; decoded->positions != NULL && i < decoded->positions->len; i++)
    fix = MAX (fix, g_array_index (decoded->positions, CgTraccarPosition, i).fix_time);
  if (fix > 0)
    {
      fprintf (out, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n", fix, arrival);
      fflush (out);
    }
}

static void
on_closed_cb (SoupWebsocketConnection *ws,
              GMainLoop               *loop)
{
  g_main_loop_quit (loop);
}

static void
on_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GMainLoop *loop = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (ws == NULL)
    {
      g_printerr ("bench-live-observer: %s\n", error->message);
      g_main_loop_quit (loop);
      return;
    }
  soup_websocket_connection_set_max_incoming_payload_size (ws, 64 * 1024 * 1024);
  g_signal_connect (ws, "message", G_CALLBACK (on_message_cb), NULL);
  g_signal_connect (ws, "closed", G_CALLBACK (on_closed_cb), loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: bench-live-observer SERVER_URL OUT.tsv\n");
      return 2;
    }
  out = fopen (argv[2], "w");
  if (out == NULL)
    {
      g_printerr ("bench-live-observer: cannot write %s\n", argv[2]);
      return 1;
    }

  url = g_strdup_printf ("%s%sapi/socket", argv[1], g_str_has_suffix (argv[1], "/") ? "" : "/");
  if (g_str_has_prefix (url, "http"))
    {
      char *ws = g_strconcat ("ws", url + 4, NULL);

      g_free (url);
      url = ws;
    }
  loop = g_main_loop_new (NULL, FALSE);
  session = soup_session_new ();
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_printerr ("bench-live-observer: bad URL %s\n", url);
      return 2;
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_connected_cb, loop);
  g_main_loop_run (loop);
  fclose (out);

  return 0;
}
