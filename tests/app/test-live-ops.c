/* test-live-ops.c: live operations in the main window, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app runs against the simulator (in a thread of its own, real time, a fix every second,
 * an event every second, a complaint every second). The window shows the live mode, moving
 * officers drawn where the feed says in the "online" colour, the squads with their counts,
 * the status filter and the name search, following a unit, the feed's events and new
 * complaints as notifications, the diagnostics, and a complaint dispatched to the nearest
 * units: ranked by arrival, sent once, listed.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cg-application.h"
#include "cg-complaint-layer.h"
#include "cg-i18n.h"
#include "cg-dispatch-dialog.h"
#include "cg-live-layer.h"
#include "cg-live-ops.h"
#include "cg-live-panel.h"
#include "cg-roster.h"
#include "cg-sim-server.h"
#include "cg-store-complaints.h"
#include "cg-track-layer.h"
#include "cg-window.h"

#define N_OFFICERS 40
#define N_VEHICLES 6
#define TIMEOUT_S  30

static struct
{
  char          *tmpdir;
  CgSimThread   *server;
  CgApplication *app;
  CgWindow      *window;
  CgLiveOps     *ops;
  CgLivePanel   *panel;
} fx;

typedef gboolean (*Condition) (void);

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (Condition   condition,
          guint       seconds,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout_cb, &timed_out);

  while (!condition () && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  else
    g_error ("timed out waiting for %s", what);
}

static guint frames_seen;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  if (++frames_seen < 3)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static gboolean
enough_frames (void)
{
  return frames_seen >= 3;
}

static void
wait_frames (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fx.window));
  gulong id;

  frames_seen = 0;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (fx.window));
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  wait_for (enough_frames, 10, "frames");
  g_signal_handler_disconnect (clock, id);
}

static void
sleep_s (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
feed_live (void)
{
  CgLiveFeed *feed = cg_live_ops_get_feed (fx.ops);

  return feed != NULL && cg_live_feed_get_mode (feed) == CG_LIVE_MODE_LIVE &&
         cg_live_layer_get_n_drawn (cg_live_ops_get_layer (fx.ops)) > 0;
}

static gboolean
synced (void)
{
  CgSync *sync = cg_window_get_sync (fx.window);

  return sync != NULL && cg_sync_get_status (sync) == CG_SYNC_STATUS_OK;
}

static gboolean
roster_filled (void)
{
  GListModel *squads = cg_roster_get_model (cg_live_panel_get_roster (fx.panel));
  guint total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (squads); i++)
    {
      g_autoptr(CgRosterItem) squad = g_list_model_get_item (squads, i);
      guint on_duty, moving, offline;

      cg_roster_item_get_counts (squad, &on_duty, &moving, &offline);
      total += on_duty + offline;
    }

  return total == N_OFFICERS + N_VEHICLES;
}

/* ---- pixels --------------------------------------------------------------------------- */

static GdkTexture *
render (void)
{
  return cg_window_render_texture (fx.window);
}

