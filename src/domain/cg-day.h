/* cg-day.h: calendar days in Shanghai time, the unit of the supervision rules
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar day in Asia/Shanghai: days since 1970-01-01 (day 0, a Thursday).
 * Plain integers, so windows and gaps are subtractions. */
typedef gint32 CgDay;

#define CG_DAY_NONE G_MININT32     /* "no such day" (no inspection, not due, ...) */

/* The zone of every rule: "Asia/Shanghai" from tzdata, or a fixed +08:00 when the system
 * has no tzdata (identical since 1991: Shanghai has no daylight saving). (transfer none) */
GTimeZone  *cg_day_get_time_zone    (void);

/* The Shanghai calendar day of Unix time @t (seconds). */
CgDay       cg_day_from_unix        (gint64       t);
/* 00:00 Shanghai time of @day, as Unix seconds. */
gint64      cg_day_to_unix          (CgDay        day);

/* FALSE for an invalid date (2026-02-30, year outside 1900..9999). */
gboolean    cg_day_from_ymd         (int          year,
                                     int          month,
                                     int          mday,
                                     CgDay       *out);
void        cg_day_to_ymd           (CgDay        day,
                                     int         *year,
                                     int         *month,
                                     int         *mday);
/* 1 = Monday ... 7 = Sunday (ISO 8601) */
int         cg_day_weekday          (CgDay        day);
/* Days in the month of @day. */
int         cg_day_days_in_month    (CgDay        day);

/* "YYYY-MM-DD" exactly (ISO 8601 calendar date); sets a G_IO_ERROR_INVALID_ARGUMENT
 * error naming the text otherwise. */
gboolean    cg_day_parse            (const char  *text,
                                     CgDay       *out,
                                     GError     **error);
/* "YYYY-MM-DD", newly allocated; NULL for CG_DAY_NONE. */
char       *cg_day_format           (CgDay        day);
/* Writes "YYYY-MM-DD" and a NUL into @buf (11 bytes); "" for CG_DAY_NONE. */
void        cg_day_format_buf       (CgDay        day,
                                     char         buf[11]);

/* "2026Q3" (also "2026q3", "2026-Q3"): the quarter's first and last day. */
gboolean    cg_day_parse_quarter    (const char  *text,
                                     CgDay       *first,
                                     CgDay       *last,
                                     GError     **error);

G_END_DECLS
