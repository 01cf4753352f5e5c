/* test-decode.c: the page decoders (GeoJSON, items, Open311)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-decode.h"

#define POINT "\"geometry\": {\"type\": \"Point\", \"coordinates\": [121.4012345, 31.2456789]}"
#define MERCHANT_PROPS \
  "\"name\": \"兰州拉面馆\", \"address\": \"普陀区真北路1234号\", " \
  "\"street_code\": \"310107022\", \"street_name\": \"真如镇街道\", " \
  "\"category\": \"catering\", \"risk_level\": \"low\", " \
  "\"licence_no\": \"92310107MA1234567X\", \"updated_at\": \"2026-11-20T10:00:00+08:00\""

/* 2026-11-20T02:00:00Z */
#define UPDATED_AT G_GINT64_CONSTANT (1795140000)

static CgPage *
decode_ok (CgCollection  collection,
           const char   *json)
{
  g_autoptr(GError) error = NULL;
  CgPage *page = cg_decode_page (collection, json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpint (page->collection, ==, collection);
  g_assert_nonnull (page->records);
  return page;
}

static void
decode_fails (CgCollection  collection,
              const char   *json,
              gsize         length,
              int           code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgPage) page = cg_decode_page (collection, json, length, &error);

  if (page != NULL)
    g_error ("page accepted: %s", json);
  g_assert_error (error, CG_DECODE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static char *
feature_collection (const char *features)
{
  return g_strdup_printf ("{\"type\": \"FeatureCollection\", \"cursor\": \"c-000000000009\", "
                          "\"more\": false, \"features\": [%s]}", features);
}

/* One feature, one skip, for the given reason. */
static void
assert_feature_skipped (CgCollection  collection,
                        const char   *feature,
                        CgSkipReason  reason)
{
  g_autofree char *json = feature_collection (feature);
  g_autoptr(CgPage) page = decode_ok (collection, json);

  if (page->n_skipped != 1 || page->skipped[reason] != 1)
    g_error ("expected %s, got %u records, %u skipped (%s) for %s",
             cg_skip_reason_to_string (reason), page->records->len, page->n_skipped,
             page->first_skip_detail, feature);
  g_assert_cmpuint (page->records->len, ==, 0);
  g_assert_nonnull (page->first_skip_detail);
  g_assert_nonnull (strstr (page->first_skip_detail, cg_skip_reason_to_string (reason)));
  g_assert_cmpstr (page->cursor, ==, "c-000000000009");
}

static void
assert_item_skipped (CgCollection  collection,
                     const char   *item,
                     CgSkipReason  reason)
{
  g_autofree char *json = g_strdup_printf ("{\"items\": [%s], \"cursor\": \"c-1\", "
                                           "\"more\": true}", item);
  g_autoptr(CgPage) page = decode_ok (collection, json);

  if (page->n_skipped != 1 || page->skipped[reason] != 1)
    g_error ("expected %s, got %u records, %u skipped (%s) for %s",
             cg_skip_reason_to_string (reason), page->records->len, page->n_skipped,
             page->first_skip_detail, item);
  g_assert_cmpuint (page->records->len, ==, 0);
}

static void
assert_request_skipped (const char   *request,
                        CgSkipReason  reason)
{
  g_autofree char *json = g_strdup_printf ("[%s]", request);
  g_autoptr(CgPage) page = decode_ok (CG_COLLECTION_COMPLAINTS, json);

  if (page->n_skipped != 1 || page->skipped[reason] != 1)
    g_error ("expected %s, got %u records, %u skipped (%s) for %s",
             cg_skip_reason_to_string (reason), page->records->len, page->n_skipped,
             page->first_skip_detail, request);
  g_assert_cmpuint (page->records->len, ==, 0);
}

/* ---- valid shapes ----------------------------------------------------------------- */

static void
test_merchant (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;
  CgPlace *p;

  json = g_strdup ("{\"type\": \"FeatureCollection\", \"cursor\": \"c-000000001234\", "
                   "\"more\": true, \"features\": [{\"type\": \"Feature\", \"id\": \"m-000123\", "
                   POINT ", \"properties\": {" MERCHANT_PROPS ", \"extra\": {\"a\": [1, 2]}}}]}");
  page = decode_ok (CG_COLLECTION_MERCHANTS, json);
  g_assert_cmpstr (page->cursor, ==, "c-000000001234");
  g_assert_true (page->more);
  g_assert_cmpuint (page->n_skipped, ==, 0);
  g_assert_null (page->first_skip_detail);
  g_assert_cmpuint (page->records->len, ==, 1);

  p = g_ptr_array_index (page->records, 0);
  g_assert_cmpstr (p->id, ==, "m-000123");
  g_assert_false (p->deleted);
  g_assert_cmpfloat_with_epsilon (p->lon, 121.4012345, 1e-9);
  g_assert_cmpfloat_with_epsilon (p->lat, 31.2456789, 1e-9);
  g_assert_cmpstr (p->name, ==, "兰州拉面馆");
  g_assert_cmpstr (p->address, ==, "普陀区真北路1234号");
  g_assert_cmpstr (p->street_code, ==, "310107022");
  g_assert_cmpstr (p->street_name, ==, "真如镇街道");
  g_assert_cmpstr (p->category, ==, "catering");
  g_assert_cmpint (p->risk, ==, CG_RISK_LOW);
  g_assert_cmpstr (p->licence_no, ==, "92310107MA1234567X");
  g_assert_cmpint (p->updated_at, ==, UPDATED_AT);
  g_assert_null (p->stage);
  g_assert_true (isnan (p->noise_db));
}

static void
test_numeric_id (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;

  json = feature_collection ("{\"id\": 42, " POINT ", \"properties\": {" MERCHANT_PROPS "}},"
                             "{\"id\": 9007199254740993, " POINT ", \"properties\": {"
                             MERCHANT_PROPS "}},"
                             "{\"id\": 0, " POINT ", \"properties\": {" MERCHANT_PROPS "}}");
  page = decode_ok (CG_COLLECTION_MERCHANTS, json);
  g_assert_cmpuint (page->records->len, ==, 3);
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 0))->id, ==, "42");
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 1))->id, ==,
                   "9007199254740993");
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 2))->id, ==, "0");
}

