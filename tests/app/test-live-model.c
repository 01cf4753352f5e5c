/* test-live-model.c: the plain logic under live operations, without a display
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The complaint queue's order (urgency: deadline, repeat >= 3, dissatisfaction; then deadline,
 * newest), the queue and a matter's history read back from the cache, the replay clock
 * (speeds, clamping, stopping at the end) and its time presets.
 */

#include "config.h"

#include <math.h>
#include <time.h>
#include <glib/gstdio.h>

#include "cg-live-ops.h"
#include "cg-replay.h"
#include "cg-store-complaints.h"
#include "cg-store-private.h"

#define NOW 1795430520   /* 2026-11-24 18:42 in Shanghai */

static CgComplaint *
make (const char *id,
      const char *status,
      gint64      requested,
      gint64      deadline,
      int         repeat,
      int         satisfaction,
      const char *matter)
{
  CgComplaint *c = cg_complaint_new ();

  c->id = g_strdup (id);
  c->status = g_strdup (status);
  c->requested_at = requested;
  c->deadline_at = deadline;
  c->repeat_count = repeat;
  c->satisfaction = satisfaction;
  c->matter_id = g_strdup (matter);
  c->service_name = g_strdup ("无序设摊");
  return c;
}

static void
test_queue_order (void)
{
  g_autoptr(GPtrArray) q = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_complaint_free);
  /* urgency 3, 2, then two at 1 by the earlier deadline, two at 0 newest first, closed last */
  const char *expected[] = { "all-three", "overdue-repeat", "deadline-soon", "repeat-new",
                             "plain-newer", "plain-older", "closed-urgent" };

  g_ptr_array_add (q, make ("plain-older", "open", NOW - 7200, 0, 1, -1, "m1"));
  g_ptr_array_add (q, make ("closed-urgent", "closed", NOW - 60, NOW - 10, 5, 0, "m2"));
  g_ptr_array_add (q, make ("repeat-new", "open", NOW - 100, NOW + 5 * 86400, 3, -1, "m3"));
  g_ptr_array_add (q, make ("all-three", "open", NOW - 9000, NOW - 600, 4, 0, "m4"));
  g_ptr_array_add (q, make ("plain-newer", "open", NOW - 3600, 0, 1, -1, "m5"));
  g_ptr_array_add (q, make ("deadline-soon", "open", NOW - 50000, NOW + 3600, 1, 2, "m6"));
  g_ptr_array_add (q, make ("overdue-repeat", "open", NOW - 8000, NOW - 60, 3, 1, "m7"));

  g_assert_cmpint (cg_complaint_get_urgency (q->pdata[3], NOW), ==, 3);
  g_assert_cmpint (cg_complaint_get_urgency (q->pdata[1], NOW), ==, -1);
  g_assert_cmpint (cg_complaint_get_urgency (q->pdata[2], NOW), ==, 1);   /* repeat only */
  g_assert_cmpint (cg_complaint_get_urgency (q->pdata[0], NOW), ==, 0);

  cg_complaints_sort_queue (q, NOW);
  for (guint i = 0; i < q->len; i++)
    g_assert_cmpstr (((CgComplaint *) q->pdata[i])->id, ==, expected[i]);
}