static void
pixel_at (GdkTexture *texture,
          guchar     *data,
          GtkWidget  *layer,
          double      x,
          double      y,
          guchar      rgb[3])
{
  graphene_point_t p;
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  const guchar *px;

  g_assert_true (gtk_widget_compute_point (layer, GTK_WIDGET (fx.window),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  px = data + (gsize) floor (p.y) * stride + (gsize) floor (p.x) * 4;   /* B G R A */
  rgb[0] = px[2];
  rgb[1] = px[1];
  rgb[2] = px[0];
}

static gboolean
is_online_blue (const guchar rgb[3])
{
  return abs (rgb[0] - 28) < 30 && abs (rgb[1] - 112) < 30 && abs (rgb[2] - 217) < 30;
}

/* Whether the map's own controls (zoom buttons, legend, scale) are over this point of the
 * map: units move in real time, so some may be under them */
static gboolean
covered_by_controls (GtkWidget *layer,
                     double     x,
                     double     y)
{
  graphene_point_t p;
  GtkWidget *hit;

  g_assert_true (gtk_widget_compute_point (layer, GTK_WIDGET (fx.window),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  hit = gtk_widget_pick (GTK_WIDGET (fx.window), p.x, p.y, GTK_PICK_NON_TARGETABLE);

  return hit != NULL && !SHUMATE_IS_LAYER (hit) && !SHUMATE_IS_MAP (hit);
}

/* The symbol is a disc in the state's colour with, while moving, a white heading arrow over
 * its centre: look for the colour around the centre, not only at it */
static gboolean
online_blue_near (GdkTexture *texture,
                  guchar     *data,
                  GtkWidget  *layer,
                  double      x,
                  double      y)
{
  for (int dy = -5; dy <= 5; dy++)
    for (int dx = -5; dx <= 5; dx++)
      {
        guchar rgb[3];

        pixel_at (texture, data, layer, x + dx, y + dy, rgb);
        if (is_online_blue (rgb))
          return TRUE;
      }
  return FALSE;
}

static double
haversine_m (double lon1,
             double lat1,
             double lon2,
             double lat2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371008.8 * asin (sqrt (a));
}

/* ---- tests ---------------------------------------------------------------------------- */

static void
test_live_ops_start (void)
{
  g_autoptr(GError) error = NULL;
  CgSimConfig config;
  g_autofree char *db = NULL;

  fx.tmpdir = g_dir_make_tmp ("cg-test-live-ops-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fx.tmpdir, "cache.db", NULL);

  cg_sim_config_init (&config);
  config.merchants = 100;
  config.sites = 10;
  config.points = 10;
  config.officers = N_OFFICERS;
  config.vehicles = N_VEHICLES;
  config.history_days = 0;
  config.complaints_per_hour = 3600;
  config.events_per_hour = 3600;
  config.live_interval = 1;
  config.now = 0;   /* real time: officers walk while the test watches */
  fx.server = cg_sim_thread_start (&config, &error);
  cg_sim_config_clear (&config);
  g_assert_no_error (error);

  g_setenv ("CG_CACHE_DB", db, TRUE);
  g_setenv ("CG_SERVER_URL", cg_sim_thread_get_url (fx.server), TRUE);
  g_unsetenv ("CG_SCREENSHOT");

  fx.app = cg_application_new ();
  g_application_set_flags (G_APPLICATION (fx.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fx.app));

  fx.window = CG_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx.app)));
  g_assert_true (CG_IS_WINDOW (fx.window));
  fx.ops = cg_window_get_live_ops (fx.window);
  fx.panel = cg_window_get_live_panel (fx.window);
  g_assert_nonnull (fx.ops);
  g_assert_nonnull (fx.panel);

  wait_for (feed_live, TIMEOUT_S, "the live feed");
  wait_for (synced, TIMEOUT_S, "the first sync");
  wait_frames ();

  /* the header says the mode */
  g_assert_cmpstr (cg_live_ops_get_mode_text (fx.ops), ==, C_("live mode", "Live"));
}

static void
test_live_ops_moving (void)
{
  CgLiveFeed *feed = cg_live_ops_get_feed (fx.ops);
  CgLiveLayer *layer = cg_live_ops_get_layer (fx.ops);
  ShumateViewport *viewport = cg_map_view_get_viewport (cg_window_get_map_view (fx.window));
  g_autoptr(GPtrArray) devices = cg_live_feed_list_devices (feed);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  const CgLiveDevice *first = NULL;
  guint checked = 0, blue = 0, moved = 0;

  /* zoom on the first online officer: the others of his street around him */
  for (guint i = 0; i < devices->len && first == NULL; i++)
    {
      const CgLiveDevice *d = devices->pdata[i];

      if (d->kind == CG_UNIT_OFFICER && d->has_position &&
          cg_live_feed_get_device_state (feed, d, 0) == CG_UNIT_ONLINE)
        first = d;
    }
  g_assert_nonnull (first);
  shumate_viewport_set_zoom_level (viewport, 15);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), first->position.lat,
                                 first->position.lon);
  wait_frames ();

  /* drawn where the viewport puts the feed's position, in the online colour */
  texture = render ();
  data = g_malloc ((gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, data, (gsize) gdk_texture_get_width (texture) * 4);
  if (g_getenv ("CG_TEST_SAVE_PNG"))
    gdk_texture_save_to_png (texture, g_getenv ("CG_TEST_SAVE_PNG"));
  g_clear_pointer (&devices, g_ptr_array_unref);
  devices = cg_live_feed_list_devices (feed);
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *d = devices->pdata[i];
      double x, y;
      int w = gtk_widget_get_width (GTK_WIDGET (layer));
      int h = gtk_widget_get_height (GTK_WIDGET (layer));

      g_assert_true (cg_live_layer_get_device_position (layer, d->id, &x, &y) || !d->has_position);
      g_array_append_val (before, x);
      g_array_append_val (before, y);
      if (d->kind != CG_UNIT_OFFICER || cg_live_feed_get_device_state (feed, d, 0) != CG_UNIT_ONLINE ||
          x < 12 || y < 12 || x > w - 12 || y > h - 12)
        continue;
      if (covered_by_controls (GTK_WIDGET (layer), x, y))
        continue;
      checked++;
      blue += online_blue_near (texture, data, GTK_WIDGET (layer), x, y);
    }
  g_test_message ("%u online officers in view, %u drawn blue", checked, blue);
  g_assert_cmpuint (checked, >=, 1);
  g_assert_cmpuint (blue, >=, checked * 8 / 10);

  /* a few seconds later they have moved on the screen */
  sleep_s (4.5);
  wait_frames ();
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *d = devices->pdata[i];
      double x, y;

      if (cg_live_layer_get_device_position (layer, d->id, &x, &y) &&
          hypot (x - g_array_index (before, double, 2 * i),
                 y - g_array_index (before, double, 2 * i + 1)) > 0.5)
        moved++;
    }
  g_test_message ("%u of %u units moved on the screen", moved, devices->len);
  g_assert_cmpuint (moved, >=, 3);

  /* following a unit keeps it in the middle of the map */
  cg_live_ops_follow (fx.ops, first->id);
  sleep_s (1.5);
  wait_frames ();
  {
    double x, y;

    g_assert_true (cg_live_layer_get_device_position (layer, first->id, &x, &y));
    g_assert_cmpfloat (fabs (x - gtk_widget_get_width (GTK_WIDGET (layer)) / 2.0), <, 3.0);
    g_assert_cmpfloat (fabs (y - gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0), <, 3.0);
  }
  cg_live_ops_follow (fx.ops, 0);
}

