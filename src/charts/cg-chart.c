/* cg-chart.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One widget type for the four kinds: they share data, drawing (cg-chart-draw.c), hover,
 * keyboard navigation, activation and accessibility; only the drawing differs.
 *
 * Keys: Left/Right move the highlighted item along the categories, Up/Down across the series
 * (heat-grid rows), Home/End to the ends, Enter or Space activates. A click activates the item
 * under the pointer. "activated" (series, category) lets the dashboard drill down.
 */

#define G_LOG_DOMAIN "cg-charts"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cg-chart.h"

struct _CgChart
{
  GtkWidget        parent_instance;

  CgChartKind      kind;
  CgChartData     *data;          /* owned, never NULL */
  CgChartGeometry *geometry;      /* of the last snapshot */
  gboolean         show_title;

  int              hover_series;  /* -1: none */
  int              hover_category;
  int              cursor_series; /* keyboard, -1: none */
  int              cursor_category;
};

G_DEFINE_FINAL_TYPE (CgChart, cg_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DATA,
  PROP_SHOW_TITLE,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_accessible (CgChart *self)
{
  g_autofree char *summary = cg_chart_data_summarize (self->data);
  const char *title = cg_chart_data_get_title (self->data);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title && *title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
build_style (CgChart      *self,
             CgChartStyle *style)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const PangoFontDescription *font;
  GtkStyleContext *context;
  GdkRGBA fg;

  cg_chart_style_init (style, adw_style_manager_get_dark (manager));

  /* text in the theme's foreground (high contrast too), dimmed like .dim-label */
  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &fg);
  style->text = (CgChartColor) { fg.red, fg.green, fg.blue, fg.alpha * 0.9 };
  style->text_dim = (CgChartColor) { fg.red, fg.green, fg.blue, fg.alpha * 0.6 };
  style->grid = (CgChartColor) { fg.red, fg.green, fg.blue, fg.alpha * 0.09 };
  style->axis = (CgChartColor) { fg.red, fg.green, fg.blue, fg.alpha * 0.32 };

  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (font && pango_font_description_get_family (font))
    g_snprintf (style->font_family, sizeof style->font_family, "%s, Noto Sans CJK SC, sans-serif",
                pango_font_description_get_family (font));
}

static void
cg_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CgChart *self = CG_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int hl_series = self->hover_series, hl_category = self->hover_category;
  CgChartStyle style;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  if (hl_category < 0 && gtk_widget_has_focus (widget))
    {
      hl_series = self->cursor_series;
      hl_category = self->cursor_category;
    }

  build_style (self, &style);
  style.show_title = self->show_title;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cg_chart_draw (cr, self->kind, self->data, &style, 0, 0, width, height,
                 hl_series, hl_category, self->geometry);
  cairo_destroy (cr);
}

static void
cg_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 420;
    }
  else
    {
      *minimum = 120;
      *natural = 260;
    }
}

