/* cg-store-migrations.c: the cache schema, one step per version
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include "cg-store-private.h"

/* Rules for this file:
 * - Never edit a step that has shipped: add a new one and bump CG_STORE_SCHEMA_VERSION.
 * - Each step runs in one transaction (BEGIN IMMEDIATE ... COMMIT) together with the
 *   PRAGMA user_version at its end, so a crash leaves the previous version intact.
 * - The three place tables share one column layout (cg-store.c relies on it). */

#define PLACE_TABLE(t) \
  "CREATE TABLE " t " (\n" \
  "  pk          INTEGER PRIMARY KEY,\n" \
  "  id          TEXT NOT NULL UNIQUE CHECK (id <> ''),\n" \
  "  lon         REAL NOT NULL,\n" \
  "  lat         REAL NOT NULL,\n" \
  "  name        TEXT,\n" \
  "  address     TEXT,\n" \
  "  street_code TEXT,\n" \
  "  street_name TEXT,\n" \
  "  category    TEXT,\n" \
  "  risk        INTEGER NOT NULL DEFAULT 0 CHECK (risk BETWEEN 0 AND 3),\n" \
  "  licence_no  TEXT,\n" \
  "  updated_at  INTEGER NOT NULL DEFAULT 0,\n" \
  "  stage       TEXT,\n" \
  "  noise_db    REAL,\n" \
  "  pm10        REAL,\n" \
  "  has_camera  INTEGER NOT NULL DEFAULT 0 CHECK (has_camera IN (0, 1)),\n" \
  "  scenario    TEXT,\n" \
  "  status      TEXT\n" \
  ");\n"

/* An R*Tree over a place table. Measured (200,000 merchants, pages of 5000): keeping the
 * tree in step row by row (a trigger doing the R*Tree insert) made the inserts 8.5x slower
 * (0.36 s -> 3.1 s; upserts that move every point 0.42 s -> 5.2 s), and a trigger queueing
 * rows in a side table still doubled the cost. So: the column in_rtree says whether the
 * row's current position is in the tree; the upsert resets it when lon/lat change, a partial
 * index finds the rows still to index, and cg-store.c moves them into the tree in bounded
 * batches inside page transactions and in cg_store_update_spatial_index(). Bbox queries read
 * tree (rows with in_rtree = 1) + queue (in_rtree = 0), so they are exact at every moment.
 * Deletes go to the tree directly. Existing rows start as in_rtree = 0. */
#define PLACE_RTREE(t) \
  "CREATE VIRTUAL TABLE " t "_rtree USING rtree (pk, min_lon, max_lon, min_lat, max_lat);\n" \
  "ALTER TABLE " t " ADD COLUMN in_rtree INTEGER NOT NULL DEFAULT 0;\n" \
  "CREATE INDEX " t "_rtree_queue ON " t " (pk) WHERE in_rtree = 0;\n" \
  "CREATE TRIGGER " t "_rtree_delete AFTER DELETE ON " t " BEGIN\n" \
  "  DELETE FROM " t "_rtree WHERE pk = old.pk;\n" \
  "END;\n"

/* v1: the map objects and the sync bookkeeping */
static const char migration_1[] =
  PLACE_TABLE ("merchants")
  PLACE_TABLE ("sites")
  PLACE_TABLE ("enforcement_points")
  "CREATE TABLE sync_state (\n"
  "  collection   TEXT PRIMARY KEY,\n"
  "  cursor       TEXT,\n"
  "  etag         TEXT,\n"
  "  last_success INTEGER NOT NULL DEFAULT 0,\n"
  "  last_attempt INTEGER NOT NULL DEFAULT 0,\n"
  "  last_error   TEXT,\n"
  "  n_skipped    INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "PRAGMA user_version = 1;\n";

