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

static const CgStoreMigration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CG_STORE_SCHEMA_VERSION);

const CgStoreMigration *
_cg_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