static void
set_hover (CgChart *self,
           int      series,
           int      category)
{
  if (self->hover_series == series && self->hover_category == category)
    return;
  self->hover_series = series;
  self->hover_category = category;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * cg_chart_hover_at:
 *
 * Highlights the item under (@x, @y) in widget coordinates, as the pointer does.
 *
 * Returns: %TRUE if there is one
 */
gboolean
cg_chart_hover_at (CgChart *self,
                   double   x,
                   double   y)
{
  const CgChartItem *item;

  g_return_val_if_fail (CG_IS_CHART (self), FALSE);

  item = cg_chart_geometry_hit_test (self->geometry, x, y);
  if (item == NULL)
    {
      set_hover (self, -1, -1);
      return FALSE;
    }
  set_hover (self, (int) item->series, (int) item->category);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CgChart                  *self)
{
  cg_chart_hover_at (self, x, y);
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             CgChart                  *self)
{
  set_hover (self, -1, -1);
}

static void
activate_item (CgChart *self,
               guint    series,
               guint    category)
{
  g_debug ("activated series %u category %u", series, category);
  g_signal_emit (self, signals[ACTIVATED], 0, series, category);
}

/**
 * cg_chart_activate_at:
 *
 * What a click at (@x, @y) does: emits #CgChart::activated for the item there, which also
 * becomes the keyboard cursor.
 *
 * Returns: %TRUE if an item was there
 */
gboolean
cg_chart_activate_at (CgChart *self,
                      double   x,
                      double   y)
{
  const CgChartItem *item;

  g_return_val_if_fail (CG_IS_CHART (self), FALSE);

  item = cg_chart_geometry_hit_test (self->geometry, x, y);
  if (item == NULL)
    return FALSE;

  self->cursor_series = (int) item->series;
  self->cursor_category = (int) item->category;
  activate_item (self, item->series, item->category);
  return TRUE;
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CgChart         *self)
{
  if (cg_chart_activate_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Keyboard */

static gboolean
ensure_cursor (CgChart *self)
{
  const CgChartItem *first;

  if (self->cursor_category >= 0 &&
      cg_chart_geometry_find (self->geometry, self->cursor_series, self->cursor_category))
    return TRUE;
  if (cg_chart_geometry_get_n_items (self->geometry) == 0)
    return FALSE;

  /* the first category's first item */
  first = cg_chart_geometry_get_item (self->geometry, 0);
  for (guint i = 1; i < cg_chart_geometry_get_n_items (self->geometry); i++)
    {
      const CgChartItem *item = cg_chart_geometry_get_item (self->geometry, i);

      if (item->category < first->category ||
          (item->category == first->category && item->series < first->series))
        first = item;
    }
  self->cursor_series = (int) first->series;
  self->cursor_category = (int) first->category;
  return FALSE;
}

static void
move_cursor (CgChart *self,
             int      d_series,
             int      d_category)
{
  int n_series = (int) cg_chart_data_get_n_series (self->data);
  int n_cat = (int) cg_chart_data_get_n_categories (self->data);
  int s, c;

  if (!ensure_cursor (self))
    {
      /* the first key press only shows where the cursor is */
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  s = self->cursor_series + d_series;
  c = self->cursor_category + d_category;
  /* skip what was not drawn (missing values); stop at the ends */
  while (s >= 0 && s < n_series && c >= 0 && c < n_cat)
    {
      if (cg_chart_geometry_find (self->geometry, s, c))
        {
          self->cursor_series = s;
          self->cursor_category = c;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return;
        }
      s += d_series;
      c += d_category;
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_move_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CgChart *self = CG_CHART (widget);
  int ds, dc;

  g_variant_get (param, "(ii)", &ds, &dc);
  if (ABS (dc) > 1)
    {
      /* Home/End: the first or last item drawn in the cursor's series */
      int n_cat = (int) cg_chart_data_get_n_categories (self->data);
      int step = dc > 0 ? -1 : 1;

      if (ensure_cursor (self))
        for (int c = dc > 0 ? n_cat - 1 : 0; c >= 0 && c < n_cat; c += step)
          if (cg_chart_geometry_find (self->geometry, self->cursor_series, c))
            {
              self->cursor_category = c;
              break;
            }
      gtk_widget_queue_draw (widget);
      return;
    }
  move_cursor (self, ds, dc);
}

static void
on_activate_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  CgChart *self = CG_CHART (widget);

  if (!ensure_cursor (self))
    {
      gtk_widget_queue_draw (widget);
      return;
    }
  activate_item (self, (guint) self->cursor_series, (guint) self->cursor_category);
}

/**
 * cg_chart_get_cursor:
 *
 * Returns: %TRUE with the keyboard's current item, %FALSE if there is none
 */
gboolean
cg_chart_get_cursor (CgChart *self,
                     guint   *series,
                     guint   *category)
{
  g_return_val_if_fail (CG_IS_CHART (self), FALSE);

  if (self->cursor_category < 0)
    return FALSE;
  if (series)
    *series = (guint) self->cursor_series;
  if (category)
    *category = (guint) self->cursor_category;
  return TRUE;
}

/* Tooltip: the hovered item, or the cursor's when the tooltip comes from the keyboard */

/* "长风新村街道 · 本周: 31件"; a heat-grid cell names its row first: "长寿路街道 · 18时: 40" */
static char *
describe (CgChart *self,
          guint    series,
          guint    category)
{
  g_autofree char *value = NULL;

  if (self->kind != CG_CHART_KIND_HEAT_GRID)
    return cg_chart_data_describe_item (self->data, series, category);

  value = cg_chart_data_format_value (self->data,
                                      cg_chart_data_get_value (self->data, series, category));
  return g_strdup_printf ("%s · %s: %s", cg_chart_data_get_series_name (self->data, series),
                          cg_chart_data_get_category_label (self->data, category), value);
}

static const CgChartItem *
tooltip_item (CgChart  *self,
              gboolean  keyboard_mode,
              double    x,
              double    y)
{
  if (keyboard_mode)
    return self->cursor_category >= 0
           ? cg_chart_geometry_find (self->geometry, self->cursor_series, self->cursor_category)
           : NULL;
  return cg_chart_geometry_hit_test (self->geometry, x, y);
}

/**
 * cg_chart_get_tooltip_text:
 *
 * Returns: (transfer full) (nullable): the text of the hovered item's tooltip ("长风新村街道 ·
 *   本周: 31件"), or the keyboard cursor's, or %NULL
 */
char *
cg_chart_get_tooltip_text (CgChart *self)
{
  int s = self->hover_series, c = self->hover_category;

  g_return_val_if_fail (CG_IS_CHART (self), NULL);

  if (c < 0)
    {
      s = self->cursor_series;
      c = self->cursor_category;
    }
  if (c < 0 || s < 0 ||
      (guint) s >= cg_chart_data_get_n_series (self->data) ||
      (guint) c >= cg_chart_data_get_n_categories (self->data))
    return NULL;
  return describe (self, (guint) s, (guint) c);
}

static gboolean
cg_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  CgChart *self = CG_CHART (widget);
  const CgChartItem *item = tooltip_item (self, keyboard_mode, x, y);
  g_autofree char *text = NULL;

  if (item == NULL)
    return FALSE;

  text = describe (self, item->series, item->category);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) item->x, (int) item->y,
                                                       MAX ((int) item->width, 1),
                                                       MAX ((int) item->height, 1) });
  return TRUE;
}

