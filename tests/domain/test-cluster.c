/* test-cluster.c: invariants of the clustering index
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "cg-cluster.h"
#include "cg-poi-filter.h"

#define WORLD 0.0, 0.0, 1.0, 1.0

typedef struct
{
  guint   n;
  double *x;
  double *y;
  guint8 *risk;
} Points;

static double
merc_x (double lon)
{
  return (lon + 180.0) / 360.0;
}

static double
merc_y (double lat)
{
  double s = sin (lat * G_PI / 180.0);

  return 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
}

/* Shanghai-like data: a uniform background plus dense hot spots, and some exact
 * duplicates (several merchants at one address) */
static Points *
points_new (guint   n,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Points *p = g_new0 (Points, 1);
  double spots[12][2];

  p->n = n;
  p->x = g_new (double, MAX (n, 1));
  p->y = g_new (double, MAX (n, 1));
  p->risk = g_new (guint8, MAX (n, 1));

  for (guint s = 0; s < G_N_ELEMENTS (spots); s++)
    {
      spots[s][0] = g_rand_double_range (rand, 121.2, 121.8);
      spots[s][1] = g_rand_double_range (rand, 30.9, 31.5);
    }

  for (guint i = 0; i < n; i++)
    {
      double lon, lat;
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind < 4)
        {
          lon = g_rand_double_range (rand, 120.85, 122.2);
          lat = g_rand_double_range (rand, 30.68, 31.87);
        }
      else if (kind < 9 || i == 0)
        {
          guint s = g_rand_int_range (rand, 0, G_N_ELEMENTS (spots));
          double r = 0.05 * pow (g_rand_double (rand), 2.0);
          double a = g_rand_double_range (rand, 0, 2 * G_PI);

          lon = spots[s][0] + r * cos (a);
          lat = spots[s][1] + r * sin (a);
        }
      else
        {
          /* same address as an earlier point */
          guint j = g_rand_int_range (rand, 0, i);

          p->x[i] = p->x[j];
          p->y[i] = p->y[j];
          p->risk[i] = g_rand_int_range (rand, 0, 5);
          continue;
        }

      p->x[i] = merc_x (lon);
      p->y[i] = merc_y (lat);
      p->risk[i] = g_rand_int_range (rand, 0, 5);   /* 4 counts as 3 */
    }

  return p;
}

static void
points_free (Points *p)
{
  g_free (p->x);
  g_free (p->y);
  g_free (p->risk);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Points, points_free)

static GArray *
query (CgClusterIndex *idx,
       int             zoom,
       double          min_x,
       double          min_y,
       double          max_x,
       double          max_y)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (CgClusterItem));
  guint n;

  n = cg_cluster_index_query (idx, zoom, min_x, min_y, max_x, max_y, items);
  g_assert_cmpuint (n, ==, items->len);
  return items;
}

/* owner[i] = id of the item that holds point i at @zoom; checks every point is
 * held exactly once, and that counts and risk counts add up */
static guint32 *
owners_at_zoom (CgClusterIndex *idx,
                const Points   *p,
                int             zoom,
                guint          *out_n_items)
{
  g_autoptr(GArray) items = query (idx, zoom, WORLD);
  guint32 *owner = g_new (guint32, MAX (p->n, 1));
  guint64 total = 0;

  memset (owner, 0xff, MAX (p->n, 1) * sizeof (guint32));

  for (guint k = 0; k < items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);
      g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));
      guint32 risk[CG_CLUSTER_N_RISK] = { 0 };

      g_assert_cmpuint (it->count, >=, 1);
      g_assert_cmpuint (it->risk_counts[0] + it->risk_counts[1] + it->risk_counts[2] +
                        it->risk_counts[3], ==, it->count);
      total += it->count;

      if (it->count == 1)
        g_assert_cmpuint (it->id, <, p->n);
      else
        g_assert_cmpuint (it->id, >=, p->n);

      g_assert_true (cg_cluster_index_get_leaves (idx, it->id, zoom, leaves));
      g_assert_cmpuint (leaves->len, ==, it->count);

      for (guint l = 0; l < leaves->len; l++)
        {
          guint32 pi = g_array_index (leaves, guint32, l);

          g_assert_cmpuint (pi, <, p->n);
          g_assert_cmpuint (owner[pi], ==, G_MAXUINT32);   /* not seen before */
          owner[pi] = it->id;
          risk[MIN (p->risk[pi], 3)]++;
        }
      g_assert_cmpmem (risk, sizeof risk, it->risk_counts, sizeof it->risk_counts);

      if (it->count == 1)
        {
          g_assert_cmpfloat (it->x, ==, p->x[it->id]);
          g_assert_cmpfloat (it->y, ==, p->y[it->id]);
        }
    }

  g_assert_cmpuint (total, ==, p->n);
  for (guint i = 0; i < p->n; i++)
    g_assert_cmpuint (owner[i], !=, G_MAXUINT32);

  *out_n_items = items->len;
  return owner;
}

