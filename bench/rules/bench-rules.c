/* bench-rules.c: the graded inspection rules over a whole city
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 200,000 targets graded like Shanghai (89% low, 8% medium, 3% high), a year of
 * inspections at the required rhythm (about 4% of targets left behind), one regrade on
 * 5% of them; then the register is evaluated for one day, several times.
 *   bench-rules [N_TARGETS] [REPEATS]
 */

#include "config.h"

#include <stdlib.h>

#include "cg-draw.h"
#include "cg-inspection-rules.h"

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  guint repeats = argc > 2 ? (guint) atoi (argv[2]) : 5;
  g_autoptr(CgInspectionRegister) reg = cg_inspection_register_new ();
  CgDay today, start;
  CgRng rng;
  gint64 t0, t1;
  guint counts[4] = { 0 };
  double best = G_MAXDOUBLE;
  gint64 conv_t = 0;
  CgDay sink = 0;

  cg_day_parse ("2026-11-26", &today, NULL);
  start = today - 365;
  reg->history_start = start;
  cg_rng_init (&rng, 1);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      CgGradeChange grades[2];
      guint n_grades = 1;
      guint r = (guint) cg_rng_below (&rng, 100);
      CgRisk risk = r < 89 ? CG_RISK_LOW : r < 97 ? CG_RISK_MEDIUM : CG_RISK_HIGH;
      double interval = risk == CG_RISK_HIGH ? 3.5 : risk == CG_RISK_MEDIUM ? 13 : 55;
      CgDay end = cg_rng_below (&rng, 100) < 4 ? today - (CgDay) (interval * 1.5) : today;
      g_autofree char *id = g_strdup_printf ("m-%06u", i);

      grades[0].from = start - 1000;
      grades[0].risk = risk;
      if (cg_rng_below (&rng, 100) < 5)
        {
          grades[1].from = today - 14 * (CgDay) cg_rng_below (&rng, 20);
          grades[1].risk = 1 + (CgRisk) cg_rng_below (&rng, 3);
          n_grades = 2;
        }
      cg_inspection_register_add_target (reg, id, FALSE, NULL, NULL, grades, n_grades);
      for (double d = start + interval * (cg_rng_below (&rng, 100) / 100.0); d <= end;
           d += interval - 0.5 + cg_rng_below (&rng, 100) / 100.0)
        cg_inspection_register_add_inspection (reg, (CgDay) d);
    }
  t1 = g_get_monotonic_time ();
  g_print ("built %u targets, %u inspections in %.3f s\n", n, reg->days->len,
           (t1 - t0) / 1e6);

  for (guint k = 0; k < repeats; k++)
    {
      g_autoptr(GArray) states = NULL;
      double s;

      t0 = g_get_monotonic_time ();
      states = cg_inspection_register_evaluate (reg, today);
      t1 = g_get_monotonic_time ();
      s = (t1 - t0) / 1e6;
      best = MIN (best, s);
      if (k == 0)
        for (guint i = 0; i < states->len; i++)
          counts[g_array_index (states, CgInspectionState, i).status]++;
    }
  g_print ("evaluate: best of %u %.3f s (%.2f us per target)\n", repeats, best,
           best * 1e6 / MAX (n, 1));
  g_print ("ungraded %u, compliant %u, due %u, overdue %u\n",
           counts[CG_INSPECTION_STATUS_UNGRADED], counts[CG_INSPECTION_STATUS_COMPLIANT],
           counts[CG_INSPECTION_STATUS_DUE], counts[CG_INSPECTION_STATUS_OVERDUE]);

  /* the cost of turning the cache's Unix times into Shanghai days */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < reg->days->len; i++)
    sink ^= cg_day_from_unix (1767225600 + (gint64) i * 13);
  conv_t = g_get_monotonic_time () - t0;
  g_print ("cg_day_from_unix: %u conversions in %.3f s (%d)\n", reg->days->len,
           conv_t / 1e6, sink & 1);

  return 0;
}
