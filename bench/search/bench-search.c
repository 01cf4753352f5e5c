/* bench-search.c: the search index at city scale
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-search [MERCHANTS [QUERIES]]      (defaults 200000 and 200)
 *   BENCH_SEARCH_KEEP=1 keeps the cache with the index (its path is printed last)
 *   BENCH_SEARCH_FTS=option=value sets an FTS5 option of the index (automerge=8, ...)
 *
 * 1. Decodes the simulator's merchant pages (pages of 2000, as chengguan-cli syncs them)
 *    into memory, then applies them with cg_store_apply_page() into a cache at schema 3
 *    (no search index) and one at schema 4 (with it), twice each, alternating: what the
 *    index costs the sync's writes.
 * 2. Upgrades a filled schema-3 cache to 4 (the migration's backfill).
 * 3. Times cg_store_search() for 1-, 2-, 3- and 6-character substrings of random merchant
 *    names, licence-number prefixes, an English word, two words (a name's and its
 *    road's: several words must all be found) and the commonest tokens (the
 *    district in every address, the licences' shared prefix; median and worst of QUERIES
 *    each), against SELECT count(*) FROM merchants in the same run.
 * Not a test: it prints figures for bench/README.md. Needs no network.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "cg-decode.h"
#include "cg-sim-world.h"
#include "cg-store-private.h"

#define PAGE_SIZE 2000
#define LIMIT     50

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of this thread: the apply figures are CPU, so that a loaded machine (other
 * processes on the two cores) moves them less than wall time */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-search: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

#define N_TICKS 40

/* The pages after @since, appended to @pages; returns the last cursor */
static guint64
decode_since (CgSimWorld *world,
              guint64     since,
              GPtrArray  *pages)
{
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      CgPage *page;

      more = cg_sim_world_write_page (world, CG_SIM_MERCHANTS, since, PAGE_SIZE,
                                      CG_SIM_SPOIL_NONE, body);
      page = cg_decode_page (CG_COLLECTION_MERCHANTS, body->str, body->len, &error);
      if (page == NULL)
        die ("decoding", error);
      if (page->cursor == NULL || sscanf (page->cursor, "c-%" G_GUINT64_FORMAT, &since) != 1)
        more = FALSE;
      g_ptr_array_add (pages, page);
    }
  return since;
}

/* The initial pages, and N_TICKS incremental ones: the changes of 5 s of a simulator
 * changing 12000 merchants a minute (about 1000 each, as bench/sync's incremental run);
 * 40, so that FTS5's merges of the small segments show (every 16 with crisismerge 16) */
static GPtrArray *
decode_pages (guint       merchants,
              GPtrArray **ticks)
{
  CgSimConfig config;
  g_autoptr(GError) error = NULL;
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_page_free);
  CgSimWorld *world;
  guint64 since;

  cg_sim_config_init (&config);
  config.merchants = merchants;
  config.sites = 0;
  config.points = 0;
  config.history_days = 0;
  config.changes_per_minute = 12000;
  config.now = 1763863200;   /* 2026-11-23T10:00:00+08:00, as bench/sync pins it */
  world = cg_sim_world_new (&config, &error);
  if (world == NULL)
    die ("simulator", error);

  since = decode_since (world, 0, pages);
  for (guint i = 0; i < N_TICKS; i++)
    {
      ticks[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_page_free);
      cg_sim_world_advance (world, 5);
      since = decode_since (world, since, ticks[i]);
    }

  cg_sim_world_free (world);
  cg_sim_config_clear (&config);
  return pages;
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* BENCH_SEARCH_FTS=option=value (automerge=8, crisismerge=64, ...): an FTS5 option of
 * the index, for tuning */