static void
check_invariants (const Points           *p,
                  const CgClusterOptions *opts)
{
  g_autoptr(CgClusterIndex) idx = cg_cluster_index_new (p->x, p->y, p->risk, p->n, opts);
  CgClusterOptions o;
  guint32 *owners[40] = { NULL };
  guint n_items[40] = { 0 };

  cg_cluster_index_get_options (idx, &o);
  g_assert_cmpuint (cg_cluster_index_get_n_points (idx), ==, p->n);

  for (int z = o.min_zoom; z <= o.max_zoom + 1; z++)
    {
      owners[z] = owners_at_zoom (idx, p, z, &n_items[z]);
      g_test_message ("zoom %d: %u items", z, n_items[z]);
    }

  /* Beyond the range, queries clamp */
  {
    g_autoptr(GArray) below = query (idx, o.min_zoom - 3, WORLD);
    g_autoptr(GArray) above = query (idx, o.max_zoom + 7, WORLD);

    g_assert_cmpuint (below->len, ==, n_items[o.min_zoom]);
    g_assert_cmpuint (above->len, ==, p->n);
    g_assert_cmpuint (n_items[o.max_zoom + 1], ==, p->n);
  }

  /* Clusters only split with zoom: points together at z + 1 are together at z */
  for (int z = o.min_zoom; z <= o.max_zoom; z++)
    {
      g_autoptr(GHashTable) down = g_hash_table_new (NULL, NULL);

      g_assert_cmpuint (n_items[z], <=, n_items[z + 1]);

      for (guint i = 0; i < p->n; i++)
        {
          gpointer key = GUINT_TO_POINTER (owners[z + 1][i] + 1);
          gpointer val;

          if (g_hash_table_lookup_extended (down, key, NULL, &val))
            g_assert_cmpuint (GPOINTER_TO_UINT (val), ==, owners[z][i] + 1);
          else
            g_hash_table_insert (down, key, GUINT_TO_POINTER (owners[z][i] + 1));
        }
    }

  /* Leaves lie inside the extent; the cluster splits at its expansion zoom */
  for (int z = o.min_zoom; z <= o.max_zoom; z++)
    {
      g_autoptr(GArray) items = query (idx, z, WORLD);

      for (guint k = 0; k < items->len; k++)
        {
          const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);
          g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));
          double x0, y0, x1, y1;
          int ez;
          gboolean split = FALSE;

          g_assert_true (cg_cluster_index_get_extent (idx, it->id, &x0, &y0, &x1, &y1));
          g_assert_cmpfloat (it->x, >=, x0 - 1e-12);
          g_assert_cmpfloat (it->x, <=, x1 + 1e-12);
          g_assert_cmpfloat (it->y, >=, y0 - 1e-12);
          g_assert_cmpfloat (it->y, <=, y1 + 1e-12);

          if (it->count == 1)
            {
              g_assert_cmpint (cg_cluster_index_get_expansion_zoom (idx, it->id), ==, -1);
              continue;
            }

          g_assert_cmpuint (it->count, >=, o.min_points);
          cg_cluster_index_get_leaves (idx, it->id, z, leaves);
          for (guint l = 0; l < leaves->len; l++)
            {
              guint32 pi = g_array_index (leaves, guint32, l);

              g_assert_cmpfloat (p->x[pi], >=, x0);
              g_assert_cmpfloat (p->x[pi], <=, x1);
              g_assert_cmpfloat (p->y[pi], >=, y0);
              g_assert_cmpfloat (p->y[pi], <=, y1);
            }

          ez = cg_cluster_index_get_expansion_zoom (idx, it->id);
          g_assert_cmpint (ez, >, z);
          g_assert_cmpint (ez, <=, o.max_zoom + 1);
          for (guint l = 1; l < leaves->len; l++)
            {
              guint32 a = g_array_index (leaves, guint32, 0);
              guint32 b = g_array_index (leaves, guint32, l);

              /* together until the expansion zoom, then apart */
              g_assert_cmpuint (owners[ez - 1][a], ==, owners[ez - 1][b]);
              if (owners[ez][a] != owners[ez][b])
                split = TRUE;
            }
          g_assert_true (split);
          g_assert_cmpuint (owners[ez - 1][g_array_index (leaves, guint32, 0)], ==, it->id);

          /* The id is stale at its expansion zoom */
          g_array_set_size (leaves, 0);
          g_assert_false (cg_cluster_index_get_leaves (idx, it->id, ez, leaves));
          g_assert_cmpuint (leaves->len, ==, 0);
        }
    }

  /* Ancestors: the item holding a point (or an item of a higher zoom) at each zoom */
  for (int z = o.min_zoom; z <= o.max_zoom + 1; z++)
    for (guint i = 0; i < p->n; i++)
      {
        guint32 owner = owners[z][i];
        double ax, ay;

        g_assert_cmpuint (cg_cluster_index_get_ancestor (idx, i, z), ==, owner);
        g_assert_true (cg_cluster_index_get_position (idx, owner, &ax, &ay));
        if (z < o.max_zoom + 1)
          g_assert_cmpuint (cg_cluster_index_get_ancestor (idx, owners[z + 1][i], z), ==, owner);
        if (z > o.min_zoom && owners[z - 1][i] != owner)
          /* a cluster that is split at z holds no single item of z */
          g_assert_cmpuint (cg_cluster_index_get_ancestor (idx, owners[z - 1][i], z), ==,
                            G_MAXUINT32);
      }
  g_assert_cmpuint (cg_cluster_index_get_ancestor (idx, G_MAXUINT32 - 1, 10), ==, G_MAXUINT32);
  g_assert_false (cg_cluster_index_get_position (idx, G_MAXUINT32 - 1, NULL, NULL));

  for (guint z = 0; z < G_N_ELEMENTS (owners); z++)
    g_free (owners[z]);
}

