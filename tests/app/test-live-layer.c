/* test-live-layer.c: moving officers from the simulator on the map, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator (in process, its clock pinned at the real time so fixes are fresh) serves
 * Traccar; a CgLiveFeed follows it and a CgLiveLayer on a CgMapView draws it. The pixels at the
 * drawn officers have the "online" colour; when the simulated time moves on, an officer glides
 * from his old place to the new one over several frames, never jumping.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "cg-live-feed.h"
#include "cg-resources.h"
#include "cg-live-layer-private.h"
#include "cg-map-view.h"
#include "cg-mercator.h"
#include "cg-sim-server.h"

#define N_OFFICERS 40
#define N_VEHICLES 6
#define DEVICE     1

typedef gboolean (*Condition) (gpointer data);

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (timed_out)
    g_error ("timed out waiting for %s", what);
}

static gboolean
feed_live (gpointer data)
{
  return cg_live_feed_get_mode (data) == CG_LIVE_MODE_LIVE &&
         cg_live_feed_lookup_device (data, DEVICE) != NULL &&
         cg_live_feed_lookup_device (data, DEVICE)->has_position;
}

static void
count_batch_cb (guint *batches)
{
  (*batches)++;
}

static gboolean
layer_drawn (gpointer data)
{
  return cg_live_layer_get_n_drawn (data) > 0;
}

static gboolean
layer_animating (gpointer data)
{
  return cg_live_layer_get_n_animating (data) > 0;
}

/* ---- frames and pixels --------------------------------------------------------------- */

