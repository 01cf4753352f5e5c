/* cg-point-grid.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cg-point-grid.h"

#define N_RISKS 4   /* CgRisk: unknown, low, medium, high */

struct _CgThinGrid
{
  guint32 *cells;       /* per cell and kind: index + 1 of the winner, 0 = empty */
  gsize    n_cells;
  GArray  *out;         /* guint32 */
  GArray  *tmp;         /* guint32 */
};

CgThinGrid *
cg_thin_grid_new (void)
{
  CgThinGrid *grid = g_new0 (CgThinGrid, 1);

  grid->out = g_array_new (FALSE, FALSE, sizeof (guint32));
  grid->tmp = g_array_new (FALSE, FALSE, sizeof (guint32));

  return grid;
}

void
cg_thin_grid_free (CgThinGrid *grid)
{
  if (grid == NULL)
    return;

  g_free (grid->cells);
  g_array_unref (grid->out);
  g_array_unref (grid->tmp);
  g_free (grid);
}

const guint32 *
cg_thin_grid_run (CgThinGrid        *grid,
                  const CgProjPoint *points,
                  guint              n_points,
                  const CgGridView  *view,
                  guint              kind_mask,
                  guint             *n_out)
{
  double cell = MAX (1.0, view->cell);
  double left = -view->margin;
  double right = view->width + view->margin;
  double top = -view->margin;
  double bottom = view->height + view->margin;
  gint64 cx0, cy0, cx1, cy1, ncx, ncy;
  gsize need;
  guint counts[CG_N_POINT_KINDS * N_RISKS] = { 0 };
  guint starts[CG_N_POINT_KINDS * N_RISKS];
  guint pos = 0;

  g_return_val_if_fail (grid != NULL, NULL);
  g_return_val_if_fail (n_out != NULL, NULL);

  g_array_set_size (grid->out, 0);
  *n_out = 0;

  if (n_points == 0 || view->world <= 0 || view->width <= 0 || view->height <= 0)
    return (const guint32 *) (gpointer) grid->out->data;

  /* map-anchored cells: index by the point's position in the world, not on the screen */
  cx0 = (gint64) floor ((left - view->ox) / cell);
  cx1 = (gint64) floor ((right - view->ox) / cell);
  cy0 = (gint64) floor ((top - view->oy) / cell);
  cy1 = (gint64) floor ((bottom - view->oy) / cell);
  ncx = cx1 - cx0 + 1;
  ncy = cy1 - cy0 + 1;
  need = (gsize) ncx * (gsize) ncy * CG_N_POINT_KINDS;

  if (need > grid->n_cells)
    {
      g_free (grid->cells);
      grid->cells = g_new (guint32, need);
      grid->n_cells = need;
    }
  memset (grid->cells, 0, need * sizeof (guint32));

  g_array_set_size (grid->tmp, 0);

  for (guint i = 0; i < n_points; i++)
    {
      const CgProjPoint *p = &points[i];
      double wx, wy, sx, sy;
      gint64 cx, cy;
      gsize slot;
      guint32 cur;

      if (p->kind >= CG_N_POINT_KINDS || !(kind_mask & (1u << p->kind)))
        continue;

      wx = p->x * view->world;
      wy = p->y * view->world;
      sx = wx + view->ox;
      sy = wy + view->oy;
      if (sx < left || sx > right || sy < top || sy > bottom)
        continue;

      cx = (gint64) floor (wx / cell) - cx0;
      cy = (gint64) floor (wy / cell) - cy0;
      if (cx < 0 || cy < 0 || cx >= ncx || cy >= ncy)
        continue;   /* rounding at the very edge */

      slot = ((gsize) cy * (gsize) ncx + (gsize) cx) * CG_N_POINT_KINDS + p->kind;
      cur = grid->cells[slot];
      if (cur == 0)
        {
          grid->cells[slot] = i + 1;
          g_array_append_val (grid->tmp, slot);
        }
      else if (points[cur - 1].risk < p->risk)
        grid->cells[slot] = i + 1;
    }

  /* order the winners by kind, then by rising risk (counting sort) */
  for (guint k = 0; k < grid->tmp->len; k++)
    {
      guint32 idx = grid->cells[g_array_index (grid->tmp, guint32, k)] - 1;
      const CgProjPoint *p = &points[idx];

      counts[p->kind * N_RISKS + MIN (p->risk, N_RISKS - 1)]++;
    }
  for (guint b = 0; b < G_N_ELEMENTS (counts); b++)
    {
      starts[b] = pos;
      pos += counts[b];
    }
  g_array_set_size (grid->out, pos);
  for (guint k = 0; k < grid->tmp->len; k++)
    {
      guint32 idx = grid->cells[g_array_index (grid->tmp, guint32, k)] - 1;
      const CgProjPoint *p = &points[idx];
      guint b = p->kind * N_RISKS + MIN (p->risk, N_RISKS - 1);

      g_array_index (grid->out, guint32, starts[b]++) = idx;
    }

  *n_out = grid->out->len;

  return (const guint32 *) (gpointer) grid->out->data;
}

