/* test-search.c: searching the cache by name, address and licence number
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cg-searcher.h"
#include "cg-store-private.h"

/* Places in the search index: the rows its tokens belong to (fts5vocab in temp) */
#define INDEXED_PLACES_SQL \
  "SELECT count (DISTINCT doc) FROM temp.search_vocab"
#define INDEXED_PLACES_VOCAB \
  "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab " \
  "USING fts5vocab (main, place_search, instance)"

typedef struct
{
  char    *dir;
  char    *path;
  CgStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cg-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cache.db", NULL);
  f->store = cg_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

#define TEST_F(name, func) \
  g_test_add ((name), Fixture, NULL, fixture_setup, (func), fixture_teardown)

/* ---- helpers ------------------------------------------------------------------ */

static CgPlace *
make (const char *id,
      const char *name,
      const char *address,
      const char *licence)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->lon = 121.40;
  p->lat = 31.25;
  p->risk = CG_RISK_LOW;
  p->name = g_strdup (name);
  p->address = g_strdup (address);
  p->licence_no = g_strdup (licence);
  p->street_name = g_strdup ("曹杨新村街道");
  p->category = g_strdup ("catering");
  return p;
}

static CgPlace *
tombstone (const char *id)
{
  CgPlace *p = cg_place_new ();

  p->id = g_strdup (id);
  p->deleted = TRUE;
  return p;
}

static void
apply (CgStore      *store,
       CgCollection  collection,
       GPtrArray    *records)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cg_store_apply_page (store, collection, records, NULL, NULL, 0, &error));
  g_assert_no_error (error);
}

static GPtrArray *
page (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cg_place_free);
}

static void
fill (CgStore *store)
{
  g_autoptr(GPtrArray) m = page ();
  g_autoptr(GPtrArray) s = page ();
  g_autoptr(GPtrArray) p = page ();

  g_ptr_array_add (m, make ("m-1", "兰州拉面馆", "普陀区真北路100号", "92310107MA1K2L3M4N"));
  g_ptr_array_add (m, make ("m-2", "老王面馆", "普陀区曹杨路8号", "JY13101070012345"));
  g_ptr_array_add (m, make ("m-3", "面包工坊", "普陀区兰溪路3号", "92310107MA7Q8R9T0U"));
  g_ptr_array_add (m, make ("m-4", "Starbucks Coffee 星巴克", "普陀区长寿路1号", NULL));
  g_ptr_array_add (m, make ("m-5", "面馆", "普陀区武宁路5号", NULL));
  g_ptr_array_add (m, make ("m-6", "兰州拉面馆（真北路店）", "普陀区真北路200号", NULL));
  g_ptr_array_add (m, make ("m-7", "福记生煎馆", "普陀区铜川路拉面巷2号", NULL));
  apply (store, CG_COLLECTION_MERCHANTS, m);

  g_ptr_array_add (s, make ("s-1", "真北路地块住宅项目", "普陀区真北路300号", "91310107MA1B2C3D4E"));
  apply (store, CG_COLLECTION_SITES, s);

  g_ptr_array_add (p, make ("p-1", "真北路曹杨路路口无序设摊", "普陀区真北路曹杨路口", NULL));
  apply (store, CG_COLLECTION_POINTS, p);
}

static GPtrArray *
search (CgStore    *store,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = cg_store_search (store, query, 50, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* The ids of the hits, comma-separated, in order */
static char *
ids (GPtrArray *hits)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      const CgSearchHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%s%s", i ? "," : "", hit->id);
    }
  return g_string_free (out, FALSE);
}

static char *
search_ids (CgStore    *store,
            const char *query)
{
  g_autoptr(GPtrArray) hits = search (store, query);

  return ids (hits);
}

static const CgSearchHit *
find (GPtrArray  *hits,
      const char *id)
{
  for (guint i = 0; i < hits->len; i++)
    {
      const CgSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_strcmp0 (hit->id, id) == 0)
        return hit;
    }
  return NULL;
}

