/* cg-chart-data.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cg-chart-axis.h"
#include "cg-chart-data.h"

typedef struct
{
  char         *label;
  char         *key;
  CgChartColor  color;
  gboolean      has_color;
} Category;

typedef struct
{
  char         *name;
  CgChartColor  color;
  gboolean      has_color;
  GArray       *values;   /* double, one per category */
} Series;

struct _CgChartData
{
  gatomicrefcount  ref_count;

  char            *title;
  char            *empty_message;
  char            *unit;
  CgChartFormat    format;
  guint            decimals;
  gboolean         stacked;

  GArray          *categories;   /* Category */
  GArray          *series;       /* Series */
};

G_DEFINE_BOXED_TYPE (CgChartData, cg_chart_data, cg_chart_data_ref, cg_chart_data_unref)

/**
 * cg_chart_color_parse:
 *
 * Parses "#rgb", "#rrggbb" or "#rrggbbaa".
 *
 * Returns: %FALSE (and @color untouched) if @spec is not one of those
 */
gboolean
cg_chart_color_parse (CgChartColor *color,
                      const char   *spec)
{
  guint64 v;
  gsize len;
  char *end = NULL;

  g_return_val_if_fail (color != NULL, FALSE);

  if (spec == NULL || spec[0] != '#')
    return FALSE;
  len = strlen (spec + 1);
  if (len != 3 && len != 6 && len != 8)
    return FALSE;
  for (gsize i = 1; i <= len; i++)
    if (!g_ascii_isxdigit (spec[i]))
      return FALSE;
  v = g_ascii_strtoull (spec + 1, &end, 16);

  if (len == 3)
    {
      color->red = ((v >> 8) & 0xf) / 15.0;
      color->green = ((v >> 4) & 0xf) / 15.0;
      color->blue = (v & 0xf) / 15.0;
      color->alpha = 1.0;
    }
  else
    {
      if (len == 6)
        v = (v << 8) | 0xff;
      color->red = ((v >> 24) & 0xff) / 255.0;
      color->green = ((v >> 16) & 0xff) / 255.0;
      color->blue = ((v >> 8) & 0xff) / 255.0;
      color->alpha = (v & 0xff) / 255.0;
    }
  return TRUE;
}

/* out = a + (b - a) * t, per channel */
void
cg_chart_color_mix (CgChartColor       *out,
                    const CgChartColor *a,
                    const CgChartColor *b,
                    double              t)
{
  t = CLAMP (t, 0.0, 1.0);
  out->red = a->red + (b->red - a->red) * t;
  out->green = a->green + (b->green - a->green) * t;
  out->blue = a->blue + (b->blue - a->blue) * t;
  out->alpha = a->alpha + (b->alpha - a->alpha) * t;
}

static void
category_clear (gpointer data)
{
  Category *c = data;

  g_clear_pointer (&c->label, g_free);
  g_clear_pointer (&c->key, g_free);
}

static void
series_clear (gpointer data)
{
  Series *s = data;

  g_clear_pointer (&s->name, g_free);
  g_clear_pointer (&s->values, g_array_unref);
}

/**
 * cg_chart_data_new:
 * @title: (nullable): shown above the chart and used as its accessible name
 *
 * Returns: (transfer full): an empty chart
 */
CgChartData *
cg_chart_data_new (const char *title)
{
  CgChartData *self = g_new0 (CgChartData, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->title = g_strdup (title);
  self->categories = g_array_new (FALSE, TRUE, sizeof (Category));
  g_array_set_clear_func (self->categories, category_clear);
  self->series = g_array_new (FALSE, TRUE, sizeof (Series));
  g_array_set_clear_func (self->series, series_clear);

  return self;
}

CgChartData *
cg_chart_data_ref (CgChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cg_chart_data_unref (CgChartData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->title);
  g_free (self->empty_message);
  g_free (self->unit);
  g_array_unref (self->categories);
  g_array_unref (self->series);
  g_free (self);
}

const char *
cg_chart_data_get_title (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

void
cg_chart_data_set_title (CgChartData *self,
                         const char  *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
}

/**
 * cg_chart_data_get_empty_message:
 *
 * Returns: what the chart says when cg_chart_data_is_empty(): the message set, or a default
 */
const char *
cg_chart_data_get_empty_message (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->empty_message != NULL && self->empty_message[0] != '\0')
    return self->empty_message;
  return _("No data in this range");
}

void
cg_chart_data_set_empty_message (CgChartData *self,
                                 const char  *message)
{
  g_return_if_fail (self != NULL);

  g_free (self->empty_message);
  self->empty_message = g_strdup (message);
}

/**
 * cg_chart_data_set_format:
 * @unit: (nullable): appended to numbers ("件"); ignored for percentages
 */
void
cg_chart_data_set_format (CgChartData   *self,
                          CgChartFormat  format,
                          guint          decimals,
                          const char    *unit)
{
  g_return_if_fail (self != NULL);

  self->format = format;
  self->decimals = MIN (decimals, 6u);
  g_free (self->unit);
  self->unit = g_strdup (unit);
}

CgChartFormat
cg_chart_data_get_format (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, CG_CHART_FORMAT_NUMBER);

  return self->format;
}

