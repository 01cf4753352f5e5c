/* bench-decode.c: decoding the live feed's positions message, with and without a JSON tree
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator's {"positions": [...]} for 1,455 officers and 120 vehicles (the district
 * of bench/live's soak, about 630 KB), decoded REPEATS times by the general decoder
 * (json-glib's tree) and by cg_traccar_decode_message() (the scanner), alternately in the
 * same run. Prints the median and best of each and their ratio.
 *
 *   _build/bench/live/bench-decode [REPEATS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cg-sim-server.h"
#include "cg-sim-world.h"
#include "cg-traccar-private.h"
#include "../common/cg-bench-stats.h"

int
main (int   argc,
      char *argv[])
{
  guint repeats = argc > 1 ? (guint) atoi (argv[1]) : 60;
  g_autoptr(GError) error = NULL;
  g_autofree double *tree_ms = NULL;
  g_autofree double *scan_ms = NULL;
  CgSimConfig config;
  CgSimWorld *world;
  CgTraccarCheck check = { 0 };
  GString *text;
  guint n_positions = 0;
  double tree_median, scan_median;

  if (repeats < 3)
    repeats = 3;
  cg_sim_config_init (&config);
  config.officers = 1455;
  config.vehicles = 120;
  world = cg_sim_world_new (&config, &error);
  cg_sim_config_clear (&config);
  if (world == NULL)
    {
      g_printerr ("bench-decode: %s\n", error->message);
      return 1;
    }
  text = g_string_new ("{\"positions\":");
  cg_sim_world_write_positions (world, 0, text);
  g_string_append_c (text, '}');
  check.now = cg_sim_world_get_now (world);

  tree_ms = g_new (double, repeats);
  scan_ms = g_new (double, repeats);
  for (guint i = 0; i < repeats; i++)
    {
      for (int which = 0; which < 2; which++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(CgTraccarMessage) m = which == 0
            ? _cg_traccar_decode_message_tree (text->str, text->len, &check)
            : cg_traccar_decode_message (text->str, text->len, &check);
          double ms = (g_get_monotonic_time () - start) / 1000.0;

          if (m->positions == NULL || m->n_skipped != 0)
            {
              g_printerr ("bench-decode: the message did not decode (%u skipped)\n", m->n_skipped);
              return 1;
            }
          n_positions = m->positions->len;
          (which == 0 ? tree_ms : scan_ms)[i] = ms;
        }
    }

  tree_median = cg_bench_median (tree_ms, repeats);
  scan_median = cg_bench_median (scan_ms, repeats);
  printf ("message: %u positions, %zu bytes; %u repeats, alternately\n", n_positions, text->len,
          repeats);
  printf ("| decoder | median | best |\n|---|---|---|\n");
  printf ("| json-glib tree | %.2f ms | %.2f ms |\n", tree_median, tree_ms[0]);
  printf ("| scanner (cg_traccar_decode_message) | %.2f ms | %.2f ms |\n", scan_median, scan_ms[0]);
  printf ("ratio tree / scanner (medians): %.2fx\n", tree_median / scan_median);

  g_string_free (text, TRUE);
  cg_sim_world_free (world);
  return 0;
}
