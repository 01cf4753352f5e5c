/* bench-map.c: frame times of the map at city scale (see bench/map/run.sh, bench/README.md)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-map CACHE.db [--frames-out DIR]
 *
 * One process, one 1920x1080 window with the app's CgMapView over synthetic raster tiles
 * (one PNG per tile, made in memory: no network, the same cost for every configuration):
 *
 *   0. start-up: from main() to the first frame that shows all the cached objects
 *   1. a warm-up run of the script (tiles decoded once), not reported
 *   2. the script with no objects ("empty")
 *   3. the script with all the cached objects in CgPoiLayer ("all")
 *   4. the script with libshumate's ShumateMarkerLayer holding 5,000 ShumatePoint markers
 *
 * The script, one step per frame: pan west to east across the objects at zoom 13, zoom from 9
 * to 18 on the centre, select objects at 18 (details read on a worker), zoom back to 9.
 * A frame's time is the frame clock's work: from "before-paint" to "after-paint" (the
 * update with the step, layout, snapshot and render). Also reported: frame intervals (frame
 * clock frame_time deltas), re-clustering on a filter change, peak RSS.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cg-map-view.h"
#include "cg-renderer.h"
#include "cg-resources.h"

#define WIDTH       1920
#define HEIGHT      1080
#define N_MARKERS   5000
#define CENTER_LON  121.47   /* until the objects are loaded: then their centre */
#define CENTER_LAT  31.23
#define PAN_ZOOM    13

/* Synthetic tiles */

#define BENCH_TYPE_TILES (bench_tiles_get_type ())
G_DECLARE_FINAL_TYPE (BenchTiles, bench_tiles, BENCH, TILES, ShumateDataSource)

struct _BenchTiles
{
  ShumateDataSource parent_instance;
  GBytes           *png[4];
};

G_DEFINE_FINAL_TYPE (BenchTiles, bench_tiles, SHUMATE_TYPE_DATA_SOURCE)

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_tile (int variant)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (s);
  GByteArray *out = g_byte_array_new ();

  /* something like a street map: a light ground, blocks, roads */
  cairo_set_source_rgb (cr, 0.95, 0.94, 0.91);
  cairo_paint (cr);
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++)
      {
        cairo_rectangle (cr, i * 43 + 6, j * 43 + 6, 30 + (i + j + variant) % 3 * 3, 30);
        cairo_set_source_rgb (cr, 0.88 - 0.02 * ((i * j + variant) % 3), 0.87, 0.84);
        cairo_fill (cr);
      }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 5);
  cairo_move_to (cr, 0, 40 + variant * 40);
  cairo_line_to (cr, 256, 90 + variant * 30);
  cairo_move_to (cr, 60 + variant * 30, 0);
  cairo_line_to (cr, 120 + variant * 20, 256);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (s, append_png_cb, out);
  cairo_surface_destroy (s);

  return g_byte_array_free_to_bytes (out);
}

static void
bench_tiles_get_tile_data_async (ShumateDataSource   *source,
                                 int                  x,
                                 int                  y,
                                 int                  z,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BenchTiles *self = BENCH_TILES (source);
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  GBytes *bytes = self->png[(x + 2 * y) & 3];

  /* libshumate 1.0 takes the data from the signal (platform-notes §2) */
  g_signal_emit_by_name (source, "received-data", x, y, z, bytes);
  g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
}