static void
test_live_ops_roster (void)
{
  CgRoster *roster = cg_live_panel_get_roster (fx.panel);
  GListModel *squads = cg_roster_get_model (roster);
  CgLiveFeed *feed = cg_live_ops_get_feed (fx.ops);
  g_autoptr(GPtrArray) devices = cg_live_feed_list_devices (feed);
  g_autoptr(CgRosterItem) squad = NULL;
  g_autoptr(CgRosterItem) only = NULL;
  const CgLiveDevice *target = devices->pdata[devices->len / 2];
  guint n_squads, shown = 0;

  cg_roster_refresh (roster);
  wait_for (roster_filled, TIMEOUT_S, "the squads");
  n_squads = g_list_model_get_n_items (squads);
  g_assert_cmpuint (n_squads, >=, 2);

  /* every squad row: counts that add up to its devices, in its subtitle */
  for (guint i = 0; i < n_squads; i++)
    {
      g_autoptr(CgRosterItem) s = g_list_model_get_item (squads, i);
      GListModel *children = G_LIST_MODEL (cg_roster_item_get_children (s));
      guint on_duty, moving, offline, online_now = 0, moving_now = 0;
      g_autofree char *counts = NULL;

      cg_roster_item_get_counts (s, &on_duty, &moving, &offline);
      g_assert_cmpuint (g_list_model_get_n_items (children), ==, on_duty + offline);
      g_assert_cmpuint (moving, <=, on_duty);
      counts = g_strdup_printf (_("%u on duty · %u moving · %u offline"), on_duty, moving, offline);
      g_assert_cmpstr (cg_roster_item_get_subtitle (s), ==, counts);
      for (guint j = 0; j < g_list_model_get_n_items (children); j++)
        {
          g_autoptr(CgRosterItem) unit = g_list_model_get_item (children, j);
          const CgLiveDevice *d = cg_live_feed_lookup_device (feed, cg_roster_item_get_device_id (unit));

          g_assert_nonnull (d);
          g_assert_cmpint (d->group_id, ==, cg_roster_item_get_group_id (s));
          online_now += cg_roster_item_get_state (unit) != CG_UNIT_OFFLINE;
          moving_now += cg_roster_device_is_moving (d, cg_roster_item_get_state (unit));
        }
      g_assert_cmpuint (online_now, ==, on_duty);
      g_assert_cmpuint (moving_now, ==, moving);
    }

  /* status filter: only moving units (in whichever squads have some) */
  cg_roster_set_filter (roster, CG_ROSTER_FILTER_MOVING);
  for (guint i = 0; i < g_list_model_get_n_items (squads); i++)
    {
      g_autoptr(CgRosterItem) s = g_list_model_get_item (squads, i);
      GListModel *children = G_LIST_MODEL (cg_roster_item_get_children (s));

      g_assert_cmpuint (g_list_model_get_n_items (children), >, 0);
      for (guint j = 0; j < g_list_model_get_n_items (children); j++)
        {
          g_autoptr(CgRosterItem) unit = g_list_model_get_item (children, j);
          const CgLiveDevice *d = cg_live_feed_lookup_device (feed, cg_roster_item_get_device_id (unit));

          g_assert_true (cg_roster_device_is_moving (d, cg_roster_item_get_state (unit)));
          shown++;
        }
    }
  g_assert_cmpuint (shown, >, 0);
  cg_roster_set_filter (roster, CG_ROSTER_FILTER_ALL);

  /* name search: one squad, one unit */
  cg_roster_set_search (roster, target->name);
  g_assert_cmpuint (g_list_model_get_n_items (squads), >=, 1);
  squad = g_list_model_get_item (squads, 0);
  only = g_list_model_get_item (G_LIST_MODEL (cg_roster_item_get_children (squad)), 0);
  g_assert_cmpstr (cg_roster_item_get_title (only), ==, target->name);
  cg_roster_set_search (roster, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (squads), ==, n_squads);
}

