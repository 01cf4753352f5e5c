/* cg-store-search.c: searching the cached places by name, address and licence number
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cg-store-private.h"

/* How it works (the index itself is described at migration_4 in cg-store-migrations.c)
 * - Text is folded the same way for the index and for queries: ASCII letters lower-cased,
 *   full-width forms (ＫＴＶ, ０１２) folded to ASCII, other letters lower-cased, and
 *   punctuation, symbols and spaces split the text into runs.
 * - A query is one or more runs (words). One word is searched group by group, best group
 *   first: exact name, name prefix, name substring, licence prefix, address, licence
 *   substring; several words must all be found (first all in the name, then anywhere).
 * - Each group reads at most GROUP_CANDIDATES index entries (in rowid order, which FTS5
 *   gives without sorting), sorts those by name length and keeps what the limit leaves
 *   room for. So a query costs a bounded amount of work however many places match:
 *   a one-character query matching half the city still answers in a few milliseconds,
 *   and within a group of more than GROUP_CANDIDATES matches the order is "short names
 *   among the first ones", which typing one more character refines. */

#define DEFAULT_LIMIT     50
#define GROUP_CANDIDATES  500
#define PROGRESS_OPS      1000   /* VM steps between cancellation checks */

static const char search_insert_sql[] =
  "INSERT INTO place_search (rowid, name, address, licence) VALUES (?1, ?2, ?3, ?4)";

static const char search_delete_sql[] =
  "INSERT INTO place_search (place_search, rowid, name, address, licence)\n"
  "VALUES ('delete', ?1, ?2, ?3, ?4)";

static const char search_match_sql[] =
  "SELECT rowid FROM place_search WHERE place_search MATCH ?1 LIMIT ?2";

#define HIT_SELECT(t) \
  "SELECT id, name, address, licence_no, street_name, category, risk, lon, lat\n" \
  "FROM " t " WHERE pk = ?1"

static const char *hit_sql[3] = {
  HIT_SELECT ("merchants"), HIT_SELECT ("sites"), HIT_SELECT ("enforcement_points"),
};

void
cg_search_hit_free (CgSearchHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->id);
  g_free (hit->name);
  g_free (hit->address);
  g_free (hit->licence_no);
  g_free (hit->street_name);
  g_free (hit->category);
  g_free (hit);
}

/* ---- folding and grams ---------------------------------------------------------- */

/* The character as indexed, or 0 for a separator. */
static gunichar
fold_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) ? (gunichar) g_ascii_tolower (c) : 0;
  if (c >= 0xFF01 && c <= 0xFF5E)           /* full-width ASCII */
    return fold_char (c - 0xFEE0);
  if (g_unichar_isspace (c) || g_unichar_ispunct (c) || !g_unichar_isgraph (c))
    return 0;
  return g_unichar_tolower (c);
}

static GPtrArray *split_runs (const char *text);

static const char *
valid_utf8 (const char  *text,
            char       **copy)
{
  if (g_utf8_validate (text, -1, NULL))
    return text;
  *copy = g_utf8_make_valid (text, -1);
  return *copy;
}

/* Markers (private-use characters) in front of tokens:
 * - Address and licence tokens carry their field's marker, so a token common in one
 *   field (the district's 普陀 in every address, 92310107MA in every licence) does not
 *   lengthen the doclists of another field's queries: FTS5 keeps one doclist per token
 *   for all columns and applies column filters row by row. Measured on 200,000
 *   merchants: licence-prefix queries 51 ms median, 192 ms worst without them.
 * - The first token of a name and of a licence carries a "start" marker instead, so
 *   "starts with" is the phrase beginning with that token, whose doclist holds only the
 *   places starting that way. FTS5's "^" (phrase at the first position) instead reads
 *   the doclists of every place containing the tokens: 30 ms for the licence prefix
 *   310107, which every licence contains and none starts with. A substring may begin at
 *   the first token: the "contains" query is (phrase OR start-phrase). */