static void
test_site (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;
  CgPlace *a, *b;

  json = feature_collection (
    "{\"type\": \"Feature\", \"id\": \"s-000042\", " POINT ", \"properties\": {"
    "\"name\": \"某住宅项目\", \"category\": \"housing\", \"risk_level\": \"high\", "
    "\"stage\": \"structure\", \"noise_db\": 71.5, \"pm10\": 88, \"has_camera\": true, "
    "\"licence_no\": null, \"updated_at\": \"2026-11-20T02:00:00Z\"}},"
    "{\"type\": \"Feature\", \"id\": \"s-000043\", " POINT ", \"properties\": {"
    "\"risk_level\": \"medium\", \"stage\": \"completed\", \"noise_db\": null, "
    "\"pm10\": null, \"has_camera\": false, \"updated_at\": \"2026-11-20T02:00:00Z\"}}");
  page = decode_ok (CG_COLLECTION_SITES, json);
  g_assert_cmpuint (page->records->len, ==, 2);
  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  g_assert_cmpstr (a->stage, ==, "structure");
  g_assert_cmpfloat (a->noise_db, ==, 71.5);
  g_assert_cmpfloat (a->pm10, ==, 88.0);
  g_assert_true (a->has_camera);
  g_assert_cmpint (a->risk, ==, CG_RISK_HIGH);
  g_assert_null (a->licence_no);
  g_assert_cmpint (a->updated_at, ==, UPDATED_AT);
  g_assert_true (isnan (b->noise_db));
  g_assert_true (isnan (b->pm10));
  g_assert_false (b->has_camera);
  g_assert_cmpint (b->risk, ==, CG_RISK_MEDIUM);
}

static void
test_point (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;
  CgPlace *a, *b;

  json = feature_collection (
    "{\"id\": \"p-000007\", " POINT ", \"properties\": {\"name\": \"曹杨路非现场执法点\", "
    "\"category\": \"camera\", \"risk_level\": null, \"licence_no\": null, "
    "\"scenario\": \"street_stall\", \"status\": \"active\", "
    "\"updated_at\": \"2026-11-20T10:00:00+08:00\"}},"
    "{\"id\": \"p-000008\", " POINT ", \"properties\": {\"category\": \"checkpoint\", "
    "\"scenario\": \"muck_truck\", \"status\": \"offline\", "
    "\"updated_at\": \"2026-11-20T10:00:00+0800\"}}");
  page = decode_ok (CG_COLLECTION_POINTS, json);
  g_assert_cmpuint (page->records->len, ==, 2);
  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  g_assert_cmpint (a->risk, ==, CG_RISK_UNKNOWN);
  g_assert_cmpstr (a->category, ==, "camera");
  g_assert_cmpstr (a->scenario, ==, "street_stall");
  g_assert_cmpstr (a->status, ==, "active");
  g_assert_cmpint (b->risk, ==, CG_RISK_UNKNOWN);
  g_assert_cmpstr (b->status, ==, "offline");
  g_assert_cmpint (b->updated_at, ==, UPDATED_AT);
}

static void
test_tombstones (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;
  CgPlace *a, *b, *c;

  json = feature_collection (
    "{\"type\": \"Feature\", \"id\": \"m-1\", \"geometry\": null, "
    "\"properties\": {\"deleted\": true, \"updated_at\": \"2026-11-20T10:00:00+08:00\"}},"
    "{\"type\": \"Feature\", \"id\": 77, "
    "\"properties\": {\"deleted\": true}},"
    "{\"type\": \"Feature\", \"id\": \"m-3\", " POINT ", "
    "\"properties\": {\"deleted\": false, " MERCHANT_PROPS "}}");
  page = decode_ok (CG_COLLECTION_MERCHANTS, json);
  g_assert_cmpuint (page->n_skipped, ==, 0);
  g_assert_cmpuint (page->records->len, ==, 3);
  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  c = g_ptr_array_index (page->records, 2);
  g_assert_true (a->deleted);
  g_assert_cmpstr (a->id, ==, "m-1");
  g_assert_cmpint (a->updated_at, ==, UPDATED_AT);
  g_assert_true (b->deleted);
  g_assert_cmpstr (b->id, ==, "77");
  g_assert_false (c->deleted);

  /* a tombstone still needs its id */
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"geometry\": null, \"properties\": {\"deleted\": true}}",
                          CG_SKIP_MISSING_ID);
}

static void
test_cursor_more (void)
{
  g_autoptr(CgPage) a = NULL;
  g_autoptr(CgPage) b = NULL;
  g_autoptr(CgPage) c = NULL;

  a = decode_ok (CG_COLLECTION_MERCHANTS,
                 "{\"type\": \"FeatureCollection\", \"features\": []}");
  g_assert_null (a->cursor);
  g_assert_false (a->more);
  g_assert_cmpuint (a->records->len, ==, 0);

  b = decode_ok (CG_COLLECTION_SITES,
                 "{\"type\": \"FeatureCollection\", \"features\": [], \"cursor\": 1234, "
                 "\"more\": true}");
  g_assert_cmpstr (b->cursor, ==, "1234");
  g_assert_true (b->more);

  c = decode_ok (CG_COLLECTION_CASES, "{\"items\": [], \"cursor\": null, \"more\": null}");
  g_assert_null (c->cursor);
  g_assert_false (c->more);
}

static void
test_inspections (void)
{
  g_autoptr(CgPage) page = NULL;
  CgInspection *a, *b;

  page = decode_ok (CG_COLLECTION_INSPECTIONS,
    "{\"items\": ["
    "{\"id\": \"i-0001234\", \"target_type\": \"merchant\", \"target_id\": \"m-000123\", "
    "\"officer_id\": \"o-0007\", \"inspected_at\": \"2026-11-20T10:00:00+08:00\", "
    "\"kind\": \"double_random\", \"result\": \"rectify\", \"street_code\": \"310107022\", "
    "\"updated_at\": \"2026-11-20T10:00:00+08:00\", \"unknown\": 1},"
    "{\"id\": \"i-0001235\", \"deleted\": true}"
    "], \"cursor\": \"c-000000000042\", \"more\": false}");
  g_assert_cmpstr (page->cursor, ==, "c-000000000042");
  g_assert_false (page->more);
  g_assert_cmpuint (page->records->len, ==, 2);
  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  g_assert_cmpstr (a->id, ==, "i-0001234");
  g_assert_cmpstr (a->target_type, ==, "merchant");
  g_assert_cmpstr (a->target_id, ==, "m-000123");
  g_assert_cmpstr (a->officer_id, ==, "o-0007");
  g_assert_cmpint (a->inspected_at, ==, UPDATED_AT);
  g_assert_cmpstr (a->kind, ==, "double_random");
  g_assert_cmpstr (a->result, ==, "rectify");
  g_assert_cmpstr (a->street_code, ==, "310107022");
  g_assert_cmpint (a->updated_at, ==, UPDATED_AT);
  g_assert_true (b->deleted);
  g_assert_cmpstr (b->id, ==, "i-0001235");
}