static gint64
sql_int (CgStore    *store,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (_cg_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* FTS5's own consistency check of the index, and one index entry per place */
static void
assert_index_consistent (CgStore *store)
{
  sqlite3 *db = _cg_store_get_db (store);
  gint64 places;

  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO place_search (place_search) "
                                     "VALUES ('integrity-check')", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  places = sql_int (store, "SELECT (SELECT count(*) FROM merchants) + "
                           "(SELECT count(*) FROM sites) + "
                           "(SELECT count(*) FROM enforcement_points)");
  g_assert_cmpint (sqlite3_exec (db, INDEXED_PLACES_VOCAB, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (store, INDEXED_PLACES_SQL), ==, places);
}

/* ---- tests -------------------------------------------------------------------- */

static void
test_grams (void)
{
  /* U+E003 ("\xee\x80\x83") marks a name's first token */
  struct { const char *text; const char *grams; } cases[] = {
    { "兰州拉面馆", "\xee\x80\x83" "兰州 州拉 拉面 面馆 馆" },
    { "面", "\xee\x80\x83" "面" },
    { "KTV", "\xee\x80\x83" "kt tv v" },
    { "Starbucks Coffee", "\xee\x80\x83" "st ta ar rb bu uc ck ks s co of ff fe ee e" },
    { "老王（面馆）", "\xee\x80\x83" "老王 王 面馆 馆" },
    { "ＫＴＶ２号", "\xee\x80\x83" "kt tv v2 2号 号" },
    { "JY-131", "\xee\x80\x83" "jy y 13 31 1" },
    { "", NULL },
    { "  ，。!", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *grams = _cg_search_grams (cases[i].text, CG_SEARCH_FIELD_NAME);

      g_assert_cmpstr (grams, ==, cases[i].grams);
    }
  g_assert_null (_cg_search_grams (NULL, CG_SEARCH_FIELD_NAME));

  /* address and licence tokens carry their field's marker (U+E001, U+E002), the first
   * licence token the start marker U+E004 */
  {
    g_autofree char *licence = _cg_search_grams ("JY1", CG_SEARCH_FIELD_LICENCE);
    g_autofree char *address = _cg_search_grams ("真北路", CG_SEARCH_FIELD_ADDRESS);

    g_assert_cmpstr (licence, ==, "\xee\x80\x84jy \xee\x80\x82y1 \xee\x80\x82" "1");
    g_autofree char *longer = _cg_search_grams ("JY-13101", CG_SEARCH_FIELD_LICENCE);

    /* and, after the bigrams, its first run's prefixes of 10 to 12 characters (U+E005) */
    g_assert_cmpstr (longer, ==, "\xee\x80\x84jy \xee\x80\x82y "
                     "\xee\x80\x82" "13 \xee\x80\x82" "31 \xee\x80\x82" "10 "
                     "\xee\x80\x82" "01 \xee\x80\x82" "1");
    g_clear_pointer (&longer, g_free);
    longer = _cg_search_grams ("JY13101070012345", CG_SEARCH_FIELD_LICENCE);
    g_assert_true (g_str_has_suffix (longer, " \xee\x80\x82" "5 \xee\x80\x85jy13101070 "
                                     "\xee\x80\x85jy131010700 "
                                     "\xee\x80\x85jy1310107001"));
    g_assert_cmpstr (address, ==, "\xee\x80\x81真北 \xee\x80\x81北路 \xee\x80\x81路");
  }
}

static void
test_find_match (void)
{
  gsize start = 0, end = 0;

  g_assert_true (cg_search_find_match ("兰州拉面馆", "面馆", &start, &end));
  g_assert_cmpuint (start, ==, strlen ("兰州拉"));
  g_assert_cmpuint (end, ==, strlen ("兰州拉面馆"));
  g_assert_true (cg_search_find_match ("Starbucks Coffee", "COFFEE shop", &start, &end));
  g_assert_cmpuint (start, ==, 10);
  g_assert_cmpuint (end, ==, 16);
  g_assert_true (cg_search_find_match ("ＫＴＶ", "ktv", &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, strlen ("ＫＴＶ"));
  g_assert_false (cg_search_find_match ("兰州拉面馆", "火锅", &start, &end));
  g_assert_false (cg_search_find_match ("兰州拉面馆", "，", &start, &end));
  g_assert_false (cg_search_find_match (NULL, "面", &start, &end));
}

static void
test_chinese (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *r = NULL;
  const CgSearchHit *hit;

  fill (f->store);

  /* the example: a two-character substring in the middle of a name */
  hits = search (f->store, "面馆");
  hit = find (hits, "m-1");
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->name, ==, "兰州拉面馆");
  g_assert_cmpint (hit->match, ==, CG_SEARCH_MATCH_NAME);
  /* exact name first, then the prefix, then substrings by name length */
  r = ids (hits);
  g_assert_cmpstr (r, ==, "m-5,m-2,m-1,m-6");
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 0))->match, ==,
                   CG_SEARCH_MATCH_NAME_EXACT);
  g_clear_pointer (&r, g_free);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* hit fields */
  hits = search (f->store, "兰州拉面馆");
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->id, ==, "m-1");
  g_assert_cmpint (hit->match, ==, CG_SEARCH_MATCH_NAME_EXACT);
  g_assert_cmpint (hit->collection, ==, CG_COLLECTION_MERCHANTS);
  g_assert_cmpstr (hit->address, ==, "普陀区真北路100号");
  g_assert_cmpstr (hit->street_name, ==, "曹杨新村街道");
  g_assert_cmpstr (hit->licence_no, ==, "92310107MA1K2L3M4N");
  g_assert_cmpint (hit->risk, ==, CG_RISK_LOW);
  g_assert_cmpfloat (hit->lon, ==, 121.40);
  g_assert_cmpfloat (hit->lat, ==, 31.25);
  /* the name with a suffix in brackets is a prefix match, not an exact one */
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpstr (hit->id, ==, "m-6");
  g_assert_cmpint (hit->match, ==, CG_SEARCH_MATCH_NAME_PREFIX);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* two characters: 拉面 in names first, then in an address (m-7, 拉面巷) */
  r = search_ids (f->store, "拉面");
  g_assert_cmpstr (r, ==, "m-1,m-6,m-7");
  g_clear_pointer (&r, g_free);

  /* the rowid is the map's: cg_store_get_place takes it back */
  hits = search (f->store, "无序设摊");
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->collection, ==, CG_COLLECTION_POINTS);
  {
    g_autoptr(CgPlace) place = cg_store_get_place (f->store, hit->collection, hit->rowid, NULL);

    g_assert_nonnull (place);
    g_assert_cmpstr (place->id, ==, "p-1");
  }
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* nothing */
  r = search_ids (f->store, "火锅");
  g_assert_cmpstr (r, ==, "");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "  ，");
  g_assert_cmpstr (r, ==, "");
}