static void
test_queue_from_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cg-test-live-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) history = NULL;
  sqlite3 *db;
  static const char *sql =
    "INSERT INTO complaints (id, status, requested_at, deadline_at, repeat_count, satisfaction,"
    " matter_id, lon, lat, service_name) VALUES"
    " ('c1', 'open', 1795430000, 0, 1, -1, 'm-a', 121.4, 31.25, 'x'),"
    " ('c2', 'open', 1795420000, 0, 2, -1, 'm-a', 121.4, 31.25, 'x'),"
    " ('c3', 'open', 1795410000, 1795430000, 3, 0, 'm-a', NULL, NULL, 'x'),"
    " ('c4', 'open', 1795000000, 0, 1, -1, 'm-b', 121.4, 31.25, 'x');";

  g_assert_no_error (error);
  store = cg_store_open (path, &error);
  g_assert_no_error (error);
  db = _cg_store_get_db (store);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  /* since 1795400000: c4 is too old; c3 (overdue, repeat 3, unsatisfied) first */
  queue = cg_store_load_complaints (store, 1795400000, 0, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 3);
  g_assert_cmpstr (((CgComplaint *) queue->pdata[0])->id, ==, "c3");
  g_assert_true (isnan (((CgComplaint *) queue->pdata[0])->lon));
  g_assert_cmpstr (((CgComplaint *) queue->pdata[1])->id, ==, "c1");
  g_assert_cmpstr (((CgComplaint *) queue->pdata[2])->id, ==, "c2");
  g_assert_cmpfloat (((CgComplaint *) queue->pdata[1])->lat, ==, 31.25);
  g_clear_pointer (&queue, g_ptr_array_unref);

  /* the limit keeps the newest */
  queue = cg_store_load_complaints (store, 0, 2, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpstr (((CgComplaint *) queue->pdata[0])->id, ==, "c1");

  /* the matter's history, oldest first; a bound value, so quotes are just text */
  history = cg_store_load_matter_history (store, "m-a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (((CgComplaint *) history->pdata[0])->id, ==, "c3");
  g_assert_cmpstr (((CgComplaint *) history->pdata[2])->id, ==, "c1");
  g_clear_pointer (&history, g_ptr_array_unref);
  history = cg_store_load_matter_history (store, "m-a' OR '1'='1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

static void
test_replay_clock (void)
{
  g_autoptr(CgReplay) replay = cg_replay_new ();
  g_autoptr(GHashTable) tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  GArray *points = g_array_new (FALSE, FALSE, sizeof (CgTrackPoint));
  gint64 id = 7;
  double lon, lat;
  const CgTrackStats *stats;

  for (int i = 0; i <= 60; i++)
    {
      /* due east at 0.0001° a minute (~9.5 m at this latitude), one fix a minute */
      CgTrackPoint p = { NOW + i * 60, 121.40 + i * 0.0001, 31.25 };

      g_array_append_val (points, p);
    }
  g_hash_table_insert (tracks, g_memdup2 (&id, sizeof id), points);

  cg_replay_set_tracks (replay, tracks, NOW, NOW + 3600);
  g_assert_cmpfloat (cg_replay_get_time (replay), ==, NOW);
  g_assert_false (cg_replay_get_playing (replay));

  cg_replay_set_speed (replay, 200);
  g_assert_cmpuint (cg_replay_get_speed (replay), ==, CG_REPLAY_MAX_SPEED);
  cg_replay_set_speed (replay, 0);
  g_assert_cmpuint (cg_replay_get_speed (replay), ==, CG_REPLAY_MIN_SPEED);

  cg_replay_set_speed (replay, 16);
  cg_replay_advance (replay, 2.0);
  g_assert_cmpfloat (cg_replay_get_time (replay), ==, NOW + 32);
  g_assert_true (cg_replay_get_position (replay, id, &lon, &lat));
  g_assert_cmpfloat (fabs (lon - (121.40 + 32.0 / 60 * 0.0001)), <, 1e-9);

  cg_replay_set_playing (replay, TRUE);
  cg_replay_advance (replay, 10000);   /* past the end: clamped, stopped */
  g_assert_cmpfloat (cg_replay_get_time (replay), ==, NOW + 3600);
  g_assert_false (cg_replay_get_playing (replay));
  cg_replay_set_time (replay, NOW - 100);
  g_assert_cmpfloat (cg_replay_get_time (replay), ==, NOW);

  /* the stats are cg-track's, computed once */
  stats = cg_replay_get_stats (replay, id);
  g_assert_nonnull (stats);
  g_assert_true (stats == cg_replay_get_stats (replay, id));
  g_assert_cmpuint (stats->n_points, ==, 61);
  g_assert_null (cg_replay_get_stats (replay, 8));
}

static void
test_replay_presets (void)
{
  gint64 from, to;
  /* NOW is 18:42 Shanghai time (the test runs with TZ=Asia/Shanghai) */
  gint64 day = NOW - (18 * 3600 + 42 * 60);

  cg_replay_preset_range (CG_REPLAY_PRESET_AFTERNOON, NOW, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, day + 13 * 3600);
  g_assert_cmpint (to, ==, day + 18 * 3600);
  cg_replay_preset_range (CG_REPLAY_PRESET_AFTERNOON, day + 16 * 3600 + 120, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, day + 13 * 3600);
  g_assert_cmpint (to, ==, day + 16 * 3600 + 120);   /* not 18:00 yet: up to now */
  cg_replay_preset_range (CG_REPLAY_PRESET_AFTERNOON, day + 20 * 3600, 0, 0, &from, &to);
  g_assert_cmpint (to, ==, day + 18 * 3600);
  cg_replay_preset_range (CG_REPLAY_PRESET_AFTERNOON, day + 9 * 3600, 0, 0, &from, &to);
  g_assert_cmpint (from, ==, day - 86400 + 13 * 3600);   /* yesterday's afternoon */
  g_assert_cmpint (to, ==, day - 86400 + 18 * 3600);
  cg_replay_preset_range (CG_REPLAY_PRESET_LAST_2H, NOW, 0, 0, &from, &to);
  g_assert_cmpint (to - from, ==, 7200);
  cg_replay_preset_range (CG_REPLAY_PRESET_CUSTOM, NOW, 8, 12, &from, &to);
  g_assert_cmpint (from, ==, day + 8 * 3600);
  g_assert_cmpint (to, ==, day + 12 * 3600);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/live-model/queue-order", test_queue_order);
  g_test_add_func ("/cg/live-model/queue-from-store", test_queue_from_store);
  g_test_add_func ("/cg/live-model/replay-clock", test_replay_clock);
  g_test_add_func ("/cg/live-model/replay-presets", test_replay_presets);
  return g_test_run ();
}