/* v2: inspections, cases and officers */
static const char migration_2[] =
  "CREATE TABLE inspections (\n"
  "  pk           INTEGER PRIMARY KEY,\n"
  "  id           TEXT NOT NULL UNIQUE CHECK (id <> ''),\n"
  "  target_type  TEXT,\n"
  "  target_id    TEXT,\n"
  "  officer_id   TEXT,\n"
  "  inspected_at INTEGER NOT NULL,\n"
  "  kind         TEXT,\n"
  "  result       TEXT,\n"
  "  street_code  TEXT,\n"
  "  updated_at   INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE cases (\n"
  "  pk            INTEGER PRIMARY KEY,\n"
  "  id            TEXT NOT NULL UNIQUE CHECK (id <> ''),\n"
  "  case_no       TEXT,\n"
  "  type          TEXT,\n"
  "  cause         TEXT,\n"
  "  procedure     TEXT,\n"
  "  stage         TEXT,\n"
  "  filed_at      INTEGER NOT NULL,\n"
  "  due_at        INTEGER NOT NULL DEFAULT 0,\n"
  "  closed_at     INTEGER NOT NULL DEFAULT 0,\n"
  "  fine          REAL NOT NULL DEFAULT 0,\n"
  "  exempt        INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),\n"
  "  non_site      INTEGER NOT NULL DEFAULT 0 CHECK (non_site IN (0, 1)),\n"
  "  street_code   TEXT,\n"
  "  lon           REAL,\n"
  "  lat           REAL,\n"
  "  officer_id    TEXT,\n"
  "  target_id     TEXT,\n"
  "  published_at  INTEGER NOT NULL DEFAULT 0,\n"
  "  discovered_at INTEGER NOT NULL DEFAULT 0,\n"
  "  reviewed_at   INTEGER NOT NULL DEFAULT 0,\n"
  "  executed_at   INTEGER NOT NULL DEFAULT 0,\n"
  "  updated_at    INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE TABLE officers (\n"
  "  pk                INTEGER PRIMARY KEY,\n"
  "  id                TEXT NOT NULL UNIQUE CHECK (id <> ''),\n"
  "  name              TEXT,\n"
  "  squad_id          TEXT,\n"
  "  squad_name        TEXT,\n"
  "  street_code       TEXT,\n"
  "  role              TEXT,\n"
  "  traccar_device_id INTEGER,\n"
  "  updated_at        INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "PRAGMA user_version = 2;\n";

/* v3: complaints, R*Tree location indexes, the dashboards' indexes.
 * Plain indexes measured on 200,000 cases in pages of 5000 (insert time; query):
 *   none                     0.48 s; "this week by street" full scan 17 ms, by target 20 ms
 *   (filed_at)               0.83 s; this week 4 ms           (keys arrive in order: cheap)
 *   (street_code, filed_at)  1.21 s; this week 8 ms           -> dropped for (filed_at)
 *   (target_id, filed_at)    2.66 s; one target 0.01 ms
 *   (matter_id)              1.56 s; one matter 0.01 ms       -> dropped (x_repeat_count is
 *                                                                 on the wire; GROUP BY scans)
 *   (stage)                  0.72 s; no query gains           -> dropped
 * Kept: inspections (target_id, inspected_at) for "last inspection of this merchant" on
 * the UI thread (a scan is a frame or more); cases (filed_at) and complaints (requested_at)
 * for period dashboards, both nearly append-only. */