static void
test_one_character (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *r = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  fill (f->store);

  /* 面 at the start (m-3, m-5), inside (m-1, m-2, m-6) and at the end of no name */
  r = search_ids (f->store, "面");
  g_assert_cmpstr (r, ==, "m-5,m-3,m-2,m-1,m-6,m-7");
  g_clear_pointer (&r, g_free);

  /* a character that only ends a word (馆) and one in addresses only (巷) */
  hits = search (f->store, "馆");
  g_assert_cmpuint (hits->len, ==, 5);
  g_assert_null (find (hits, "m-3"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  r = search_ids (f->store, "巷");
  g_assert_cmpstr (r, ==, "m-7");
  g_clear_pointer (&r, g_free);

  /* 真: a site, a point and merchants, in name-then-address order */
  hits = search (f->store, "真");
  g_assert_cmpuint (hits->len, ==, 4);
  g_assert_cmpstr (((CgSearchHit *) g_ptr_array_index (hits, 0))->id, ==, "s-1");
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 0))->match, ==,
                   CG_SEARCH_MATCH_NAME_PREFIX);
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 2))->match, ==,
                   CG_SEARCH_MATCH_NAME);
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 3))->match, ==,
                   CG_SEARCH_MATCH_ADDRESS);
}

static void
test_licence (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *r = NULL;

  fill (f->store);

  /* prefixes, any case */
  hits = search (f->store, "JY131");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((CgSearchHit *) g_ptr_array_index (hits, 0))->id, ==, "m-2");
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 0))->match, ==,
                   CG_SEARCH_MATCH_LICENCE_PREFIX);
  g_clear_pointer (&hits, g_ptr_array_unref);
  r = search_ids (f->store, "jy1310107");
  g_assert_cmpstr (r, ==, "m-2");
  g_clear_pointer (&r, g_free);

  /* the unified social credit codes: the shared district part finds all three */
  hits = search (f->store, "9231010");
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (f->store, "310107MA");
  g_assert_cmpuint (hits->len, ==, 3);
  g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 0))->match, ==,
                   CG_SEARCH_MATCH_LICENCE);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* a whole number, and its tail */
  r = search_ids (f->store, "92310107MA1K2L3M4N");
  g_assert_cmpstr (r, ==, "m-1");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "0012345");
  g_assert_cmpstr (r, ==, "m-2");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "ma1b2c");
  g_assert_cmpstr (r, ==, "s-1");
  g_clear_pointer (&r, g_free);

  /* one more character than any licence has */
  r = search_ids (f->store, "92310107MA1K2L3M4NX");
  g_assert_cmpstr (r, ==, "");
}

