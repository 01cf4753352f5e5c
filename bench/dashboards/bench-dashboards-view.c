/* bench-dashboards-view.c: what applying a dashboard result costs the main loop
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a CgDashboardsView in a window on a big cache (a copy of the one bench-dashboards
 * builds: the store migrates it on opening) and, for each dashboard, switches the range
 * between 7 days, 30 days and a year ending on 2026-11-26, REPEATS times. The results are
 * computed on the view's worker thread; what this measures is the main thread: a 1 ms
 * timeout records the gap between its ticks, and
 *  - "apply": the main-loop iteration that applied the result (from the tick before it to
 *    the "loading" notification that follows apply_result()),
 *  - "next second": the longest gap in the second after it (the frames that lay out and
 *    draw what changed, the lists filled a few rows per frame).
 * The first result of each page (the page's widgets built, the rows read from the cache) is
 * reported apart. Run under Xvfb with the cairo renderer:
 *   GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1600x1000x24" \
 *     bench-dashboards-view CACHE_COPY [REPEATS] [inspections|cases|complaints]
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "cg-dashboards-view.h"
#include "cg-resources.h"
#include "cg-store.h"
#include "../common/cg-bench-stats.h"

#define SETTLE_US (G_USEC_PER_SEC)

static struct
{
  CgDashboardsView *view;
  gint64            last_tick;
  gint64            max_gap;       /* since reset */
  gint64            apply_gap;     /* the iteration that applied the result; 0 = not yet */
  CgDay             want_first;
  gint64            phase_start;
  gint64            max_layout;    /* the longest layout phase of a frame, since reset */
  gint64            max_paint;     /* the longest paint phase (snapshot and render) */
} bench;

static void
phase_begin_cb (GdkFrameClock *clock)
{
  bench.phase_start = g_get_monotonic_time ();
}

static void
layout_end_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  bench.max_layout = MAX (bench.max_layout, now - bench.phase_start);
  bench.phase_start = now;
}

static void
paint_end_cb (GdkFrameClock *clock)
{
  bench.max_paint = MAX (bench.max_paint, g_get_monotonic_time () - bench.phase_start);
}

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  bench.max_gap = MAX (bench.max_gap, now - bench.last_tick);
  bench.last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_loading_cb (CgDashboardsView *view)
{
  CgDashboardKind kind = cg_dashboards_view_get_kind (view);
  CgDashboardResult *result = cg_dashboards_view_get_result (view, kind);

  if (bench.apply_gap != 0 || cg_dashboards_view_get_loading (view) || result == NULL ||
      cg_dashboard_result_get_query (result)->first != bench.want_first)
    return;
  bench.apply_gap = MAX (g_get_monotonic_time () - bench.last_tick, 1);
}

static void
run_until (gint64 deadline)
{
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Switches to @first..@last, waits for the result, then for a second; returns the apply
 * iteration and the longest gap after it (ms) */
static double phase_layout_ms, phase_paint_ms;

static void
measure (CgDay   first,
         CgDay   last,
         double *apply_ms,
         double *after_ms)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  bench.apply_gap = 0;
  bench.want_first = first;
  cg_dashboards_view_set_range (bench.view, CG_DASHBOARD_RANGE_CUSTOM, first, last);
  while (bench.apply_gap == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no result in 120 s");
      g_main_context_iteration (NULL, TRUE);
    }
  bench.max_gap = 0;
  bench.max_layout = bench.max_paint = 0;
  run_until (g_get_monotonic_time () + SETTLE_US);
  phase_layout_ms = MAX (phase_layout_ms, bench.max_layout / 1e3);
  phase_paint_ms = MAX (phase_paint_ms, bench.max_paint / 1e3);
  *apply_ms = bench.apply_gap / 1e3;
  *after_ms = bench.max_gap / 1e3;
}

static double
worst (const double *v,
       guint         n)
{
  double w = 0;

  for (guint i = 0; i < n; i++)
    w = MAX (w, v[i]);
  return w;
}

int
main (int   argc,
      char *argv[])
{
  const char *path = argc > 1 ? argv[1] : NULL;
  guint repeats = argc > 2 ? (guint) atoi (argv[2]) : 5;
  const char *only = argc > 3 ? argv[3] : NULL;
  static const guint spans[] = { 7, 30, 365 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CgStore) store = NULL;
  GtkWidget *window;
  CgDay today;

  if (path == NULL || repeats == 0)
    {
      g_printerr ("usage: bench-dashboards-view CACHE_COPY [REPEATS] [DASHBOARD]\n");
      return 2;
    }
  gtk_init ();
  adw_init ();
  /* the templates and the style sheet (an AdwApplication loads it from its base path) */
  g_assert (cg_get_resource () != NULL);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/chengguan/Command/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  cg_day_parse ("2026-11-26", &today, NULL);

  store = cg_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 960);
  bench.view = g_object_new (CG_TYPE_DASHBOARDS_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.view));
  gtk_window_present (GTK_WINDOW (window));
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

    /* GtkWindow lays out and paints in its own handlers of these signals, connected when
     * it was realized, so before these: each runs at the end of its phase */
    g_signal_connect (clock, "update", G_CALLBACK (phase_begin_cb), NULL);
    g_signal_connect (clock, "layout", G_CALLBACK (layout_end_cb), NULL);
    g_signal_connect (clock, "paint", G_CALLBACK (paint_end_cb), NULL);
  }
  g_signal_connect (bench.view, "notify::loading", G_CALLBACK (on_loading_cb), NULL);
  bench.last_tick = g_get_monotonic_time ();
  g_timeout_add (1, tick_cb, NULL);
  cg_dashboards_view_set_store (bench.view, store);

  g_print ("| dashboard | days | first result: apply | next second | apply: median | worst | next second: median | worst |\n");
  g_print ("|---|---|---|---|---|---|---|---|\n");
  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    {
      double first_apply = 0, first_after = 0;
      g_autofree double *apply = g_new0 (double, G_N_ELEMENTS (spans) * repeats);
      g_autofree double *after = g_new0 (double, G_N_ELEMENTS (spans) * repeats);

      if (only != NULL && g_strcmp0 (only, cg_dashboard_kind_to_id ((CgDashboardKind) k)) != 0)
        continue;
      cg_dashboards_view_set_kind (bench.view, (CgDashboardKind) k);
      /* the page's first result: its widgets built, the cache's rows read (not counted) */
      measure (today - 6 - 1, today - 1, &first_apply, &first_after);
      phase_layout_ms = phase_paint_ms = 0;
      for (guint r = 0; r < repeats; r++)
        for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
          measure (today - (CgDay) spans[s] + 1, today, &apply[s * repeats + r],
                   &after[s * repeats + r]);

      for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
        {
          g_autofree char *first_cells = s == 0 ? g_strdup_printf ("%.1f ms | %.1f ms",
                                                                    first_apply, first_after)
                                                : g_strdup (" | ");

          g_print ("| %s | %u | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n",
                   cg_dashboard_kind_to_id ((CgDashboardKind) k), spans[s], first_cells,
                   cg_bench_median (apply + s * repeats, repeats), worst (apply + s * repeats, repeats),
                   cg_bench_median (after + s * repeats, repeats), worst (after + s * repeats, repeats));
        }
      g_printerr ("%s: in the seconds after a result, the longest layout phase of a frame %.1f ms, "
                  "the longest paint phase %.1f ms\n", cg_dashboard_kind_to_id ((CgDashboardKind) k),
                  phase_layout_ms, phase_paint_ms);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