static gboolean
has_complaint (void)
{
  GPtrArray *queue = cg_live_panel_get_complaints (fx.panel);

  for (guint i = 0; i < queue->len; i++)
    if (!isnan (((CgComplaint *) queue->pdata[i])->lon))
      return TRUE;
  return FALSE;
}

static gboolean
notified (void)
{
  /* the feed's events (one a second) and the complaints filed since the window opened */
  return cg_live_ops_get_n_complaints_notified (fx.ops) >= 1 &&
         cg_live_ops_get_n_notified (fx.ops) > cg_live_ops_get_n_complaints_notified (fx.ops);
}

static void
test_live_ops_notifications (void)
{
  GtkWidget *diagnostics;
  const char *body;

  /* events arrive once a second; complaints too, with the next sync */
  sleep_s (2);
  gtk_widget_activate_action (GTK_WIDGET (fx.window), "win.sync-now", NULL);
  wait_for (notified, TIMEOUT_S, "notifications");
  wait_for (has_complaint, TIMEOUT_S, "a complaint in the queue");

  diagnostics = cg_live_ops_show_diagnostics (fx.ops);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (diagnostics));
  g_assert_nonnull (strstr (body, C_("live mode", "Live")));
  {
    /* the counters of the feed, as the feed formats them */
    CgLiveStats stats;
    g_autofree char *counters = NULL;
    g_auto(GStrv) lines = NULL;

    cg_live_feed_get_stats (cg_live_ops_get_feed (fx.ops), &stats);
    counters = cg_live_stats_format (&stats);
    lines = g_strsplit (counters, "\n", -1);
    /* the counters change every second: compare the words before the first number */
    lines[0][strcspn (lines[0], "0123456789")] = '\0';
    g_assert_cmpuint (strlen (lines[0]), >, 0);
    g_assert_nonnull (strstr (body, lines[0]));
    g_assert_cmpuint (stats.positions, >, 0);
  }
  gtk_window_destroy (GTK_WINDOW (diagnostics));
}

