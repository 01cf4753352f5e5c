/* cg-day.c: calendar days in Shanghai time
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-domain"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cg-day.h"

#define SECONDS_PER_DAY 86400

GTimeZone *
cg_day_get_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("Asia/Shanghai");

      if (tz == NULL)
        {
          g_debug ("No tzdata for Asia/Shanghai: using a fixed +08:00");
          tz = g_time_zone_new_offset (8 * 3600);
        }
      g_once_init_leave (&zone, tz);
    }

  return zone;
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
static gint32
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint32  z,
                 int    *year,
                 int    *month,
                 int    *mday)
{
  int era, doe, yoe, y, doy, mp, d, m;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);

  *year = y + (m <= 2);
  *month = m;
  *mday = d;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

CgDay
cg_day_from_unix (gint64 t)
{
  GTimeZone *tz = cg_day_get_time_zone ();
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 8 * 3600;

  return (CgDay) floor_div (t + offset, SECONDS_PER_DAY);
}

gint64
cg_day_to_unix (CgDay day)
{
  GTimeZone *tz = cg_day_get_time_zone ();
  gint64 local = (gint64) day * SECONDS_PER_DAY;
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_STANDARD, local);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (tz, interval) : 8 * 3600;

  return local - offset;
}

static gboolean
is_leap (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days (int y,
            int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return m == 2 && is_leap (y) ? 29 : days[m - 1];
}

gboolean
cg_day_from_ymd (int    year,
                 int    month,
                 int    mday,
                 CgDay *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (year < 1900 || year > 9999 || month < 1 || month > 12 ||
      mday < 1 || mday > month_days (year, month))
    return FALSE;

  *out = days_from_civil (year, month, mday);
  return TRUE;
}

void
cg_day_to_ymd (CgDay  day,
               int   *year,
               int   *month,
               int   *mday)
{
  int y, m, d;

  civil_from_days (day, &y, &m, &d);
  if (year)
    *year = y;
  if (month)
    *month = m;
  if (mday)
    *mday = d;
}

int
cg_day_weekday (CgDay day)
{
  /* day 0 was a Thursday (4) */
  int w = (int) (((gint64) day + 3) % 7);

  if (w < 0)
    w += 7;
  return w + 1;
}

int
cg_day_days_in_month (CgDay day)
{
  int y, m;

  cg_day_to_ymd (day, &y, &m, NULL);
  return month_days (y, m);
}

static gboolean
read_digits (const char *s,
             int         n,
             int        *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
cg_day_parse (const char  *text,
              CgDay       *out,
              GError     **error)
{
  int y, m, d;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !read_digits (text, 4, &y) || !read_digits (text + 5, 2, &m) ||
      !read_digits (text + 8, 2, &d) || !cg_day_from_ymd (y, m, d, out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid date (expected YYYY-MM-DD)"), text ? text : "");
      return FALSE;
    }

  return TRUE;
}

void
cg_day_format_buf (CgDay day,
                   char  buf[11])
{
  int y, m, d;

  if (day == CG_DAY_NONE)
    {
      buf[0] = '\0';
      return;
    }
  cg_day_to_ymd (day, &y, &m, &d);
  g_snprintf (buf, 11, "%04d-%02d-%02d", y, m, d);
}

char *
cg_day_format (CgDay day)
{
  char buf[11];

  if (day == CG_DAY_NONE)
    return NULL;
  cg_day_format_buf (day, buf);
  return g_strdup (buf);
}

gboolean
cg_day_parse_quarter (const char  *text,
                      CgDay       *first,
                      CgDay       *last,
                      GError     **error)
{
  int y, q;
  const char *p;
  CgDay a, b;

  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  p = text ? text + 4 : NULL;
  if (p != NULL && strlen (text) >= 6 && *p == '-')
    p++;
  if (text == NULL || strlen (text) < 6 || !read_digits (text, 4, &y) ||
      (*p != 'Q' && *p != 'q') || strlen (p) != 2 || !read_digits (p + 1, 1, &q) ||
      q < 1 || q > 4 || !cg_day_from_ymd (y, 3 * q - 2, 1, &a) ||
      !cg_day_from_ymd (y, 3 * q, month_days (y, 3 * q), &b))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid quarter (expected e.g. 2026Q3)"), text ? text : "");
      return FALSE;
    }

  *first = a;
  *last = b;
  return TRUE;
}