/* The layer's way: cluster only the objects a filter lets through. Every object that passes
 * is in exactly one item at every zoom (check_invariants), and no other object is. */
static void
test_cluster_filtered (void)
{
  g_autoptr(Points) all = points_new (20000, 11);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint8 *kind = g_new (guint8, all->n), *street = g_new (guint8, all->n);
  guint8 *category = g_new (guint8, all->n), *overdue = g_new (guint8, all->n);
  CgPoiFilter filters[4];

  for (guint i = 0; i < all->n; i++)
    {
      kind[i] = g_rand_int_range (rand, 0, 3);
      street[i] = g_rand_int_range (rand, 0, 11);
      category[i] = g_rand_int_range (rand, 0, cg_poi_category_get_n (kind[i]));
      overdue[i] = g_rand_int_range (rand, 0, 25) == 0;
      all->risk[i] = MIN (all->risk[i], 3);
    }

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    cg_poi_filter_init_all (&filters[f]);
  filters[1].risks = 1u << 3 | 1u << 2;                  /* high and medium */
  filters[1].kinds = 1u << 0 | 1u << 1;
  filters[2].streets = 1u << 3 | 1u << 7;                /* two streets */
  filters[2].categories[0] = 1u << 0 | 1u << 5;          /* catering, car wash */
  filters[3].overdue_only = TRUE;

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autoptr(Points) sel = g_new0 (Points, 1);
      g_autofree guint32 *map = g_new (guint32, all->n);
      g_autoptr(GArray) items = NULL;
      g_autoptr(CgClusterIndex) idx = NULL;
      g_autofree guint8 *hit = g_new0 (guint8, all->n);

      sel->x = g_new (double, all->n);
      sel->y = g_new (double, all->n);
      sel->risk = g_new (guint8, all->n);
      for (guint i = 0; i < all->n; i++)
        if (cg_poi_filter_matches (&filters[f], kind[i], all->risk[i], street[i], category[i],
                                   overdue[i]))
          {
            map[sel->n] = i;
            sel->x[sel->n] = all->x[i];
            sel->y[sel->n] = all->y[i];
            sel->risk[sel->n] = all->risk[i];
            sel->n++;
          }
      g_test_message ("filter %u: %u of %u objects", f, sel->n, all->n);
      g_assert_cmpuint (sel->n, >, 0);
      g_assert_cmpuint (sel->n, <=, all->n);
      if (f > 0)
        g_assert_cmpuint (sel->n, <, all->n);
      check_invariants (sel, NULL);

      /* through the map, each selected object once, and only those, at a city zoom */
      idx = cg_cluster_index_new (sel->x, sel->y, sel->risk, sel->n, NULL);
      items = query (idx, 11, WORLD);
      for (guint k = 0; k < items->len; k++)
        {
          g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));

          g_assert_true (cg_cluster_index_get_leaves (idx, g_array_index (items, CgClusterItem, k).id,
                                                      11, leaves));
          for (guint l = 0; l < leaves->len; l++)
            {
              guint32 o = map[g_array_index (leaves, guint32, l)];

              g_assert_cmpuint (hit[o], ==, 0);
              hit[o] = 1;
            }
        }
      for (guint i = 0; i < all->n; i++)
        g_assert_cmpuint (hit[i], ==, cg_poi_filter_matches (&filters[f], kind[i], all->risk[i],
                                                             street[i], category[i], overdue[i]));
    }

  g_free (kind);
  g_free (street);
  g_free (category);
  g_free (overdue);
}