static const gunichar field_marker[CG_SEARCH_N_FIELDS] = { 0, 0xE001, 0xE002 };
static const gunichar start_marker[CG_SEARCH_N_FIELDS] = { 0xE003, 0, 0xE004 };

/* Licence prefixes: a licence's first run also gives one token per prefix of 10 to 12
 * characters (U+E005 + the prefix), after its bigrams. Every licence of a district shares
 * its first ten characters (92310107MA...), and the phrase of those bigrams plus a rare
 * tail read 200,000-entry doclists: 15-25 ms for a pasted licence number. A prefix query
 * of 10 to 12 characters is now one exact token; a longer one is that token for its
 * first 12 characters (about 200 licences share them) AND the phrase, which then reads
 * little; a shorter one stays the phrase: such prefixes are shared by many licences, and
 * the phrase stops at the first GROUP_CANDIDATES. Only 10 to 12: the prefixes stay
 * shared by many licences, so they add postings but few distinct terms (all of 4 to 18
 * made the index 1.6 times as big; 4 to 12 cost 1.2 us more per place than 10 to 12). */
#define LICENCE_PREFIX_MARKER 0xE005
#define LICENCE_PREFIX_MIN    10
#define LICENCE_PREFIX_MAX    12

static void
append_token_start (GString       *out,
                    CgSearchField  field,
                    gboolean       first)
{
  gunichar marker = first && start_marker[field] != 0 ? start_marker[field]
                                                      : field_marker[field];

  if (marker != 0)
    g_string_append_unichar (out, marker);
}

char *
_cg_search_grams (const char    *text,
                  CgSearchField  field)
{
  g_autofree char *copy = NULL;
  GString *out;
  gunichar prev = 0;
  gboolean first = TRUE;

  g_return_val_if_fail (field < CG_SEARCH_N_FIELDS, NULL);

  if (text == NULL)
    return NULL;

  text = valid_utf8 (text, &copy);
  out = g_string_sized_new (strlen (text) * 3);
  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? fold_char (g_utf8_get_char (p)) : 0;

      if (prev != 0)
        {
          /* a bigram inside a run; the run's last character on its own */
          append_token_start (out, field, first);
          first = FALSE;
          g_string_append_unichar (out, prev);
          if (c != 0)
            g_string_append_unichar (out, c);
          g_string_append_c (out, ' ');
        }
      prev = c;
      if (*p == '\0')
        break;
    }

  if (field == CG_SEARCH_FIELD_LICENCE)
    {
      g_autoptr(GPtrArray) runs = split_runs (text);
      GArray *run = runs->len > 0 ? g_ptr_array_index (runs, 0) : NULL;

      for (guint n = LICENCE_PREFIX_MIN; run != NULL && n <= MIN (run->len, LICENCE_PREFIX_MAX); n++)
        {
          g_string_append_unichar (out, LICENCE_PREFIX_MARKER);
          for (guint i = 0; i < n; i++)
            g_string_append_unichar (out, g_array_index (run, gunichar, i));
          g_string_append_c (out, ' ');
        }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* The runs of @text: GPtrArray of GArray of gunichar */
static GPtrArray *
split_runs (const char *text)
{
  g_autofree char *copy = NULL;
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GArray *run = NULL;

  text = valid_utf8 (text, &copy);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = fold_char (g_utf8_get_char (p));

      if (c == 0)
        {
          run = NULL;
          continue;
        }
      if (run == NULL)
        {
          run = g_array_new (FALSE, FALSE, sizeof (gunichar));
          g_ptr_array_add (runs, run);
        }
      g_array_append_val (run, c);
    }
  return runs;
}

