/* cg-citysim-main.c: chengguan-citysim, a city API simulator
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cg-i18n.h"
#include "cg-sim-server.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
check_probability (const char  *name,
                   double       p,
                   GError     **error)
{
  if (p >= 0.0 && p <= 1.0)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--%s must be a probability between 0 and 1"), name);
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  CgSimConfig config;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CgSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *district = NULL;
  g_autofree char *token = NULL;
  g_autofree char *now = NULL;
  g_autofree char *url = NULL;
  gint64 seed = 1;
  int merchants, sites, points, officers, vehicles, complaints, history, changes;
  int port = 0, slow_ms, retry_after, live_interval, events_per_hour;

  cg_i18n_init ();   /* Simplified Chinese unless the environment names another language */

  cg_sim_config_init (&config);
  merchants = config.merchants;
  sites = config.sites;
  points = config.points;
  officers = config.officers;
  vehicles = config.vehicles;
  complaints = config.complaints_per_hour;
  history = config.history_days;
  changes = config.changes_per_minute;
  slow_ms = config.slow_ms;
  retry_after = config.retry_after;
  live_interval = config.live_interval;
  events_per_hour = config.events_per_hour;

  {
    const GOptionEntry entries[] = {
      { "district", 'd', 0, G_OPTION_ARG_STRING, &district,
        N_("District code, name or pinyin (default 310107, 普陀区)"), N_("DISTRICT") },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the synthetic world (default 1)"), N_("N") },
      { "merchants", 0, 0, G_OPTION_ARG_INT, &merchants, N_("Number of street merchants (default 6455)"), N_("N") },
      { "sites", 0, 0, G_OPTION_ARG_INT, &sites, N_("Number of construction sites (default 300)"), N_("N") },
      { "points", 0, 0, G_OPTION_ARG_INT, &points, N_("Number of non-site enforcement points (default 76)"), N_("N") },
      { "officers", 0, 0, G_OPTION_ARG_INT, &officers, N_("Number of officers (default 200)"), N_("N") },
      { "vehicles", 0, 0, G_OPTION_ARG_INT, &vehicles, N_("Number of vehicles (default 20)"), N_("N") },
      { "complaints-per-hour", 0, 0, G_OPTION_ARG_INT, &complaints,
        N_("Hotline complaints per hour (default 20)"), N_("N") },
      { "history-days", 0, 0, G_OPTION_ARG_INT, &history,
        N_("Days of inspections, cases and complaints to generate (default 90)"), N_("N") },
      { "changes-per-minute", 0, 0, G_OPTION_ARG_INT, &changes,
        N_("Merchants changed per minute in real-time mode (default 30)"), N_("N") },
      { "live-interval", 0, 0, G_OPTION_ARG_INT, &live_interval,
        N_("Seconds between two messages of the live socket (default 5)"), N_("SECONDS") },
      { "events-per-hour", 0, 0, G_OPTION_ARG_INT, &events_per_hour,
        N_("Live events (device offline, SOS alarm, geofence enter/exit) per hour (default 12)"), N_("N") },
      { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port on 127.0.0.1 (default 0: any free port)"), N_("PORT") },
      { "token", 't', 0, G_OPTION_ARG_STRING, &token, N_("Require this bearer token"), N_("TOKEN") },
      { "now", 0, 0, G_OPTION_ARG_STRING, &now,
        N_("Pin the simulated time (RFC 3339); the output is then byte-identical across runs"), N_("TIME") },
      { "fault-slow", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_slow,
        N_("Probability that a data request is answered late"), N_("P") },
      { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms, N_("Delay of a slow answer in ms (default 3000)"), N_("MS") },
      { "fault-500", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_500,
        N_("Probability of HTTP 500"), N_("P") },
      { "fault-503", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_503,
        N_("Probability of HTTP 503 with Retry-After"), N_("P") },
      { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after,
        N_("Retry-After of a 503 in seconds (default 2)"), N_("SECONDS") },
      { "fault-truncate", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_truncate,
        N_("Probability that the body is cut off half-way"), N_("P") },
      { "fault-malformed", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_malformed,
        N_("Probability that the body is not valid JSON"), N_("P") },
      { "fault-wrong-types", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_wrong_types,
        N_("Probability that some records of a page carry members of the wrong type"), N_("P") },
      { "fault-bad-coords", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_bad_coords,
        N_("Probability that some records of a page carry out-of-range coordinates"), N_("P") },
      { "fault-drop", 0, 0, G_OPTION_ARG_DOUBLE, &config.fault_drop,
        N_("Probability that the connection is closed without an answer"), N_("P") },
      { NULL }
    };

    context = g_option_context_new (NULL);
    g_option_context_set_summary (context,
                                  _("Serves the city API (docs/city-api.md) from a deterministic "
                                    "synthetic district, with optional faults."));
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
    g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
    if (!g_option_context_parse (context, &argc, &argv, &error))
      goto fail;
  }

  if (merchants < 0 || sites < 0 || points < 0 || officers < 0 || vehicles < 0 ||
      complaints < 0 || history < 0 || changes < 0 || slow_ms < 0 || retry_after < 0 ||
      events_per_hour < 0)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Counts must not be negative"));
      goto fail;
    }
  if (live_interval < 1 || live_interval > 3600)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--live-interval must be between 1 and 3600 seconds"));
      goto fail;
    }
  if (port < 0 || port > 65535)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--port must be between 0 and 65535"));
      goto fail;
    }
  if (!check_probability ("fault-slow", config.fault_slow, &error) ||
      !check_probability ("fault-500", config.fault_500, &error) ||
      !check_probability ("fault-503", config.fault_503, &error) ||
      !check_probability ("fault-truncate", config.fault_truncate, &error) ||
      !check_probability ("fault-malformed", config.fault_malformed, &error) ||
      !check_probability ("fault-wrong-types", config.fault_wrong_types, &error) ||
      !check_probability ("fault-bad-coords", config.fault_bad_coords, &error) ||
      !check_probability ("fault-drop", config.fault_drop, &error))
    goto fail;

  if (district != NULL)
    {
      g_free (config.district);
      config.district = g_steal_pointer (&district);
    }
  config.token = g_steal_pointer (&token);
  config.seed = (guint64) seed;
  config.merchants = merchants;
  config.sites = sites;
  config.points = points;
  config.officers = officers;
  config.vehicles = vehicles;
  config.complaints_per_hour = complaints;
  config.history_days = history;
  config.changes_per_minute = changes;
  config.slow_ms = slow_ms;
  config.retry_after = retry_after;
  config.live_interval = live_interval;
  config.events_per_hour = events_per_hour;
  if (now != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (now, utc);

      if (dt == NULL)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--now must be an RFC 3339 time such as 2026-11-23T09:30:00+08:00, not “%s”"),
                       now);
          goto fail;
        }
      config.now = g_date_time_to_unix (dt);
    }

  server = cg_sim_server_new (&config, &error);
  if (server == NULL || !cg_sim_server_listen (server, (guint) port, &error))
    goto fail;

  url = cg_sim_server_get_url (server);
  printf ("%s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_main_loop_run (loop);

  cg_sim_config_clear (&config);
  return 0;

fail:
  g_printerr ("chengguan-citysim: %s\n", error->message);
  cg_sim_config_clear (&config);
  return 1;
}