static const char migration_3[] =
  "CREATE TABLE complaints (\n"
  "  pk                 INTEGER PRIMARY KEY,\n"
  "  id                 TEXT NOT NULL UNIQUE CHECK (id <> ''),\n"
  "  service_code       TEXT,\n"
  "  service_name       TEXT,\n"
  "  description        TEXT,\n"
  "  status             TEXT,\n"
  "  status_notes       TEXT,\n"
  "  agency_responsible TEXT,\n"
  "  requested_at       INTEGER NOT NULL,\n"
  "  updated_at         INTEGER NOT NULL DEFAULT 0,\n"
  "  expected_at        INTEGER NOT NULL DEFAULT 0,\n"
  "  address            TEXT,\n"
  "  lon                REAL,\n"
  "  lat                REAL,\n"
  "  street_code        TEXT,\n"
  "  matter_id          TEXT,\n"
  "  repeat_count       INTEGER NOT NULL DEFAULT 1,\n"
  "  satisfaction       INTEGER NOT NULL DEFAULT -1 CHECK (satisfaction BETWEEN -1 AND 2),\n"
  "  deadline_at        INTEGER NOT NULL DEFAULT 0,\n"
  "  responded_at       INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  PLACE_RTREE ("merchants")
  PLACE_RTREE ("sites")
  PLACE_RTREE ("enforcement_points")
  "CREATE INDEX inspections_target ON inspections (target_id, inspected_at);\n"
  "CREATE INDEX cases_filed ON cases (filed_at);\n"
  "CREATE INDEX complaints_requested ON complaints (requested_at);\n"
  "PRAGMA user_version = 3;\n";

/* v4: the search index over the places' name, address and licence number.
 * One contentless FTS5 table for the three place tables (rowid = pk * 4 + collection, see
 * CG_SEARCH_ROWID) whose columns hold the bigrams of each run of letters and digits plus
 * the run's last character ("兰州拉面馆" -> "兰州 州拉 拉面 面馆 馆", made in C by
 * cg_search_grams(), tokenised by the 'ascii' tokenizer, which splits at the spaces).
 * A query of n >= 2 characters is the phrase of its n-1 bigrams (consecutive positions =
 * a substring), one character is the prefix query c*. FTS5's trigram tokenizer (SQLite
 * 3.34+) cannot answer the 1- and 2-character queries that are the common case in
 * Chinese; a bigram index answers every length with one index and no LIKE scan (a LIKE
 * over name, address and licence of 200,000 merchants takes 25-37 ms).
 * Marker characters keep each field's tokens apart, mark the first token of a name and
 * of a licence (prefix queries) and add licence prefixes as tokens: why, with figures, in
 * cg-store-search.c. detail=full (positions) is needed for phrases; contentless because
 * the text is in the place tables: cg-store.c deletes old entries with the 'delete'
 * command and the old values it reads before each write.
 * columnsize=0: no per-row sizes (they serve bm25 ranking, unused here): 4% of the cost.
 * automerge 16 (default 4): each page's commit writes a segment, and merging them 4 by 4
 * cost more than the inserts: on 200,000 merchants in pages of 2000 the index added
 * 2.4 s to the writes with 4, 1.5 s with 16; queries were as fast.
 * crisismerge 64 (default 16): with 16 every 16th small page (an incremental sync) paid
 * one merge of the small segments into the big ones, about 0.45 s of CPU; with 64 the
 * merging is spread (40 pages of ~1000 changes: worst 0.12 s instead of 0.5 s, all
 * together 3.3 s instead of 3.6 s); queries stay under 15 ms of CPU.
 * Costs measured in bench/README.md (bench/search). */
static const char migration_4[] =
  "CREATE VIRTUAL TABLE place_search USING fts5 (name, address, licence,\n"
  "  content = '', tokenize = 'ascii', detail = full, columnsize = 0);\n"
  "INSERT INTO place_search (place_search, rank) VALUES ('automerge', 16);\n"
  "INSERT INTO place_search (place_search, rank) VALUES ('crisismerge', 64);\n"
  "INSERT INTO place_search (rowid, name, address, licence)\n"
  "  SELECT pk * 4 + 0, cg_search_grams (name, 0), cg_search_grams (address, 1),\n"
  "         cg_search_grams (licence_no, 2) FROM merchants;\n"
  "INSERT INTO place_search (rowid, name, address, licence)\n"
  "  SELECT pk * 4 + 1, cg_search_grams (name, 0), cg_search_grams (address, 1),\n"
  "         cg_search_grams (licence_no, 2) FROM sites;\n"
  "INSERT INTO place_search (rowid, name, address, licence)\n"
  "  SELECT pk * 4 + 2, cg_search_grams (name, 0), cg_search_grams (address, 1),\n"
  "         cg_search_grams (licence_no, 2) FROM enforcement_points;\n"
  "PRAGMA user_version = 4;\n";