struct _CgPointIndex
{
  const CgProjPoint *points;
  guint              n_points;
  double             x0, y0;     /* bounding box origin */
  double             cell_w, cell_h;
  guint              nx, ny;
  guint32           *starts;     /* nx * ny + 1 */
  guint32           *items;      /* point indices grouped by cell */
};

static inline guint
index_cell_x (CgPointIndex *index,
              double        x)
{
  double c = floor ((x - index->x0) / index->cell_w);

  return (guint) CLAMP (c, 0.0, (double) index->nx - 1);
}

static inline guint
index_cell_y (CgPointIndex *index,
              double        y)
{
  double c = floor ((y - index->y0) / index->cell_h);

  return (guint) CLAMP (c, 0.0, (double) index->ny - 1);
}

CgPointIndex *
cg_point_index_new (const CgProjPoint *points,
                    guint              n_points)
{
  CgPointIndex *index = g_new0 (CgPointIndex, 1);
  double x1 = 0, y1 = 0;
  guint side;
  guint32 *fill;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);

  index->points = points;
  index->n_points = n_points;

  if (n_points == 0)
    {
      index->nx = index->ny = 1;
      index->cell_w = index->cell_h = 1;
      index->starts = g_new0 (guint32, 2);
      return index;
    }

  index->x0 = x1 = points[0].x;
  index->y0 = y1 = points[0].y;
  for (guint i = 1; i < n_points; i++)
    {
      index->x0 = MIN (index->x0, points[i].x);
      index->y0 = MIN (index->y0, points[i].y);
      x1 = MAX (x1, points[i].x);
      y1 = MAX (y1, points[i].y);
    }

  /* about 4 points per cell on average */
  side = (guint) CLAMP (sqrt (n_points / 4.0), 1.0, 1024.0);
  index->nx = index->ny = side;
  index->cell_w = MAX ((x1 - index->x0) / side, 1e-12);
  index->cell_h = MAX ((y1 - index->y0) / side, 1e-12);

  index->starts = g_new0 (guint32, (gsize) side * side + 1);
  index->items = g_new (guint32, n_points);

  for (guint i = 0; i < n_points; i++)
    {
      guint c = index_cell_y (index, points[i].y) * side + index_cell_x (index, points[i].x);

      index->starts[c + 1]++;
    }
  for (gsize c = 0; c < (gsize) side * side; c++)
    index->starts[c + 1] += index->starts[c];

  fill = g_memdup2 (index->starts, sizeof (guint32) * ((gsize) side * side + 1));
  for (guint i = 0; i < n_points; i++)
    {
      guint c = index_cell_y (index, points[i].y) * side + index_cell_x (index, points[i].x);

      index->items[fill[c]++] = i;
    }
  g_free (fill);

  return index;
}

void
cg_point_index_free (CgPointIndex *index)
{
  if (index == NULL)
    return;

  g_free (index->starts);
  g_free (index->items);
  g_free (index);
}

gint64
cg_point_index_nearest (CgPointIndex *index,
                        double        x,
                        double        y,
                        double        radius,
                        guint         kind_mask)
{
  guint cx0, cx1, cy0, cy1;
  gint64 best = -1;
  double best_d2 = radius * radius;

  g_return_val_if_fail (index != NULL, -1);

  if (index->n_points == 0)
    return -1;

  /* outside the box by more than the radius: nothing to find */
  if (x + radius < index->x0 || y + radius < index->y0 ||
      x - radius > index->x0 + index->cell_w * index->nx ||
      y - radius > index->y0 + index->cell_h * index->ny)
    return -1;

  cx0 = index_cell_x (index, x - radius);
  cx1 = index_cell_x (index, x + radius);
  cy0 = index_cell_y (index, y - radius);
  cy1 = index_cell_y (index, y + radius);

  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint c = cy * index->nx + cx;

        for (guint32 k = index->starts[c]; k < index->starts[c + 1]; k++)
          {
            guint32 i = index->items[k];
            const CgProjPoint *p = &index->points[i];
            double dx, dy, d2;

            if (p->kind >= CG_N_POINT_KINDS || !(kind_mask & (1u << p->kind)))
              continue;

            dx = p->x - x;
            dy = p->y - y;
            d2 = dx * dx + dy * dy;
            if (d2 < best_d2 ||
                (d2 == best_d2 && best >= 0 && p->risk > index->points[best].risk) ||
                (d2 <= best_d2 && best < 0))
              {
                best_d2 = d2;
                best = i;
              }
          }
      }

  return best;
}