guint
cg_chart_data_get_decimals (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->decimals;
}

const char *
cg_chart_data_get_unit (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->unit;
}

/* bars: stack the series (this period on top of ...) instead of grouping them side by side */
void
cg_chart_data_set_stacked (CgChartData *self,
                           gboolean     stacked)
{
  g_return_if_fail (self != NULL);

  self->stacked = !!stacked;
}

gboolean
cg_chart_data_get_stacked (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->stacked;
}

/**
 * cg_chart_data_add_category:
 *
 * Appends a category; every series gets NaN (no value) for it.
 *
 * Returns: its index
 */
guint
cg_chart_data_add_category (CgChartData *self,
                            const char  *label)
{
  Category c = { 0 };
  double nan_value = NAN;

  g_return_val_if_fail (self != NULL, 0);

  c.label = g_strdup (label ? label : "");
  g_array_append_val (self->categories, c);
  for (guint i = 0; i < self->series->len; i++)
    g_array_append_val (g_array_index (self->series, Series, i).values, nan_value);

  return self->categories->len - 1;
}

guint
cg_chart_data_get_n_categories (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->categories->len;
}

const char *
cg_chart_data_get_category_label (const CgChartData *self,
                                  guint              category)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  return g_array_index (self->categories, Category, category).label;
}

/* an id for drilling down: the street code, the case type ... */
void
cg_chart_data_set_category_key (CgChartData *self,
                                guint        category,
                                const char  *key)
{
  Category *c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (category < self->categories->len);

  c = &g_array_index (self->categories, Category, category);
  g_free (c->key);
  c->key = g_strdup (key);
}

const char *
cg_chart_data_get_category_key (const CgChartData *self,
                                guint              category)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  return g_array_index (self->categories, Category, category).key;
}

/* donuts (and single-series bars) colour categories: risk levels, case types */
void
cg_chart_data_set_category_color (CgChartData        *self,
                                  guint               category,
                                  const CgChartColor *color)
{
  Category *c;

  g_return_if_fail (self != NULL);
  g_return_if_fail (category < self->categories->len);

  c = &g_array_index (self->categories, Category, category);
  c->has_color = color != NULL;
  if (color)
    c->color = *color;
}

gboolean
cg_chart_data_get_category_color (const CgChartData *self,
                                  guint              category,
                                  CgChartColor      *color)
{
  const Category *c;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (category < self->categories->len, FALSE);

  c = &g_array_index (self->categories, Category, category);
  if (c->has_color && color)
    *color = c->color;
  return c->has_color;
}

/**
 * cg_chart_data_add_series:
 *
 * Appends a series with NaN (no value) for every category.
 *
 * Returns: its index
 */
guint
cg_chart_data_add_series (CgChartData *self,
                          const char  *name)
{
  Series s = { 0 };
  double nan_value = NAN;

  g_return_val_if_fail (self != NULL, 0);

  s.name = g_strdup (name ? name : "");
  s.values = g_array_sized_new (FALSE, FALSE, sizeof (double), self->categories->len);
  for (guint i = 0; i < self->categories->len; i++)
    g_array_append_val (s.values, nan_value);
  g_array_append_val (self->series, s);

  return self->series->len - 1;
}

guint
cg_chart_data_get_n_series (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->series->len;
}

const char *
cg_chart_data_get_series_name (const CgChartData *self,
                               guint              series)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  return g_array_index (self->series, Series, series).name;
}

void
cg_chart_data_set_series_color (CgChartData        *self,
                                guint               series,
                                const CgChartColor *color)
{
  Series *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);

  s = &g_array_index (self->series, Series, series);
  s->has_color = color != NULL;
  if (color)
    s->color = *color;
}

gboolean
cg_chart_data_get_series_color (const CgChartData *self,
                                guint              series,
                                CgChartColor      *color)
{
  const Series *s;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (series < self->series->len, FALSE);

  s = &g_array_index (self->series, Series, series);
  if (s->has_color && color)
    *color = s->color;
  return s->has_color;
}