static void
test_officers (void)
{
  g_autoptr(CgPage) page = NULL;
  CgOfficer *o;

  page = decode_ok (CG_COLLECTION_OFFICERS,
    "{\"items\": ["
    "{\"id\": \"o-0007\", \"name\": \"王建国\", \"squad_id\": \"sq-310107022\", "
    "\"squad_name\": \"真如镇中队\", \"street_code\": \"310107022\", \"role\": \"squad_leader\", "
    "\"traccar_device_id\": 7, \"updated_at\": \"2026-11-20T10:00:00+08:00\", \"unknown\": [1]},"
    "{\"id\": \"o-0008\", \"deleted\": true},"
    /* a tombstone's other members are not looked at */
    "{\"id\": \"o-0009\", \"deleted\": true, \"role\": \"captain\", \"traccar_device_id\": \"x\"},"
    /* only the id: every other member is optional */
    "{\"id\": \"o-0010\"},"
    "{\"id\": \"o-0011\", \"name\": null, \"role\": null, \"traccar_device_id\": null, "
    "\"updated_at\": null, \"deleted\": false},"
    /* numeric id, integral double device id */
    "{\"id\": 12, \"role\": \"officer\", \"traccar_device_id\": 12.0}"
    "], \"cursor\": \"c-000000000044\", \"more\": true}");

  g_assert_cmpuint (page->n_skipped, ==, 0);
  g_assert_null (page->first_skip_detail);
  g_assert_cmpstr (page->cursor, ==, "c-000000000044");
  g_assert_true (page->more);
  g_assert_cmpuint (page->records->len, ==, 6);

  o = g_ptr_array_index (page->records, 0);
  g_assert_cmpstr (o->id, ==, "o-0007");
  g_assert_false (o->deleted);
  g_assert_cmpstr (o->name, ==, "王建国");
  g_assert_cmpstr (o->squad_id, ==, "sq-310107022");
  g_assert_cmpstr (o->squad_name, ==, "真如镇中队");
  g_assert_cmpstr (o->street_code, ==, "310107022");
  g_assert_cmpstr (o->role, ==, "squad_leader");
  g_assert_cmpint (o->traccar_device_id, ==, 7);
  g_assert_cmpint (o->updated_at, ==, UPDATED_AT);

  o = g_ptr_array_index (page->records, 1);
  g_assert_cmpstr (o->id, ==, "o-0008");
  g_assert_true (o->deleted);
  o = g_ptr_array_index (page->records, 2);
  g_assert_cmpstr (o->id, ==, "o-0009");
  g_assert_true (o->deleted);
  g_assert_null (o->role);

  for (guint i = 3; i <= 4; i++)
    {
      o = g_ptr_array_index (page->records, i);
      g_assert_false (o->deleted);
      g_assert_null (o->name);
      g_assert_null (o->squad_id);
      g_assert_null (o->squad_name);
      g_assert_null (o->street_code);
      g_assert_null (o->role);
      g_assert_cmpint (o->traccar_device_id, ==, -1);
      g_assert_cmpint (o->updated_at, ==, 0);
    }

  o = g_ptr_array_index (page->records, 5);
  g_assert_cmpstr (o->id, ==, "12");
  g_assert_cmpstr (o->role, ==, "officer");
  g_assert_cmpint (o->traccar_device_id, ==, 12);
}