/* The runs joined by single spaces: "老王 面馆" for "老王（面馆）"; "" for no runs */
static char *
fold_text (const char *text)
{
  g_autoptr(GPtrArray) runs = NULL;
  GString *out = g_string_new (NULL);

  if (text == NULL)
    return g_string_free (out, FALSE);

  runs = split_runs (text);
  for (guint i = 0; i < runs->len; i++)
    {
      GArray *run = g_ptr_array_index (runs, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      for (guint j = 0; j < run->len; j++)
        g_string_append_unichar (out, g_array_index (run, gunichar, j));
    }
  return g_string_free (out, FALSE);
}

gboolean
cg_search_find_match (const char *text,
                      const char *query,
                      gsize      *start,
                      gsize      *end)
{
  g_autoptr(GPtrArray) runs = NULL;
  GArray *word;

  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (text == NULL || query == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  runs = split_runs (query);
  if (runs->len == 0)
    return FALSE;
  word = g_ptr_array_index (runs, 0);

  for (const char *from = text; *from != '\0'; from = g_utf8_next_char (from))
    {
      const char *p = from;
      guint i = 0;

      while (i < word->len && *p != '\0' &&
             fold_char (g_utf8_get_char (p)) == g_array_index (word, gunichar, i))
        {
          p = g_utf8_next_char (p);
          i++;
        }
      if (i == word->len)
        {
          *start = from - text;
          *end = p - text;
          return TRUE;
        }
    }
  return FALSE;
}

static void
search_grams_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  int field = sqlite3_value_int (argv[1]);
  char *grams;

  if (field < 0 || field >= CG_SEARCH_N_FIELDS)
    {
      sqlite3_result_error (context, "cg_search_grams: no such field", -1);
      return;
    }
  grams = _cg_search_grams (text, field);

  if (grams == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, grams, -1, g_free);
}

gboolean
_cg_search_register (sqlite3 *db)
{
  return sqlite3_create_function_v2 (db, "cg_search_grams", 2,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     NULL, search_grams_func, NULL, NULL, NULL) == SQLITE_OK;
}

/* ---- keeping the index in step ---------------------------------------------------- */

static gboolean
write_entry (CgStore     *self,
             const char  *sql,
             gint64       rowid,
             const char  *name,
             const char  *address,
             const char  *licence,
             GError     **error)
{
  sqlite3_stmt *stmt = _cg_store_get_stmt (self, sql, error);
  char *grams[3];
  int rc;

  if (stmt == NULL)
    return FALSE;

  grams[0] = _cg_search_grams (name, CG_SEARCH_FIELD_NAME);
  grams[1] = _cg_search_grams (address, CG_SEARCH_FIELD_ADDRESS);
  grams[2] = _cg_search_grams (licence, CG_SEARCH_FIELD_LICENCE);
  sqlite3_bind_int64 (stmt, 1, rowid);
  for (int i = 0; i < 3; i++)
    {
      if (grams[i] == NULL)
        sqlite3_bind_null (stmt, i + 2);
      else
        sqlite3_bind_text (stmt, i + 2, grams[i], -1, g_free);
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _cg_store_set_sql_error (self, rc, _("updating the search index"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cg_search_index_place (CgStore       *self,
                        CgCollection   collection,
                        gint64         pk,
                        const char   **old,
                        const CgPlace *new_place,
                        GError       **error)
{
  gint64 rowid = CG_SEARCH_ROWID (collection, pk);

  g_assert (cg_collection_is_place (collection));

  if (old != NULL && new_place != NULL &&
      g_strcmp0 (old[0], new_place->name) == 0 &&
      g_strcmp0 (old[1], new_place->address) == 0 &&
      g_strcmp0 (old[2], new_place->licence_no) == 0)
    return TRUE;   /* a re-grade or a move: the indexed text is the same */

  /* contentless FTS5: an entry is deleted with exactly the text it was indexed with */
  if (old != NULL &&
      !write_entry (self, search_delete_sql, rowid, old[0], old[1], old[2], error))
    return FALSE;

  if (new_place != NULL &&
      !write_entry (self, search_insert_sql, rowid, new_place->name, new_place->address,
                    new_place->licence_no, error))
    return FALSE;

  return TRUE;
}

/* ---- queries ---------------------------------------------------------------------- */

static void
append_run (GString *out,
            GArray  *run,
            guint    from,
            guint    n)
{
  for (guint i = from; i < from + n; i++)
    g_string_append_unichar (out, g_array_index (run, gunichar, i));
}

static const char *column_filter[CG_SEARCH_N_FIELDS] = {
  "{name} : ", "{address} : ", "{licence} : ",
};

/* The FTS5 phrase of the run's bigrams at consecutive positions, or for one character a
 * prefix query (any bigram starting with it, or a run-final character). @first: the
 * phrase starts at the field's first token (start marker). */
static void
append_phrase (GString       *out,
               GArray        *run,
               CgSearchField  field,
               gboolean       first)
{
  g_string_append (out, column_filter[field]);
  g_string_append_c (out, '"');
  if (run->len == 1)
    {
      append_token_start (out, field, first);
      append_run (out, run, 0, 1);
      g_string_append (out, "\" *");
      return;
    }
  for (guint i = 0; i + 1 < run->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      append_token_start (out, field, first && i == 0);
      append_run (out, run, i, 2);
    }
  g_string_append_c (out, '"');
}

/* "The field contains the run": anywhere, or from its first token */
static void
append_contains (GString       *out,
                 GArray        *run,
                 CgSearchField  field)
{
  if (start_marker[field] == 0)
    {
      append_phrase (out, run, field, FALSE);
      return;
    }
  g_string_append_c (out, '(');
  append_phrase (out, run, field, FALSE);
  g_string_append (out, " OR ");
  append_phrase (out, run, field, TRUE);
  g_string_append_c (out, ')');
}

/* "The licence starts with the run" */
static void
append_licence_prefix (GString *out,
                       GArray  *run)
{
  if (run->len < LICENCE_PREFIX_MIN)
    {
      append_phrase (out, run, CG_SEARCH_FIELD_LICENCE, TRUE);
      return;
    }
  g_string_append (out, column_filter[CG_SEARCH_FIELD_LICENCE]);
  g_string_append_c (out, '"');
  g_string_append_unichar (out, LICENCE_PREFIX_MARKER);
  append_run (out, run, 0, MIN (run->len, LICENCE_PREFIX_MAX));
  g_string_append_c (out, '"');
  if (run->len > LICENCE_PREFIX_MAX)
    {
      g_string_append (out, " AND ");
      append_phrase (out, run, CG_SEARCH_FIELD_LICENCE, TRUE);
    }
}

/* "The name's first run is the run": its bigrams and its final character from the start */
static void
append_whole_run (GString *out,
                  GArray  *run)
{
  g_string_append (out, column_filter[CG_SEARCH_FIELD_NAME]);
  g_string_append_c (out, '"');
  for (guint i = 0; i < run->len; i++)
    {
      append_token_start (out, CG_SEARCH_FIELD_NAME, i == 0);
      append_run (out, run, i, i + 1 < run->len ? 2 : 1);
      if (i + 1 < run->len)
        g_string_append_c (out, ' ');
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  char          *match;   /* FTS5 query */
  CgSearchMatch  kind;
} Group;

static void
group_clear (Group *group)
{
  g_free (group->match);
}

static void
add_group (GArray        *groups,
           CgSearchMatch  kind,
           GString       *expr)
{
  Group group = { g_strdup (expr->str), kind };

  g_array_append_val (groups, group);
  g_string_truncate (expr, 0);
}

static GArray *
make_groups (GPtrArray *runs)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));
  g_autoptr(GString) expr = g_string_new (NULL);

  g_array_set_clear_func (groups, (GDestroyNotify) group_clear);

  if (runs->len == 1)
    {
      GArray *run = g_ptr_array_index (runs, 0);

      append_whole_run (expr, run);
      add_group (groups, CG_SEARCH_MATCH_NAME_EXACT, expr);
      append_phrase (expr, run, CG_SEARCH_FIELD_NAME, TRUE);
      add_group (groups, CG_SEARCH_MATCH_NAME_PREFIX, expr);
      append_contains (expr, run, CG_SEARCH_FIELD_NAME);
      add_group (groups, CG_SEARCH_MATCH_NAME, expr);
      append_licence_prefix (expr, run);
      add_group (groups, CG_SEARCH_MATCH_LICENCE_PREFIX, expr);
      append_contains (expr, run, CG_SEARCH_FIELD_ADDRESS);
      add_group (groups, CG_SEARCH_MATCH_ADDRESS, expr);
      append_contains (expr, run, CG_SEARCH_FIELD_LICENCE);
      add_group (groups, CG_SEARCH_MATCH_LICENCE, expr);
    }
  else
    {
      /* every word in the name; then every word in any of the three */
      for (guint i = 0; i < runs->len; i++)
        {
          if (i > 0)
            g_string_append (expr, " AND ");
          append_contains (expr, g_ptr_array_index (runs, i), CG_SEARCH_FIELD_NAME);
        }
      add_group (groups, CG_SEARCH_MATCH_NAME, expr);
      for (guint i = 0; i < runs->len; i++)
        {
          g_string_append (expr, i > 0 ? " AND (" : "(");
          for (CgSearchField field = 0; field < CG_SEARCH_N_FIELDS; field++)
            {
              if (field > 0)
                g_string_append (expr, " OR ");
              append_contains (expr, g_ptr_array_index (runs, i), field);
            }
          g_string_append_c (expr, ')');
        }
      add_group (groups, CG_SEARCH_MATCH_ANY, expr);
    }
  return groups;
}

static int
on_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (user_data)) ? 1 : 0;
}

static gboolean
check_rc (CgStore       *self,
          GCancellable  *cancellable,
          int            rc,
          GError       **error)
{
  if (rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_OK)
    return TRUE;
  if ((rc & 0xff) == SQLITE_INTERRUPT && g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Search cancelled"));
  else
    _cg_store_set_sql_error (self, rc, _("searching"), error);
  return FALSE;
}

static CgSearchHit *
read_hit (CgStore       *self,
          gint64         rowid,
          GCancellable  *cancellable,
          GError       **error)
{
  CgCollection collection = (CgCollection) (rowid % 4);
  sqlite3_stmt *stmt;
  CgSearchHit *hit = NULL;
  int rc;

  if (collection > CG_COLLECTION_POINTS)
    return NULL;
  stmt = _cg_store_get_stmt (self, hit_sql[collection], error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, rowid / 4);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      hit = g_new0 (CgSearchHit, 1);
      hit->collection = collection;
      hit->rowid = rowid / 4;
      hit->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      hit->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->address = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      hit->licence_no = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      hit->street_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      hit->category = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      hit->risk = CLAMP (sqlite3_column_int (stmt, 6), CG_RISK_UNKNOWN, CG_RISK_HIGH);
      hit->lon = sqlite3_column_double (stmt, 7);
      hit->lat = sqlite3_column_double (stmt, 8);
    }
  sqlite3_reset (stmt);
  if (!check_rc (self, cancellable, rc, error))
    g_clear_pointer (&hit, cg_search_hit_free);
  else if (hit == NULL)
    g_warning ("The search index has an entry %" G_GINT64_FORMAT " without a place", rowid);
  return hit;
}

typedef struct
{
  CgSearchHit *hit;
  glong        length;   /* of the name, in characters */
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;
  int cmp;

  if (ra->length != rb->length)
    return ra->length < rb->length ? -1 : 1;
  cmp = g_strcmp0 (ra->hit->name, rb->hit->name);
  if (cmp != 0)
    return cmp;
  if (ra->hit->collection != rb->hit->collection)
    return ra->hit->collection < rb->hit->collection ? -1 : 1;
  return ra->hit->rowid < rb->hit->rowid ? -1 : ra->hit->rowid > rb->hit->rowid;
}

/* Runs one group and appends its best hits to @results, up to @limit in all. */
static gboolean
run_group (CgStore       *self,
           const Group   *group,
           const char    *folded_query,
           GHashTable    *seen,
           GPtrArray     *results,
           guint          limit,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  sqlite3_stmt *stmt = _cg_store_get_stmt (self, search_match_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, group->match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, GROUP_CANDIDATES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      if (!g_hash_table_contains (seen, &rowid))
        g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (!check_rc (self, cancellable, rc, error))
    return FALSE;

  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);
      g_autoptr(GError) local_error = NULL;
      Ranked r;

      r.hit = read_hit (self, rowid, cancellable, &local_error);
      if (local_error != NULL)
        {
          for (guint j = 0; j < ranked->len; j++)
            cg_search_hit_free (g_array_index (ranked, Ranked, j).hit);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (r.hit == NULL)
        continue;

      r.hit->match = group->kind;
      if (group->kind == CG_SEARCH_MATCH_NAME_EXACT)
        {
          g_autofree char *folded = fold_text (r.hit->name);

          /* the first run matched; a name of several runs is a prefix match */
          if (g_strcmp0 (folded, folded_query) != 0)
            {
              cg_search_hit_free (r.hit);
              continue;
            }
        }
      r.length = r.hit->name ? g_utf8_strlen (r.hit->name, -1) : 0;
      g_array_append_val (ranked, r);
    }

  g_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len; i++)
    {
      CgSearchHit *hit = g_array_index (ranked, Ranked, i).hit;

      if (results->len < limit)
        {
          gint64 *key = g_new (gint64, 1);

          *key = CG_SEARCH_ROWID (hit->collection, hit->rowid);
          g_hash_table_add (seen, key);
          g_ptr_array_add (results, hit);
        }
      else
        cg_search_hit_free (hit);
    }
  return TRUE;
}

