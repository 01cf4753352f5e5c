/* cg-district.c: a district's outline and its streets, from embedded data
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-district"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cg-district.h"
#include "cg-district-resources.h"

#define DISTRICTS_RESOURCE "/org/chengguan/Command/districts/shanghai.json"

struct _CgDistrict
{
  gatomicrefcount  ref_count;

  char            *code;
  char            *name;
  char            *pinyin;
  char            *city_name;
  CgLonLat         center;
  double           min_lon, min_lat, max_lon, max_lat;

  CgRing          *rings;
  guint            n_rings;

  CgStreet        *streets;
  guint            n_streets;
};

/* The parsed resource, kept for the life of the process */
static JsonNode *districts_root;
static const char * const *district_codes;

static gboolean
ensure_parsed (GError **error)
{
  static gsize initialized = 0;
  static GError *parse_error = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonParser) parser = NULL;
      GError *local_error = NULL;

      bytes = g_resource_lookup_data (cg_districts_get_resource (), DISTRICTS_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes != NULL)
        {
          parser = json_parser_new_immutable ();
          if (json_parser_load_from_data (parser,
                                          g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes),
                                          &local_error))
            {
              JsonNode *root = json_parser_get_root (parser);
              JsonArray *array;
              GPtrArray *codes = g_ptr_array_new ();

              if (JSON_NODE_HOLDS_OBJECT (root) &&
                  (array = json_object_get_array_member (json_node_get_object (root),
                                                         "districts")) != NULL)
                {
                  for (guint i = 0; i < json_array_get_length (array); i++)
                    {
                      JsonObject *d = json_array_get_object_element (array, i);
                      g_ptr_array_add (codes,
                                       g_strdup (json_object_get_string_member (d, "code")));
                    }
                  districts_root = json_node_ref (root);
                }
              else
                {
                  g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                       _("The embedded district data is damaged"));
                }
              g_ptr_array_add (codes, NULL);
              district_codes = (const char * const *) g_ptr_array_free (codes, FALSE);
            }
        }
      parse_error = local_error;
      g_once_init_leave (&initialized, 1);
    }

  if (parse_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (parse_error);
      return FALSE;
    }
  return TRUE;
}

const char * const *
cg_district_list_codes (void)
{
  static const char * const empty[] = { NULL };

  if (!ensure_parsed (NULL))
    return empty;
  return district_codes;
}

static gboolean
read_point (JsonArray *pair,
            CgLonLat  *out)
{
  if (pair == NULL || json_array_get_length (pair) < 2)
    return FALSE;
  out->lon = json_array_get_double_element (pair, 0);
  out->lat = json_array_get_double_element (pair, 1);
  return TRUE;
}

static CgRing *
read_rings (JsonArray *array,
            guint     *n_rings)
{
  CgRing *rings;
  guint n;

  n = array != NULL ? json_array_get_length (array) : 0;
  rings = g_new0 (CgRing, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonArray *ring = json_array_get_array_element (array, i);
      guint np = json_array_get_length (ring);

      rings[i].points = g_new0 (CgLonLat, MAX (np, 1));
      rings[i].n_points = np;
      for (guint j = 0; j < np; j++)
        read_point (json_array_get_array_element (ring, j), &rings[i].points[j]);
    }
  *n_rings = n;
  return rings;
}

static void
free_rings (CgRing *rings,
            guint   n_rings)
{
  for (guint i = 0; i < n_rings; i++)
    g_free (rings[i].points);
  g_free (rings);
}

static gboolean
matches (JsonObject *d,
         const char *key)
{
  const char *code = json_object_get_string_member_with_default (d, "code", "");
  const char *name = json_object_get_string_member_with_default (d, "name", "");
  const char *pinyin = json_object_get_string_member_with_default (d, "pinyin", "");
  g_autofree char *name_no_suffix = NULL;

  if (g_str_equal (code, key) || g_str_equal (name, key) ||
      g_ascii_strcasecmp (pinyin, key) == 0)
    return TRUE;

  /* "普陀" for "普陀区", "putuo qu" is not worth it */
  if (g_str_has_suffix (name, "区"))
    {
      name_no_suffix = g_strndup (name, strlen (name) - strlen ("区"));
      if (g_str_equal (name_no_suffix, key))
        return TRUE;
    }
  return FALSE;
}