static GBytes *
bench_tiles_get_tile_data_finish (ShumateDataSource  *source,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bench_tiles_finalize (GObject *object)
{
  BenchTiles *self = BENCH_TILES (object);

  for (int i = 0; i < 4; i++)
    g_bytes_unref (self->png[i]);
  G_OBJECT_CLASS (bench_tiles_parent_class)->finalize (object);
}

static void
bench_tiles_class_init (BenchTilesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_tiles_finalize;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_async = bench_tiles_get_tile_data_async;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_finish = bench_tiles_get_tile_data_finish;
}

static void
bench_tiles_init (BenchTiles *self)
{
  for (int i = 0; i < 4; i++)
    self->png[i] = make_tile (i);
}

/* The run */

typedef enum
{
  PHASE_START,
  PHASE_WARMUP,
  PHASE_EMPTY,
  PHASE_ALL,
  PHASE_MARKERS,
  N_PHASES
} Phase;

static const char *phase_names[N_PHASES] = { "start", "warm-up", "empty map", "all objects",
                                             "ShumateMarkerLayer 5,000" };

static struct
{
  gint64              t0;
  GMainLoop          *loop;
  GtkWindow          *window;
  CgMapView          *view;
  CgPoiLayer         *pois;
  ShumateViewport    *viewport;
  ShumateMarkerLayer *markers;
  GArray             *points;     /* all, kept across phases */
  GPtrArray          *ids;

  Phase               phase;
  guint               step;
  guint               n_steps;
  gboolean            running;
  gint64              paint_start;
  gint64              last_frame_time;
  GArray             *work[N_PHASES];       /* double ms */
  GArray             *interval[N_PHASES];
  GArray             *section_work[N_PHASES][4];   /* pan, zoom in, select, zoom out */
  FILE               *frames_log;   /* $BENCH_MAP_FRAMES: phase, step, work ms, zoom, drawn, clusters, s */
  guint               n_selected[N_PHASES];
  double              startup_ms;
  gboolean            started;
  long                rss_after_all_kb;
  double              lon0, lon1, clon, clat;   /* the objects' extent and centre */
} B;

/* RSS split as /proc/self/status gives it: anonymous (heap, GL buffers), file-backed (the
 * cache's pages mapped by SQLite's mmap_size, shared libraries), shmem */
typedef struct
{
  long total, anon, file, shmem;
  int  step;   /* of the script when sampled, -1 outside it */
} Rss;

static long
status_kb (const char *status,
           const char *key)
{
  const char *line = strstr (status, key);

  return line != NULL ? strtol (line + strlen (key), NULL, 10) : -1;
}

static Rss
current_rss (void)
{
  g_autofree char *status = NULL;
  Rss r = { -1, -1, -1, -1, -1 };

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      r.total = status_kb (status, "VmRSS:");
      r.anon = status_kb (status, "RssAnon:");
      r.file = status_kb (status, "RssFile:");
      r.shmem = status_kb (status, "RssShmem:");
    }
  return r;
}

/* A sampler thread (every 5 ms) keeps the split at the highest RSS seen, per phase and in
 * all: the kernel's peak (ru_maxrss) says how high, this says what it was made of. */
static GMutex sample_lock;
static Rss    sample_peak;         /* since the last reset (a phase) */
static Rss    sample_peak_all;

static gpointer
sampler_thread (gpointer data)
{
  for (;;)
    {
      Rss r = current_rss ();

      r.step = B.running ? (int) B.step : -1;   /* a racy read: only a label */
      g_mutex_lock (&sample_lock);
      if (r.total > sample_peak.total)
        sample_peak = r;
      if (r.total > sample_peak_all.total)
        sample_peak_all = r;
      g_mutex_unlock (&sample_lock);
      g_usleep (5000);
    }
  return NULL;
}

static Rss
take_sample_peak (gboolean all)
{
  Rss r;

  g_mutex_lock (&sample_lock);
  r = all ? sample_peak_all : sample_peak;
  if (!all)
    sample_peak = current_rss ();
  g_mutex_unlock (&sample_lock);
  return r;
}

static long
peak_rss_kb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* The script: n steps, step i sets the view */
#define PAN_STEPS   150
#define ZOOM_STEPS  180
#define SEL_STEPS   30

static guint
script_length (void)
{
  return PAN_STEPS + ZOOM_STEPS + SEL_STEPS + ZOOM_STEPS;
}

static void
select_something (void)
{
  if (B.phase == PHASE_ALL)
    {
      g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (CgPoiHit));

      cg_poi_layer_get_visible (B.pois, hits);
      for (guint k = 0; k < hits->len; k++)
        {
          const CgPoiHit *h = &g_array_index (hits, CgPoiHit, (k + B.step * 7) % hits->len);

          if (h->point >= 0)
            {
              cg_map_view_select (B.view, h->point);
              B.n_selected[B.phase]++;
              return;
            }
        }
    }
  else if (B.phase == PHASE_MARKERS)
    {
      GList *markers = shumate_marker_layer_get_markers (B.markers);
      guint n = g_list_length (markers);

      if (n > 0)
        {
          shumate_marker_layer_unselect_all_markers (B.markers);
          shumate_marker_layer_select_marker (B.markers,
                                              g_list_nth_data (markers, (B.step * 131) % n));
          B.n_selected[B.phase]++;
        }
      g_list_free (markers);
    }
}