/* v5: the non-site cases by discovery time, for the dashboards and indicators.
 * Their queries ask "filed in the period OR (non-site AND discovered in the period)";
 * without an index on the second term SQLite scans the whole table. Measured on 1,000,000
 * cases (bench/dashboards), 7 days: 136 ms (SCAN cases) -> 6 ms (MULTI-INDEX OR over
 * cases_filed and this index). Partial: only non-site rows (2% there), so inserts barely
 * pay for it; building it on those 1,000,000 cases took 0.2 s. */
static const char migration_5[] =
  "CREATE INDEX cases_non_site_discovered ON cases (discovered_at) WHERE non_site = 1;\n"
  "PRAGMA user_version = 5;\n";

/* v6: generation numbers of the rows the dashboards read, bumped by triggers on every row
 * written or deleted, in the writer's transaction (a page that rolls back leaves them
 * unchanged): 'register' for merchants, sites and inspections (the inspection register),
 * 'cases' and 'complaints'. The dashboards keep those rows in memory between refreshes and
 * read them again only when the number differs from the one they were read with
 * (bench/dashboards: reading 2,243,946 inspections was 350-600 ms of every refresh, a year
 * of cases or complaints 700-1,000 ms). The first values are random, so a cache deleted
 * and built again does not repeat the numbers of the old one. */
static const char migration_6[] =
  "CREATE TABLE data_generation (\n"
  "  name TEXT PRIMARY KEY,\n"
  "  gen  INTEGER NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "INSERT INTO data_generation (name, gen) VALUES ('register', abs (random () / 2)),"
  " ('cases', abs (random () / 2)), ('complaints', abs (random () / 2));\n"
  "CREATE TRIGGER merchants_gen_i AFTER INSERT ON merchants BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER merchants_gen_u AFTER UPDATE ON merchants BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER merchants_gen_d AFTER DELETE ON merchants BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER sites_gen_i AFTER INSERT ON sites BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER sites_gen_u AFTER UPDATE ON sites BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER sites_gen_d AFTER DELETE ON sites BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER inspections_gen_i AFTER INSERT ON inspections BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER inspections_gen_u AFTER UPDATE ON inspections BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER inspections_gen_d AFTER DELETE ON inspections BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER cases_gen_i AFTER INSERT ON cases BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'cases'; END;\n"
  "CREATE TRIGGER cases_gen_u AFTER UPDATE ON cases BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'cases'; END;\n"
  "CREATE TRIGGER cases_gen_d AFTER DELETE ON cases BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'cases'; END;\n"
  "CREATE TRIGGER complaints_gen_i AFTER INSERT ON complaints BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'complaints'; END;\n"
  "CREATE TRIGGER complaints_gen_u AFTER UPDATE ON complaints BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'complaints'; END;\n"
  "CREATE TRIGGER complaints_gen_d AFTER DELETE ON complaints BEGIN"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'complaints'; END;\n"
  "PRAGMA user_version = 6;\n";

/* v7: the change log of the rows the dashboards keep in memory (cg-store-rows-cache.c):
 * one row per case or complaint written or deleted (collection 1 = cases, 2 = complaints),
 * by triggers in the writer's transaction next to migration 6's (a page that rolls back
 * logs nothing). After a sync page the dashboards read only the rows whose pk was logged
 * after the last change they applied, instead of the whole collection (bench/dashboards:
 * 0.7-1.3 s -> see bench/README.md). Every trigger that bumps a generation logs one row, so
 * a cache checks that the number of logged rows equals the generation's increase; when it
 * does not (the log was pruned past it: cg_store_apply_page() keeps the last
 * CG_STORE_CHANGES_KEPT rows) it reads the collection again.
 * Inspections have their own log, inspection_changes, with the old and new values of the
 * columns the inspection register reads (cg-store-register-cache.c): it applies the
 * differences without reading the rows. Writes to merchants or sites are not logged here
 * (migration 8 logs them). */