static CgDistrict *
build_district (JsonObject *d,
                const char *city_name)
{
  CgDistrict *self = g_new0 (CgDistrict, 1);
  JsonArray *streets;

  g_atomic_ref_count_init (&self->ref_count);
  self->code = g_strdup (json_object_get_string_member (d, "code"));
  self->name = g_strdup (json_object_get_string_member (d, "name"));
  self->pinyin = g_strdup (json_object_get_string_member_with_default (d, "pinyin", ""));
  self->city_name = g_strdup (city_name);
  self->rings = read_rings (json_object_get_array_member (d, "rings"), &self->n_rings);

  self->min_lon = self->min_lat = G_MAXDOUBLE;
  self->max_lon = self->max_lat = -G_MAXDOUBLE;
  for (guint i = 0; i < self->n_rings; i++)
    for (guint j = 0; j < self->rings[i].n_points; j++)
      {
        const CgLonLat *p = &self->rings[i].points[j];
        self->min_lon = MIN (self->min_lon, p->lon);
        self->min_lat = MIN (self->min_lat, p->lat);
        self->max_lon = MAX (self->max_lon, p->lon);
        self->max_lat = MAX (self->max_lat, p->lat);
      }
  if (!read_point (json_object_get_array_member (d, "center"), &self->center))
    {
      self->center.lon = (self->min_lon + self->max_lon) / 2;
      self->center.lat = (self->min_lat + self->max_lat) / 2;
    }

  streets = json_object_get_array_member (d, "streets");
  self->n_streets = streets != NULL ? json_array_get_length (streets) : 0;
  self->streets = g_new0 (CgStreet, MAX (self->n_streets, 1));
  for (guint i = 0; i < self->n_streets; i++)
    {
      JsonObject *s = json_array_get_object_element (streets, i);
      CgStreet *street = &self->streets[i];

      street->code = g_strdup (json_object_get_string_member (s, "code"));
      street->name = g_strdup (json_object_get_string_member (s, "name"));
      if (json_object_has_member (s, "squad_name"))
        street->squad_name = g_strdup (json_object_get_string_member (s, "squad_name"));
      else
        street->squad_name = g_strconcat (street->name, "中队", NULL);
      read_point (json_object_get_array_member (s, "center"), &street->center);
      street->rings = read_rings (json_object_get_array_member (s, "rings"), &street->n_rings);
    }

  return self;
}

CgDistrict *
cg_district_load (const char  *code_or_name,
                  GError     **error)
{
  JsonObject *root;
  JsonArray *array;
  const char *city_name;
  g_autofree char *key = NULL;

  g_return_val_if_fail (code_or_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_parsed (error))
    return NULL;

  key = g_strstrip (g_strdup (code_or_name));
  root = json_node_get_object (districts_root);
  city_name = json_object_get_string_member_with_default (root, "city", "上海市");
  array = json_object_get_array_member (root, "districts");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *d = json_array_get_object_element (array, i);

      if (matches (d, key))
        return build_district (d, city_name);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("Unknown district “%s”: expected one of Shanghai’s 16 district codes or names"),
               code_or_name);
  return NULL;
}

CgDistrict *
cg_district_ref (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cg_district_unref (CgDistrict *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_streets; i++)
    {
      g_free (self->streets[i].code);
      g_free (self->streets[i].name);
      g_free (self->streets[i].squad_name);
      free_rings (self->streets[i].rings, self->streets[i].n_rings);
    }
  g_free (self->streets);
  free_rings (self->rings, self->n_rings);
  g_free (self->code);
  g_free (self->name);
  g_free (self->pinyin);
  g_free (self->city_name);
  g_free (self);
}

const char *
cg_district_get_code (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}