static void
apply_step (guint i)
{
  double lon = B.clon, lat = B.clat, zoom;

  if (i < PAN_STEPS)
    {
      /* across the objects from west to east */
      zoom = PAN_ZOOM;
      lon = B.lon0 + (B.lon1 - B.lon0) * i / (PAN_STEPS - 1);
    }
  else if ((i -= PAN_STEPS) < ZOOM_STEPS)
    zoom = 9 + 9.0 * i / (ZOOM_STEPS - 1);
  else if ((i -= ZOOM_STEPS) < SEL_STEPS)
    {
      zoom = 18;
      lon += 0.0004 * i;
      if (i % 3 == 0)
        select_something ();
    }
  else
    {
      i -= SEL_STEPS;
      zoom = 18 - 9.0 * i / (ZOOM_STEPS - 1);
    }

  shumate_viewport_set_zoom_level (B.viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (B.viewport), lat, lon);
}

static void next_phase (void);

static gboolean
on_tick_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  if (!B.running)
    return G_SOURCE_CONTINUE;

  if (B.step >= B.n_steps)
    {
      B.running = FALSE;
      g_idle_add_once ((GSourceOnceFunc) next_phase, NULL);
      return G_SOURCE_CONTINUE;
    }
  apply_step (B.step++);
  return G_SOURCE_CONTINUE;
}

static void
on_before_paint_cb (GdkFrameClock *clock)
{
  B.paint_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);

  if (!B.started && B.phase == PHASE_START &&
      cg_poi_layer_get_n_clusters_drawn (B.pois) + cg_poi_layer_get_n_drawn (B.pois) > 0)
    {
      B.started = TRUE;
      B.startup_ms = (now - B.t0) / 1000.0;
      g_idle_add_once ((GSourceOnceFunc) next_phase, NULL);
    }

  if (B.running && B.step > 0)
    {
      double work = (now - B.paint_start) / 1000.0;
      double interval = (frame_time - B.last_frame_time) / 1000.0;

      guint st = B.step - 1;
      int section = st < PAN_STEPS ? 0 : st < PAN_STEPS + ZOOM_STEPS ? 1
                    : st < PAN_STEPS + ZOOM_STEPS + SEL_STEPS ? 2 : 3;

      g_array_append_val (B.work[B.phase], work);
      g_array_append_val (B.section_work[B.phase][section], work);
      if (B.frames_log != NULL)
        fprintf (B.frames_log, "%d\t%u\t%.2f\t%.3f\t%u\t%u\t%.6f\n", B.phase, st, work,
                 shumate_viewport_get_zoom_level (B.viewport),
                 cg_poi_layer_get_n_drawn (B.pois), cg_poi_layer_get_n_clusters_drawn (B.pois),
                 now / 1e6);
      if (B.last_frame_time > 0)
        g_array_append_val (B.interval[B.phase], interval);
    }
  B.last_frame_time = frame_time;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
stats (GArray *v,
       double *median,
       double *p95,
       double *worst)
{
  g_array_sort (v, cmp_double);
  if (v->len == 0)
    {
      *median = *p95 = *worst = NAN;
      return;
    }
  *median = g_array_index (v, double, v->len / 2);
  *p95 = g_array_index (v, double, MIN (v->len - 1, (guint) ceil (0.95 * v->len) - 1));
  *worst = g_array_index (v, double, v->len - 1);
}

static void
start_script (void)
{
  B.step = 0;
  B.n_steps = script_length ();
  B.last_frame_time = 0;
  B.running = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (B.window));
}

static gboolean
building (void)
{
  return cg_poi_layer_get_building (B.pois);
}

static void
wait_while (gboolean (*cond) (void))
{
  while (cond ())
    g_main_context_iteration (NULL, TRUE);
}

static void
measure_rebuild (void)
{
  CgPoiFilter all, high;
  gint64 t, t_main;

  cg_poi_layer_get_filter (B.pois, &all);
  high = all;
  high.risks = 1u << CG_RISK_HIGH;

  for (int k = 0; k < 2; k++)
    {
      t = g_get_monotonic_time ();
      cg_poi_layer_set_filter (B.pois, k == 0 ? &high : &all);
      t_main = g_get_monotonic_time ();
      wait_while (building);
      g_print ("filter change (%s): %u objects shown; main thread %.1f ms, clusters ready "
               "after %.1f ms (built on a worker)\n", k == 0 ? "high risk only" : "back to all",
               cg_poi_layer_get_n_shown (B.pois), (t_main - t) / 1000.0,
               (g_get_monotonic_time () - t) / 1000.0);
    }
}