static const char migration_7[] =
  "CREATE TABLE data_changes (\n"
  "  seq        INTEGER PRIMARY KEY,\n"
  "  collection INTEGER NOT NULL,\n"
  "  pk         INTEGER NOT NULL\n"
  ");\n"
  "CREATE TRIGGER cases_log_i AFTER INSERT ON cases BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (1, new.pk); END;\n"
  "CREATE TRIGGER cases_log_u AFTER UPDATE ON cases BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (1, new.pk); END;\n"
  "CREATE TRIGGER cases_log_d AFTER DELETE ON cases BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (1, old.pk); END;\n"
  "CREATE TRIGGER complaints_log_i AFTER INSERT ON complaints BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (2, new.pk); END;\n"
  "CREATE TRIGGER complaints_log_u AFTER UPDATE ON complaints BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (2, new.pk); END;\n"
  "CREATE TRIGGER complaints_log_d AFTER DELETE ON complaints BEGIN"
  " INSERT INTO data_changes (collection, pk) VALUES (2, old.pk); END;\n"
  "CREATE TABLE inspection_changes (\n"
  "  seq        INTEGER PRIMARY KEY,\n"
  "  o_target   TEXT,\n"
  "  o_at       INTEGER,\n"
  "  o_street   TEXT,\n"
  "  o_result   TEXT,\n"
  "  n_target   TEXT,\n"
  "  n_at       INTEGER,\n"
  "  n_street   TEXT,\n"
  "  n_result   TEXT,\n"
  "  has_old    INTEGER NOT NULL,\n"
  "  has_new    INTEGER NOT NULL\n"
  ");\n"
  "CREATE TRIGGER inspections_log_i AFTER INSERT ON inspections BEGIN"
  " INSERT INTO inspection_changes (n_target, n_at, n_street, n_result, has_old, has_new)"
  " VALUES (new.target_id, new.inspected_at, new.street_code, new.result, 0, 1); END;\n"
  "CREATE TRIGGER inspections_log_u AFTER UPDATE ON inspections BEGIN"
  " INSERT INTO inspection_changes (o_target, o_at, o_street, o_result, n_target, n_at,"
  " n_street, n_result, has_old, has_new) VALUES (old.target_id, old.inspected_at,"
  " old.street_code, old.result, new.target_id, new.inspected_at, new.street_code,"
  " new.result, 1, 1); END;\n"
  "CREATE TRIGGER inspections_log_d AFTER DELETE ON inspections BEGIN"
  " INSERT INTO inspection_changes (o_target, o_at, o_street, o_result, has_old, has_new)"
  " VALUES (old.target_id, old.inspected_at, old.street_code, old.result, 1, 0); END;\n"
  "PRAGMA user_version = 7;\n";

/* v8: the change log of merchants and sites for the inspection register
 * (cg-store-register-cache.c), which applies it instead of reading the register again
 * after every sync page of places (0.8-1.6 s on a city cache, bench/README.md). Only the
 * writes the register sees are logged: a graded row (risk > 0) inserted or deleted, or an
 * update of a row graded before or after that changes its id, grade, street or name (the
 * inspections table shows the name); the other updates (address, position, R*Tree
 * bookkeeping) no longer bump the 'register' generation either: migration 6's triggers on
 * the places are replaced by these, which log one row and bump it once, so the register
 * checks, as for inspection_changes, that the generation grew by as many rows as both logs
 * hold after its own (else a log was pruned: cg_store_apply_page() keeps the last
 * CG_STORE_CHANGES_KEPT rows of each). site: 0 merchants, 1 sites. */