static CgDispatchDialog *sent_dialog;

static gboolean
dialog_gone (void)
{
  return sent_dialog == NULL;
}

static gboolean
dispatch_listed (void)
{
  return cg_live_panel_get_n_dispatch_rows (fx.panel) >= 1;
}

static GAsyncResult *refreshed;

static void
on_refreshed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  refreshed = g_object_ref (result);
}

static gboolean
got_refresh (void)
{
  return refreshed != NULL;
}

static void
test_live_ops_dispatch (void)
{
  GPtrArray *queue = cg_live_panel_get_complaints (fx.panel);
  CgLiveFeed *feed = cg_live_ops_get_feed (fx.ops);
  const CgComplaint *complaint = NULL;
  g_autofree char *complaint_id = NULL;
  CgDispatchDialog *dialog;
  GArray *candidates;
  g_autoptr(CgDispatchClient) check = NULL;
  g_autoptr(GPtrArray) dispatches = NULL;
  g_autoptr(GError) error = NULL;
  guint mine = 0;

  for (guint i = 0; i < queue->len && complaint == NULL; i++)
    if (!isnan (((CgComplaint *) queue->pdata[i])->lon))
      complaint = queue->pdata[i];
  g_assert_nonnull (complaint);
  complaint_id = g_strdup (complaint->id);

  dialog = cg_live_ops_dispatch_complaint (fx.ops, complaint);
  g_assert_nonnull (dialog);
  candidates = cg_dispatch_dialog_get_candidates (dialog);
  g_assert_cmpuint (candidates->len, >=, 3);
  /* nearest arrival first; within a kind that is the nearest first; distances are right */
  for (guint i = 0; i < candidates->len; i++)
    {
      const CgRankResult *r = &g_array_index (candidates, CgRankResult, i);
      const CgLiveDevice *d = cg_live_feed_lookup_device (feed, r->device_id);

      g_assert_nonnull (d);
      g_assert_cmpfloat (fabs (r->distance_m - haversine_m (d->position.lon, d->position.lat,
                                                            complaint->lon, complaint->lat)),
                         <, 1.0);
      g_assert_cmpint (cg_live_feed_get_device_state (feed, d, 0), ==, CG_UNIT_ONLINE);
      for (guint j = 0; j < i; j++)
        {
          const CgRankResult *q = &g_array_index (candidates, CgRankResult, j);

          g_assert_cmpfloat (q->eta_s, <=, r->eta_s);
          if (q->kind == r->kind)
            g_assert_cmpfloat (q->distance_m, <=, r->distance_m);
        }
    }
  /* the nearest is preselected; add the second */
  g_assert_cmpuint (cg_dispatch_dialog_get_n_selected (dialog), ==, 1);
  cg_dispatch_dialog_set_selected (dialog, 1, TRUE);
  g_assert_cmpuint (cg_dispatch_dialog_get_n_selected (dialog), ==, 2);

  if (g_getenv ("CG_TEST_SAVE_DIALOG_PNG"))
    {
      g_autoptr(GtkSnapshot) s = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) t = NULL;
      GtkWidget *w = GTK_WIDGET (dialog);

      wait_frames ();
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        gtk_widget_snapshot_child (w, c, s);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&s));
      t = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (w)), node,
                                       &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (w),
                                                            gtk_widget_get_height (w)));
      gdk_texture_save_to_png (t, g_getenv ("CG_TEST_SAVE_DIALOG_PNG"));
    }

  sent_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &sent_dialog);
  cg_dispatch_dialog_send (dialog);
  cg_dispatch_dialog_send (dialog);   /* a double click sends once */
  wait_for (dialog_gone, TIMEOUT_S, "the dispatch to be sent");
  wait_for (dispatch_listed, TIMEOUT_S, "the dispatch in the list");

  /* the server holds exactly one dispatch for the complaint, with both units */
  check = cg_dispatch_client_new (cg_sim_thread_get_url (fx.server), NULL);
  refreshed = NULL;
  cg_dispatch_client_refresh_async (check, NULL, on_refreshed_cb, NULL);
  wait_for (got_refresh, TIMEOUT_S, "the dispatches from the server");
  cg_dispatch_client_refresh_finish (check, refreshed, &error);
  g_assert_no_error (error);
  g_clear_object (&refreshed);
  dispatches = cg_dispatch_client_list (check);
  for (guint i = 0; i < dispatches->len; i++)
    {
      const CgDispatch *d = dispatches->pdata[i];

      if (g_strcmp0 (d->complaint_id, complaint_id) != 0)
        continue;
      mine++;
      g_assert_cmpuint (g_strv_length (d->officer_ids) + g_strv_length (d->vehicle_ids), ==, 2);
    }
  g_assert_cmpuint (mine, ==, 1);
  g_assert_cmpuint (cg_live_panel_get_n_dispatch_rows (fx.panel), ==, 1);
  /* and on the complaint in the queue, with its status */
  g_assert_true (strstr (cg_live_panel_get_complaint_subtitle (fx.panel, complaint_id),
                         cg_dispatch_status_get_title (CG_DISPATCH_STATUS_SENT)) != NULL ||
                 strstr (cg_live_panel_get_complaint_subtitle (fx.panel, complaint_id),
                         cg_dispatch_status_get_title (CG_DISPATCH_STATUS_ACCEPTED)) != NULL);

  /* the queue on the map: every located complaint where the viewport puts it */
  {
    CgComplaintLayer *layer = cg_live_ops_get_complaint_layer (fx.ops);
    ShumateViewport *viewport = cg_map_view_get_viewport (cg_window_get_map_view (fx.window));
    GPtrArray *now_queue = cg_live_panel_get_complaints (fx.panel);
    const CgComplaint *c = NULL;
    guint located = 0;
    double x, y, ex, ey;
    CgDispatchDialog *here;
    GArray *ranked;

    for (guint i = 0; i < now_queue->len; i++)
      if (!isnan (((CgComplaint *) now_queue->pdata[i])->lon))
        {
          located++;
          c = now_queue->pdata[i];
        }
    g_assert_cmpuint (cg_complaint_layer_get_n (layer), ==, located);
    g_assert_true (cg_complaint_layer_get_position (layer, c->id, &x, &y));
    shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), c->lat, c->lon,
                                                &ex, &ey);
    g_assert_cmpfloat (hypot (x - ex, y - ey), <, 1.0);
    g_assert_cmpstr (cg_complaint_layer_get_at (layer, x + 2, y - 2), ==, c->id);

    /* from a point 100 m east of it: ranked for the point, filed under that complaint */
    here = cg_live_ops_dispatch_from_point (fx.ops, c->lon + 0.00105, c->lat);
    g_assert_nonnull (here);
    ranked = cg_dispatch_dialog_get_candidates (here);
    g_assert_cmpuint (ranked->len, >, 0);
    {
      const CgRankResult *r = &g_array_index (ranked, CgRankResult, 0);
      const CgLiveDevice *d = cg_live_feed_lookup_device (feed, r->device_id);

      g_assert_cmpfloat (fabs (r->distance_m - haversine_m (d->position.lon, d->position.lat,
                                                            c->lon + 0.00105, c->lat)), <, 1.0);
    }
    gtk_window_destroy (GTK_WINDOW (here));
    /* far from every complaint: nothing to file it under */
    g_assert_null (cg_live_ops_dispatch_from_point (fx.ops, 121.9, 31.0));
  }

  if (g_getenv ("CG_TEST_SAVE_PANEL_PNG"))
    {
      g_autoptr(GdkTexture) t = NULL;

      cg_live_panel_show_page (fx.panel, "dispatches");
      wait_frames ();
      t = render ();
      gdk_texture_save_to_png (t, g_getenv ("CG_TEST_SAVE_PANEL_PNG"));
      cg_live_panel_show_page (fx.panel, "complaints");
      wait_frames ();
      g_clear_object (&t);
      t = render ();
      gdk_texture_save_to_png (t, g_getenv ("CG_TEST_SAVE_QUEUE_PNG") ? g_getenv ("CG_TEST_SAVE_QUEUE_PNG") : "/dev/null");
    }
}