static void
test_poi_filter_model (void)
{
  CgPoiFilter f, g;

  cg_poi_filter_init_all (&f);
  g_assert_true (cg_poi_filter_is_all (&f));
  g_assert_true (cg_poi_filter_matches (&f, 0, 3, 0, 0, FALSE));
  g_assert_true (cg_poi_filter_matches (&f, 2, 0, 200, 2, FALSE));   /* street 200 -> bit 63 */
  g_assert_false (cg_poi_filter_matches (&f, 3, 0, 0, 0, FALSE));    /* not a map kind */

  /* risk grades concern merchants and sites; enforcement points have none */
  f.risks = 1u << 3;
  g_assert_false (cg_poi_filter_is_all (&f));
  g_assert_true (cg_poi_filter_matches (&f, 0, 3, 1, 0, FALSE));
  g_assert_false (cg_poi_filter_matches (&f, 1, 1, 1, 0, FALSE));
  g_assert_true (cg_poi_filter_matches (&f, 2, 0, 1, 0, FALSE));

  /* streets by bit, 0 = unknown street */
  cg_poi_filter_init_all (&f);
  f.streets = 1u << 4;
  g_assert_true (cg_poi_filter_matches (&f, 0, 1, 4, 0, FALSE));
  g_assert_false (cg_poi_filter_matches (&f, 0, 1, 5, 0, FALSE));
  g_assert_false (cg_poi_filter_matches (&f, 0, 1, 0, 0, FALSE));

  /* categories per kind */
  cg_poi_filter_init_all (&f);
  f.categories[1] = 1u << cg_poi_category_from_string (1, "demolition");
  g_assert_true (cg_poi_filter_matches (&f, 1, 1, 1, cg_poi_category_from_string (1, "demolition"), FALSE));
  g_assert_false (cg_poi_filter_matches (&f, 1, 1, 1, cg_poi_category_from_string (1, "housing"), FALSE));
  g_assert_true (cg_poi_filter_matches (&f, 0, 1, 1, cg_poi_category_from_string (0, "hotel"), FALSE));

  /* overdue only: targets marked overdue; never enforcement points */
  cg_poi_filter_init_all (&f);
  f.overdue_only = TRUE;
  g_assert_true (cg_poi_filter_matches (&f, 0, 1, 1, 0, TRUE));
  g_assert_false (cg_poi_filter_matches (&f, 0, 1, 1, 0, FALSE));
  g_assert_false (cg_poi_filter_matches (&f, 2, 0, 1, 0, TRUE));

  /* equality */
  cg_poi_filter_init_all (&g);
  g_assert_false (cg_poi_filter_equal (&f, &g));
  g.overdue_only = TRUE;
  g_assert_true (cg_poi_filter_equal (&f, &g));
  g.categories[2] = 1;
  g_assert_false (cg_poi_filter_equal (&f, &g));

  /* categories: API values round-trip; unknown values are "other", the last code */
  g_assert_cmpuint (cg_poi_category_get_n (0), ==, 11);
  g_assert_cmpuint (cg_poi_category_get_n (1), ==, 5);
  g_assert_cmpuint (cg_poi_category_get_n (2), ==, 3);
  g_assert_cmpuint (cg_poi_category_get_n (3), ==, 0);
  for (guint k = 0; k < 3; k++)
    for (guint c = 0; c < cg_poi_category_get_n (k); c++)
      g_assert_cmpuint (cg_poi_category_from_string (k, cg_poi_category_to_string (k, c)), ==, c);
  g_assert_cmpstr (cg_poi_category_to_string (0, cg_poi_category_from_string (0, "spaceport")), ==, "other");
  g_assert_cmpstr (cg_poi_category_to_string (1, cg_poi_category_from_string (1, NULL)), ==, "other");
  g_assert_null (cg_poi_category_to_string (2, 3));
  g_assert_null (cg_poi_category_to_string (7, 0));
}

