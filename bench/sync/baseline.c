/* baseline.c: the raw baseline of bench/sync
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fetches the same pages chengguan-cli fetches (GET api/v1/<collection>?since=&limit=),
 * parses them with json-glib, and inserts the features with one bare prepared statement
 * in ONE transaction: no validation, no R*Tree, no sync bookkeeping. The time it takes is
 * what "within 2x the raw baseline" is measured against.
 *
 *   baseline URL DB PAGE_SIZE [COLLECTION...]   (default: merchants sites enforcement-points)
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <stdlib.h>

static double
now_s (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

static void
die (const char *what,
     const char *detail)
{
  g_printerr ("baseline: %s: %s\n", what, detail);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = NULL;
  const char *url, *db_path;
  const char *default_collections[] = { "merchants", "sites", "enforcement-points", NULL };
  const char **collections;
  guint page_size;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double t_transfer = 0, t_parse = 0, t_insert = 0, start;
  gint64 bytes = 0, records = 0, pages = 0;

  if (argc < 4)
    {
      g_printerr ("usage: baseline URL DB PAGE_SIZE [COLLECTION...]\n");
      return 2;
    }
  url = argv[1];
  db_path = argv[2];
  page_size = (guint) atoi (argv[3]);
  collections = argc > 4 ? (const char **) argv + 4 : default_collections;

  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    die ("sqlite3_open", sqlite3_errmsg (db));
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                "CREATE TABLE IF NOT EXISTS places (collection TEXT, id TEXT, lon REAL, lat REAL,"
                " name TEXT, address TEXT, street_code TEXT, street_name TEXT, category TEXT,"
                " risk_level TEXT, licence_no TEXT, updated_at TEXT, PRIMARY KEY (collection, id));",
                NULL, NULL, NULL);
  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    die ("prepare", sqlite3_errmsg (db));

  session = soup_session_new_with_options ("timeout", 60, NULL);

  start = now_s ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  for (guint c = 0; collections[c] != NULL; c++)
    {
      g_autofree char *since = NULL;
      gboolean more = TRUE;

      while (more)
        {
          g_autoptr(SoupMessage) msg = NULL;
          g_autoptr(GBytes) body = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          g_autofree char *page_url = NULL;
          JsonObject *root;
          JsonArray *features;
          double t;

          if (since != NULL)
            page_url = g_strdup_printf ("%sapi/v1/%s?since=%s&limit=%u", url, collections[c], since, page_size);
          else
            page_url = g_strdup_printf ("%sapi/v1/%s?limit=%u", url, collections[c], page_size);

          t = now_s ();
          msg = soup_message_new ("GET", page_url);
          body = soup_session_send_and_read (session, msg, NULL, &error);
          if (body == NULL)
            die (page_url, error->message);
          if (soup_message_get_status (msg) != 200)
            die (page_url, "HTTP status not 200");
          t_transfer += now_s () - t;
          bytes += g_bytes_get_size (body);
          pages++;

          t = now_s ();
          if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                           g_bytes_get_size (body), &error))
            die ("json", error->message);
          root = json_node_get_object (json_parser_get_root (parser));
          features = json_object_get_array_member (root, "features");
          more = json_object_get_boolean_member_with_default (root, "more", FALSE);
          g_free (since);
          since = g_strdup (json_object_get_string_member_with_default (root, "cursor", NULL));
          t_parse += now_s () - t;

          for (guint i = 0; i < json_array_get_length (features); i++)
            {
              JsonObject *f = json_array_get_object_element (features, i);
              JsonObject *p = json_object_get_object_member (f, "properties");
              JsonObject *g = json_object_get_object_member (f, "geometry");
              JsonArray *xy = g ? json_object_get_array_member (g, "coordinates") : NULL;
              const char *fields[] = { "name", "address", "street_code", "street_name",
                                       "category", "risk_level", "licence_no", "updated_at" };

              t = now_s ();
              sqlite3_bind_text (stmt, 1, collections[c], -1, SQLITE_STATIC);
              sqlite3_bind_text (stmt, 2, json_object_get_string_member_with_default (f, "id", ""),
                                 -1, SQLITE_TRANSIENT);
              if (xy != NULL && json_array_get_length (xy) >= 2)
                {
                  sqlite3_bind_double (stmt, 3, json_array_get_double_element (xy, 0));
                  sqlite3_bind_double (stmt, 4, json_array_get_double_element (xy, 1));
                }
              else
                {
                  sqlite3_bind_null (stmt, 3);
                  sqlite3_bind_null (stmt, 4);
                }
              for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
                sqlite3_bind_text (stmt, 5 + k,
                                   p ? json_object_get_string_member_with_default (p, fields[k], NULL) : NULL,
                                   -1, SQLITE_TRANSIENT);
              if (sqlite3_step (stmt) != SQLITE_DONE)
                die ("insert", sqlite3_errmsg (db));
              sqlite3_reset (stmt);
              t_insert += now_s () - t;
              records++;
            }
        }
    }

  {
    double t = now_s ();

    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    t_insert += now_s () - t;
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* parse includes field extraction except what the insert loop reads */
  g_print ("records=%" G_GINT64_FORMAT " pages=%" G_GINT64_FORMAT " bytes=%" G_GINT64_FORMAT
           " wall=%.3f transfer=%.3f parse=%.3f insert=%.3f\n",
           records, pages, bytes, now_s () - start, t_transfer, t_parse, t_insert);

  return 0;
}
