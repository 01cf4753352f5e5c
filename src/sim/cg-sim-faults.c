/* cg-sim-faults.c: the simulator's fault knobs
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <string.h>

#include "cg-sim-private.h"

static gboolean
roll (CgSimRng *rng,
      double    p)
{
  /* always draw, so one knob does not shift the others' stream */
  double r = cg_sim_rng_double (rng);

  return p > 0 && r < p;
}

void
_cg_sim_faults_draw (const CgSimConfig *config,
                     CgSimRng          *rng,
                     CgSimFaults       *faults)
{
  memset (faults, 0, sizeof *faults);
  faults->slow = roll (rng, config->fault_slow);
  faults->drop = roll (rng, config->fault_drop);
  faults->error_500 = roll (rng, config->fault_500);
  faults->error_503 = roll (rng, config->fault_503);
  faults->truncate = roll (rng, config->fault_truncate);
  faults->malformed = roll (rng, config->fault_malformed);
  faults->wrong_types = roll (rng, config->fault_wrong_types);
  faults->bad_coords = roll (rng, config->fault_bad_coords);
}

void
_cg_sim_faults_malform (GString *body)
{
  /* what a broken proxy or a crashed serializer leaves: half a document and garbage */
  g_string_truncate (body, body->len / 2);
  g_string_append (body, "\",,}{]<!-- upstream error -->");
}

void
cg_sim_config_init (CgSimConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->district = g_strdup ("310107");
  config->seed = 1;
  config->merchants = 6455;
  config->sites = 300;
  config->points = 76;
  config->officers = 200;
  config->vehicles = 20;
  config->complaints_per_hour = 20;
  config->history_days = 90;
  config->changes_per_minute = 30;
  config->slow_ms = 3000;
  config->retry_after = 2;
  config->live_interval = 5;
  config->events_per_hour = 12;
}

void
cg_sim_config_clear (CgSimConfig *config)
{
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->district, g_free);
  g_clear_pointer (&config->token, g_free);
}

void
_cg_sim_config_copy (CgSimConfig       *dest,
                     const CgSimConfig *src)
{
  *dest = *src;
  dest->district = g_strdup (src->district);
  dest->token = g_strdup (src->token);
}