static const char migration_8[] =
  "CREATE TABLE place_changes (\n"
  "  seq        INTEGER PRIMARY KEY,\n"
  "  site       INTEGER NOT NULL,\n"
  "  pk         INTEGER NOT NULL,\n"
  "  o_id       TEXT,\n"
  "  o_risk     INTEGER,\n"
  "  o_street   TEXT,\n"
  "  n_id       TEXT,\n"
  "  n_risk     INTEGER,\n"
  "  n_street   TEXT,\n"
  "  n_name     TEXT,\n"
  "  has_old    INTEGER NOT NULL,\n"
  "  has_new    INTEGER NOT NULL\n"
  ");\n"
  "DROP TRIGGER merchants_gen_i;\n"
  "DROP TRIGGER merchants_gen_u;\n"
  "DROP TRIGGER merchants_gen_d;\n"
  "CREATE TRIGGER merchants_log_i AFTER INSERT ON merchants WHEN new.risk > 0 BEGIN"
  " INSERT INTO place_changes (site, pk, n_id, n_risk, n_street, n_name, has_old, has_new)"
  " VALUES (0, new.pk, new.id, new.risk, new.street_code, new.name, 0, 1);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER merchants_log_u AFTER UPDATE ON merchants"
  " WHEN (old.risk > 0 OR new.risk > 0) AND (old.id IS NOT new.id OR old.risk IS NOT new.risk"
  " OR old.street_code IS NOT new.street_code OR old.name IS NOT new.name) BEGIN"
  " INSERT INTO place_changes (site, pk, o_id, o_risk, o_street, n_id, n_risk, n_street,"
  " n_name, has_old, has_new) VALUES (0, new.pk, old.id, old.risk, old.street_code, new.id,"
  " new.risk, new.street_code, new.name, 1, 1);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER merchants_log_d AFTER DELETE ON merchants WHEN old.risk > 0 BEGIN"
  " INSERT INTO place_changes (site, pk, o_id, o_risk, o_street, has_old, has_new)"
  " VALUES (0, old.pk, old.id, old.risk, old.street_code, 1, 0);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "DROP TRIGGER sites_gen_i;\n"
  "DROP TRIGGER sites_gen_u;\n"
  "DROP TRIGGER sites_gen_d;\n"
  "CREATE TRIGGER sites_log_i AFTER INSERT ON sites WHEN new.risk > 0 BEGIN"
  " INSERT INTO place_changes (site, pk, n_id, n_risk, n_street, n_name, has_old, has_new)"
  " VALUES (1, new.pk, new.id, new.risk, new.street_code, new.name, 0, 1);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER sites_log_u AFTER UPDATE ON sites"
  " WHEN (old.risk > 0 OR new.risk > 0) AND (old.id IS NOT new.id OR old.risk IS NOT new.risk"
  " OR old.street_code IS NOT new.street_code OR old.name IS NOT new.name) BEGIN"
  " INSERT INTO place_changes (site, pk, o_id, o_risk, o_street, n_id, n_risk, n_street,"
  " n_name, has_old, has_new) VALUES (1, new.pk, old.id, old.risk, old.street_code, new.id,"
  " new.risk, new.street_code, new.name, 1, 1);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "CREATE TRIGGER sites_log_d AFTER DELETE ON sites WHEN old.risk > 0 BEGIN"
  " INSERT INTO place_changes (site, pk, o_id, o_risk, o_street, has_old, has_new)"
  " VALUES (1, old.pk, old.id, old.risk, old.street_code, 1, 0);"
  " UPDATE data_generation SET gen = gen + 1 WHERE name = 'register'; END;\n"
  "PRAGMA user_version = 8;\n";

static const CgStoreMigration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
  { 4, migration_4 },
  { 5, migration_5 },
  { 6, migration_6 },
  { 7, migration_7 },
  { 8, migration_8 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CG_STORE_SCHEMA_VERSION);

const CgStoreMigration *
_cg_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