static CgTrackStats *expected_stats;
static GHashTable *expected_routes;

static void
on_expected_route_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  expected_routes = cg_live_feed_fetch_route_finish (CG_LIVE_FEED (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
got_expected (void)
{
  return expected_routes != NULL;
}

static guint want_tracks;

static gboolean
replay_loaded (void)
{
  if (want_tracks == 0)
    return cg_track_layer_get_n_tracks (cg_live_ops_get_track_layer (fx.ops)) >= 2 &&
           g_hash_table_size (cg_replay_get_tracks (cg_live_ops_get_replay (fx.ops))) ==
           cg_track_layer_get_n_tracks (cg_live_ops_get_track_layer (fx.ops));
  return cg_track_layer_get_n_tracks (cg_live_ops_get_track_layer (fx.ops)) == want_tracks &&
         g_hash_table_size (cg_replay_get_tracks (cg_live_ops_get_replay (fx.ops))) == want_tracks;
}

static void
test_live_ops_replay (void)
{
  CgLiveFeed *feed = cg_live_ops_get_feed (fx.ops);
  CgTrackLayer *tracks = cg_live_ops_get_track_layer (fx.ops);
  CgReplay *replay = cg_live_ops_get_replay (fx.ops);
  ShumateViewport *viewport = cg_map_view_get_viewport (cg_window_get_map_view (fx.window));
  g_autoptr(GPtrArray) devices = cg_live_feed_list_devices (feed);
  const CgLiveDevice *device = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, from, to;
  g_autoptr(GArray) points = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected_line = NULL;
  double mid, lon, lat, ex, ey, x, y, t0;
  GArray *positions;
  guint in_squad = 0;

  for (guint i = 0; i < devices->len && device == NULL; i++)
    if (((CgLiveDevice *) devices->pdata[i])->kind == CG_UNIT_OFFICER)
      device = devices->pdata[i];
  g_assert_nonnull (device);

  cg_replay_preset_range (CG_REPLAY_PRESET_LAST_2H, now, 0, 0, &from, &to);
  g_assert_cmpint (to - from, ==, 2 * 3600);

  /* the same route fetched on its own: the stats shown are cg-track's */
  cg_live_feed_fetch_route_async (feed, device->id, 0, from, to, NULL, on_expected_route_cb, NULL);
  wait_for (got_expected, TIMEOUT_S, "the route");
  positions = g_hash_table_lookup (expected_routes, &device->id);
  g_assert_nonnull (positions);
  g_assert_cmpuint (positions->len, >=, 60);
  points = cg_live_positions_to_track (positions);
  expected_stats = cg_track_compute_stats ((CgTrackPoint *) points->data, points->len, NULL);
  line = cg_replay_format_stats (expected_stats);
  expected_line = g_strdup_printf ("%s: %s", device->name, line);

  want_tracks = 1;
  cg_live_ops_replay (fx.ops, device->id, 0, from, to);
  wait_for (replay_loaded, TIMEOUT_S, "the replay");
  wait_frames ();
  g_assert_cmpstr (cg_live_ops_get_replay_stats_text (fx.ops), ==, expected_line);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cg_live_ops_get_layer (fx.ops))));

  /* half way: the head is where cg-track puts it, in the middle of the map (follow) */
  mid = from + (to - from) / 2.0;
  cg_replay_set_time (replay, mid);
  wait_frames ();
  g_assert_true (cg_track_position_at ((CgTrackPoint *) points->data, points->len, mid, &lon, &lat));
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (tracks), lat, lon, &ex, &ey);
  g_assert_true (cg_track_layer_get_head (tracks, device->id, &x, &y));
  g_assert_cmpfloat (hypot (x - ex, y - ey), <, 1.0);
  g_assert_cmpfloat (fabs (x - gtk_widget_get_width (GTK_WIDGET (tracks)) / 2.0), <, 2.0);
  g_assert_cmpfloat (fabs (y - gtk_widget_get_height (GTK_WIDGET (tracks)) / 2.0), <, 2.0);
  if (g_getenv ("CG_TEST_SAVE_REPLAY_PNG"))
    {
      g_autoptr(GdkTexture) t = render ();

      gdk_texture_save_to_png (t, g_getenv ("CG_TEST_SAVE_REPLAY_PNG"));
    }

  /* play at 64x for a second: about a minute of the afternoon goes by */
  cg_replay_set_speed (replay, 64);
  t0 = cg_replay_get_time (replay);
  cg_replay_set_playing (replay, TRUE);
  sleep_s (1.0);
  cg_replay_set_playing (replay, FALSE);
  g_test_message ("64x for 1 s: %.1f s of replay", cg_replay_get_time (replay) - t0);
  g_assert_cmpfloat (cg_replay_get_time (replay) - t0, >, 30);
  g_assert_cmpfloat (cg_replay_get_time (replay) - t0, <, 200);

  /* the whole squad at once: one track per member */
  for (guint i = 0; i < devices->len; i++)
    in_squad += ((CgLiveDevice *) devices->pdata[i])->group_id == device->group_id;
  g_assert_cmpuint (in_squad, >=, 2);
  want_tracks = 0;   /* every member with a fix in the range */
  cg_live_ops_replay (fx.ops, 0, device->group_id, from, to);
  wait_for (replay_loaded, TIMEOUT_S, "the squad's replay");
  g_test_message ("squad of %u: %u tracks", in_squad, cg_track_layer_get_n_tracks (tracks));

  cg_live_ops_end_replay (fx.ops);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cg_live_ops_get_layer (fx.ops))));
  g_assert_cmpuint (cg_track_layer_get_n_tracks (tracks), ==, 0);
  g_clear_pointer (&expected_stats, cg_track_stats_free);
  g_clear_pointer (&expected_routes, g_hash_table_unref);
}