/* NaN or infinity store "no value" (a gap in a line, no bar) */
void
cg_chart_data_set_value (CgChartData *self,
                         guint        series,
                         guint        category,
                         double       value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);

  g_array_index (g_array_index (self->series, Series, series).values, double, category) =
    isfinite (value) ? value : NAN;
}

double
cg_chart_data_get_value (const CgChartData *self,
                         guint              series,
                         guint              category)
{
  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (series < self->series->len, NAN);
  g_return_val_if_fail (category < self->categories->len, NAN);

  return g_array_index (g_array_index (self->series, Series, series).values, double, category);
}

/**
 * cg_chart_data_is_empty:
 *
 * Returns: %TRUE when there is nothing to draw: no categories, no series, or no value other
 *   than zero or missing (no cases in the range). Charts then show the empty message.
 */
gboolean
cg_chart_data_is_empty (const CgChartData *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint s = 0; s < self->series->len; s++)
    for (guint c = 0; c < self->categories->len; c++)
      {
        double v = cg_chart_data_get_value (self, s, c);

        if (isfinite (v) && v != 0)
          return FALSE;
      }
  return TRUE;
}

/* sum of a series' values (missing ones count as 0) */
double
cg_chart_data_get_total (const CgChartData *self,
                         guint              series)
{
  double total = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (series < self->series->len, 0);

  for (guint c = 0; c < self->categories->len; c++)
    {
      double v = cg_chart_data_get_value (self, series, c);

      if (isfinite (v))
        total += v;
    }
  return total;
}

/**
 * cg_chart_data_get_range:
 * @stacked: the range of per-category sums of positives and of negatives instead of values
 *
 * The smallest and largest value, 0 and 0 when there is none.
 */
void
cg_chart_data_get_range (const CgChartData *self,
                         gboolean           stacked,
                         double            *min,
                         double            *max)
{
  double lo = INFINITY, hi = -INFINITY;

  g_return_if_fail (self != NULL);

  for (guint c = 0; c < self->categories->len; c++)
    {
      double pos = 0, neg = 0;

      for (guint s = 0; s < self->series->len; s++)
        {
          double v = cg_chart_data_get_value (self, s, c);

          if (!isfinite (v))
            continue;
          if (stacked)
            {
              if (v >= 0)
                pos += v;
              else
                neg += v;
            }
          else
            {
              lo = MIN (lo, v);
              hi = MAX (hi, v);
            }
        }
      if (stacked)
        {
          lo = MIN (lo, neg);
          hi = MAX (hi, pos);
        }
    }

  if (lo > hi)
    lo = hi = 0;
  if (min)
    *min = lo;
  if (max)
    *max = hi;
}

char *
cg_chart_data_format_value (const CgChartData *self,
                            double             value)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cg_chart_format_value (value, self->format, self->decimals, self->unit);
}

/**
 * cg_chart_data_describe_item:
 *
 * Returns: (transfer full): "label: value" or, with several series, "label · series: value";
 *   for tooltips and the accessible description
 */
char *
cg_chart_data_describe_item (const CgChartData *self,
                             guint              series,
                             guint              category)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  value = cg_chart_data_format_value (self, cg_chart_data_get_value (self, series, category));
  if (self->series->len > 1)
    return g_strdup_printf ("%s · %s: %s",
                            cg_chart_data_get_category_label (self, category),
                            cg_chart_data_get_series_name (self, series), value);
  return g_strdup_printf ("%s: %s", cg_chart_data_get_category_label (self, category), value);
}

/**
 * cg_chart_data_summarize:
 *
 * Returns: (transfer full): the data as one sentence per series, for screen readers and
 *   reports; the empty message when the chart is empty. Long series are cut after 24 items.
 */
char *
cg_chart_data_summarize (const CgChartData *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (cg_chart_data_is_empty (self))
    return g_strdup (cg_chart_data_get_empty_message (self));

  out = g_string_new (NULL);
  for (guint s = 0; s < self->series->len; s++)
    {
      guint n = MIN (self->categories->len, 24u);

      if (out->len > 0)
        g_string_append (out, "\n");
      if (self->series->len > 1)
        g_string_append_printf (out, "%s: ", cg_chart_data_get_series_name (self, s));
      for (guint c = 0; c < n; c++)
        {
          g_autofree char *value =
            cg_chart_data_format_value (self, cg_chart_data_get_value (self, s, c));

          g_string_append_printf (out, "%s%s %s", c > 0 ? ", " : "",
                                  cg_chart_data_get_category_label (self, c), value);
        }
      if (n < self->categories->len)
        /* Translators: a chart's text summary was cut, %u more items follow */
        g_string_append_printf (out, _(", and %u more"), self->categories->len - n);
      g_string_append (out, ".");
    }

  return g_string_free (out, FALSE);
}