static void
set_fts_option (CgStore    *store,
                const char *option)
{
  g_auto(GStrv) kv = g_strsplit (option, "=", 2);
  sqlite3_stmt *stmt = NULL;

  if (kv[0] == NULL || kv[1] == NULL)
    die ("BENCH_SEARCH_FTS must be option=value", NULL);
  sqlite3_prepare_v2 (_cg_store_get_db (store),
                      "INSERT INTO place_search (place_search, rank) VALUES (?1, ?2)", -1,
                      &stmt, NULL);
  sqlite3_bind_text (stmt, 1, kv[0], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, atoi (kv[1]));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die (sqlite3_errmsg (_cg_store_get_db (store)), NULL);
  sqlite3_finalize (stmt);
}

/* Applies @pages to @store; returns the ms spent in apply_page */
static double
apply_pages (CgStore   *store,
             GPtrArray *pages)
{
  g_autoptr(GError) error = NULL;
  double total = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      CgPage *page = g_ptr_array_index (pages, i);
      double t0 = cpu_ms ();

      if (!cg_store_apply_page (store, CG_COLLECTION_MERCHANTS, page->records, page->cursor,
                                NULL, 0, &error))
        die ("apply", error);
      total += cpu_ms () - t0;
    }
  return total;
}

/* Applies every page into a fresh cache at @version, then each tick (ms in @tick_ms);
 * returns the ms spent in apply_page for the initial pages */
static double
apply_all (const char *path,
           int         version,
           GPtrArray  *pages,
           GPtrArray **ticks,
           double     *tick_ms)
{
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  double total;

  remove_db (path);
  store = _cg_store_open_at_version (path, version, &error);
  if (store == NULL)
    die ("open", error);
  if (version >= 4 && g_getenv ("BENCH_SEARCH_FTS") != NULL)
    set_fts_option (store, g_getenv ("BENCH_SEARCH_FTS"));

  total = apply_pages (store, pages);
  for (guint i = 0; i < N_TICKS; i++)
    tick_ms[i] = apply_pages (store, ticks[i]);
  return total;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_ticks (const char *label,
             GPtrArray **ticks,
             double     *ms)
{
  double sorted[N_TICKS], total = 0;
  guint n = 0;

  for (guint i = 0; i < N_TICKS; i++)
    {
      for (guint j = 0; j < ticks[i]->len; j++)
        n += ((CgPage *) g_ptr_array_index (ticks[i], j))->records->len;
      sorted[i] = ms[i];
      total += ms[i];
    }
  qsort (sorted, N_TICKS, sizeof (double), compare_double);
  g_print ("%s %u pages of ~%u changes: median %.0f ms, worst %.0f ms, first %.0f ms, "
           "all %.2f s\n", label, N_TICKS, n / N_TICKS, sorted[N_TICKS / 2],
           sorted[N_TICKS - 1], ms[0], total / 1000);
}

typedef struct
{
  const char *label;
  GPtrArray  *queries;
} QuerySet;


typedef struct
{
  double median;
  double worst;
  double cpu_median;
  double cpu_worst;
  double mean_hits;
} Timing;

static Timing
time_queries (CgStore   *store,
              GPtrArray *queries)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  Timing t = { 0 };
  double hits = 0;

  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;
      double t0 = now_ms (), c0 = cpu_ms (), d, c;

      results = cg_store_search (store, g_ptr_array_index (queries, i), LIMIT, NULL, &error);
      d = now_ms () - t0;
      c = cpu_ms () - c0;
      if (results == NULL)
        die ("search", error);
      hits += results->len;
      g_array_append_val (ms, d);
      g_array_append_val (cpu, c);
    }
  g_array_sort (ms, compare_double);
  g_array_sort (cpu, compare_double);
  t.median = g_array_index (ms, double, ms->len / 2);
  t.worst = g_array_index (ms, double, ms->len - 1);
  t.cpu_median = g_array_index (cpu, double, cpu->len / 2);
  t.cpu_worst = g_array_index (cpu, double, cpu->len - 1);
  t.mean_hits = hits / queries->len;
  return t;
}