static void
test_live_ops_stop (void)
{
  gtk_window_destroy (GTK_WINDOW (fx.window));
  g_application_quit (G_APPLICATION (fx.app));
  g_clear_object (&fx.app);
  g_clear_pointer (&fx.server, cg_sim_thread_stop);
  if (fx.tmpdir != NULL)
    {
      g_autofree char *db = g_build_filename (fx.tmpdir, "cache.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (fx.tmpdir);
      g_clear_pointer (&fx.tmpdir, g_free);
    }
}

int
main (int   argc,
      char *argv[])
{
  gboolean zh = g_getenv ("CG_TEST_ZH") != NULL;

  /* --zh (the app-live-ops-zh test) or CG_TEST_ZH=1: the same test in Chinese, with the build
   * tree's catalog, the language the dispatchers use */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--zh") == 0)
      {
        zh = TRUE;
        for (int j = i; j < argc; j++)
          argv[j] = argv[j + 1];
        argc--;
        break;
      }
  g_test_init (&argc, &argv, NULL);
  if (zh)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "po", NULL);

      g_setenv ("CG_LOCALEDIR", localedir, TRUE);
      g_unsetenv ("LANGUAGE");
      g_assert_cmpstr (cg_i18n_init (), ==, CG_I18N_DEFAULT_LANGUAGE);
      gtk_disable_setlocale ();
    }
  gtk_init ();
  adw_init ();
  g_test_add_func ("/cg/live-ops/start", test_live_ops_start);
  g_test_add_func ("/cg/live-ops/moving", test_live_ops_moving);
  g_test_add_func ("/cg/live-ops/roster", test_live_ops_roster);
  g_test_add_func ("/cg/live-ops/notifications", test_live_ops_notifications);
  g_test_add_func ("/cg/live-ops/dispatch", test_live_ops_dispatch);
  g_test_add_func ("/cg/live-ops/replay", test_live_ops_replay);
  g_test_add_func ("/cg/live-ops/stop", test_live_ops_stop);
  return g_test_run ();
}