static void
test_cluster_invariants (void)
{
  g_autoptr(Points) p = points_new (20000, 42);

  check_invariants (p, NULL);
}

static void
test_cluster_invariants_options (void)
{
  g_autoptr(Points) p = points_new (5000, 7);
  CgClusterOptions opts;

  cg_cluster_options_init (&opts);
  opts.min_zoom = 3;
  opts.max_zoom = 14;
  opts.radius = 60;
  opts.min_points = 5;
  check_invariants (p, &opts);

  opts.radius = 8;
  opts.min_points = 2;
  check_invariants (p, &opts);
}

static void
test_cluster_subbox (void)
{
  g_autoptr(Points) p = points_new (20000, 3);
  g_autoptr(CgClusterIndex) idx = cg_cluster_index_new (p->x, p->y, p->risk, p->n, NULL);
  const double cx = merc_x (121.47), cy = merc_y (31.23);

  for (int z = 8; z <= 17; z++)
    {
      /* A 1920x1080 viewport at 256-px tiles */
      double hw = 960.0 / (256.0 * ldexp (1.0, z)), hh = 540.0 / (256.0 * ldexp (1.0, z));
      g_autoptr(GArray) all = query (idx, z, WORLD);
      g_autoptr(GArray) part = query (idx, z, cx - hw, cy - hh, cx + hw, cy + hh);
      guint expected = 0;
      g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);

      for (guint k = 0; k < part->len; k++)
        g_hash_table_add (ids, GUINT_TO_POINTER (g_array_index (part, CgClusterItem, k).id + 1));
      g_assert_cmpuint (g_hash_table_size (ids), ==, part->len);

      for (guint k = 0; k < all->len; k++)
        {
          const CgClusterItem *it = &g_array_index (all, CgClusterItem, k);

          if (it->x >= cx - hw && it->x <= cx + hw && it->y >= cy - hh && it->y <= cy + hh)
            {
              expected++;
              g_assert_true (g_hash_table_contains (ids, GUINT_TO_POINTER (it->id + 1)));
            }
        }
      g_assert_cmpuint (part->len, ==, expected);
      g_test_message ("zoom %d: %u items in the viewport", z, part->len);
    }

  /* An inverted or empty box gives nothing */
  {
    g_autoptr(GArray) none = query (idx, 10, 0.9, 0.9, 0.1, 0.1);
    g_autoptr(GArray) nan = query (idx, 10, NAN, 0, 1, 1);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (nan->len, ==, 0);
  }
}

static void
test_cluster_deterministic (void)
{
  g_autoptr(Points) p = points_new (20000, 11);
  g_autoptr(CgClusterIndex) a = cg_cluster_index_new (p->x, p->y, p->risk, p->n, NULL);
  g_autoptr(CgClusterIndex) b = cg_cluster_index_new (p->x, p->y, p->risk, p->n, NULL);

  g_assert_cmpuint (cg_cluster_index_get_n_clusters (a), ==, cg_cluster_index_get_n_clusters (b));

  for (int z = 0; z <= 17; z++)
    {
      g_autoptr(GArray) ia = query (a, z, WORLD);
      g_autoptr(GArray) ib = query (b, z, WORLD);

      g_assert_cmpmem (ia->data, ia->len * sizeof (CgClusterItem),
                       ib->data, ib->len * sizeof (CgClusterItem));
    }
}

static void
test_cluster_empty (void)
{
  g_autoptr(CgClusterIndex) idx = cg_cluster_index_new (NULL, NULL, NULL, 0, NULL);
  g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (int z = -1; z <= 20; z++)
    {
      g_autoptr(GArray) items = query (idx, z, WORLD);

      g_assert_cmpuint (items->len, ==, 0);
    }

  g_assert_cmpuint (cg_cluster_index_get_n_points (idx), ==, 0);
  g_assert_cmpuint (cg_cluster_index_get_n_clusters (idx), ==, 0);
  g_assert_false (cg_cluster_index_get_leaves (idx, 0, 5, leaves));
  g_assert_cmpint (cg_cluster_index_get_expansion_zoom (idx, 0), ==, -1);
  g_assert_false (cg_cluster_index_get_extent (idx, 0, NULL, NULL, NULL, NULL));
}

