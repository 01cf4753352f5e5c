/* test-open311.c: complaints as real Open311 GeoReport v2 servers send them
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shapes seen on public Open311 servers: the spec's array root and the object root, numeric
 * and string ids, lat/long as numbers or strings, statuses beyond open/closed, extension
 * objects and arrays, requests without an id yet (only a "token"), error bodies.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-decode.h"

static CgPage *
decode (const char *text)
{
  g_autoptr(GError) error = NULL;
  CgPage *page = cg_decode_page (CG_COLLECTION_COMPLAINTS, text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static void
test_open311_array_root_with_extras (void)
{
  /* a city server: numeric ids, string coordinates with many decimals, non-standard
   * statuses, extended_attributes objects, media arrays, a pending request with a token */
  g_autoptr(CgPage) page = decode (
    "[{\"service_request_id\": 21474836470, \"status\": \"acknowledged\", \"status_notes\": \"Crew assigned\","
    "  \"service_name\": \"Sidewalk vending\", \"service_code\": \"4fd3b167e750846744000005\","
    "  \"description\": null, \"agency_responsible\": \"Streets\", \"service_notice\": \"\","
    "  \"requested_datetime\": \"2026-11-20T09:15:03-06:00\", \"updated_datetime\": \"2026-11-20T10:00:00-06:00\","
    "  \"expected_datetime\": null, \"address\": \"1234 N Main St\", \"address_id\": 545483, \"zipcode\": 60601,"
    "  \"lat\": \"31.250123456789\", \"long\": \"121.400987654321\", \"media_url\": \"https://example.org/a.jpg\","
    "  \"extended_attributes\": {\"channel\": \"phone\", \"duplicates\": [1, 2]}, \"media\": [{\"url\": \"x\"}]},"
    " {\"service_request_id\": null, \"token\": \"12345\", \"status\": \"pending\","
    "  \"requested_datetime\": \"2026-11-20T09:16:00-06:00\"},"
    " {\"service_request_id\": \"638344\", \"status\": \"Closed\", \"requested_datetime\": \"2026-11-19T08:00:00Z\","
    "  \"lat\": 31.2, \"long\": 121.45, \"x_satisfaction\": \"satisfied\"}]");
  CgComplaint *a, *c;

  g_assert_cmpuint (page->records->len, ==, 2);
  g_assert_cmpuint (page->n_skipped, ==, 1);                 /* no id yet: only a token */
  g_assert_cmpuint (page->skipped[CG_SKIP_MISSING_ID], ==, 1);
  a = page->records->pdata[0];
  g_assert_cmpstr (a->id, ==, "21474836470");
  g_assert_cmpstr (a->status, ==, "acknowledged");            /* kept verbatim */
  g_assert_cmpfloat_with_epsilon (a->lat, 31.250123456789, 1e-12);
  g_assert_cmpfloat_with_epsilon (a->lon, 121.400987654321, 1e-12);
  g_assert_cmpint (a->requested_at, ==, 1795187703);          /* 2026-11-20T15:15:03Z */
  g_assert_null (a->description);
  c = page->records->pdata[1];
  g_assert_cmpstr (c->id, ==, "638344");
  g_assert_cmpstr (c->status, ==, "Closed");
  g_assert_cmpint (c->satisfaction, ==, 2);
}

static void
test_open311_object_root_and_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CgPage) page = decode (
    "{\"service_requests\": ["
    "  {\"service_request_id\": 1, \"requested_datetime\": \"2026-11-20T09:00:00+08:00\", \"lat\": 31.2, \"long\": 121.4},"
    "  {\"service_request_id\": 2, \"requested_datetime\": \"2026-11-20T09:00:00+08:00\", \"lat\": \"north\", \"long\": 121.4},"
    "  {\"service_request_id\": 3, \"requested_datetime\": \"2026-11-20T09:00:00+08:00\", \"lat\": 131.2, \"long\": 321.4},"
    "  {\"service_request_id\": 4, \"requested_datetime\": \"soon\"},"
    "  \"not an object\""
    "], \"total\": 5}");
  g_autoptr(CgPage) none = NULL;
  g_autofree char *message = NULL;

  g_assert_cmpuint (page->records->len, ==, 1);
  g_assert_cmpuint (page->n_skipped, ==, 4);
  g_assert_cmpuint (page->skipped[CG_SKIP_WRONG_TYPE], ==, 2);
  g_assert_cmpuint (page->skipped[CG_SKIP_OUT_OF_RANGE], ==, 1);
  g_assert_cmpuint (page->skipped[CG_SKIP_BAD_TIME], ==, 1);
  g_assert_nonnull (page->first_skip_detail);

  /* a document that is not a list of requests: rejected whole, with a clear message */
  none = cg_decode_page (CG_COLLECTION_COMPLAINTS, "{\"requests\": 5}", 15, &error);
  g_assert_null (none);
  g_assert_error (error, CG_DECODE_ERROR, CG_DECODE_ERROR_BAD_SHAPE);
  g_assert_nonnull (strstr (error->message, "Open311"));

  /* Open311's error body */
  message = cg_decode_error_message ("[{\"code\":403,\"description\":\"Invalid api_key received\"}]", 55);
  g_assert_cmpstr (message, ==, "Invalid api_key received");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cg/open311/array-root-with-extras", test_open311_array_root_with_extras);
  g_test_add_func ("/cg/open311/object-root-and-broken", test_open311_object_root_and_broken);
  return g_test_run ();
}