static double
time_count (CgStore *store,
            guint    n)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      gint64 count;
      double t0 = now_ms (), d;

      if (!cg_store_count (store, CG_COLLECTION_MERCHANTS, &count, NULL))
        die ("count", NULL);
      d = now_ms () - t0;
      g_array_append_val (ms, d);
    }
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, ms->len / 2);
}

/* @n random (name, licence, address) triples of the cache */
static void
sample_places (CgStore   *store,
               guint      n,
               GPtrArray *names,
               GPtrArray *licences,
               GPtrArray *addresses)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_cg_store_get_db (store),
                      "SELECT name, licence_no, address FROM merchants\n"
                      "ORDER BY random () LIMIT ?1", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (licences, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (addresses, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
}

/* A random @length-character substring of each name at least that long */
static GPtrArray *
substrings (GPtrArray *names,
            guint      length,
            GRand     *rand)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      glong n = g_utf8_strlen (name, -1);
      glong from;

      if (n < (glong) length)
        continue;
      from = g_rand_int_range (rand, 0, n - length + 1);
      g_ptr_array_add (out, g_utf8_substring (name, from, from + length));
    }
  return out;
}

int
main (int   argc,
      char *argv[])
{
  guint merchants = argc > 1 ? (guint) atoi (argv[1]) : 200000;
  guint n_queries = argc > 2 ? (guint) atoi (argv[2]) : 200;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) licences = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) english = g_ptr_array_new ();
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) two_words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) common = g_ptr_array_new ();
  static const char *common_queries[] = { "普陀区", "普", "区", "路", "号", "店", "9", "1", "ma",
                                          "9231", "310107", "普陀区真北路" };
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *dir = NULL;
  g_autofree char *path3 = NULL;
  g_autofree char *path4 = NULL;
  double t0, v3[2], v4[2], migrate, count_ms;
  GStatBuf st3;
  GPtrArray *ticks[N_TICKS];
  double ticks3[N_TICKS], ticks4[N_TICKS];
  guint n_records = 0;
  QuerySet sets[10];
  guint n_sets = 0;

  dir = g_dir_make_tmp ("bench-search-XXXXXX", &error);
  if (dir == NULL)
    die ("tmp dir", error);
  path3 = g_build_filename (dir, "v3.db", NULL);
  path4 = g_build_filename (dir, "v4.db", NULL);

  t0 = now_ms ();
  pages = decode_pages (merchants, ticks);
  for (guint i = 0; i < pages->len; i++)
    n_records += ((CgPage *) g_ptr_array_index (pages, i))->records->len;
  g_print ("# bench/search: %u merchants in %u pages of %u (decoded in %.1f s)\n",
           n_records, pages->len, PAGE_SIZE, (now_ms () - t0) / 1000);

  for (int round = 0; round < 2; round++)
    {
      v3[round] = apply_all (path3, 3, pages, ticks, ticks3);
      v4[round] = apply_all (path4, 4, pages, ticks, ticks4);
    }
  g_print ("apply_page CPU, all pages, schema 3 (no search index): %.2f s / %.2f s\n",
           v3[0] / 1000, v3[1] / 1000);
  g_print ("apply_page CPU, all pages, schema 4 (search index):    %.2f s / %.2f s"
           "  (x%.2f / x%.2f, +%.1f us per merchant)\n",
           v4[0] / 1000, v4[1] / 1000, v4[0] / v3[0], v4[1] / v3[1],
           1000.0 * (MIN (v4[0], v4[1]) - MIN (v3[0], v3[1])) / n_records);
  print_ticks ("then incremental pages (apply CPU), schema 3:", ticks, ticks3);
  print_ticks ("then incremental pages (apply CPU), schema 4:", ticks, ticks4);
  for (guint i = 0; i < N_TICKS; i++)
    g_ptr_array_unref (ticks[i]);

  /* the upgrade of a filled cache: migration 4 backfills the index */
  if (g_stat (path3, &st3) != 0)
    die ("stat", NULL);
  t0 = now_ms ();
  store = cg_store_open (path3, &error);
  if (store == NULL)
    die ("migrate", error);
  migrate = now_ms () - t0;
  g_print ("migration 3 -> 4 of the filled cache (backfill): %.2f s\n", migrate / 1000);
  g_clear_object (&store);

  {
    GStatBuf st4;

    store = cg_store_open (path4, &error);
    if (store == NULL)
      die ("open", error);
    sqlite3_exec (_cg_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                  NULL);
    if (g_stat (path4, &st4) == 0)
      g_print ("cache file: %.1f MB with the index, %.1f MB without\n", st4.st_size / 1e6,
               st3.st_size / 1e6);
  }

  sample_places (store, n_queries, names, licences, addresses);
  /* two words: two characters of a name and the road of its address (after 普陀区) */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *address = g_ptr_array_index (addresses, i);
      g_autofree char *word = NULL;
      g_autofree char *road = NULL;

      if (g_utf8_strlen (name, -1) < 2 || g_utf8_strlen (address, -1) < 6)
        continue;
      word = g_utf8_substring (name, 0, 2);
      road = g_utf8_substring (address, 3, 6);
      g_ptr_array_add (two_words, g_strdup_printf ("%s %s", word, road));
    }
  for (guint i = 0; i < licences->len; i++)
    {
      const char *licence = g_ptr_array_index (licences, i);
      guint n = g_rand_int_range (rand, 4, 15);

      g_ptr_array_add (prefixes, g_strndup (licence, MIN (n, strlen (licence))));
    }
  for (guint i = 0; i < n_queries; i++)
    g_ptr_array_add (english, (gpointer) (i % 2 ? "KTV" : "ktv"));

  sets[n_sets++] = (QuerySet) { "1 character", substrings (names, 1, rand) };
  sets[n_sets++] = (QuerySet) { "2 characters", substrings (names, 2, rand) };
  sets[n_sets++] = (QuerySet) { "3 characters", substrings (names, 3, rand) };
  sets[n_sets++] = (QuerySet) { "6 characters", substrings (names, 6, rand) };
  sets[n_sets++] = (QuerySet) { "licence prefix (4-14)", g_ptr_array_ref (prefixes) };
  sets[n_sets++] = (QuerySet) { "English word (KTV/ktv)", g_ptr_array_ref (english) };
  sets[n_sets++] = (QuerySet) { "two words (name, road)", g_ptr_array_ref (two_words) };
  /* the commonest tokens: in every address or every licence, or in most names */
  for (guint i = 0; i < n_queries; i++)
    g_ptr_array_add (common, (gpointer) common_queries[i % G_N_ELEMENTS (common_queries)]);
  sets[n_sets++] = (QuerySet) { "commonest tokens", g_ptr_array_ref (common) };

  /* warm the page cache and the statements once */
  {
    g_autoptr(GPtrArray) warm = cg_store_search (store, "面馆", LIMIT, NULL, &error);

    if (warm == NULL)
      die ("warm-up", error);
  }
  count_ms = time_count (store, n_queries);
  g_print ("\nbaseline SELECT count(*) FROM merchants: median %.2f ms\n", count_ms);
  g_print ("%-24s %8s %10s %10s %10s %10s %10s\n", "query", "queries", "median ms",
           "worst ms", "CPU med", "CPU worst", "hits/query");
  for (guint i = 0; i < n_sets; i++)
    {
      Timing t = time_queries (store, sets[i].queries);

      g_print ("%-24s %8u %10.2f %10.2f %10.2f %10.2f %10.1f\n", sets[i].label,
               sets[i].queries->len, t.median, t.worst, t.cpu_median, t.cpu_worst,
               t.mean_hits);
      g_ptr_array_unref (sets[i].queries);
    }

  g_clear_object (&store);
  remove_db (path3);
  if (g_getenv ("BENCH_SEARCH_KEEP") != NULL)
    {
      g_print ("kept %s\n", path4);
      return 0;
    }
  remove_db (path4);
  g_rmdir (dir);
  return 0;
}