static void
test_cluster_single (void)
{
  const double x = 0.8374, y = 0.4094;
  const guint8 risk = 2;
  g_autoptr(CgClusterIndex) idx = cg_cluster_index_new (&x, &y, &risk, 1, NULL);

  for (int z = 0; z <= 17; z++)
    {
      g_autoptr(GArray) items = query (idx, z, WORLD);
      const CgClusterItem *it;

      g_assert_cmpuint (items->len, ==, 1);
      it = &g_array_index (items, CgClusterItem, 0);
      g_assert_cmpuint (it->count, ==, 1);
      g_assert_cmpuint (it->id, ==, 0);
      g_assert_cmpuint (it->risk_counts[2], ==, 1);
      g_assert_cmpfloat (it->x, ==, x);
      g_assert_cmpfloat (it->y, ==, y);
    }
  g_assert_cmpuint (cg_cluster_index_get_n_clusters (idx), ==, 0);
}

static void
test_cluster_identical (void)
{
  const guint n = 1000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree guint8 *risk = g_new (guint8, n);
  g_autoptr(CgClusterIndex) idx = NULL;
  g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (guint32));
  const CgClusterItem *it;
  double x0, y0, x1, y1;

  for (guint i = 0; i < n; i++)
    {
      x[i] = 0.8374213;
      y[i] = 0.4094;
      risk[i] = i % 4;
    }
  idx = cg_cluster_index_new (x, y, risk, n, NULL);

  for (int z = 0; z <= 16; z++)
    {
      g_autoptr(GArray) items = query (idx, z, WORLD);

      g_assert_cmpuint (items->len, ==, 1);
      it = &g_array_index (items, CgClusterItem, 0);
      g_assert_cmpuint (it->count, ==, n);
      g_assert_cmpuint (it->risk_counts[0], ==, n / 4);
      g_assert_cmpuint (it->risk_counts[3], ==, n / 4);
      g_assert_cmpfloat_with_epsilon (it->x, x[0], 1e-12);
      g_assert_cmpint (cg_cluster_index_get_expansion_zoom (idx, it->id), ==, 17);
      g_assert_true (cg_cluster_index_get_extent (idx, it->id, &x0, &y0, &x1, &y1));
      g_assert_cmpfloat (x1 - x0, <, 1e-7);
      g_assert_cmpfloat (y1 - y0, <, 1e-7);
      g_array_set_size (leaves, 0);
      g_assert_true (cg_cluster_index_get_leaves (idx, it->id, z, leaves));
      g_assert_cmpuint (leaves->len, ==, n);
    }

  {
    g_autoptr(GArray) items = query (idx, 17, WORLD);

    g_assert_cmpuint (items->len, ==, n);
  }
}

static void
test_cluster_bad_input (void)
{
  const double x[] = { NAN, -0.5, 1.5, 0.5 };
  const double y[] = { 0.5, INFINITY, -INFINITY, NAN };
  g_autoptr(CgClusterIndex) idx = cg_cluster_index_new (x, y, NULL, 4, NULL);
  g_autoptr(GArray) items = query (idx, 17, WORLD);

  /* Clamped into the square, still all there */
  g_assert_cmpuint (items->len, ==, 4);
  for (guint k = 0; k < items->len; k++)
    {
      const CgClusterItem *it = &g_array_index (items, CgClusterItem, k);

      g_assert_cmpfloat (it->x, >=, 0.0);
      g_assert_cmpfloat (it->x, <=, 1.0);
      g_assert_cmpfloat (it->y, >=, 0.0);
      g_assert_cmpfloat (it->y, <=, 1.0);
      g_assert_cmpuint (it->risk_counts[0], ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cg/cluster/invariants", test_cluster_invariants);
  g_test_add_func ("/cg/cluster/invariants-options", test_cluster_invariants_options);
  g_test_add_func ("/cg/cluster/subbox", test_cluster_subbox);
  g_test_add_func ("/cg/cluster/deterministic", test_cluster_deterministic);
  g_test_add_func ("/cg/cluster/empty", test_cluster_empty);
  g_test_add_func ("/cg/cluster/single", test_cluster_single);
  g_test_add_func ("/cg/cluster/identical", test_cluster_identical);
  g_test_add_func ("/cg/cluster/bad-input", test_cluster_bad_input);
  g_test_add_func ("/cg/cluster/filtered", test_cluster_filtered);
  g_test_add_func ("/cg/poi-filter/model", test_poi_filter_model);

  return g_test_run ();
}