static void
test_english (Fixture       *f,
              gconstpointer  data)
{
  const char *queries[] = { "starbucks", "STARBUCKS", "Coffee", "bucks", "ＳＴＡＲ", "星巴克",
                            "starbucks coffee", "coffee 星巴", "star  coffee" };
  g_autofree char *r = NULL;

  fill (f->store);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *found = search_ids (f->store, queries[i]);

      g_assert_cmpstr (found, ==, "m-4");
    }

  /* words: every one must be found, not necessarily next to each other */
  r = search_ids (f->store, "coffee starbucks");
  g_assert_cmpstr (r, ==, "m-4");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "starbucks tea");
  g_assert_cmpstr (r, ==, "");
  g_clear_pointer (&r, g_free);
  /* and across fields: a name word and an address word */
  r = search_ids (f->store, "拉面 200号");
  g_assert_cmpstr (r, ==, "m-6");
}

static void
test_tombstone_and_rename (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) p1 = page ();
  g_autoptr(GPtrArray) p2 = page ();
  g_autoptr(GPtrArray) p3 = page ();
  g_autofree char *r = NULL;
  CgPlace *moved;

  fill (f->store);
  assert_index_consistent (f->store);

  /* a tombstone takes the place out of the results */
  g_ptr_array_add (p1, tombstone ("m-1"));
  g_ptr_array_add (p1, tombstone ("m-never-seen"));
  apply (f->store, CG_COLLECTION_MERCHANTS, p1);
  r = search_ids (f->store, "兰州拉面馆");
  g_assert_cmpstr (r, ==, "m-6");
  g_clear_pointer (&r, g_free);
  assert_index_consistent (f->store);

  /* a rename: the old name is gone, the new one found, the address unchanged */
  g_ptr_array_add (p2, make ("m-2", "阿婆馄饨铺", "普陀区曹杨路8号", "JY13101070012345"));
  apply (f->store, CG_COLLECTION_MERCHANTS, p2);
  r = search_ids (f->store, "老王");
  g_assert_cmpstr (r, ==, "");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "馄饨");
  g_assert_cmpstr (r, ==, "m-2");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "曹杨路8");
  g_assert_cmpstr (r, ==, "m-2");
  g_clear_pointer (&r, g_free);

  /* a move and a re-grade only (same text): still found once, at the new place */
  moved = make ("m-2", "阿婆馄饨铺", "普陀区曹杨路8号", "JY13101070012345");
  moved->lon = 121.45;
  moved->risk = CG_RISK_HIGH;
  g_ptr_array_add (p3, moved);
  /* and the same place twice in one page, renamed in between */
  g_ptr_array_add (p3, make ("m-3", "面包工坊二店", "普陀区兰溪路3号", NULL));
  g_ptr_array_add (p3, make ("m-3", "蛋糕工坊", "普陀区兰溪路3号", NULL));
  apply (f->store, CG_COLLECTION_MERCHANTS, p3);
  {
    g_autoptr(GPtrArray) hits = search (f->store, "馄饨铺");

    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpfloat (((CgSearchHit *) g_ptr_array_index (hits, 0))->lon, ==, 121.45);
    g_assert_cmpint (((CgSearchHit *) g_ptr_array_index (hits, 0))->risk, ==, CG_RISK_HIGH);
  }
  r = search_ids (f->store, "面包");
  g_assert_cmpstr (r, ==, "");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "蛋糕");
  g_assert_cmpstr (r, ==, "m-3");
  g_clear_pointer (&r, g_free);
  assert_index_consistent (f->store);

  /* a reset empties the index with the tables */
  g_assert_true (cg_store_reset (f->store, NULL));
  r = search_ids (f->store, "馆");
  g_assert_cmpstr (r, ==, "");
  assert_index_consistent (f->store);
}