/* Every malformed officer is skipped and counted under its reason. */
static void
test_officers_skipped (void)
{
  static const struct
  {
    const char   *item;
    CgSkipReason  reason;
  } cases[] = {
    { "{\"name\": \"王建国\", \"role\": \"officer\"}", CG_SKIP_MISSING_ID },
    { "{\"id\": \"\", \"role\": \"officer\"}", CG_SKIP_MISSING_ID },
    { "{\"id\": null, \"deleted\": true}", CG_SKIP_MISSING_ID },
    { "\"o-1\"", CG_SKIP_WRONG_TYPE },
    { "[{\"id\": \"o-1\"}]", CG_SKIP_WRONG_TYPE },
    { "null", CG_SKIP_WRONG_TYPE },
    { "{\"id\": 1.5}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": true}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": -3}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"name\": 12345}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"squad_id\": [\"sq-1\"]}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"squad_name\": {\"zh\": \"真如镇中队\"}}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"street_code\": 310107022}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"role\": 1}", CG_SKIP_WRONG_TYPE },
    /* the simulator's --fault-wrong-types */
    { "{\"id\": \"o-1\", \"traccar_device_id\": \"one\"}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"traccar_device_id\": \"7\"}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"traccar_device_id\": 7.5}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"traccar_device_id\": true}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"traccar_device_id\": [7]}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"updated_at\": 1763604000}", CG_SKIP_WRONG_TYPE },
    { "{\"id\": \"o-1\", \"role\": \"captain\"}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"role\": \"Officer\"}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"role\": \"\"}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"deleted\": \"yes\"}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"deleted\": 1}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"traccar_device_id\": -1}", CG_SKIP_BAD_VALUE },
    /* 2^63 wraps to a negative in json-glib */
    { "{\"id\": \"o-1\", \"traccar_device_id\": 9223372036854775808}", CG_SKIP_BAD_VALUE },
    { "{\"id\": \"o-1\", \"updated_at\": \"yesterday\"}", CG_SKIP_BAD_TIME },
    { "{\"id\": \"o-1\", \"updated_at\": \"2026-11-20\"}", CG_SKIP_BAD_TIME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_item_skipped (CG_COLLECTION_OFFICERS, cases[i].item, cases[i].reason);

  /* one bad record among good ones: the rest is kept, the detail names the first */
  {
    g_autoptr(CgPage) page = decode_ok (CG_COLLECTION_OFFICERS,
      "{\"items\": [{\"id\": \"o-1\", \"role\": \"officer\"}, "
      "{\"id\": \"o-2\", \"role\": \"chief\"}, {\"id\": \"o-3\", \"name\": 3}, "
      "{\"id\": \"o-4\", \"role\": \"squad_leader\"}], \"cursor\": \"c-9\", \"more\": false}");

    g_assert_cmpuint (page->records->len, ==, 2);
    g_assert_cmpuint (page->n_skipped, ==, 2);
    g_assert_cmpuint (page->skipped[CG_SKIP_BAD_VALUE], ==, 1);
    g_assert_cmpuint (page->skipped[CG_SKIP_WRONG_TYPE], ==, 1);
    g_assert_nonnull (strstr (page->first_skip_detail, "o-2"));
    g_assert_nonnull (strstr (page->first_skip_detail, "bad-value"));
    g_assert_cmpstr (((CgOfficer *) g_ptr_array_index (page->records, 1))->id, ==, "o-4");
  }
}

static void
test_cases (void)
{
  g_autoptr(CgPage) page = NULL;
  CgCase *a, *b;

  page = decode_ok (CG_COLLECTION_CASES,
    "{\"items\": ["
    "{\"id\": \"c-0001234\", \"case_no\": \"普陀城管罚字〔2026〕第001234号\", "
    "\"type\": \"city_appearance\", \"cause\": \"shop_overflow\", \"procedure\": \"general\", "
    "\"stage\": \"decision\", \"filed_at\": \"2026-11-20T10:00:00+08:00\", "
    "\"due_at\": \"2027-02-18T10:00:00+08:00\", \"closed_at\": null, \"fine\": 500, "
    "\"exempt\": false, \"non_site\": true, \"street_code\": \"310107022\", "
    "\"lon\": 121.4, \"lat\": 31.25, \"officer_id\": \"o-0001\", \"target_id\": null, "
    "\"published_at\": null, \"discovered_at\": \"2026-11-19T10:00:00+08:00\", "
    "\"reviewed_at\": \"2026-11-19T12:00:00+08:00\", \"executed_at\": null, "
    "\"updated_at\": \"2026-11-20T10:00:00+08:00\"},"
    "{\"id\": \"c-0001235\", \"procedure\": \"simple\", \"stage\": \"closed\", "
    "\"filed_at\": \"2026-11-20T02:00:00Z\", \"fine\": 0, \"exempt\": true, "
    "\"lon\": null, \"lat\": null}"
    "], \"cursor\": \"c-000000000043\", \"more\": true}");
  g_assert_cmpuint (page->n_skipped, ==, 0);
  g_assert_cmpuint (page->records->len, ==, 2);
  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  g_assert_cmpstr (a->case_no, ==, "普陀城管罚字〔2026〕第001234号");
  g_assert_cmpstr (a->type, ==, "city_appearance");
  g_assert_cmpstr (a->cause, ==, "shop_overflow");
  g_assert_cmpstr (a->procedure, ==, "general");
  g_assert_cmpstr (a->stage, ==, "decision");
  g_assert_cmpint (a->filed_at, ==, UPDATED_AT);
  g_assert_cmpint (a->due_at, >, a->filed_at);
  g_assert_cmpint (a->closed_at, ==, 0);
  g_assert_cmpfloat (a->fine, ==, 500);
  g_assert_false (a->exempt);
  g_assert_true (a->non_site);
  g_assert_cmpfloat (a->lon, ==, 121.4);
  g_assert_cmpfloat (a->lat, ==, 31.25);
  g_assert_null (a->target_id);
  g_assert_cmpint (a->discovered_at, ==, UPDATED_AT - 86400);
  g_assert_cmpint (a->reviewed_at, ==, UPDATED_AT - 86400 + 7200);
  g_assert_cmpint (a->executed_at, ==, 0);
  g_assert_true (b->exempt);
  g_assert_true (isnan (b->lon));
  g_assert_true (isnan (b->lat));
}

#define REQUEST(id, extra) \
  "{\"service_request_id\": " id ", \"status\": \"open\", \"service_code\": \"street_stall\", " \
  "\"service_name\": \"无序设摊\", \"description\": \"路口有人摆摊\", " \
  "\"requested_datetime\": \"2026-11-20T10:00:00+08:00\", " \
  "\"updated_datetime\": \"2026-11-20T11:00:00+08:00\", " \
  "\"address\": \"真北路1234号\", \"lat\": 31.25, \"long\": 121.4" extra "}"

static void
test_complaints_array (void)
{
  g_autoptr(CgPage) page = NULL;
  CgComplaint *a, *b, *c;

  page = decode_ok (CG_COLLECTION_COMPLAINTS,
    "[" REQUEST ("\"3101070000042\"", ", \"status_notes\": null, "
                 "\"agency_responsible\": \"真如镇中队\", "
                 "\"expected_datetime\": \"2026-11-21T10:00:00+08:00\", "
                 "\"x_street_code\": \"310107022\", \"x_matter_id\": \"mt-0000042\", "
                 "\"x_repeat_count\": 3, \"x_satisfaction\": \"unsatisfied\", "
                 "\"x_deadline\": \"2026-11-21T10:00:00+08:00\", "
                 "\"x_responded_datetime\": \"2026-11-20T12:00:00+08:00\", "
                 "\"x_source\": \"12345\", \"media_url\": null, \"zipcode\": \"200333\"")
    ", {\"service_request_id\": 3101070000043, \"status\": \"in_progress\", "
    "\"requested_datetime\": \"2026-11-20T02:00:00Z\", "
    "\"updated_datetime\": \"2026-11-20T05:00:00Z\", "
    "\"lat\": \"31.2500\", \"long\": \" 121.4 \", \"x_repeat_count\": \"12\", "
    "\"x_satisfaction\": \"basically_satisfied\"}"
    ", {\"service_request_id\": \"3101070000044\", \"status\": \"closed\", "
    "\"requested_datetime\": \"2026-11-20T02:00:00Z\", \"x_satisfaction\": null}"
    "]");
  g_assert_cmpuint (page->n_skipped, ==, 0);
  g_assert_cmpuint (page->records->len, ==, 3);
  g_assert_false (page->more);
  g_assert_cmpstr (page->cursor, ==, "2026-11-20T05:00:00Z");   /* the largest updated_datetime */

  a = g_ptr_array_index (page->records, 0);
  b = g_ptr_array_index (page->records, 1);
  c = g_ptr_array_index (page->records, 2);
  g_assert_cmpstr (a->id, ==, "3101070000042");
  g_assert_cmpstr (a->status, ==, "open");
  g_assert_cmpstr (a->service_code, ==, "street_stall");
  g_assert_cmpstr (a->service_name, ==, "无序设摊");
  g_assert_cmpstr (a->description, ==, "路口有人摆摊");
  g_assert_null (a->status_notes);
  g_assert_cmpstr (a->agency_responsible, ==, "真如镇中队");
  g_assert_cmpint (a->requested_at, ==, UPDATED_AT);
  g_assert_cmpint (a->updated_at, ==, UPDATED_AT + 3600);
  g_assert_cmpint (a->expected_at, ==, UPDATED_AT + 86400);
  g_assert_cmpstr (a->address, ==, "真北路1234号");
  g_assert_cmpfloat (a->lat, ==, 31.25);
  g_assert_cmpfloat (a->lon, ==, 121.4);
  g_assert_cmpstr (a->street_code, ==, "310107022");
  g_assert_cmpstr (a->matter_id, ==, "mt-0000042");
  g_assert_cmpint (a->repeat_count, ==, 3);
  g_assert_cmpint (a->satisfaction, ==, 0);
  g_assert_cmpint (a->deadline_at, ==, UPDATED_AT + 86400);
  g_assert_cmpint (a->responded_at, ==, UPDATED_AT + 7200);

  g_assert_cmpstr (b->id, ==, "3101070000043");
  g_assert_cmpstr (b->status, ==, "in_progress");
  g_assert_cmpfloat (b->lat, ==, 31.25);
  g_assert_cmpfloat (b->lon, ==, 121.4);
  g_assert_cmpint (b->repeat_count, ==, 12);
  g_assert_cmpint (b->satisfaction, ==, 1);

  g_assert_true (isnan (c->lat));
  g_assert_true (isnan (c->lon));
  g_assert_cmpint (c->repeat_count, ==, 1);
  g_assert_cmpint (c->satisfaction, ==, -1);
  g_assert_cmpint (c->updated_at, ==, 0);
}

static void
test_complaints_object (void)
{
  g_autoptr(CgPage) page = NULL;
  g_autoptr(CgPage) empty = NULL;
  CgComplaint *a;

  page = decode_ok (CG_COLLECTION_COMPLAINTS,
                    "{\"service_requests\": [" REQUEST ("\"1\"", ", \"x_satisfaction\": "
                                                        "\"satisfied\"") "], "
                    "\"cursor\": \"ignored\", \"more\": true}");
  g_assert_cmpuint (page->records->len, ==, 1);
  a = g_ptr_array_index (page->records, 0);
  g_assert_cmpint (a->satisfaction, ==, 2);
  g_assert_cmpstr (page->cursor, ==, "2026-11-20T03:00:00Z");
  g_assert_false (page->more);

  empty = decode_ok (CG_COLLECTION_COMPLAINTS, "[]");
  g_assert_null (empty->cursor);
  g_assert_cmpuint (empty->records->len, ==, 0);
}

/* ---- malformed pages ------------------------------------------------------------ */

static void
test_reject_invalid_json (void)
{
  const char *full = "{\"type\": \"FeatureCollection\", \"features\": []}";

  decode_fails (CG_COLLECTION_MERCHANTS, "", 0, CG_DECODE_ERROR_INVALID_JSON);
  decode_fails (CG_COLLECTION_MERCHANTS, "nope", 4, CG_DECODE_ERROR_INVALID_JSON);
  decode_fails (CG_COLLECTION_MERCHANTS, "<html>502</html>", 16, CG_DECODE_ERROR_INVALID_JSON);
  /* truncated at every length */
  for (gsize len = 1; len < strlen (full); len++)
    decode_fails (CG_COLLECTION_MERCHANTS, full, len, CG_DECODE_ERROR_INVALID_JSON);
  decode_fails (CG_COLLECTION_CASES, "{\"items\": [1, 2,]}", 18, CG_DECODE_ERROR_INVALID_JSON);
  decode_fails (CG_COLLECTION_COMPLAINTS, "[{\"lat\": NaN}]", 14, CG_DECODE_ERROR_INVALID_JSON);
  /* half a document followed by garbage (citysim's --fault-malformed) */
  decode_fails (CG_COLLECTION_COMPLAINTS, "[{\"service_request_id\": \"1\"\x01\xff garbage", 40,
                CG_DECODE_ERROR_INVALID_JSON);
}

static void
test_reject_shape (void)
{
#define BAD(c, s) decode_fails ((c), (s), strlen (s), CG_DECODE_ERROR_BAD_SHAPE)
  BAD (CG_COLLECTION_MERCHANTS, "[]");
  BAD (CG_COLLECTION_MERCHANTS, "\"FeatureCollection\"");
  BAD (CG_COLLECTION_MERCHANTS, "42");
  BAD (CG_COLLECTION_MERCHANTS, "null");
  BAD (CG_COLLECTION_MERCHANTS, "{\"type\": \"FeatureCollection\"}");
  BAD (CG_COLLECTION_SITES, "{\"type\": \"FeatureCollection\", \"features\": {}}");
  BAD (CG_COLLECTION_SITES, "{\"type\": \"FeatureCollection\", \"features\": null}");
  BAD (CG_COLLECTION_POINTS, "{\"type\": \"Feature\", \"features\": []}");
  BAD (CG_COLLECTION_MERCHANTS, "{\"error\": {\"code\": \"internal\", \"message\": \"x\"}}");
  BAD (CG_COLLECTION_MERCHANTS,
       "{\"type\": \"FeatureCollection\", \"features\": [], \"cursor\": true}");
  BAD (CG_COLLECTION_MERCHANTS,
       "{\"type\": \"FeatureCollection\", \"features\": [], \"cursor\": {\"a\": 1}}");
  BAD (CG_COLLECTION_MERCHANTS,
       "{\"type\": \"FeatureCollection\", \"features\": [], \"more\": \"yes\"}");
  BAD (CG_COLLECTION_MERCHANTS,
       "{\"type\": \"FeatureCollection\", \"features\": [], \"more\": 1}");
  BAD (CG_COLLECTION_INSPECTIONS, "{\"features\": []}");
  BAD (CG_COLLECTION_INSPECTIONS, "[]");
  BAD (CG_COLLECTION_CASES, "{\"items\": \"none\"}");
  BAD (CG_COLLECTION_OFFICERS, "{\"type\": \"FeatureCollection\", \"features\": []}");
  BAD (CG_COLLECTION_OFFICERS, "[{\"id\": \"o-1\"}]");
  BAD (CG_COLLECTION_OFFICERS, "{\"items\": {\"id\": \"o-1\"}}");
  BAD (CG_COLLECTION_OFFICERS, "{\"items\": [], \"cursor\": false}");
  BAD (CG_COLLECTION_CASES, "{\"items\": [], \"more\": \"false\"}");
  BAD (CG_COLLECTION_COMPLAINTS, "{\"requests\": []}");
  BAD (CG_COLLECTION_COMPLAINTS, "\"[]\"");
  BAD (CG_COLLECTION_COMPLAINTS, "{\"service_requests\": {}}");
#undef BAD
}

/* ---- skipped records ------------------------------------------------------------ */

#define F(props) "{\"type\": \"Feature\", \"id\": \"m-9\", " POINT ", \"properties\": {" props "}}"

static void
test_skip_missing_id (void)
{
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{" POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_MISSING_ID);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": \"\", " POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_MISSING_ID);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": null, " POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_MISSING_ID);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS,
                       "{\"inspected_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_MISSING_ID);
  assert_item_skipped (CG_COLLECTION_CASES, "{\"deleted\": true}", CG_SKIP_MISSING_ID);
  assert_request_skipped ("{\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_MISSING_ID);
}

static void
test_skip_wrong_type (void)
{
  /* the feature itself */
  assert_feature_skipped (CG_COLLECTION_MERCHANTS, "42", CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS, "[1, 2]", CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS, "null", CG_SKIP_WRONG_TYPE);
  /* ids */
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": 1.5, " POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": true, " POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": {\"v\": 1}, " POINT ", \"properties\": {" MERCHANT_PROPS "}}",
                          CG_SKIP_WRONG_TYPE);
  /* 2^63 wraps to INT64_MIN in json-glib: refused, never stored as a negative id */
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": 9223372036854775808, " POINT ", \"properties\": {"
                          MERCHANT_PROPS "}}", CG_SKIP_WRONG_TYPE);
  /* members */
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": \"m-9\", " POINT ", \"properties\": \"none\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"name\": 12345, \"risk_level\": 3, \"updated_at\": 1763604000"),
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"address\": [\"a\"], \"risk_level\": \"low\", "
                             "\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"risk_level\": \"low\", \"updated_at\": 1763604000"),
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"risk_level\": 3, \"updated_at\": \"2026-11-20T02:00:00Z\""),
                          CG_SKIP_WRONG_TYPE);
  assert_feature_skipped (CG_COLLECTION_SITES,
                          F ("\"risk_level\": \"low\", \"noise_db\": \"loud\", "
                             "\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_WRONG_TYPE);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS,
                       "{\"id\": \"i-1\", \"inspected_at\": 1763604000}", CG_SKIP_WRONG_TYPE);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"filed_at\": \"2026-11-20T02:00:00Z\", "
                       "\"fine\": \"100\"}", CG_SKIP_WRONG_TYPE);
  assert_item_skipped (CG_COLLECTION_CASES, "\"c-1\"", CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"lat\": \"north\", "
                          "\"long\": 121.4, \"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"lat\": \"nan\", "
                          "\"long\": \"inf\", \"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": 1.5, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"status\": 2, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("[]", CG_SKIP_WRONG_TYPE);
}