static void
next_phase (void)
{
  {
    Rss now = current_rss (), top = take_sample_peak (FALSE);

    g_print ("[%s done: RSS %ld MiB (anon %ld, file %ld, shmem %ld), peak so far %ld MiB; "
             "highest sampled in this phase %ld MiB (anon %ld, file %ld, shmem %ld) at step %d]\n",
             phase_names[B.phase], now.total / 1024, now.anon / 1024, now.file / 1024,
             now.shmem / 1024, peak_rss_kb () / 1024, top.total / 1024, top.anon / 1024,
             top.file / 1024, top.shmem / 1024, top.step);
  }
  B.phase++;

  switch (B.phase)
    {
    case PHASE_WARMUP:
      B.points = g_array_ref (cg_poi_layer_get_points (B.pois));
      B.lon0 = 180;
      B.lon1 = -180;
      for (guint i = 0; i < B.points->len; i++)
        {
          const CgMapPoint *mp = &g_array_index (B.points, CgMapPoint, i);

          B.lon0 = MIN (B.lon0, mp->lon);
          B.lon1 = MAX (B.lon1, mp->lon);
          B.clon += mp->lon / B.points->len;
          B.clat += mp->lat / B.points->len;
        }
      g_print ("objects between %.3f and %.3f E, centre %.4f E %.4f N\n", B.lon0, B.lon1,
               B.clon, B.clat);
      g_print ("start-up to the first frame with all %u objects: %.0f ms (peak RSS so far %ld MiB)\n",
               B.points->len, B.startup_ms, peak_rss_kb () / 1024);
      measure_rebuild ();
      cg_poi_layer_set_points (B.pois, NULL);
      start_script ();
      break;

    case PHASE_EMPTY:
      start_script ();
      break;

    case PHASE_ALL:
      cg_poi_layer_set_points (B.pois, B.points);
      wait_while (building);
      start_script ();
      break;

    case PHASE_MARKERS:
      {
        gint64 t;
        guint stride = MAX (1, B.points->len / N_MARKERS);
        guint n = 0;

        B.rss_after_all_kb = peak_rss_kb ();
        cg_map_view_select (B.view, -1);
        cg_poi_layer_set_points (B.pois, NULL);
        B.markers = shumate_marker_layer_new (B.viewport);
        shumate_marker_layer_set_selection_mode (B.markers, GTK_SELECTION_SINGLE);
        t = g_get_monotonic_time ();
        for (guint i = 0; i < B.points->len && n < N_MARKERS; i += stride, n++)
          {
            const CgMapPoint *mp = &g_array_index (B.points, CgMapPoint, i);
            ShumateMarker *marker = shumate_point_new ();

            shumate_location_set_location (SHUMATE_LOCATION (marker), mp->lat, mp->lon);
            shumate_marker_layer_add_marker (B.markers, marker);
          }
        shumate_map_add_layer (cg_map_view_get_map (B.view), SHUMATE_LAYER (B.markers));
        g_print ("ShumateMarkerLayer: %u markers added in %.0f ms\n", n,
                 (g_get_monotonic_time () - t) / 1000.0);
        start_script ();
      }
      break;

    default:
      g_main_loop_quit (B.loop);
      break;
    }
}