/* Focus shows the cursor; losing it hides it */

static void
on_focus_enter_cb (GtkEventControllerFocus *controller,
                   CgChart                 *self)
{
  ensure_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_focus_leave_cb (GtkEventControllerFocus *controller,
                   CgChart                 *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Public */

GtkWidget *
cg_chart_new (CgChartKind kind)
{
  return g_object_new (CG_TYPE_CHART, "kind", kind, NULL);
}

CgChartKind
cg_chart_get_kind (CgChart *self)
{
  g_return_val_if_fail (CG_IS_CHART (self), CG_CHART_KIND_BAR);

  return self->kind;
}

void
cg_chart_set_kind (CgChart     *self,
                   CgChartKind  kind)
{
  g_return_if_fail (CG_IS_CHART (self));
  g_return_if_fail (kind <= CG_CHART_KIND_HEAT_GRID);

  if (self->kind == kind)
    return;
  self->kind = kind;
  cg_chart_geometry_clear (self->geometry);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/**
 * cg_chart_get_data:
 *
 * Returns: (transfer none): what the chart shows (an empty chart if nothing was set)
 */
CgChartData *
cg_chart_get_data (CgChart *self)
{
  g_return_val_if_fail (CG_IS_CHART (self), NULL);

  return self->data;
}

/**
 * cg_chart_set_data:
 * @data: (nullable): what to show; %NULL shows the empty state
 *
 * The chart keeps a reference: build a new CgChartData to change the figures.
 */
void
cg_chart_set_data (CgChart     *self,
                   CgChartData *data)
{
  g_return_if_fail (CG_IS_CHART (self));

  if (data == self->data)
    return;

  g_clear_pointer (&self->data, cg_chart_data_unref);
  self->data = data ? cg_chart_data_ref (data) : cg_chart_data_new (NULL);
  self->hover_series = self->hover_category = -1;
  self->cursor_series = self->cursor_category = -1;
  cg_chart_geometry_clear (self->geometry);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

gboolean
cg_chart_get_show_title (CgChart *self)
{
  g_return_val_if_fail (CG_IS_CHART (self), FALSE);

  return self->show_title;
}

void
cg_chart_set_show_title (CgChart  *self,
                         gboolean  show_title)
{
  g_return_if_fail (CG_IS_CHART (self));

  show_title = !!show_title;
  if (self->show_title == show_title)
    return;
  self->show_title = show_title;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TITLE]);
}

/**
 * cg_chart_get_geometry:
 *
 * Returns: (transfer none): where the last drawing put each item, in widget coordinates
 */
const CgChartGeometry *
cg_chart_get_geometry (CgChart *self)
{
  g_return_val_if_fail (CG_IS_CHART (self), NULL);

  return self->geometry;
}

/**
 * cg_chart_get_summary:
 *
 * Returns: (transfer full): the text summary given to assistive technologies
 */
char *
cg_chart_get_summary (CgChart *self)
{
  g_return_val_if_fail (CG_IS_CHART (self), NULL);

  return cg_chart_data_summarize (self->data);
}

/* GObject */

static void
cg_chart_finalize (GObject *object)
{
  CgChart *self = CG_CHART (object);

  g_clear_pointer (&self->data, cg_chart_data_unref);
  g_clear_pointer (&self->geometry, cg_chart_geometry_free);

  G_OBJECT_CLASS (cg_chart_parent_class)->finalize (object);
}

static void
cg_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CgChart *self = CG_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    case PROP_SHOW_TITLE:
      g_value_set_boolean (value, self->show_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CgChart *self = CG_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      cg_chart_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_DATA:
      cg_chart_set_data (self, g_value_get_boxed (value));
      break;
    case PROP_SHOW_TITLE:
      cg_chart_set_show_title (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass *widget_class,
                  guint           keyval,
                  guint           kp_keyval,
                  int             d_series,
                  int             d_category)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "chart.move", "(ii)",
                                       d_series, d_category);
  gtk_widget_class_add_binding_action (widget_class, kp_keyval, 0, "chart.move", "(ii)",
                                       d_series, d_category);
}

static void
cg_chart_class_init (CgChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cg_chart_finalize;
  object_class->get_property = cg_chart_get_property;
  object_class->set_property = cg_chart_set_property;

  widget_class->snapshot = cg_chart_snapshot;
  widget_class->measure = cg_chart_measure;
  widget_class->query_tooltip = cg_chart_query_tooltip;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CG_TYPE_CHART_KIND, CG_CHART_KIND_BAR,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, CG_TYPE_CHART_DATA,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* off when the card around the chart has its own heading; the title stays the accessible name */
  properties[PROP_SHOW_TITLE] =
    g_param_spec_boolean ("show-title", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CgChart::activated:
   * @series: the series (heat grid: the row); 0 for donuts
   * @category: the category (heat grid: the column)
   *
   * A bar, point, slice or cell was clicked or chosen with Enter: show the items behind it.
   * cg_chart_data_get_category_key() gives the category's id.
   */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "chart.move", "(ii)", on_move_action_cb);
  gtk_widget_class_install_action (widget_class, "chart.activate-item", NULL,
                                   on_activate_action_cb);
  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, 0, -1);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 0, 1);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, -1, 0);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 1, 0);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, 0, -1000);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, 0, 1000);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-item", NULL);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cg_chart_init (CgChart *self)
{
  GtkEventController *motion, *focus;
  GtkGesture *click;

  self->data = cg_chart_data_new (NULL);
  self->geometry = cg_chart_geometry_new ();
  self->show_title = TRUE;
  self->hover_series = self->hover_category = -1;
  self->cursor_series = self->cursor_category = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  update_accessible (self);
}