static void
test_skip_bad_geometry (void)
{
  const char *props = "\"properties\": {" MERCHANT_PROPS "}}";
  const char *geometries[] = {
    "",
    "\"geometry\": null, ",
    "\"geometry\": \"POINT(121.4 31.2)\", ",
    "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[121.4, 31.2], [121.5, 31.3]]}, ",
    "\"geometry\": {\"type\": \"Point\"}, ",
    "\"geometry\": {\"coordinates\": [121.4, 31.2]}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [121.4]}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": []}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": {\"lon\": 121.4, \"lat\": 31.2}}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [\"121.4\", \"31.2\"]}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [121.4, null]}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [1e400, 31.2]}, ",
    "\"geometry\": {\"type\": \"Point\", \"coordinates\": [\"NaN\", 31.2]}, ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (geometries); i++)
    {
      g_autofree char *feature = g_strdup_printf ("{\"id\": \"m-9\", %s%s", geometries[i], props);
      assert_feature_skipped (CG_COLLECTION_MERCHANTS, feature, CG_SKIP_BAD_GEOMETRY);
    }

  /* a third coordinate (altitude) is allowed */
  {
    g_autoptr(CgPage) page = NULL;
    g_autofree char *json = feature_collection (
      "{\"id\": \"m-9\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [121, 31, 5.5]}, "
      "\"properties\": {" MERCHANT_PROPS "}}");

    page = decode_ok (CG_COLLECTION_MERCHANTS, json);
    g_assert_cmpuint (page->records->len, ==, 1);
  }

  /* one of lon/lat without the other */
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"filed_at\": \"2026-11-20T02:00:00Z\", \"lon\": 121.4}",
                       CG_SKIP_BAD_GEOMETRY);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"lat\": 31.2, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_BAD_GEOMETRY);
}