GPtrArray *
cg_store_search (CgStore       *self,
                 const char    *query,
                 guint          limit,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *folded_query = NULL;
  sqlite3 *db;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = TRUE;
  gboolean licence_prefix_found = FALSE;
  int rc;

  g_return_val_if_fail (CG_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limit == 0)
    limit = DEFAULT_LIMIT;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_search_hit_free);
  runs = split_runs (query);
  if (runs->len == 0)
    return g_steal_pointer (&results);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (cg_store_get_schema_version (self) < 4)
    {
      g_set_error (error, CG_STORE_ERROR, CG_STORE_ERROR_SQL,
                   _("The cache “%s” has no search index (schema %d)"),
                   cg_store_get_path (self), cg_store_get_schema_version (self));
      return NULL;
    }

  folded_query = fold_text (query);
  groups = make_groups (runs);
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  db = _cg_store_get_db (self);

  /* one read transaction: every group sees the same snapshot */
  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _cg_store_set_sql_error (self, rc, _("searching"), error);
      return NULL;
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, PROGRESS_OPS, on_progress_cb, cancellable);

  for (guint i = 0; ok && i < groups->len && results->len < limit; i++)
    {
      const Group *group = &g_array_index (groups, Group, i);
      guint before = results->len;

      /* A licence prefix of ten or more characters that found licences: what else
       * contains it is the rest of those numbers, and that phrase (with the bigrams every
       * licence shares) is the one slow query left, 30-45 ms for a pasted number. */
      if (group->kind == CG_SEARCH_MATCH_LICENCE && licence_prefix_found)
        continue;

      ok = run_group (self, group, folded_query, seen, results, limit, cancellable, error);
      if (group->kind == CG_SEARCH_MATCH_LICENCE_PREFIX && results->len > before &&
          ((GArray *) g_ptr_array_index (runs, 0))->len >= LICENCE_PREFIX_MIN)
        licence_prefix_found = TRUE;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  rc = sqlite3_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (ok && rc != SQLITE_OK)
    {
      _cg_store_set_sql_error (self, rc, _("searching"), error);
      ok = FALSE;
    }
  if (!ok)
    return NULL;

  g_debug ("Search “%s”: %u hits in %.2f ms", query, results->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return g_steal_pointer (&results);
}