static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) p1 = page ();
  g_autoptr(GError) error = NULL;
  g_autofree char *r = NULL;

  fill (f->store);

  /* a page that fails half-way leaves the index as it was */
  g_ptr_array_add (p1, make ("m-2", "阿婆馄饨铺", NULL, NULL));
  g_ptr_array_add (p1, tombstone ("m-5"));
  g_ptr_array_add (p1, make ("m-8", "新面馆", NULL, NULL));
  _cg_store_set_fail_after (f->store, 2);
  g_assert_false (cg_store_apply_page (f->store, CG_COLLECTION_MERCHANTS, p1, NULL, NULL, 0,
                                       &error));
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);

  r = search_ids (f->store, "面馆");
  g_assert_cmpstr (r, ==, "m-5,m-2,m-1,m-6");
  g_clear_pointer (&r, g_free);
  r = search_ids (f->store, "馄饨");
  g_assert_cmpstr (r, ==, "");
  assert_index_consistent (f->store);
}

static void
test_limit_and_cancel (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) records = page ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%u", i);
      g_autofree char *name = g_strdup_printf ("第%u号小吃店", i);

      g_ptr_array_add (records, make (id, name, "普陀区真北路", NULL));
    }
  apply (f->store, CG_COLLECTION_MERCHANTS, records);

  hits = cg_store_search (f->store, "店", 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 20);
  /* shortest names first among the candidates: 第N号小吃店 with one digit */
  g_assert_cmpuint (g_utf8_strlen (((CgSearchHit *) g_ptr_array_index (hits, 0))->name, -1),
                    ==, 6);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = cg_store_search (f->store, "小吃", 0, NULL, &error);
  g_assert_cmpuint (hits->len, ==, 50);   /* the default */
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = cg_store_search (f->store, "第1234号", 0, NULL, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  hits = cg_store_search (f->store, "小吃", 0, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (hits);
  g_clear_error (&error);

  /* the connection is usable afterwards */
  hits = cg_store_search (f->store, "第12号", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_old_schema (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "v3.db", NULL);
  g_autoptr(CgStore) store = _cg_store_open_at_version (path, 3, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  hits = cg_store_search (store, "面馆", 0, NULL, &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL);
  g_assert_null (hits);
}

static void
on_search_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CgSearcher) searcher = cg_searcher_new (f->path);
  g_autoptr(GCancellable) first = g_cancellable_new ();
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  fill (f->store);
  g_assert_cmpstr (cg_searcher_get_path (searcher), ==, f->path);

  /* as you type: 面, then 面馆 cancels it */
  cg_searcher_search_async (searcher, "面", 50, first, on_search_done_cb, &r1);
  g_cancellable_cancel (first);
  cg_searcher_search_async (searcher, "面馆", 50, NULL, on_search_done_cb, &r2);

  hits = cg_searcher_search_finish (searcher, wait_for (&r1), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (hits);
  g_clear_error (&error);

  hits = cg_searcher_search_finish (searcher, wait_for (&r2), &error);
  g_assert_no_error (error);
  found = ids (hits);
  g_assert_cmpstr (found, ==, "m-5,m-2,m-1,m-6");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&found, g_free);

  /* the worker's connection sees what the sync's connection writes later */
  {
    g_autoptr(GPtrArray) m = page ();

    g_ptr_array_add (m, tombstone ("m-5"));
    apply (f->store, CG_COLLECTION_MERCHANTS, m);
  }
  cg_searcher_search_async (searcher, "面馆", 50, NULL, on_search_done_cb, &r3);
  hits = cg_searcher_search_finish (searcher, wait_for (&r3), &error);
  g_assert_no_error (error);
  found = ids (hits);
  g_assert_cmpstr (found, ==, "m-2,m-1,m-6");
}

static void
test_async_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no", "such", "dir.db", NULL);
  g_autoptr(CgSearcher) searcher = cg_searcher_new (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  cg_searcher_search_async (searcher, "面馆", 0, NULL, on_search_done_cb, &result);
  hits = cg_searcher_search_finish (searcher, wait_for (&result), &error);
  g_assert_error (error, CG_STORE_ERROR, CG_STORE_ERROR_OPEN);
  g_assert_null (hits);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/grams", test_grams);
  g_test_add_func ("/search/find-match", test_find_match);
  TEST_F ("/search/chinese", test_chinese);
  TEST_F ("/search/one-character", test_one_character);
  TEST_F ("/search/licence", test_licence);
  TEST_F ("/search/english", test_english);
  TEST_F ("/search/tombstone-and-rename", test_tombstone_and_rename);
  TEST_F ("/search/rollback", test_rollback);
  TEST_F ("/search/limit-and-cancel", test_limit_and_cancel);
  TEST_F ("/search/old-schema", test_old_schema);
  TEST_F ("/search/async", test_async);
  TEST_F ("/search/async-error", test_async_error);

  return g_test_run ();
}