static void
test_skip_out_of_range (void)
{
  const char *coords[] = { "[321.4012345, 131.2456789]", "[0, 0]", "[31.2, 121.4]",
                           "[-121.4, 31.2]", "[121.4, 90.5]" };

  for (guint i = 0; i < G_N_ELEMENTS (coords); i++)
    {
      g_autofree char *feature = g_strdup_printf (
        "{\"id\": \"m-9\", \"geometry\": {\"type\": \"Point\", \"coordinates\": %s}, "
        "\"properties\": {" MERCHANT_PROPS "}}", coords[i]);
      assert_feature_skipped (CG_COLLECTION_MERCHANTS, feature, CG_SKIP_OUT_OF_RANGE);
    }
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"filed_at\": \"2026-11-20T02:00:00Z\", "
                       "\"lon\": 321.4, \"lat\": 131.2}", CG_SKIP_OUT_OF_RANGE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"lat\": \"131.25\", "
                          "\"long\": \"321.4\", \"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_OUT_OF_RANGE);
}

static void
test_skip_unknown_risk (void)
{
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"risk_level\": \"extreme\", \"updated_at\": \"2026-11-20T02:00:00Z\""),
                          CG_SKIP_UNKNOWN_RISK);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"risk_level\": \"HIGH\", \"updated_at\": \"2026-11-20T02:00:00Z\""),
                          CG_SKIP_UNKNOWN_RISK);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_UNKNOWN_RISK);
  assert_feature_skipped (CG_COLLECTION_SITES,
                          F ("\"risk_level\": null, \"updated_at\": \"2026-11-20T02:00:00Z\""),
                          CG_SKIP_UNKNOWN_RISK);
  assert_feature_skipped (CG_COLLECTION_POINTS,
                          F ("\"risk_level\": \"\", \"updated_at\": \"2026-11-20T02:00:00Z\""),
                          CG_SKIP_UNKNOWN_RISK);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          "{\"id\": \"m-9\", " POINT "}", CG_SKIP_UNKNOWN_RISK);
}

static void
test_skip_bad_time (void)
{
  assert_feature_skipped (CG_COLLECTION_MERCHANTS, F ("\"risk_level\": \"low\""),
                          CG_SKIP_BAD_TIME);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"risk_level\": \"low\", \"updated_at\": \"yesterday\""),
                          CG_SKIP_BAD_TIME);
  assert_feature_skipped (CG_COLLECTION_POINTS,
                          F ("\"updated_at\": \"2026-13-45T99:00:00Z\""), CG_SKIP_BAD_TIME);
  assert_feature_skipped (CG_COLLECTION_POINTS, F ("\"updated_at\": null"), CG_SKIP_BAD_TIME);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS, "{\"id\": \"i-1\"}", CG_SKIP_BAD_TIME);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS,
                       "{\"id\": \"i-1\", \"inspected_at\": \"\"}", CG_SKIP_BAD_TIME);
  assert_item_skipped (CG_COLLECTION_CASES, "{\"id\": \"c-1\", \"filed_at\": \"2026-11-20\"}",
                       CG_SKIP_BAD_TIME);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"filed_at\": \"2026-11-20T02:00:00Z\", "
                       "\"closed_at\": \"soon\"}", CG_SKIP_BAD_TIME);
  assert_request_skipped ("{\"service_request_id\": \"1\"}", CG_SKIP_BAD_TIME);
  assert_request_skipped ("{\"service_request_id\": \"1\", "
                          "\"requested_datetime\": \"20/11/2026\"}", CG_SKIP_BAD_TIME);
}

