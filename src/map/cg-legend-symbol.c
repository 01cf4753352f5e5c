/* cg-legend-symbol.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties "kind" (CgCollection), "risk" (CgRisk) and "flags" (CG_MAP_POINT_*), set from
 * the .ui; draws with the same code as the map.
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include "cg-legend-symbol.h"
#include "cg-poi-symbols.h"

#define SYMBOL_BOX 18

struct _CgLegendSymbol
{
  GtkWidget parent_instance;

  guint     kind;
  guint     risk;
  guint     flags;
};

G_DEFINE_FINAL_TYPE (CgLegendSymbol, cg_legend_symbol, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_RISK,
  PROP_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cg_legend_symbol_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = SYMBOL_BOX;
}

static void
cg_legend_symbol_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CgLegendSymbol *self = CG_LEGEND_SYMBOL (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  if (self->kind == 3)
    {
      /* a cluster: a ring in the proportions of its grades */
      static const guint32 mix[4] = { 1, 5, 2, 1 };

      cairo_translate (cr, w / 2.0, h / 2.0);
      cairo_scale (cr, 0.7, 0.7);
      cg_poi_cluster_draw (cr, NULL, 0, 0, 9, mix);
    }
  else if (self->kind == 4)
    cg_poi_overdue_badge_draw (cr, w / 2.0, h / 2.0, 11);
  else
    cg_poi_symbol_draw (cr, self->kind, self->risk, self->flags, w / 2.0, h / 2.0,
                        MIN (cg_poi_symbol_get_size (self->kind, 1), SYMBOL_BOX - 2));
  cairo_destroy (cr);
}

static void
cg_legend_symbol_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CgLegendSymbol *self = CG_LEGEND_SYMBOL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_RISK:
      g_value_set_uint (value, self->risk);
      break;
    case PROP_FLAGS:
      g_value_set_uint (value, self->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_legend_symbol_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CgLegendSymbol *self = CG_LEGEND_SYMBOL (object);
  guint *field;

  switch (prop_id)
    {
    case PROP_KIND:
      field = &self->kind;
      break;
    case PROP_RISK:
      field = &self->risk;
      break;
    case PROP_FLAGS:
      field = &self->flags;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (*field == g_value_get_uint (value))
    return;
  *field = g_value_get_uint (value);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (object, pspec);
}

static void
cg_legend_symbol_class_init (CgLegendSymbolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cg_legend_symbol_get_property;
  object_class->set_property = cg_legend_symbol_set_property;
  widget_class->measure = cg_legend_symbol_measure;
  widget_class->snapshot = cg_legend_symbol_snapshot;

  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, 4, 0,   /* 3 = cluster, 4 = overdue badge */
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RISK] =
    g_param_spec_uint ("risk", NULL, NULL, 0, 3, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FLAGS] =
    g_param_spec_uint ("flags", NULL, NULL, 0, 255, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "legend-symbol");
}

static void
cg_legend_symbol_init (CgLegendSymbol *self)
{
}