static gboolean
on_timeout_cb (gpointer data)
{
  g_printerr ("bench-map: timed out in phase %s\n", phase_names[B.phase]);
  g_main_loop_quit (B.loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(ShumateMapSource) tiles = NULL;
  ShumateMapLayer *tile_layer;
  GdkFrameClock *clock;
  double base_median = NAN, base_p95 = NAN;

  B.t0 = g_get_monotonic_time ();
  sample_peak = sample_peak_all = current_rss ();
  g_thread_unref (g_thread_new ("rss-sampler", sampler_thread, NULL));

  if (argc < 2)
    {
      g_printerr ("usage: %s CACHE.db\n", argv[0]);
      return 2;
    }

  gtk_init ();
  /* the app's own choice of renderer (cairo on a software GL rasteriser), unless
   * $GSK_RENDERER names one */
  cg_renderer_choose (gdk_display_get_default ());
  g_assert (cg_get_resource () != NULL);
  for (int p = 0; p < N_PHASES; p++)
    {
      B.work[p] = g_array_new (FALSE, FALSE, sizeof (double));
      B.interval[p] = g_array_new (FALSE, FALSE, sizeof (double));
      for (int k = 0; k < 4; k++)
        B.section_work[p][k] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  store = cg_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_getenv ("BENCH_MAP_FRAMES") != NULL)
    B.frames_log = fopen (g_getenv ("BENCH_MAP_FRAMES"), "w");
  B.loop = g_main_loop_new (NULL, FALSE);
  B.view = cg_map_view_new ();
  B.pois = cg_map_view_get_poi_layer (B.view);
  B.viewport = cg_map_view_get_viewport (B.view);
  B.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (B.window, FALSE);
  gtk_window_set_default_size (B.window, WIDTH, HEIGHT);
  gtk_window_set_child (B.window, GTK_WIDGET (B.view));

  tiles = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("bench", "bench", "", "", 0, 19,
                                                                256,
                                                                SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                g_object_new (BENCH_TYPE_TILES, NULL)));
  tile_layer = shumate_map_layer_new (tiles, B.viewport);
  shumate_map_insert_layer_behind (cg_map_view_get_map (B.view), SHUMATE_LAYER (tile_layer),
                                   SHUMATE_LAYER (cg_map_view_get_outline_layer (B.view)));

  shumate_viewport_set_min_zoom_level (B.viewport, 8);
  shumate_viewport_set_zoom_level (B.viewport, 9);
  shumate_location_set_location (SHUMATE_LOCATION (B.viewport), CENTER_LAT, CENTER_LON);

  gtk_window_present (B.window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (B.window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (B.window), on_tick_cb, NULL, NULL);

  cg_map_view_set_store (B.view, store);
  cg_map_view_reload (B.view);

  g_timeout_add_seconds (900, on_timeout_cb, NULL);
  g_main_loop_run (B.loop);

  g_print ("\nrenderer: %s, window %dx%d, script of %u frames (pan at zoom 13, zoom 9->18, "
           "select, 18->9)\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (B.window))),
           gtk_widget_get_width (GTK_WIDGET (B.window)),
           gtk_widget_get_height (GTK_WIDGET (B.window)), script_length ());
  g_print ("%-26s %8s %8s %8s   %8s %8s   %s\n", "frame work (ms)", "median", "p95", "worst",
           "interval", "p95", "ratio to empty (median / p95)");
  for (int p = PHASE_EMPTY; p < N_PHASES; p++)
    {
      double m, p95, w, im, ip95, iw;

      stats (B.work[p], &m, &p95, &w);
      stats (B.interval[p], &im, &ip95, &iw);
      if (p == PHASE_EMPTY)
        {
          base_median = m;
          base_p95 = p95;
        }
      g_print ("%-26s %8.1f %8.1f %8.1f   %8.1f %8.1f   %.2fx / %.2fx  (%u frames, %u selections)\n",
               phase_names[p], m, p95, w, im, ip95, m / base_median, p95 / base_p95,
               B.work[p]->len, B.n_selected[p]);
    }
  for (int which = 0; which < 2; which++)
    {
      g_print ("%s frame work per part of the script (ms): pan / zoom in / select at 18 / zoom out\n",
               which == 0 ? "median" : "p95");
      for (int p = PHASE_EMPTY; p < N_PHASES; p++)
        {
          g_print ("  %-26s", phase_names[p]);
          for (int k = 0; k < 4; k++)
            {
              double m, p95, w;

              stats (B.section_work[p][k], &m, &p95, &w);
              g_print (" %7.1f", which == 0 ? m : p95);
            }
          g_print ("\n");
        }
    }
  g_print ("peak RSS after the all-objects run: %ld MiB; at the end (with the markers): %ld MiB\n",
           B.rss_after_all_kb / 1024, peak_rss_kb () / 1024);
  {
    Rss top = take_sample_peak (TRUE);

    g_print ("highest sampled RSS: %ld MiB (anon %ld, file %ld, shmem %ld)\n", top.total / 1024,
             top.anon / 1024, top.file / 1024, top.shmem / 1024);
  }

  gtk_window_destroy (B.window);
  g_clear_pointer (&B.points, g_array_unref);
  g_clear_pointer (&B.frames_log, fclose);
  return 0;
}