static void
test_skip_bad_value (void)
{
  assert_feature_skipped (CG_COLLECTION_SITES,
                          F ("\"risk_level\": \"low\", \"has_camera\": \"yes\", "
                             "\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_BAD_VALUE);
  assert_feature_skipped (CG_COLLECTION_SITES,
                          F ("\"risk_level\": \"low\", \"has_camera\": 1, "
                             "\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_BAD_VALUE);
  assert_feature_skipped (CG_COLLECTION_MERCHANTS,
                          F ("\"deleted\": \"true\", \"risk_level\": \"low\", "
                             "\"updated_at\": \"2026-11-20T02:00:00Z\""), CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS,
                       "{\"id\": \"i-1\", \"kind\": \"random\", "
                       "\"inspected_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_INSPECTIONS,
                       "{\"id\": \"i-1\", \"target_type\": \"vehicle\", "
                       "\"inspected_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"procedure\": \"fast\", "
                       "\"filed_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"stage\": \"appeal\", "
                       "\"filed_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"exempt\": \"no\", "
                       "\"filed_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_item_skipped (CG_COLLECTION_CASES,
                       "{\"id\": \"c-1\", \"fine\": -5, "
                       "\"filed_at\": \"2026-11-20T02:00:00Z\"}", CG_SKIP_BAD_VALUE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"x_satisfaction\": \"happy\", "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_BAD_VALUE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"x_repeat_count\": 0, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_BAD_VALUE);
}

/* json-glib's traps (platform-notes §4) */
static void
test_integers (void)
{
  g_autoptr(CgPage) page = NULL;
  CgComplaint *c;

  /* 1.9 must not become 1, "12" must not become 0 */
  assert_request_skipped ("{\"service_request_id\": \"1\", \"x_repeat_count\": 1.9, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"x_repeat_count\": \"1.9\", "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  assert_request_skipped ("{\"service_request_id\": \"1\", \"x_repeat_count\": true, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);
  /* 2^64+1 wraps to -1 in json-glib: caught by the range check */
  assert_request_skipped ("{\"service_request_id\": \"1\", "
                          "\"x_repeat_count\": 18446744073709551617, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_BAD_VALUE);
  assert_request_skipped ("{\"service_request_id\": \"1\", "
                          "\"x_repeat_count\": 9223372036854775807, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_BAD_VALUE);
  assert_request_skipped ("{\"service_request_id\": -7, "
                          "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}",
                          CG_SKIP_WRONG_TYPE);

  page = decode_ok (CG_COLLECTION_COMPLAINTS,
                    "[{\"service_request_id\": 9007199254740993, \"x_repeat_count\": 2.0, "
                    "\"requested_datetime\": \"2026-11-20T02:00:00Z\"},"
                    " {\"service_request_id\": \"2\", \"x_repeat_count\": \"12\", "
                    "\"requested_datetime\": \"2026-11-20T02:00:00Z\"}]");
  g_assert_cmpuint (page->records->len, ==, 2);
  c = g_ptr_array_index (page->records, 0);
  g_assert_cmpstr (c->id, ==, "9007199254740993");
  g_assert_cmpint (c->repeat_count, ==, 2);
  c = g_ptr_array_index (page->records, 1);
  g_assert_cmpint (c->repeat_count, ==, 12);
}

static void
test_duplicate_keys (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;
  CgPlace *p;

  /* json-glib keeps the last of duplicated keys; so do we */
  json = feature_collection ("{\"id\": \"first\", \"id\": \"second\", " POINT ", "
                             "\"properties\": {" MERCHANT_PROPS ", \"risk_level\": \"high\"}}");
  page = decode_ok (CG_COLLECTION_MERCHANTS, json);
  g_assert_cmpuint (page->records->len, ==, 1);
  p = g_ptr_array_index (page->records, 0);
  g_assert_cmpstr (p->id, ==, "second");
  g_assert_cmpint (p->risk, ==, CG_RISK_HIGH);
}

/* A page with a bit of everything: counts per reason, the rest lands. */
static void
test_mixed_page (void)
{
  g_autofree char *json = NULL;
  g_autoptr(CgPage) page = NULL;

  json = feature_collection (
    "{\"id\": \"ok-1\", " POINT ", \"properties\": {" MERCHANT_PROPS "}},"
    "{\"id\": \"bad-1\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [321.4, 131.2]}, "
    "\"properties\": {" MERCHANT_PROPS "}},"
    "{\"id\": \"ok-2\", " POINT ", \"properties\": {" MERCHANT_PROPS "}},"
    "{\"id\": \"bad-2\", " POINT ", \"properties\": {\"name\": 12345, \"risk_level\": \"low\", "
    "\"updated_at\": \"2026-11-20T02:00:00Z\"}},"
    "{" POINT ", \"properties\": {" MERCHANT_PROPS "}},"
    "{\"id\": \"bad-4\", " POINT ", \"properties\": {\"risk_level\": \"none\", "
    "\"updated_at\": \"2026-11-20T02:00:00Z\"}},"
    "{\"id\": \"bad-5\", \"geometry\": null, \"properties\": {" MERCHANT_PROPS "}},"
    "{\"id\": \"ok-3\", \"geometry\": null, \"properties\": {\"deleted\": true}},"
    "{\"id\": \"bad-6\", " POINT ", \"properties\": {\"risk_level\": \"low\", "
    "\"updated_at\": \"never\"}},"
    "{\"id\": \"bad-7\", " POINT ", \"properties\": {\"risk_level\": \"low\", "
    "\"updated_at\": \"2026-11-20T02:00:00Z\", \"has_camera\": \"yes\"}}");
  page = decode_ok (CG_COLLECTION_SITES, json);
  g_assert_cmpuint (page->records->len, ==, 3);
  g_assert_cmpuint (page->n_skipped, ==, 7);
  g_assert_cmpuint (page->skipped[CG_SKIP_OUT_OF_RANGE], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_WRONG_TYPE], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_MISSING_ID], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_UNKNOWN_RISK], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_BAD_GEOMETRY], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_BAD_TIME], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_BAD_VALUE], ==, 1);
  g_assert_nonnull (strstr (page->first_skip_detail, "1"));
  g_assert_nonnull (strstr (page->first_skip_detail, "bad-1"));
  g_assert_nonnull (strstr (page->first_skip_detail, "out-of-range"));
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 0))->id, ==, "ok-1");
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 1))->id, ==, "ok-2");
  g_assert_cmpstr (((CgPlace *) g_ptr_array_index (page->records, 2))->id, ==, "ok-3");
}

/* A skipped complaint still moves the cursor (or a full page of them would come back). */
static void
test_complaint_cursor_skips (void)
{
  g_autoptr(CgPage) page = decode_ok (CG_COLLECTION_COMPLAINTS,
    "[" REQUEST ("\"1\"", "") ","
    "{\"service_request_id\": \"2\", \"lat\": 131.2, \"long\": 321.4, "
    "\"requested_datetime\": \"2026-11-20T02:00:00Z\", "
    "\"updated_datetime\": \"2026-11-21T02:00:00Z\"}]");

  g_assert_cmpuint (page->records->len, ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_OUT_OF_RANGE], ==, 1);
  g_assert_cmpstr (page->cursor, ==, "2026-11-21T02:00:00Z");
  g_assert_nonnull (strstr (page->first_skip_detail, "\"2\"") ?
                    strstr (page->first_skip_detail, "\"2\"") :
                    strstr (page->first_skip_detail, "2"));
}

