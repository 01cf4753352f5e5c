/* cg-status-text.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cg-status-text.h"

static GDateTime *
to_zone (gint64     t,
         GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GTimeZone) local = NULL;

  if (utc == NULL)
    return NULL;
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  return g_date_time_to_timezone (utc, tz);
}

char *
cg_status_format_time (gint64     t,
                       gint64     now,
                       GTimeZone *tz)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) today = NULL;

  if (t <= 0 || !(when = to_zone (t, tz)))
    return g_strdup ("");

  today = to_zone (now, tz);
  if (today != NULL &&
      g_date_time_get_year (when) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (today))
    return g_date_time_format (when, "%H:%M");

  /* Translators: date and time of an update on another day, strftime format */
  return g_date_time_format (when, _("%b %-d %H:%M"));
}

char *
cg_status_format_updated (gint64     last_success,
                          gint64     now,
                          GTimeZone *tz)
{
  g_autofree char *time = NULL;

  if (last_success <= 0)
    return g_strdup (_("Not synced yet"));

  time = cg_status_format_time (last_success, now, tz);
  /* Translators: %s is a time, "10:42" */
  return g_strdup_printf (_("Updated %s"), time);
}

char *
cg_status_format_syncing (double progress)
{
  if (progress < 0 || isnan (progress))
    return g_strdup (_("Syncing…"));

  /* Translators: %d is a percentage; %% is the percent sign */
  return g_strdup_printf (_("Syncing… %d%%"), (int) floor (CLAMP (progress, 0.0, 1.0) * 100.0));
}

char *
cg_status_format_offline (gint64      last_success,
                          const char *error,
                          gint64      now,
                          GTimeZone  *tz)
{
  g_autofree char *head = NULL;

  if (last_success > 0)
    {
      g_autofree char *time = cg_status_format_time (last_success, now, tz);

      /* Translators: %s is a time, "10:42" */
      head = g_strdup_printf (_("Offline — showing cached data from %s."), time);
    }
  else
    head = g_strdup (_("Offline — no data cached yet."));

  if (error == NULL || *error == '\0')
    return g_steal_pointer (&head);

  return g_strdup_printf ("%s %s", head, error);
}

char *
cg_status_format_next_attempt (gint64     next_attempt,
                               gint64     now,
                               GTimeZone *tz)
{
  g_autofree char *time = NULL;
  gint64 delta;

  if (next_attempt <= 0)
    return NULL;

  delta = next_attempt - now;
  if (delta <= 0)
    return g_strdup (_("Retrying now…"));
  if (delta < 120)
    /* Translators: %d is a number of seconds */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Next attempt in %d second",
                                         "Next attempt in %d seconds", (gulong) delta),
                            (int) delta);

  time = cg_status_format_time (next_attempt, now, tz);
  /* Translators: %s is a time, "10:45" */
  return g_strdup_printf (_("Next attempt at %s"), time);
}