const char *
cg_district_get_name (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
cg_district_get_pinyin (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pinyin;
}

const char *
cg_district_get_city_name (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->city_name;
}

CgLonLat
cg_district_get_center (CgDistrict *self)
{
  CgLonLat none = { 0, 0 };

  g_return_val_if_fail (self != NULL, none);
  return self->center;
}

void
cg_district_get_bounds (CgDistrict *self,
                        double     *min_lon,
                        double     *min_lat,
                        double     *max_lon,
                        double     *max_lat)
{
  g_return_if_fail (self != NULL);

  if (min_lon)
    *min_lon = self->min_lon;
  if (min_lat)
    *min_lat = self->min_lat;
  if (max_lon)
    *max_lon = self->max_lon;
  if (max_lat)
    *max_lat = self->max_lat;
}

guint
cg_district_get_n_rings (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rings;
}

const CgRing *
cg_district_get_ring (CgDistrict *self,
                      guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_rings, NULL);
  return &self->rings[index];
}

guint
cg_district_get_n_streets (CgDistrict *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_streets;
}

const CgStreet *
cg_district_get_street (CgDistrict *self,
                        guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_streets, NULL);
  return &self->streets[index];
}

int
cg_district_street_index (CgDistrict *self,
                          const char *code)
{
  g_return_val_if_fail (self != NULL, -1);

  if (code == NULL)
    return -1;
  for (guint i = 0; i < self->n_streets; i++)
    if (g_str_equal (self->streets[i].code, code))
      return (int) i;
  return -1;
}

const CgStreet *
cg_district_lookup_street (CgDistrict *self,
                           const char *code)
{
  int i = cg_district_street_index (self, code);

  return i >= 0 ? &self->streets[i] : NULL;
}

const char **
cg_district_dup_street_codes (CgDistrict *self)
{
  const char **codes;

  g_return_val_if_fail (self != NULL, NULL);

  codes = g_new0 (const char *, self->n_streets + 1);
  for (guint i = 0; i < self->n_streets; i++)
    codes[i] = self->streets[i].code;
  return codes;
}

gboolean
cg_ring_contains (const CgRing *ring,
                  double        lon,
                  double        lat)
{
  gboolean inside = FALSE;

  g_return_val_if_fail (ring != NULL, FALSE);

  for (guint i = 0, j = ring->n_points - 1; i < ring->n_points; j = i++)
    {
      const CgLonLat *a = &ring->points[i];
      const CgLonLat *b = &ring->points[j];

      if ((a->lat > lat) != (b->lat > lat) &&
          lon < (b->lon - a->lon) * (lat - a->lat) / (b->lat - a->lat) + a->lon)
        inside = !inside;
    }
  return inside;
}

static gboolean
rings_contain (const CgRing *rings,
               guint         n_rings,
               double        lon,
               double        lat)
{
  gboolean inside = FALSE;

  /* even-odd over all rings: islands add, holes subtract */
  for (guint i = 0; i < n_rings; i++)
    if (cg_ring_contains (&rings[i], lon, lat))
      inside = !inside;
  return inside;
}

gboolean
cg_district_contains (CgDistrict *self,
                      double      lon,
                      double      lat)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (lon < self->min_lon || lon > self->max_lon ||
      lat < self->min_lat || lat > self->max_lat)
    return FALSE;
  return rings_contain (self->rings, self->n_rings, lon, lat);
}

const CgStreet *
cg_district_street_at (CgDistrict *self,
                       double      lon,
                       double      lat)
{
  const CgStreet *nearest = NULL;
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, NULL);

  if (!cg_district_contains (self, lon, lat))
    return NULL;

  for (guint i = 0; i < self->n_streets; i++)
    if (rings_contain (self->streets[i].rings, self->streets[i].n_rings, lon, lat))
      return &self->streets[i];

  /* On a seam between two approximate areas (rounding): the nearest center wins */
  for (guint i = 0; i < self->n_streets; i++)
    {
      double dx = (self->streets[i].center.lon - lon) * 0.855;   /* cos 31° */
      double dy = self->streets[i].center.lat - lat;
      double d = dx * dx + dy * dy;

      if (d < best)
        {
          best = d;
          nearest = &self->streets[i];
        }
    }
  return nearest;
}