static void
test_error_message (void)
{
  const char *a = "{\"error\": {\"code\": \"unavailable\", \"message\": \"服务繁忙\"}}";
  const char *b = "{\"message\": \"token expired\"}";
  const char *c = "[{\"code\": 403, \"description\": \"Invalid api_key\"}]";
  const char *d = "<html>Bad gateway</html>";
  const char *e = "{\"error\": {\"code\": \"x\"}}";
  const char *f = "{\"error\": \"plain\"}";
  g_autofree char *ma = cg_decode_error_message (a, strlen (a));
  g_autofree char *mb = cg_decode_error_message (b, strlen (b));
  g_autofree char *mc = cg_decode_error_message (c, strlen (c));
  g_autofree char *md = cg_decode_error_message (d, strlen (d));
  g_autofree char *me = cg_decode_error_message (e, strlen (e));
  g_autofree char *mf = cg_decode_error_message (f, strlen (f));
  g_autofree char *mg = cg_decode_error_message (NULL, 0);
  g_autofree char *mh = cg_decode_error_message (a, 10);

  g_assert_cmpstr (ma, ==, "服务繁忙");
  g_assert_cmpstr (mb, ==, "token expired");
  g_assert_cmpstr (mc, ==, "Invalid api_key");
  g_assert_null (md);
  g_assert_null (me);
  g_assert_cmpstr (mf, ==, "plain");
  g_assert_null (mg);
  g_assert_null (mh);
}

static void
test_skip_names (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_MISSING_ID), ==, "missing-id");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_WRONG_TYPE), ==, "wrong-type");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_BAD_GEOMETRY), ==, "bad-geometry");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_OUT_OF_RANGE), ==, "out-of-range");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_UNKNOWN_RISK), ==, "unknown-risk");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_BAD_TIME), ==, "bad-time");
  g_assert_cmpstr (cg_skip_reason_to_string (CG_SKIP_BAD_VALUE), ==, "bad-value");
  for (CgSkipReason r = 0; r < CG_N_SKIP_REASONS; r++)
    {
      g_assert_nonnull (cg_skip_reason_get_title (r));
      g_assert_true (g_hash_table_add (names, (gpointer) cg_skip_reason_get_title (r)));
    }
}

/* ---- threads and speed ---------------------------------------------------------- */

static char *
big_page (guint n)
{
  GString *s = g_string_new ("{\"type\": \"FeatureCollection\", \"cursor\": \"c-000000005000\", "
                             "\"more\": true, \"features\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s,
      "%s{\"type\": \"Feature\", \"id\": \"m-%06u\", \"geometry\": {\"type\": \"Point\", "
      "\"coordinates\": [%.7f, %.7f]}, \"properties\": {\"name\": \"兰州拉面馆%u\", "
      "\"address\": \"普陀区真北路%u号\", \"street_code\": \"3101070%02u\", "
      "\"street_name\": \"真如镇街道\", \"category\": \"catering\", \"risk_level\": \"%s\", "
      "\"licence_no\": \"92310107MA1234567X\", \"updated_at\": \"2026-11-20T10:00:00+08:00\"}}",
      i ? "," : "", i, 121.35 + (i % 997) * 0.0001, 31.2 + (i / 997) * 0.001, i, i, i % 10,
      i % 9 ? "low" : "high");
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

static gpointer
decode_thread (gpointer data)
{
  const char *json = data;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(CgPage) page = cg_decode_page (CG_COLLECTION_MERCHANTS, json, strlen (json),
                                               NULL);
      g_assert_nonnull (page);
      g_assert_cmpuint (page->records->len, ==, 500);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autofree char *json = big_page (500);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("decode", decode_thread, json);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
test_perf (void)
{
  g_autofree char *json = NULL;
  double best = G_MAXDOUBLE;
  gsize len;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  json = big_page (5000);
  len = strlen (json);
  for (int run = 0; run < 5; run++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(CgPage) page = cg_decode_page (CG_COLLECTION_MERCHANTS, json, len, NULL);

      best = MIN (best, (g_get_monotonic_time () - t0) / 1e3);
      g_assert_cmpuint (page->records->len, ==, 5000);
    }
  g_test_minimized_result (best, "decode 5000 features (%.2f MB): %.1f ms, %.2f ms per 1000, "
                           "%.1f MB/s", len / 1e6, best, best / 5, len / 1e3 / best);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here uses the user dirs, and GLib 2.74 leaks
   * the isolated paths, which would trip LeakSanitizer. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decode/places/merchant", test_merchant);
  g_test_add_func ("/decode/places/numeric-id", test_numeric_id);
  g_test_add_func ("/decode/places/site", test_site);
  g_test_add_func ("/decode/places/point", test_point);
  g_test_add_func ("/decode/places/tombstones", test_tombstones);
  g_test_add_func ("/decode/places/cursor-more", test_cursor_more);
  g_test_add_func ("/decode/items/inspections", test_inspections);
  g_test_add_func ("/decode/items/cases", test_cases);
  g_test_add_func ("/decode/items/officers", test_officers);
  g_test_add_func ("/decode/skip/officers", test_officers_skipped);
  g_test_add_func ("/decode/complaints/array-root", test_complaints_array);
  g_test_add_func ("/decode/complaints/object-root", test_complaints_object);
  g_test_add_func ("/decode/complaints/cursor-past-skipped", test_complaint_cursor_skips);
  g_test_add_func ("/decode/reject/invalid-json", test_reject_invalid_json);
  g_test_add_func ("/decode/reject/shape", test_reject_shape);
  g_test_add_func ("/decode/skip/missing-id", test_skip_missing_id);
  g_test_add_func ("/decode/skip/wrong-type", test_skip_wrong_type);
  g_test_add_func ("/decode/skip/bad-geometry", test_skip_bad_geometry);
  g_test_add_func ("/decode/skip/out-of-range", test_skip_out_of_range);
  g_test_add_func ("/decode/skip/unknown-risk", test_skip_unknown_risk);
  g_test_add_func ("/decode/skip/bad-time", test_skip_bad_time);
  g_test_add_func ("/decode/skip/bad-value", test_skip_bad_value);
  g_test_add_func ("/decode/skip/mixed-page", test_mixed_page);
  g_test_add_func ("/decode/json/integers", test_integers);
  g_test_add_func ("/decode/json/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/decode/error-message", test_error_message);
  g_test_add_func ("/decode/skip-names", test_skip_names);
  g_test_add_func ("/decode/threads", test_threads);
  g_test_add_func ("/decode/perf", test_perf);

  return g_test_run ();
}