typedef struct
{
  CgLiveLayer *layer;
  GArray      *xs;          /* device 1 drawn x per frame */
  GArray      *ys;
  guint        frames;
} Frames;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Frames        *f)
{
  double x, y;

  f->frames++;
  if (cg_live_layer_get_device_position (f->layer, DEVICE, &x, &y))
    {
      g_array_append_val (f->xs, x);
      g_array_append_val (f->ys, y);
    }
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static gboolean
frames_at_least (gpointer data)
{
  Frames *f = data;

  return f->frames >= 3;
}

static GdkTexture *
render (GtkWidget *window)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (GtkWidget *child = gtk_widget_get_first_child (window); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (window, child, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The colour at widget (x, y) of the layer, from the window's texture */
static void
pixel_at (GdkTexture *texture,
          guchar     *data,
          GtkWidget  *layer,
          GtkWidget  *window,
          double      x,
          double      y,
          guchar      rgb[3])
{
  graphene_point_t p;
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  const guchar *px;

  g_assert_true (gtk_widget_compute_point (layer, window, &GRAPHENE_POINT_INIT (x, y), &p));
  px = data + (gsize) floor (p.y) * stride + (gsize) floor (p.x) * 4;   /* B G R A */
  rgb[0] = px[2];
  rgb[1] = px[1];
  rgb[2] = px[0];
}

static gboolean
is_online_blue (const guchar rgb[3])
{
  /* 0.11, 0.44, 0.85 */
  return abs (rgb[0] - 28) < 30 && abs (rgb[1] - 112) < 30 && abs (rgb[2] - 217) < 30;
}

/* ---- the test ------------------------------------------------------------------------ */

static void
test_live_layer_moving_officers (void)
{
  CgSimConfig config;
  g_autoptr(CgSimServer) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CgLiveFeed) feed = NULL;
  g_autoptr(CgDistrict) district = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  g_autofree char *describe = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  GtkWidget *window;
  CgMapView *view;
  CgLiveLayer *layer;
  ShumateViewport *viewport;
  Frames frames = { 0 };
  GdkFrameClock *clock;
  gulong handler;
  const CgLiveDevice *d;
  double x0, y0, x1, y1, total, last_along = -1;
  guint blue = 0, checked = 0, between = 0;

  cg_sim_config_init (&config);
  config.merchants = 50;
  config.sites = 5;
  config.points = 5;
  config.officers = N_OFFICERS;
  config.vehicles = N_VEHICLES;
  config.history_days = 1;
  config.events_per_hour = 0;
  config.live_interval = 1;
  config.now = g_get_real_time () / G_USEC_PER_SEC;   /* fresh fixes: online */
  sim = cg_sim_server_new (&config, &error);
  g_assert_no_error (error);
  cg_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  url = cg_sim_server_get_url (sim);

  feed = cg_live_feed_new (url, NULL);
  cg_live_feed_start (feed);
  wait_for (feed_live, feed, "the live feed");

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  view = cg_map_view_new ();
  district = cg_district_load ("310107", &error);
  g_assert_no_error (error);
  cg_map_view_set_district (view, district);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  viewport = cg_map_view_get_viewport (view);
  layer = cg_live_layer_new (viewport);
  _cg_live_layer_set_leg_limits (layer, 600 * 1000, 600 * 1000);
  cg_live_layer_set_feed (layer, feed);
  cg_map_view_add_layer (view, SHUMATE_LAYER (layer));
  gtk_window_present (GTK_WINDOW (window));

  /* close to officer 1: at zoom 16 a pixel is about 2 m */
  d = cg_live_feed_lookup_device (feed, DEVICE);
  shumate_viewport_set_zoom_level (viewport, 16);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), d->position.lat, d->position.lon);

  frames.layer = layer;
  frames.xs = g_array_new (FALSE, FALSE, sizeof (double));
  frames.ys = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &frames);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  wait_for (frames_at_least, &frames, "frames");
  wait_for (layer_drawn, layer, "the symbols");

  /* the officer's symbol is where the feed says, in the "online" colour */
  texture = render (window);
  data = g_malloc ((gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, data, (gsize) gdk_texture_get_width (texture) * 4);
  if (g_getenv ("CG_TEST_SAVE_PNG"))
    gdk_texture_save_to_png (texture, g_getenv ("CG_TEST_SAVE_PNG"));
  g_assert_true (cg_live_layer_get_device_position (layer, DEVICE, &x0, &y0));
  g_assert_cmpfloat (fabs (x0 - gtk_widget_get_width (GTK_WIDGET (layer)) / 2.0), <, 2.0);
  g_assert_cmpfloat (fabs (y0 - gtk_widget_get_height (GTK_WIDGET (layer)) / 2.0), <, 2.0);
  devices = cg_live_feed_list_devices (feed);
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *dev = devices->pdata[i];
      double x, y;
      guchar rgb[3];

      if (dev->kind != CG_UNIT_OFFICER ||
          cg_live_feed_get_device_state (feed, dev, 0) != CG_UNIT_ONLINE ||
          !cg_live_layer_get_device_position (layer, dev->id, &x, &y) ||
          x < 10 || y < 10 || x > gtk_widget_get_width (GTK_WIDGET (layer)) - 10 ||
          y > gtk_widget_get_height (GTK_WIDGET (layer)) - 10)
        continue;
      pixel_at (texture, data, GTK_WIDGET (layer), window, x, y, rgb);
      checked++;
      blue += is_online_blue (rgb);
    }
  g_test_message ("%u online officers in view, %u drawn blue", checked, blue);
  g_assert_cmpuint (checked, >=, 1);
  g_assert_cmpuint (blue, >=, checked * 8 / 10);

  /* hover */
  g_assert_cmpint (cg_live_layer_get_device_at (layer, x0 + 2, y0 - 2), ==, DEVICE);
  g_assert_cmpint (cg_live_layer_get_device_at (layer, x0 + 60, y0 + 60), !=, DEVICE);
  describe = cg_live_layer_describe_device (layer, DEVICE);
  g_assert_nonnull (strstr (describe, d->name));

  /* two minutes later the officer has walked about 50 m: the symbol glides there */
  g_array_set_size (frames.xs, 0);
  g_array_set_size (frames.ys, 0);
  cg_sim_server_advance (sim, 120);
  while (cg_live_feed_lookup_device (feed, DEVICE)->position.fix_time < config.now + 120 - 30)
    g_main_context_iteration (NULL, TRUE);
  wait_for (layer_animating, layer, "the symbols to move");
  while (cg_live_layer_get_n_animating (layer) > 0)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 3; i++)
    {
      guint seen = frames.frames;

      while (frames.frames == seen)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);

  g_assert_true (cg_live_layer_get_device_position (layer, DEVICE, &x1, &y1));
  total = hypot (x1 - x0, y1 - y0);
  g_test_message ("officer %d moved %.1f px over %u frames", DEVICE, total, frames.xs->len);
  g_assert_cmpfloat (total, >, 10.0);
  /* every frame on the segment, further along than the one before, never a jump */
  for (guint i = 0; i < frames.xs->len; i++)
    {
      double x = g_array_index (frames.xs, double, i);
      double y = g_array_index (frames.ys, double, i);
      double along = ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / (total * total);
      double off = fabs ((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0)) / total;

      g_assert_cmpfloat (off, <, 1.0);
      g_assert_cmpfloat (along, >=, last_along - 1e-9);
      g_assert_cmpfloat (along, <=, 1.0 + 1e-9);
      if (along > 0.02 && along < 0.98)
        between++;
      last_along = along;
    }
  g_assert_cmpuint (between, >=, 3);

  /* the glide is capped: at most 10 redraws a second (plus one per batch) while symbols
   * glide, and none for symbols out of view */
  {
    guint batches = 0;
    gulong counting = g_signal_connect_swapped (feed, "positions-changed",
                                                G_CALLBACK (count_batch_cb), &batches);
    gint64 t0, t1, q0;
    guint queued, glide_batches;
    double seconds;

    /* (60 s steps: fixes more than 300 s ahead of the clock are refused) */
    _cg_live_layer_set_leg_limits (layer, 1500 * 1000, 1500 * 1000);
    cg_sim_server_advance (sim, 60);
    wait_for (layer_animating, layer, "the symbols to move");
    t0 = g_get_monotonic_time ();
    q0 = _cg_live_layer_get_n_queued (layer);
    batches = 0;
    while (cg_live_layer_get_n_animating (layer) > 0)
      g_main_context_iteration (NULL, TRUE);
    t1 = g_get_monotonic_time ();
    queued = _cg_live_layer_get_n_queued (layer) - q0;
    glide_batches = batches;
    seconds = (t1 - t0) / (double) G_USEC_PER_SEC;
    g_test_message ("gliding %.2f s: %u redraws queued, %u batches", seconds, queued, glide_batches);
    g_assert_cmpfloat (seconds, >=, 1.0);
    g_assert_cmpuint (queued, >=, 3);
    g_assert_cmpfloat (queued, <=, seconds * 10 + glide_batches + 2);

    /* far from every symbol: only the batches queue a redraw */
    shumate_location_set_location (SHUMATE_LOCATION (viewport), d->position.lat + 0.5,
                                   d->position.lon + 0.5);
    for (int i = 0; i < 3; i++)
      g_main_context_iteration (NULL, FALSE);
    cg_sim_server_advance (sim, 60);
    wait_for (layer_animating, layer, "the symbols to move");
    q0 = _cg_live_layer_get_n_queued (layer);
    batches = 0;
    while (cg_live_layer_get_n_animating (layer) > 0)
      g_main_context_iteration (NULL, TRUE);
    queued = _cg_live_layer_get_n_queued (layer) - q0;
    g_test_message ("out of view: %u redraws queued, %u batches", queued, batches);
    g_assert_cmpuint (queued, <=, batches);

    g_signal_handler_disconnect (feed, counting);
    _cg_live_layer_set_leg_limits (layer, 600 * 1000, 600 * 1000);
    shumate_location_set_location (SHUMATE_LOCATION (viewport), d->position.lat, d->position.lon);
    while (cg_live_layer_get_n_animating (layer) > 0)
      g_main_context_iteration (NULL, TRUE);
  }

  /* drawn where the feed says, in the datum of the tiles: WGS-84, then GCJ-02 (AMap tiles),
   * where Shanghai lies about 500 m off */
  {
    const CgLiveDevice *now = cg_live_feed_lookup_device (feed, DEVICE);
    double lon, lat, ex, ey, gx, gy;

    shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), now->position.lat,
                                                now->position.lon, &ex, &ey);
    g_assert_true (cg_live_layer_get_device_position (layer, DEVICE, &x1, &y1));
    g_assert_cmpfloat (hypot (x1 - ex, y1 - ey), <, 1.0);

    cg_live_layer_set_datum (layer, CG_DATUM_GCJ02);
    cg_coords_wgs84_to_gcj02 (now->position.lon, now->position.lat, &lon, &lat);
    shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), lat, lon, &ex, &ey);
    g_assert_true (cg_live_layer_get_device_position (layer, DEVICE, &gx, &gy));
    g_assert_cmpfloat (hypot (gx - ex, gy - ey), <, 1.0);
    g_assert_cmpfloat (hypot (gx - x1, gy - y1), >, 100.0);   /* ~500 m at ~2.4 m a pixel */
    g_assert_cmpuint (cg_live_layer_get_n_animating (layer), ==, 0);   /* a datum is no motion */
    cg_live_layer_set_datum (layer, CG_DATUM_WGS84);
  }

  /* a look at the whole district, for people checking the symbols */
  if (g_getenv ("CG_TEST_SAVE_DISTRICT_PNG"))
    {
      g_autoptr(GdkTexture) whole = NULL;
      guint seen;

      cg_map_view_fit_district (view);
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &frames);
      seen = frames.frames;
      while (frames.frames < seen + 3)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, handler);
      whole = render (window);
      gdk_texture_save_to_png (whole, g_getenv ("CG_TEST_SAVE_DISTRICT_PNG"));
    }

  g_array_unref (frames.xs);
  g_array_unref (frames.ys);
  cg_live_layer_set_feed (layer, NULL);
  cg_live_feed_stop (feed);
  gtk_window_destroy (GTK_WINDOW (window));
  cg_sim_config_clear (&config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* keeps the linker from dropping the registration of the UI resources */
  g_assert_nonnull (cg_get_resource ());
  g_test_add_func ("/cg/live-layer/moving-officers", test_live_layer_moving_officers);
  return g_test_run ();
}
