/* cg-dashboards-view.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One set of controls (range, street or squad, comparison) for three dashboards. Each page
 * loads its CgDashboardResult on a worker thread (cg_dashboard_load_async(), its own cache
 * connection) and applies it at once: headline cards, charts, lists. A control change or a
 * finished sync reloads the visible page after a short delay, cancelling a load that runs;
 * hidden pages reload when they are shown. A chart's bar or cell opens the items behind it in
 * the side panel; a row opens on the map.
 *
 * A result is applied in place: the headline cards, the charts and the lists' cards and
 * column views of the previous result are kept and given the new values (a list's items
 * point at the new table's rows, see cg-dashboard-row.h; the rows in view at once, the
 * others in the next frames). Destroying and building the lists' row widgets again cost
 * 40-220 ms of the main loop per result (bench/dashboards).
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cg-dashboard-report.h"
#include "cg-dashboard-row.h"
#include "cg-dashboards-view.h"
#include "cg-report-csv.h"
#include "cg-store-dashboard.h"

#define RELOAD_DELAY_MS 200
#define HEAT_CELL_DEG   0.002

/* A list's card on a page, kept across results */
typedef struct
{
  GtkWidget         *card;
  GtkLabel          *title;
  GtkLabel          *count;
  GtkWidget         *csv_button;
  GtkLabel          *empty;
  GtkWidget         *scroller;
  GtkColumnView     *view;
  GtkWidget         *pager;         /* box: previous, "11–20 / 109", next */
  GtkLabel          *pager_label;
  GSimpleActionGroup *actions;      /* "list.previous", "list.next" */
  gboolean           seen;
} TableCard;

/* A list card shows its rows a page at a time. GTK 4.8's list widgets keep a row widget for
 * every item up to 200, shown or not, and lay all of them out again in every frame in which
 * rows change: a card of 200 rows made the frames after a new result cost 16-45 ms for about
 * a second, ten rows about 10-17 ms (bench-dashboards-view). The drill-down list, shown on
 * its own, keeps every row. */
#define PAGE_ROWS 10

typedef struct
{
  CgDashboardsView  *self;
  CgDashboardKind    kind;
  GtkStack          *stack;        /* loading | message | content */
  AdwStatusPage     *status;
  GtkLabel          *subtitle;
  GtkFlowBox        *figures;
  GtkFlowBox        *charts;
  GtkBox            *tables;
  GHashTable        *chart_widgets;  /* chart id -> CgChart (owned by the flow box) */
  GHashTable        *cards;          /* figure id -> GtkWidget card */
  GPtrArray         *card_ids;       /* the cards' figure ids, in order */
  GHashTable        *table_cards;    /* table id -> TableCard (the widgets are the box's) */
  CgDashboardResult *result;
  GCancellable      *cancellable;
  gboolean           dirty;
  gboolean           loading;
} Page;

struct _CgDashboardsView
{
  GtkWidget          parent_instance;

  /* template children */
  AdwFlap           *flap;
  AdwViewStack      *stack;
  GtkSpinner        *busy_spinner;
  GtkDropDown       *range_dropdown;
  GtkMenuButton     *custom_button;
  GtkPopover        *custom_popover;
  GtkCalendar       *first_calendar;
  GtkCalendar       *last_calendar;
  GtkButton         *custom_apply;
  GtkLabel          *range_label;
  GtkDropDown       *street_dropdown;
  GtkDropDown       *compare_dropdown;
  GtkLabel          *drill_title;
  GtkLabel          *drill_subtitle;
  GtkButton         *drill_csv_button;
  GtkButton         *drill_close_button;
  GtkStack          *drill_stack;
  GtkSpinner        *drill_spinner;
  AdwStatusPage     *drill_status;
  GtkScrolledWindow *drill_scroller;

  Page               pages[CG_DASHBOARD_N_KINDS];
  GtkToggleButton   *heat_toggle;

  CgStore           *store;
  CgDistrict        *district;
  CgSync            *sync;
  GSignalGroup      *sync_signals;
  CgMapView         *map_view;
  GSignalGroup      *map_signals;
  CgSyncStatus       last_sync_status;

  CgDashboardRangePreset preset;
  CgDay              custom_first;
  CgDay              custom_last;
  char              *street_code;     /* nullable */
  char              *squad_id;        /* nullable */
  GPtrArray         *filter_values;   /* per street dropdown row: "" | street code | "sq-..." */
  CgDashboardComparison comparison;
  guint              updating_controls : 1;

  guint              reload_timer;

  CgDashboardTable  *drill_table;
  GtkColumnView     *drill_view;
  GCancellable      *drill_cancellable;
  gboolean           drill_loading;

  GCancellable      *heat_cancellable;
  gboolean           heat_loaded;
};

G_DEFINE_FINAL_TYPE (CgDashboardsView, cg_dashboards_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  SHOW_MAP,
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const page_names[CG_DASHBOARD_N_KINDS] = {
  "inspections", "cases", "complaints",
};

static void load_page (CgDashboardsView *self, Page *page);
static void load_heat (CgDashboardsView *self);
static void on_drill_close_cb (CgDashboardsView *self);

static void
toast (CgDashboardsView *self,
       const char       *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static Page *
visible_page (CgDashboardsView *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    if (g_strcmp0 (name, page_names[k]) == 0)
      return &self->pages[k];

  return &self->pages[0];
}

static void
update_loading (CgDashboardsView *self)
{
  gboolean loading = visible_page (self)->loading;

  gtk_spinner_set_spinning (self->busy_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Controls */

static CgDay
day_from_calendar (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  CgDay day = CG_DAY_NONE;

  cg_day_from_ymd (g_date_time_get_year (date), g_date_time_get_month (date),
                   g_date_time_get_day_of_month (date), &day);
  return day;
}

static void
calendar_select_day (GtkCalendar *calendar,
                     CgDay        day)
{
  g_autoptr(GDateTime) date = NULL;
  int y, m, d;

  if (day == CG_DAY_NONE)
    return;
  cg_day_to_ymd (day, &y, &m, &d);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  gtk_calendar_select_day (calendar, date);
}

CgDashboardQuery *
cg_dashboards_view_dup_query (CgDashboardsView *self,
                              CgDashboardKind   kind,
                              GError          **error)
{
  g_autoptr(CgDashboardQuery) query = NULL;
  CgDay first, last;

  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);

  if (!cg_dashboard_range_for_preset (self->preset, cg_dashboard_today (),
                                      self->custom_first, self->custom_last,
                                      &first, &last, error))
    return NULL;

  query = cg_dashboard_query_new (kind, first, last);
  cg_dashboard_query_set_street (query, self->street_code);
  cg_dashboard_query_set_squad (query, self->squad_id);
  query->comparison = self->comparison;
  if (!cg_dashboard_query_validate (query, error))
    return NULL;

  return g_steal_pointer (&query);
}

static void
update_range_label (CgDashboardsView *self)
{
  g_autofree char *text = NULL;
  CgDay first, last;

  if (cg_dashboard_range_for_preset (self->preset, cg_dashboard_today (), self->custom_first,
                                     self->custom_last, &first, &last, NULL))
    text = cg_dashboard_format_range (first, last);
  else
    text = g_strdup (_("Invalid range"));
  gtk_label_set_text (self->range_label, text);
}

static gboolean
reload_timer_cb (gpointer user_data)
{
  CgDashboardsView *self = user_data;

  self->reload_timer = 0;
  load_page (self, visible_page (self));
  if (self->map_view != NULL && cg_map_view_get_show_heat (self->map_view))
    load_heat (self);

  return G_SOURCE_REMOVE;
}

/* Every page is out of date: reload the visible one soon, the others when shown */
static void
invalidate (CgDashboardsView *self)
{
  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    self->pages[k].dirty = TRUE;
  self->heat_loaded = FALSE;
  update_range_label (self);
  /* the panel's items were those of the old controls */
  on_drill_close_cb (self);

  g_clear_handle_id (&self->reload_timer, g_source_remove);
  self->reload_timer = g_timeout_add (RELOAD_DELAY_MS, reload_timer_cb, self);
}

static void
on_range_selected_cb (CgDashboardsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (self->updating_controls || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected == CG_DASHBOARD_RANGE_CUSTOM)
    {
      /* the popover picks the days */
      gtk_menu_button_popup (self->custom_button);
      return;
    }
  self->preset = selected;
  invalidate (self);
}

static void
on_custom_apply_cb (CgDashboardsView *self)
{
  cg_dashboards_view_set_range (self, CG_DASHBOARD_RANGE_CUSTOM,
                                day_from_calendar (self->first_calendar),
                                day_from_calendar (self->last_calendar));
  gtk_popover_popdown (self->custom_popover);
}

static void
on_custom_popover_show_cb (CgDashboardsView *self)
{
  CgDay first, last;

  /* start from the range shown */
  if (cg_dashboard_range_for_preset (self->preset, cg_dashboard_today (), self->custom_first,
                                     self->custom_last, &first, &last, NULL))
    {
      calendar_select_day (self->first_calendar, first);
      calendar_select_day (self->last_calendar, last);
    }
}

static void
on_custom_popover_closed_cb (CgDashboardsView *self)
{
  /* closed without applying: the dropdown shows the range in use again */
  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, self->preset);
  self->updating_controls = FALSE;
}

static void
on_street_selected_cb (CgDashboardsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->street_dropdown);
  const char *value;

  if (self->updating_controls || self->filter_values == NULL ||
      selected >= self->filter_values->len)
    return;

  value = g_ptr_array_index (self->filter_values, selected);
  g_clear_pointer (&self->street_code, g_free);
  g_clear_pointer (&self->squad_id, g_free);
  if (g_str_has_prefix (value, "sq-"))
    self->squad_id = g_strdup (value);
  else if (*value != '\0')
    self->street_code = g_strdup (value);
  invalidate (self);
}

static void
on_compare_selected_cb (CgDashboardsView *self)
{
  if (self->updating_controls)
    return;

  self->comparison = gtk_drop_down_get_selected (self->compare_dropdown);
  invalidate (self);
}

static void
fill_street_dropdown (CgDashboardsView *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint n = self->district ? cg_district_get_n_streets (self->district) : 0;

  g_clear_pointer (&self->filter_values, g_ptr_array_unref);
  self->filter_values = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (list, _("Whole district"));
  g_ptr_array_add (self->filter_values, g_strdup (""));
  for (guint i = 0; i < n; i++)
    {
      const CgStreet *street = cg_district_get_street (self->district, i);

      gtk_string_list_append (list, street->name);
      g_ptr_array_add (self->filter_values, g_strdup (street->code));
    }
  for (guint i = 0; i < n; i++)
    {
      const CgStreet *street = cg_district_get_street (self->district, i);

      gtk_string_list_append (list, street->squad_name);
      g_ptr_array_add (self->filter_values, g_strconcat ("sq-", street->code, NULL));
    }

  self->updating_controls = TRUE;
  gtk_drop_down_set_model (self->street_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->street_dropdown, 0);
  self->updating_controls = FALSE;
  g_clear_pointer (&self->street_code, g_free);
  g_clear_pointer (&self->squad_id, g_free);
}

/* Headline cards */

static GtkWidget *
new_card_label (GtkWidget  *card,
                const char *name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_name (label, name);
  gtk_box_append (GTK_BOX (card), label);
  g_object_set_data (G_OBJECT (card), name, label);

  return label;
}

static GtkWidget *
create_card (void)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label, *delta;

  label = new_card_label (card, "label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption-heading");

  new_card_label (card, "value");

  delta = new_card_label (card, "delta");
  gtk_label_set_wrap (GTK_LABEL (delta), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (delta), 16);

  return card;
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  /* an unchanged label keeps its layout */
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/* Shows @figure on a card of create_card() */
static void
update_card (GtkWidget               *card,
             const CgDashboardFigure *figure)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (card), "label");
  GtkWidget *value = g_object_get_data (G_OBJECT (card), "value");
  GtkWidget *delta = g_object_get_data (G_OBJECT (card), "delta");
  const char *card_classes[] = { "card", "figure-card", NULL, NULL };
  const char *value_classes[] = { "title-1", "numeric", NULL, NULL };
  const char *delta_classes[] = { "caption", NULL, NULL, NULL };
  g_autofree char *value_text = NULL;
  g_autofree char *delta_text = NULL;

  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), figure->label) != 0)
    {
      gtk_label_set_text (GTK_LABEL (label), figure->label);
      gtk_widget_set_tooltip_text (label, figure->label);
    }

  if (figure->unit != NULL && *figure->unit != '\0' && g_strcmp0 (figure->text, "—") != 0 &&
      !g_str_has_suffix (figure->text, figure->unit))
    value_text = g_strdup_printf ("%s %s", figure->text, figure->unit);
  else
    value_text = g_strdup (figure->text);
  set_label_text (GTK_LABEL (value), value_text);

  if (figure->delta_text != NULL)
    {
      double change = figure->value - figure->compare;

      if (figure->compare_text != NULL && g_strcmp0 (figure->compare_text, "—") != 0)
        /* Translators: a headline's change, then the comparison period's value:
         * "+12.5% (上期 1,234)" */
        delta_text = g_strdup_printf (_("%s (before: %s)"), figure->delta_text, figure->compare_text);
      else
        delta_text = g_strdup (figure->delta_text);

      if (isfinite (change) && change != 0)
        {
          gboolean better = (change > 0) == !!figure->higher_is_better;

          delta_classes[1] = better ? "delta-good" : "delta-bad";
          delta_classes[2] = change > 0 ? "delta-up" : "delta-down";
        }
      else
        delta_classes[1] = "dim-label";
    }
  else
    {
      delta_text = g_strdup (figure->flagged ? _("Needs attention") : " ");
      if (figure->flagged)
        delta_classes[1] = "delta-bad";
    }
  set_label_text (GTK_LABEL (delta), delta_text);

  if (figure->flagged)
    {
      value_classes[2] = "flagged";
      card_classes[2] = "flagged-card";
    }
  gtk_widget_set_css_classes (card, card_classes);
  gtk_widget_set_css_classes (value, value_classes);
  gtk_widget_set_css_classes (delta, delta_classes);
}

/* Tables: sortable column views over a CgDashboardTable */

static void
show_cell (GtkLabel       *label,
           CgDashboardRow *item)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "column"));
  const char *text = cg_dashboard_row_get_cell (item, column);

  set_label_text (label, text ? text : "");
}

/* A cell's tooltip is its whole text (a long one is ellipsized). Asked for when shown:
 * gtk_widget_set_tooltip_text() costs about 0.1 ms a call (GTK 4.8 queries the tooltip under
 * the pointer each time), most of what building or updating a row cost */
static gboolean
on_cell_query_tooltip_cb (GtkWidget  *label,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_width_chars (GTK_LABEL (label), 9);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (on_cell_query_tooltip_cb), NULL);
  gtk_list_item_set_child (list_item, label);
}

/* The item points at the new result's row: the same label shows it */
static void
on_row_changed_cb (CgDashboardRow *item,
                   GtkLabel       *label)
{
  show_cell (label, item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  CgDashboardRow *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  gulong handler;

  g_object_set_data (G_OBJECT (label), "column", user_data);
  show_cell (GTK_LABEL (label), item);
  handler = g_signal_connect_object (item, "changed", G_CALLBACK (on_row_changed_cb), label, 0);
  g_object_set_data (G_OBJECT (label), "row-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item)
{
  CgDashboardRow *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "row-handler"));

  if (item != NULL && handler != 0 && g_signal_handler_is_connected (item, handler))
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (label), "row-handler", NULL);
}

/* Numbers (also "1,234", "12.5%", "3.2 天") sort as numbers, the rest as text */
static gboolean
parse_number (const char *text,
              double     *out)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (*p != ',')
      g_string_append_c (digits, *p);
  *out = g_ascii_strtod (digits->str, &end);

  return end != digits->str && (*end == '\0' || *end == '%' || *end == ' ');
}

static int
compare_cells_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  const char *ta = cg_dashboard_row_get_cell ((CgDashboardRow *) a, column);
  const char *tb = cg_dashboard_row_get_cell ((CgDashboardRow *) b, column);
  double na, nb;

  if (parse_number (ta, &na) && parse_number (tb, &nb))
    return na < nb ? -1 : na > nb ? 1 : 0;

  return g_utf8_collate (ta ? ta : "", tb ? tb : "");
}

static void
open_item (CgDashboardsView *self,
           CgDashboardTable *table,
           guint             row)
{
  const char *collection_id = cg_dashboard_table_get_row_collection (table, row);
  const char *id = cg_dashboard_table_get_row_id (table, row);
  CgCollection collection;
  double lon, lat;

  if (self->map_view == NULL)
    return;

  if (collection_id != NULL && id != NULL &&
      cg_collection_from_string (collection_id, &collection) &&
      cg_collection_is_place (collection) &&
      cg_map_view_select_place (self->map_view, collection, id))
    {
      g_signal_emit (self, signals[SHOW_MAP], 0);
      return;
    }

  if (cg_dashboard_table_get_row_location (table, row, &lon, &lat))
    {
      g_autoptr(GString) tooltip = g_string_new (NULL);

      for (guint c = 0; c < MIN (cg_dashboard_table_get_n_columns (table), 3); c++)
        {
          const char *cell = cg_dashboard_table_get_cell (table, row, c);

          if (cell == NULL || *cell == '\0')
            continue;
          if (tooltip->len > 0)
            g_string_append (tooltip, " · ");
          g_string_append (tooltip, cell);
        }
      cg_map_view_show_marker (self->map_view, lon, lat, tooltip->str);
      g_signal_emit (self, signals[SHOW_MAP], 0);
      return;
    }

  toast (self, _("This item has no location on the map"));
}

static void
on_column_view_activate_cb (GtkColumnView *view,
                            guint          position,
                            gpointer       user_data)
{
  CgDashboardsView *self = user_data;
  g_autoptr(CgDashboardRow) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)),
                                                          position);

  if (item == NULL)
    return;
  open_item (self, cg_dashboard_row_get_table (item), cg_dashboard_row_get_row (item));
}

/* The drill-down list, which holds every item: GTK 4.8 keeps a row widget for every item up
 * to 200, building one costs about 0.3 ms, so the rows are added a few per frame */
#define ROWS_PER_FRAME 5

static gboolean
fill_rows_tick_cb (GtkWidget     *view,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  GListStore *store = g_object_get_data (G_OBJECT (view), "store");
  CgDashboardTable *table = g_object_get_data (G_OBJECT (view), "table");
  guint have = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint n = cg_dashboard_table_get_n_rows (table);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint r = have; r < MIN (n, have + ROWS_PER_FRAME); r++)
    g_ptr_array_add (batch, cg_dashboard_row_new (table, r));
  g_list_store_splice (store, have, 0, batch->pdata, batch->len);

  return have + batch->len < n ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void fill_page (GtkColumnView *view);
static void on_page_sorter_changed_cb (GtkSorter     *sorter,
                                       GtkSorterChange change,
                                       GtkColumnView *view);

static GtkColumnView *
create_table_view (CgDashboardsView *self,
                   CgDashboardTable *table,
                   gboolean          paged)
{
  g_autoptr(GListStore) store = g_list_store_new (CG_TYPE_DASHBOARD_ROW);
  const char * const *columns = cg_dashboard_table_get_columns (table);
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;
  GtkWidget *view;

  view = gtk_column_view_new (NULL);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), FALSE);
  gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "data-table");

  for (guint c = 0; c < cg_dashboard_table_get_n_columns (table); c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      column = gtk_column_view_column_new (columns[c], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column,
                                         GTK_SORTER (gtk_custom_sorter_new (compare_cells_cb,
                                                                            GUINT_TO_POINTER (c),
                                                                            NULL)));
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }

  g_object_set_data_full (G_OBJECT (view), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (view), "table", cg_dashboard_table_ref (table),
                          (GDestroyNotify) cg_dashboard_table_unref);
  if (paged)
    {
      /* the sorter orders the whole table (fill_page()), the page shows a slice of it */
      selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (store)));
      g_signal_connect_object (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view)), "changed",
                               G_CALLBACK (on_page_sorter_changed_cb), view, 0);
    }
  else
    {
      sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)),
                                        g_object_ref (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (view))));
      selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
    }
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (GTK_COLUMN_VIEW (view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  /* a paged list is filled by its card (fill_page()), once it has its pager */
  if (!paged && cg_dashboard_table_get_n_rows (table) > 0)
    gtk_widget_add_tick_callback (view, fill_rows_tick_cb, NULL, NULL);

  g_signal_connect_object (view, "activate", G_CALLBACK (on_column_view_activate_cb), self, 0);

  return GTK_COLUMN_VIEW (view);
}

/* Paged lists */

typedef struct
{
  GtkSorter       *sorter;
  CgDashboardRow **items;
} OrderData;

static int
compare_order_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const OrderData *data = user_data;
  guint ra = *(const guint *) a, rb = *(const guint *) b;
  GtkOrdering order = gtk_sorter_compare (data->sorter, data->items[ra], data->items[rb]);

  if (order != GTK_ORDERING_EQUAL)
    return order;
  return ra < rb ? -1 : ra > rb;   /* stable: the table's order among equals */
}

/* The table's rows in the order of the column the user sorted by (the table's own order
 * when none) */
static GArray *
compute_order (GtkColumnView    *view,
               CgDashboardTable *table)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  guint n = cg_dashboard_table_get_n_rows (table);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  for (guint r = 0; r < n; r++)
    g_array_append_val (order, r);
  if (n > 1 && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    {
      OrderData data = { sorter, g_new (CgDashboardRow *, n) };

      for (guint r = 0; r < n; r++)
        data.items[r] = cg_dashboard_row_new (table, r);
      g_qsort_with_data (order->data, n, sizeof (guint), compare_order_cb, &data);
      for (guint r = 0; r < n; r++)
        g_object_unref (data.items[r]);
      g_free (data.items);
    }

  return order;
}

/* Shows the view's page of its table: the items kept point at the page's rows (their labels
 * change, GTK keeps the row widgets), then the page's count is made right in one splice */
static void
fill_page (GtkColumnView *view)
{
  GListStore *store = g_object_get_data (G_OBJECT (view), "store");
  CgDashboardTable *table = g_object_get_data (G_OBJECT (view), "table");
  GArray *order = g_object_get_data (G_OBJECT (view), "order");
  GtkLabel *label = g_object_get_data (G_OBJECT (view), "pager-label");
  GActionMap *actions = g_object_get_data (G_OBJECT (view), "pager-actions");
  guint n = cg_dashboard_table_get_n_rows (table);
  guint n_pages = MAX ((n + PAGE_ROWS - 1) / PAGE_ROWS, 1);
  guint page = MIN (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "page")), n_pages - 1);
  guint first = page * PAGE_ROWS, count = MIN (PAGE_ROWS, n - MIN (n, first));
  guint have = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (order == NULL)
    {
      order = compute_order (view, table);
      g_object_set_data_full (G_OBJECT (view), "order", order, (GDestroyNotify) g_array_unref);
    }
  g_object_set_data (G_OBJECT (view), "page", GUINT_TO_POINTER (page));

  for (guint i = 0; i < MIN (have, count); i++)
    {
      g_autoptr(CgDashboardRow) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      cg_dashboard_row_set (item, table, g_array_index (order, guint, first + i));
    }
  if (have > count)
    g_list_store_splice (store, count, have - count, NULL, 0);
  else if (have < count)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = have; i < count; i++)
        g_ptr_array_add (batch, cg_dashboard_row_new (table, g_array_index (order, guint, first + i)));
      g_list_store_splice (store, have, 0, batch->pdata, batch->len);
    }

  if (label != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: the rows a list shows of its rows, e.g. "11–20 of 109" */
      text = g_strdup_printf (_("%u–%u of %u"), count > 0 ? first + 1 : 0, first + count, n);
      set_label_text (label, text);
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (label)), n > PAGE_ROWS);
    }
  if (actions != NULL)
    {
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (actions, "previous")),
                                   page > 0);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (actions, "next")),
                                   page + 1 < n_pages);
    }
}

/* Sorted by another column: the whole table in that order, from its first page */
static void
on_page_sorter_changed_cb (GtkSorter       *sorter,
                           GtkSorterChange  change,
                           GtkColumnView   *view)
{
  g_object_set_data (G_OBJECT (view), "order", NULL);
  g_object_set_data (G_OBJECT (view), "page", NULL);
  fill_page (view);
}

static void
page_step (GtkColumnView *view,
           int            delta)
{
  guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "page"));

  if (delta < 0 && page == 0)
    return;
  g_object_set_data (G_OBJECT (view), "page", GUINT_TO_POINTER (page + delta));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                     GTK_INVALID_LIST_POSITION);
  fill_page (view);
}

/* "list.previous" and "list.next": the actions' data is the card widget (which owns them),
 * its list is its "view" */
static void
page_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkColumnView *view = g_object_get_data (G_OBJECT (user_data), "view");

  if (view != NULL)
    page_step (view, g_str_equal (g_action_get_name (G_ACTION (action)), "next") ? 1 : -1);
}

/* Whether a view of create_table_view() has @table's columns */
static gboolean
table_view_fits (GtkColumnView    *view,
                 CgDashboardTable *table)
{
  CgDashboardTable *shown = g_object_get_data (G_OBJECT (view), "table");
  guint n = cg_dashboard_table_get_n_columns (table);

  if (cg_dashboard_table_get_n_columns (shown) != n)
    return FALSE;
  for (guint c = 0; c < n; c++)
    if (g_strcmp0 (cg_dashboard_table_get_columns (shown)[c],
                   cg_dashboard_table_get_columns (table)[c]) != 0)
      return FALSE;

  return TRUE;
}

/* Shows @table (the same columns) in a card's list, in place: sorted again by the column the
 * user chose, the same page when it is still there */
static void
update_table_view (GtkColumnView    *view,
                   CgDashboardTable *table)
{
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)),
                                     GTK_INVALID_LIST_POSITION);
  g_object_set_data_full (G_OBJECT (view), "table", cg_dashboard_table_ref (table),
                          (GDestroyNotify) cg_dashboard_table_unref);
  g_object_set_data (G_OBJECT (view), "order", NULL);
  fill_page (view);
}

/* CSV export of a list */

static void
on_csv_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  CgDashboardsView *self = g_object_get_data (G_OBJECT (dialog), "view");
  CgDashboardTable *table = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (path == NULL)
        message = g_strdup (_("Only local files can be written"));
      else if (!cg_dashboard_table_write_csv (table, path, &error))
        /* Translators: %s says why */
        message = g_strdup_printf (_("Cannot export the list: %s"), error->message);
      else
        {
          g_autofree char *name = g_file_get_basename (file);

          /* Translators: %s is the file name */
          message = g_strdup_printf (_("Exported “%s”"), name);
        }
      toast (self, message);
    }

  cg_dashboard_table_unref (table);
  g_object_unref (dialog);
}

static void
export_table_csv (CgDashboardsView *self,
                  CgDashboardTable *table)
{
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *today = cg_day_format (cg_dashboard_today ());

  dialog = gtk_file_chooser_native_new (_("Export CSV"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  name = g_strdup_printf ("%s-%s.csv", cg_dashboard_table_get_title (table), today);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data (G_OBJECT (dialog), "view", self);
  g_signal_connect (dialog, "response", G_CALLBACK (on_csv_response_cb),
                    cg_dashboard_table_ref (table));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_table_csv_clicked_cb (GtkButton *button,
                         gpointer   user_data)
{
  CgDashboardsView *self = user_data;

  export_table_csv (self, g_object_get_data (G_OBJECT (button), "table"));
}

static void
table_card_free (gpointer data)
{
  TableCard *tc = data;

  g_clear_object (&tc->actions);
  g_free (tc);
}

/* A flat button of the pager, for @action, named @label for tooltips and screen readers */
static GtkWidget *
pager_button (const char *icon,
              const char *action,
              const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static TableCard *
create_table_card (CgDashboardsView *self)
{
  TableCard *tc = g_new0 (TableCard, 1);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  tc->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (tc->card, "card");
  gtk_widget_add_css_class (tc->card, "table-card");

  tc->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (tc->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (tc->title), "heading");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (tc->title));

  tc->count = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (tc->count), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (tc->count), "caption");
  gtk_widget_set_hexpand (GTK_WIDGET (tc->count), TRUE);
  gtk_label_set_xalign (tc->count, 0);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (tc->count));

  tc->csv_button = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  gtk_widget_set_tooltip_text (tc->csv_button, _("Export CSV…"));
  gtk_widget_add_css_class (tc->csv_button, "flat");
  g_signal_connect_object (tc->csv_button, "clicked", G_CALLBACK (on_table_csv_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (header), tc->csv_button);
  gtk_widget_add_css_class (header, "table-header");
  gtk_box_append (GTK_BOX (tc->card), header);

  tc->empty = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (tc->empty), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (tc->empty), "table-empty");
  gtk_label_set_wrap (tc->empty, TRUE);
  gtk_box_append (GTK_BOX (tc->card), GTK_WIDGET (tc->empty));

  tc->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (tc->scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_box_append (GTK_BOX (tc->card), tc->scroller);

  /* the pager, for lists longer than a page */
  {
    const GActionEntry entries[] = {
      { "previous", page_action_cb, NULL, NULL, NULL },
      { "next", page_action_cb, NULL, NULL, NULL },
    };

    tc->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (tc->actions), entries, G_N_ELEMENTS (entries),
                                     tc->card);
    gtk_widget_insert_action_group (tc->card, "list", G_ACTION_GROUP (tc->actions));

    tc->pager = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_halign (tc->pager, GTK_ALIGN_END);
    gtk_widget_add_css_class (tc->pager, "table-pager");
    gtk_box_append (GTK_BOX (tc->pager),
                    pager_button ("go-previous-symbolic", "list.previous", _("Previous page")));
    tc->pager_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_add_css_class (GTK_WIDGET (tc->pager_label), "caption");
    gtk_widget_add_css_class (GTK_WIDGET (tc->pager_label), "numeric");
    gtk_box_append (GTK_BOX (tc->pager), GTK_WIDGET (tc->pager_label));
    gtk_box_append (GTK_BOX (tc->pager),
                    pager_button ("go-next-symbolic", "list.next", _("Next page")));
    gtk_widget_set_visible (tc->pager, FALSE);
    gtk_box_append (GTK_BOX (tc->card), tc->pager);
  }

  return tc;
}

/* Shows @table on a card of create_table_card(), in place */
static void
update_table_card (CgDashboardsView *self,
                   TableCard        *tc,
                   CgDashboardTable *table)
{
  guint n = cg_dashboard_table_get_n_rows (table);
  guint total = MAX (cg_dashboard_table_get_total_rows (table), n);
  g_autofree char *count_text = NULL;

  set_label_text (tc->title, cg_dashboard_table_get_title (table));
  if (total > n)
    /* Translators: rows shown of rows in total */
    count_text = g_strdup_printf (_("%u of %u"), n, total);
  else
    count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
  set_label_text (tc->count, count_text);
  gtk_widget_set_sensitive (tc->csv_button, n > 0);
  g_object_set_data_full (G_OBJECT (tc->csv_button), "table", cg_dashboard_table_ref (table),
                          (GDestroyNotify) cg_dashboard_table_unref);

  gtk_widget_set_visible (GTK_WIDGET (tc->empty), n == 0);
  gtk_widget_set_visible (tc->scroller, n > 0);
  if (n == 0)
    {
      gtk_widget_set_visible (tc->pager, FALSE);
      const char *empty = cg_dashboard_table_get_empty_message (table);

      /* the list keeps its rows hidden, for the next result that has some */
      set_label_text (tc->empty, empty ? empty : _("Nothing to list"));
      return;
    }

  /* a page's height, so that paging does not move the cards below */
  gtk_widget_set_size_request (tc->scroller, -1, MIN (n, PAGE_ROWS) * 26 + 34);
  if (tc->view != NULL && table_view_fits (tc->view, table))
    update_table_view (tc->view, table);
  else
    {
      tc->view = create_table_view (self, table, TRUE);
      g_object_set_data (G_OBJECT (tc->view), "pager-label", tc->pager_label);
      g_object_set_data (G_OBJECT (tc->view), "pager-actions", tc->actions);
      g_object_set_data (G_OBJECT (tc->card), "view", tc->view);
      fill_page (tc->view);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (tc->scroller), GTK_WIDGET (tc->view));
    }
}

/* Drill-down */

static void
set_drill_loading (CgDashboardsView *self,
                   gboolean          loading)
{
  self->drill_loading = loading;
  gtk_spinner_set_spinning (self->drill_spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->drill_stack, "loading");
}

static void
on_drill_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CgDashboardsView) self = user_data;
  g_autoptr(CgDashboardTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  table = cg_dashboard_load_items_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_drill_loading (self, FALSE);
  g_clear_pointer (&self->drill_table, cg_dashboard_table_unref);
  self->drill_view = NULL;
  gtk_scrolled_window_set_child (self->drill_scroller, NULL);

  if (table == NULL)
    {
      adw_status_page_set_title (self->drill_status, _("Cannot list the items"));
      adw_status_page_set_description (self->drill_status, error->message);
      adw_status_page_set_icon_name (self->drill_status, "dialog-warning-symbolic");
      gtk_stack_set_visible_child_name (self->drill_stack, "message");
      gtk_widget_set_sensitive (GTK_WIDGET (self->drill_csv_button), FALSE);
      return;
    }

  self->drill_table = g_steal_pointer (&table);
  n = cg_dashboard_table_get_n_rows (self->drill_table);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items",
                                           cg_dashboard_table_get_total_rows (self->drill_table)),
                              cg_dashboard_table_get_total_rows (self->drill_table));
  gtk_label_set_text (self->drill_subtitle, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->drill_csv_button), n > 0);

  if (n == 0)
    {
      const char *empty = cg_dashboard_table_get_empty_message (self->drill_table);

      adw_status_page_set_title (self->drill_status, _("No items"));
      adw_status_page_set_description (self->drill_status, empty);
      adw_status_page_set_icon_name (self->drill_status, "edit-find-symbolic");
      gtk_stack_set_visible_child_name (self->drill_stack, "message");
      return;
    }

  self->drill_view = create_table_view (self, self->drill_table, FALSE);
  gtk_scrolled_window_set_child (self->drill_scroller, GTK_WIDGET (self->drill_view));
  gtk_stack_set_visible_child_name (self->drill_stack, "list");
}

static void
on_chart_activated_cb (CgChart *chart,
                       guint    series,
                       guint    category,
                       gpointer user_data)
{
  CgDashboardsView *self = user_data;
  Page *page = g_object_get_data (G_OBJECT (chart), "page");
  const char *chart_id = g_object_get_data (G_OBJECT (chart), "chart-id");
  const CgDashboardChart *dchart;
  CgChartData *data = cg_chart_get_data (chart);
  g_autoptr(GString) title = g_string_new (NULL);
  const char *series_name;

  if (page->result == NULL || data == NULL || self->store == NULL)
    return;
  dchart = cg_dashboard_result_find_chart (page->result, chart_id);
  if (dchart == NULL || !dchart->drillable)
    return;

  g_string_append (title, cg_chart_data_get_title (data));
  g_string_append (title, " · ");
  g_string_append (title, cg_chart_data_get_category_label (data, category));
  series_name = cg_chart_data_get_series_name (data, series);
  if (cg_chart_data_get_n_series (data) > 1 && series_name != NULL)
    g_string_append_printf (title, " · %s", series_name);
  gtk_label_set_text (self->drill_title, title->str);
  gtk_label_set_text (self->drill_subtitle, "");

  g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);
  self->drill_cancellable = g_cancellable_new ();
  set_drill_loading (self, TRUE);
  adw_flap_set_reveal_flap (self->flap, TRUE);

  cg_dashboard_load_items_async (cg_store_get_path (self->store),
                                 cg_dashboard_result_get_query (page->result), chart_id,
                                 cg_dashboard_chart_get_series_key (dchart, series),
                                 cg_chart_data_get_category_key (data, category), 0,
                                 self->drill_cancellable, on_drill_loaded_cb,
                                 g_object_ref (self));
}

static void
on_drill_close_cb (CgDashboardsView *self)
{
  g_cancellable_cancel (self->drill_cancellable);
  set_drill_loading (self, FALSE);
  adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
on_drill_csv_cb (CgDashboardsView *self)
{
  if (self->drill_table != NULL)
    export_table_csv (self, self->drill_table);
}

/* Applying a result */

static void
show_message (Page       *page,
              const char *icon,
              const char *title,
              const char *description)
{
  adw_status_page_set_icon_name (page->status, icon);
  adw_status_page_set_title (page->status, title);
  adw_status_page_set_description (page->status, description);
  gtk_stack_set_visible_child_name (page->stack, "message");
}

/* The headline cards: the same cards when the figures are the same (as from one refresh to
 * the next), else new ones */
static void
apply_figures (Page              *page,
               CgDashboardResult *result)
{
  guint n = cg_dashboard_result_get_n_figures (result);
  gboolean same = page->card_ids->len == n;
  GtkWidget *child;

  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (g_ptr_array_index (page->card_ids, i),
                        cg_dashboard_result_get_figure (result, i)->id);
  if (!same)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (page->figures))) != NULL)
        gtk_flow_box_remove (page->figures, child);
      g_hash_table_remove_all (page->cards);
      g_ptr_array_set_size (page->card_ids, 0);
      for (guint i = 0; i < n; i++)
        {
          const CgDashboardFigure *figure = cg_dashboard_result_get_figure (result, i);
          GtkWidget *card = create_card ();

          gtk_flow_box_append (page->figures, card);
          g_hash_table_insert (page->cards, g_strdup (figure->id), card);
          g_ptr_array_add (page->card_ids, g_strdup (figure->id));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const CgDashboardFigure *figure = cg_dashboard_result_get_figure (result, i);

      update_card (g_hash_table_lookup (page->cards, figure->id), figure);
    }
}

/* The lists: each table's card (by table id) is kept and shows the new table; cards of
 * tables the result has no more go */
static void
apply_tables (CgDashboardsView  *self,
              Page              *page,
              CgDashboardResult *result)
{
  GtkWidget *previous = NULL;
  GHashTableIter iter;
  TableCard *tc;

  g_hash_table_iter_init (&iter, page->table_cards);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tc))
    tc->seen = FALSE;

  for (guint i = 0; i < cg_dashboard_result_get_n_tables (result); i++)
    {
      CgDashboardTable *table = cg_dashboard_result_get_table (result, i);
      g_autofree char *key = g_strdup (cg_dashboard_table_get_id (table));

      tc = g_hash_table_lookup (page->table_cards, key);
      if (tc != NULL && tc->seen)
        {
          /* two tables of one id: a card each */
          g_free (key);
          key = g_strdup_printf ("%s#%u", cg_dashboard_table_get_id (table), i);
          tc = g_hash_table_lookup (page->table_cards, key);
        }
      if (tc == NULL)
        {
          tc = create_table_card (self);
          gtk_box_append (page->tables, tc->card);
          g_hash_table_insert (page->table_cards, g_steal_pointer (&key), tc);
        }
      tc->seen = TRUE;
      update_table_card (self, tc, table);
      if (gtk_widget_get_prev_sibling (tc->card) != previous)
        gtk_box_reorder_child_after (page->tables, tc->card, previous);
      previous = tc->card;
    }

  g_hash_table_iter_init (&iter, page->table_cards);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &tc))
    if (!tc->seen)
      {
        gtk_box_remove (page->tables, tc->card);
        g_hash_table_iter_remove (&iter);
      }
}

static void
apply_result (CgDashboardsView  *self,
              Page              *page,
              CgDashboardResult *result)
{
  const CgDashboardQuery *query = cg_dashboard_result_get_query (result);
  const char *message = cg_dashboard_result_get_message (result);
  g_autofree char *range = cg_dashboard_format_range (query->first, query->last);
  g_autofree char *subtitle = NULL;
  gint64 start = g_get_monotonic_time ();
  CgDay cfirst, clast;

  g_clear_pointer (&page->result, cg_dashboard_result_unref);
  page->result = cg_dashboard_result_ref (result);

  cg_dashboard_result_get_compare_range (result, &cfirst, &clast);
  if (cfirst != CG_DAY_NONE)
    {
      g_autofree char *compare = cg_dashboard_format_range (cfirst, clast);

      /* Translators: the dashboard's range, then the comparison's */
      subtitle = g_strdup_printf (_("%s, compared with %s"), range, compare);
    }
  else
    subtitle = g_strdup (range);
  if (query->street_code != NULL || query->squad_id != NULL)
    {
      const CgStreet *street = self->district ?
        cg_district_lookup_street (self->district, cg_dashboard_query_get_effective_street (query)) : NULL;

      if (street != NULL)
        {
          char *tmp = g_strdup_printf ("%s · %s", query->squad_id ? street->squad_name : street->name,
                                       subtitle);
          g_free (subtitle);
          subtitle = tmp;
        }
    }
  gtk_label_set_text (page->subtitle, subtitle);

  apply_figures (page, result);

  /* charts: the same widgets, new data (no flicker on refresh) */
  for (guint i = 0; i < cg_dashboard_result_get_n_charts (result); i++)
    {
      const CgDashboardChart *chart = cg_dashboard_result_get_chart (result, i);
      CgChart *widget = g_hash_table_lookup (page->chart_widgets, chart->id);

      if (widget == NULL)
        {
          GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
          GtkWidget *title = gtk_label_new (NULL);

          gtk_widget_add_css_class (card, "card");
          gtk_widget_add_css_class (card, "chart-card");
          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_add_css_class (title, "heading");
          g_object_set_data (G_OBJECT (card), "title", title);
          gtk_box_append (GTK_BOX (card), title);

          widget = CG_CHART (cg_chart_new (chart->kind));
          cg_chart_set_show_title (widget, FALSE);
          gtk_widget_set_size_request (GTK_WIDGET (widget), 360,
                                       chart->kind == CG_CHART_KIND_HEAT_GRID ? 300 : 240);
          gtk_widget_set_vexpand (GTK_WIDGET (widget), TRUE);
          g_object_set_data (G_OBJECT (widget), "page", page);
          g_object_set_data_full (G_OBJECT (widget), "chart-id", g_strdup (chart->id), g_free);
          g_object_set_data (G_OBJECT (widget), "title", title);
          g_signal_connect_object (widget, "activated", G_CALLBACK (on_chart_activated_cb), self, 0);
          gtk_box_append (GTK_BOX (card), GTK_WIDGET (widget));
          gtk_flow_box_append (page->charts, card);
          g_hash_table_insert (page->chart_widgets, g_strdup (chart->id), widget);
        }
      cg_chart_set_kind (widget, chart->kind);
      cg_chart_set_data (widget, chart->data);
      gtk_label_set_text (g_object_get_data (G_OBJECT (widget), "title"),
                          cg_chart_data_get_title (chart->data));
    }

  apply_tables (self, page, result);

  if (message != NULL)
    show_message (page, "x-office-spreadsheet-symbolic", _("Nothing in this range"), message);
  else
    gtk_stack_set_visible_child_name (page->stack, "content");

  g_debug ("Applied the %s dashboard in %.1f ms", page_names[page->kind],
           (g_get_monotonic_time () - start) / 1000.0);
}

static void
on_page_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Page *page = user_data;
  CgDashboardsView *self = page->self;
  g_autoptr(CgDashboardResult) dashboard = NULL;
  g_autoptr(GError) error = NULL;

  dashboard = cg_dashboard_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  page->loading = FALSE;
  g_clear_object (&page->cancellable);
  if (dashboard == NULL)
    {
      g_clear_pointer (&page->result, cg_dashboard_result_unref);
      show_message (page, "dialog-warning-symbolic", _("Cannot show this dashboard"),
                    error->message);
    }
  else
    apply_result (self, page, dashboard);

  update_loading (self);
  g_object_unref (self);
}

static void
load_page (CgDashboardsView *self,
           Page             *page)
{
  g_autoptr(CgDashboardQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  page->dirty = FALSE;

  if (self->store == NULL)
    return;

  query = cg_dashboards_view_dup_query (self, page->kind, &error);
  if (query == NULL)
    {
      page->loading = FALSE;
      g_clear_pointer (&page->result, cg_dashboard_result_unref);
      show_message (page, "dialog-warning-symbolic", _("Check the dates"), error->message);
      update_loading (self);
      return;
    }

  page->loading = TRUE;
  page->cancellable = g_cancellable_new ();
  /* the first load shows a spinner; later ones keep the old figures until the new arrive */
  if (page->result == NULL)
    gtk_stack_set_visible_child_name (page->stack, "loading");
  cg_dashboard_load_async (cg_store_get_path (self->store), query, page->cancellable,
                           on_page_loaded_cb, page);
  g_object_ref (self);
  update_loading (self);
}

static void
on_visible_page_cb (CgDashboardsView *self)
{
  Page *page = visible_page (self);

  /* the panel's items belong to the dashboard that was shown */
  on_drill_close_cb (self);

  if (page->dirty && self->reload_timer == 0)
    load_page (self, page);
  update_loading (self);
}

/* Complaint heat */

static void
on_heat_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CgDashboardsView) self = user_data;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *lon = NULL;
  g_autofree double *lat = NULL;
  g_autofree double *weight = NULL;

  points = cg_dashboard_load_heat_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (points == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why */
      message = g_strdup_printf (_("Cannot show the complaint heat: %s"), error->message);
      toast (self, message);
      return;
    }
  if (self->map_view == NULL)
    return;

  lon = g_new (double, MAX (points->len, 1));
  lat = g_new (double, MAX (points->len, 1));
  weight = g_new (double, MAX (points->len, 1));
  for (guint i = 0; i < points->len; i++)
    {
      const CgHeatPoint *p = &g_array_index (points, CgHeatPoint, i);

      lon[i] = p->lon;
      lat[i] = p->lat;
      weight[i] = p->weight;
    }
  self->heat_loaded = TRUE;
  cg_map_view_set_heat_points (self->map_view, lon, lat, weight, points->len);
  if (points->len == 0)
    toast (self, _("No complaints with a location in this range"));
}

static void
load_heat (CgDashboardsView *self)
{
  g_autoptr(CgDashboardQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->map_view == NULL)
    return;

  g_cancellable_cancel (self->heat_cancellable);
  g_clear_object (&self->heat_cancellable);
  query = cg_dashboards_view_dup_query (self, CG_DASHBOARD_COMPLAINTS, &error);
  if (query == NULL)
    {
      cg_map_view_set_heat_points (self->map_view, NULL, NULL, NULL, 0);
      return;
    }
  self->heat_cancellable = g_cancellable_new ();
  cg_dashboard_load_heat_async (cg_store_get_path (self->store), query, HEAT_CELL_DEG,
                                self->heat_cancellable, on_heat_loaded_cb, g_object_ref (self));
}

static void
on_map_show_heat_cb (CgDashboardsView *self)
{
  gboolean show = cg_map_view_get_show_heat (self->map_view);

  if (self->heat_toggle != NULL && gtk_toggle_button_get_active (self->heat_toggle) != show)
    gtk_toggle_button_set_active (self->heat_toggle, show);
  if (show && !self->heat_loaded)
    load_heat (self);
}

static void
on_heat_toggled_cb (CgDashboardsView *self)
{
  gboolean show = gtk_toggle_button_get_active (self->heat_toggle);

  if (self->map_view == NULL || cg_map_view_get_show_heat (self->map_view) == show)
    return;
  cg_dashboards_view_set_show_heat (self, show);
  if (show)
    g_signal_emit (self, signals[SHOW_MAP], 0);
}

void
cg_dashboards_view_set_show_heat (CgDashboardsView *self,
                                  gboolean          show)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));

  if (self->map_view == NULL)
    return;
  if (show && !self->heat_loaded)
    load_heat (self);
  cg_map_view_set_show_heat (self->map_view, show);
}

/* Export */

typedef struct
{
  char              *path;
  char              *district;
  CgDashboardResult *result;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *ed = data;

  g_free (ed->path);
  g_free (ed->district);
  g_clear_pointer (&ed->result, cg_dashboard_result_unref);
  g_free (ed);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *ed = task_data;
  GError *error = NULL;

  if (cg_dashboard_write_pdf (ed->path, ed->district, &ed->result, 1, NULL, 0, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cg_dashboards_view_export_pdf_async (CgDashboardsView   *self,
                                     const char         *path,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  Page *page;
  ExportData *ed;

  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_dashboards_view_export_pdf_async);

  page = visible_page (self);
  if (page->result == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               _("The dashboard has not loaded yet"));
      return;
    }

  ed = g_new0 (ExportData, 1);
  ed->path = g_strdup (path);
  ed->district = g_strdup (self->district ? cg_district_get_name (self->district) : "");
  ed->result = cg_dashboard_result_ref (page->result);
  g_task_set_task_data (task, ed, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
cg_dashboards_view_export_pdf_finish (CgDashboardsView *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_pdf_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CgDashboardsView *self = CG_DASHBOARDS_VIEW (object);
  g_autofree char *name = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboards.export-pdf", TRUE);
  if (!cg_dashboards_view_export_pdf_finish (self, result, &error))
    /* Translators: %s says why */
    message = g_strdup_printf (_("Cannot export the report: %s"), error->message);
  else
    /* Translators: %s is the file name */
    message = g_strdup_printf (_("Exported the report “%s”"), name);
  toast (self, message);
}

static void
on_pdf_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  CgDashboardsView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        toast (self, _("Only local files can be written"));
      else
        {
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboards.export-pdf", FALSE);
          cg_dashboards_view_export_pdf_async (self, path, NULL, on_pdf_written_cb,
                                               g_file_get_basename (file));
        }
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  CgDashboardsView *self = CG_DASHBOARDS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *today = cg_day_format (cg_dashboard_today ());
  Page *page = visible_page (self);

  if (page->result == NULL)
    {
      toast (self, _("The dashboard has not loaded yet"));
      return;
    }

  dialog = gtk_file_chooser_native_new (_("Export PDF Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: file name of a report: "案件办理-2026-11-30.pdf" */
  name = g_strdup_printf (_("%s-%s.pdf"), cg_dashboard_kind_get_title (page->kind), today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_pdf_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Sync */

static void
on_sync_status_cb (CgDashboardsView *self)
{
  CgSyncStatus status = cg_sync_get_status (self->sync);

  /* each sync that finishes brings new records */
  if (status == CG_SYNC_STATUS_OK && self->last_sync_status != CG_SYNC_STATUS_OK)
    invalidate (self);
  self->last_sync_status = status;
}

/* Pages */

static void
build_page (CgDashboardsView *self,
            CgDashboardKind   kind)
{
  Page *page = &self->pages[kind];
  GtkWidget *scroller, *clamp, *box, *header, *titles, *title, *spinner;
  AdwViewStackPage *stack_page;
  static const char * const icons[] = {
    "emblem-ok-symbolic", "folder-documents-symbolic", "call-start-symbolic",
  };

  page->self = self;
  page->kind = kind;
  page->dirty = TRUE;
  page->chart_widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  page->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  page->card_ids = g_ptr_array_new_with_free_func (g_free);
  page->table_cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, table_card_free);

  page->stack = GTK_STACK (gtk_stack_new ());
  /* results apply at once: no transition */
  gtk_stack_set_transition_type (page->stack, GTK_STACK_TRANSITION_TYPE_NONE);

  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (page->stack, spinner, "loading");

  page->status = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_stack_add_named (page->stack, GTK_WIDGET (page->status), "message");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class (box, "dashboard-page");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (titles, TRUE);
  title = gtk_label_new (cg_dashboard_kind_get_title (kind));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (titles), title);
  page->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (GTK_LABEL (page->subtitle), 0);
  gtk_widget_add_css_class (GTK_WIDGET (page->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (page->subtitle));
  gtk_box_append (GTK_BOX (header), titles);
  if (kind == CG_DASHBOARD_COMPLAINTS)
    {
      GtkWidget *toggle = gtk_toggle_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "find-location-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Show Heat on the Map"));
      gtk_button_set_child (GTK_BUTTON (toggle), content);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (toggle, _("Where complaints concentrate, as a heat layer on the map"));
      self->heat_toggle = GTK_TOGGLE_BUTTON (toggle);
      g_signal_connect_object (toggle, "toggled", G_CALLBACK (on_heat_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (header), toggle);
    }
  gtk_box_append (GTK_BOX (box), header);

  page->figures = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (page->figures, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (page->figures, TRUE);
  gtk_flow_box_set_min_children_per_line (page->figures, 2);
  gtk_flow_box_set_max_children_per_line (page->figures, 6);
  gtk_flow_box_set_column_spacing (page->figures, 12);
  gtk_flow_box_set_row_spacing (page->figures, 12);
  gtk_widget_add_css_class (GTK_WIDGET (page->figures), "figures");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page->figures));

  page->charts = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (page->charts, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (page->charts, TRUE);
  gtk_flow_box_set_min_children_per_line (page->charts, 1);
  gtk_flow_box_set_max_children_per_line (page->charts, 3);
  gtk_flow_box_set_column_spacing (page->charts, 12);
  gtk_flow_box_set_row_spacing (page->charts, 12);
  gtk_widget_add_css_class (GTK_WIDGET (page->charts), "charts");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page->charts));

  page->tables = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page->tables));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1600);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1200);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (page->stack, scroller, "content");
  gtk_stack_set_visible_child_name (page->stack, "loading");

  stack_page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (page->stack), page_names[kind],
                                          cg_dashboard_kind_get_title (kind));
  adw_view_stack_page_set_icon_name (stack_page, icons[kind]);
}

/* GObject */

static void
cg_dashboards_view_dispose (GObject *object)
{
  CgDashboardsView *self = CG_DASHBOARDS_VIEW (object);

  g_clear_handle_id (&self->reload_timer, g_source_remove);
  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    if (self->pages[k].cancellable != NULL)
      g_cancellable_cancel (self->pages[k].cancellable);
  g_cancellable_cancel (self->drill_cancellable);
  g_cancellable_cancel (self->heat_cancellable);
  if (self->sync_signals != NULL)
    g_signal_group_set_target (self->sync_signals, NULL);
  if (self->map_signals != NULL)
    g_signal_group_set_target (self->map_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_DASHBOARDS_VIEW);

  G_OBJECT_CLASS (cg_dashboards_view_parent_class)->dispose (object);
}

static void
cg_dashboards_view_finalize (GObject *object)
{
  CgDashboardsView *self = CG_DASHBOARDS_VIEW (object);

  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    {
      Page *page = &self->pages[k];

      g_clear_object (&page->cancellable);
      g_clear_pointer (&page->result, cg_dashboard_result_unref);
      g_clear_pointer (&page->chart_widgets, g_hash_table_unref);
      g_clear_pointer (&page->cards, g_hash_table_unref);
      g_clear_pointer (&page->card_ids, g_ptr_array_unref);
      g_clear_pointer (&page->table_cards, g_hash_table_unref);
    }
  g_clear_object (&self->drill_cancellable);
  g_clear_object (&self->heat_cancellable);
  g_clear_pointer (&self->drill_table, cg_dashboard_table_unref);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->map_signals);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->map_view);
  g_clear_pointer (&self->district, cg_district_unref);
  g_clear_pointer (&self->filter_values, g_ptr_array_unref);
  g_clear_pointer (&self->street_code, g_free);
  g_clear_pointer (&self->squad_id, g_free);

  G_OBJECT_CLASS (cg_dashboards_view_parent_class)->finalize (object);
}

static void
cg_dashboards_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CgDashboardsView *self = CG_DASHBOARDS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, cg_dashboards_view_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_dashboards_view_class_init (CgDashboardsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_dashboards_view_dispose;
  object_class->finalize = cg_dashboards_view_finalize;
  object_class->get_property = cg_dashboards_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An item was opened on the map (selected or marked): show the map page */
  signals[SHOW_MAP] =
    g_signal_new ("show-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A transient message for the user (export done, failed) */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (CG_TYPE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-dashboards-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, flap);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, custom_button);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, custom_popover);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, first_calendar);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, last_calendar);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, custom_apply);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, range_label);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, street_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_title);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_csv_button);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_close_button);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_stack);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_spinner);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_status);
  gtk_widget_class_bind_template_child (widget_class, CgDashboardsView, drill_scroller);

  gtk_widget_class_install_action (widget_class, "dashboards.export-pdf", NULL, export_pdf_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cg-dashboards-view");
}

static void
cg_dashboards_view_init (CgDashboardsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->preset = CG_DASHBOARD_RANGE_7_DAYS;
  self->custom_first = self->custom_last = CG_DAY_NONE;
  self->comparison = CG_DASHBOARD_COMPARE_NONE;
  self->last_sync_status = CG_SYNC_STATUS_IDLE;

  for (guint k = 0; k < CG_DASHBOARD_N_KINDS; k++)
    build_page (self, k);
  update_range_label (self);
  fill_street_dropdown (self);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), FALSE);

  g_signal_connect_object (self->range_dropdown, "notify::selected",
                           G_CALLBACK (on_range_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->street_dropdown, "notify::selected",
                           G_CALLBACK (on_street_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_dropdown, "notify::selected",
                           G_CALLBACK (on_compare_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_apply, "clicked",
                           G_CALLBACK (on_custom_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_popover, "show",
                           G_CALLBACK (on_custom_popover_show_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->custom_popover, "closed",
                           G_CALLBACK (on_custom_popover_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (on_visible_page_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drill_close_button, "clicked",
                           G_CALLBACK (on_drill_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drill_csv_button, "clicked",
                           G_CALLBACK (on_drill_csv_cb), self, G_CONNECT_SWAPPED);

  self->sync_signals = g_signal_group_new (CG_TYPE_SYNC);
  g_signal_group_connect_swapped (self->sync_signals, "notify::status",
                                  G_CALLBACK (on_sync_status_cb), self);
  self->map_signals = g_signal_group_new (CG_TYPE_MAP_VIEW);
  g_signal_group_connect_swapped (self->map_signals, "notify::show-heat",
                                  G_CALLBACK (on_map_show_heat_cb), self);
}

/* Public API */

void
cg_dashboards_view_set_store (CgDashboardsView *self,
                              CgStore          *store)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (store == NULL || CG_IS_STORE (store));

  if (g_set_object (&self->store, store))
    invalidate (self);
}

void
cg_dashboards_view_set_district (CgDashboardsView *self,
                                 CgDistrict       *district)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));

  if (self->district == district)
    return;
  if (district != NULL)
    cg_district_ref (district);
  g_clear_pointer (&self->district, cg_district_unref);
  self->district = district;
  fill_street_dropdown (self);
  invalidate (self);
}

void
cg_dashboards_view_set_sync (CgDashboardsView *self,
                             CgSync           *sync)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (sync == NULL || CG_IS_SYNC (sync));

  if (!g_set_object (&self->sync, sync))
    return;
  self->last_sync_status = sync ? cg_sync_get_status (sync) : CG_SYNC_STATUS_IDLE;
  g_signal_group_set_target (self->sync_signals, sync);
  invalidate (self);
}

void
cg_dashboards_view_set_map_view (CgDashboardsView *self,
                                 CgMapView        *map_view)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (map_view == NULL || CG_IS_MAP_VIEW (map_view));

  if (g_set_object (&self->map_view, map_view))
    g_signal_group_set_target (self->map_signals, map_view);
}

void
cg_dashboards_view_set_kind (CgDashboardsView *self,
                             CgDashboardKind   kind)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (kind < CG_DASHBOARD_N_KINDS);

  adw_view_stack_set_visible_child_name (self->stack, page_names[kind]);
}

CgDashboardKind
cg_dashboards_view_get_kind (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), CG_DASHBOARD_INSPECTIONS);

  return visible_page (self)->kind;
}

void
cg_dashboards_view_set_range (CgDashboardsView       *self,
                              CgDashboardRangePreset  preset,
                              CgDay                   first,
                              CgDay                   last)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));
  g_return_if_fail (preset <= CG_DASHBOARD_RANGE_CUSTOM);

  self->preset = preset;
  if (preset == CG_DASHBOARD_RANGE_CUSTOM)
    {
      self->custom_first = first;
      self->custom_last = last;
    }
  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, preset);
  self->updating_controls = FALSE;
  invalidate (self);
}

void
cg_dashboards_view_set_street (CgDashboardsView *self,
                               const char       *street_code)
{
  guint row = 0;

  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));

  for (guint i = 0; street_code != NULL && i < self->filter_values->len; i++)
    if (g_str_equal (g_ptr_array_index (self->filter_values, i), street_code))
      row = i;

  g_clear_pointer (&self->street_code, g_free);
  g_clear_pointer (&self->squad_id, g_free);
  if (street_code != NULL && g_str_has_prefix (street_code, "sq-"))
    self->squad_id = g_strdup (street_code);
  else
    self->street_code = g_strdup (street_code);

  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (self->street_dropdown, row);
  self->updating_controls = FALSE;
  invalidate (self);
}

void
cg_dashboards_view_set_comparison (CgDashboardsView      *self,
                                   CgDashboardComparison  comparison)
{
  g_return_if_fail (CG_IS_DASHBOARDS_VIEW (self));

  self->comparison = comparison;
  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (self->compare_dropdown, comparison);
  self->updating_controls = FALSE;
  invalidate (self);
}

gboolean
cg_dashboards_view_get_loading (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), FALSE);

  return visible_page (self)->loading || self->reload_timer != 0 || visible_page (self)->dirty;
}

CgDashboardResult *
cg_dashboards_view_get_result (CgDashboardsView *self,
                               CgDashboardKind   kind)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);

  return self->pages[kind].result;
}

const char *
cg_dashboards_view_get_state (CgDashboardsView *self,
                              CgDashboardKind   kind)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);

  return gtk_stack_get_visible_child_name (self->pages[kind].stack);
}

const char *
cg_dashboards_view_get_message (CgDashboardsView *self,
                                CgDashboardKind   kind)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);

  return adw_status_page_get_description (self->pages[kind].status);
}

CgChart *
cg_dashboards_view_get_chart (CgDashboardsView *self,
                              CgDashboardKind   kind,
                              const char       *chart_id)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);

  return g_hash_table_lookup (self->pages[kind].chart_widgets, chart_id);
}

char *
cg_dashboards_view_dup_card_text (CgDashboardsView *self,
                                  CgDashboardKind   kind,
                                  const char       *figure_id)
{
  GtkWidget *card;
  const char *value = NULL, *delta = NULL;

  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);

  card = g_hash_table_lookup (self->pages[kind].cards, figure_id);
  if (card == NULL)
    return NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (card); c; c = gtk_widget_get_next_sibling (c))
    {
      if (g_strcmp0 (gtk_widget_get_name (c), "value") == 0)
        value = gtk_label_get_text (GTK_LABEL (c));
      else if (g_strcmp0 (gtk_widget_get_name (c), "delta") == 0)
        delta = gtk_label_get_text (GTK_LABEL (c));
    }

  return g_strdup_printf ("%s|%s", value ? value : "", delta ? delta : "");
}

GtkColumnView *
cg_dashboards_view_get_table_view (CgDashboardsView *self,
                                   CgDashboardKind   kind,
                                   const char       *table_id)
{
  TableCard *tc;

  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);
  g_return_val_if_fail (kind < CG_DASHBOARD_N_KINDS, NULL);
  g_return_val_if_fail (table_id != NULL, NULL);

  tc = g_hash_table_lookup (self->pages[kind].table_cards, table_id);
  return tc != NULL ? tc->view : NULL;
}

CgDashboardTable *
cg_dashboards_view_get_drill_table (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);

  return self->drill_table;
}

gboolean
cg_dashboards_view_get_drill_loading (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), FALSE);

  return self->drill_loading;
}

gboolean
cg_dashboards_view_activate_drill_row (CgDashboardsView *self,
                                       guint             position)
{
  GListModel *model;

  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), FALSE);

  if (self->drill_view == NULL)
    return FALSE;
  model = G_LIST_MODEL (gtk_column_view_get_model (self->drill_view));
  if (position >= g_list_model_get_n_items (model))
    return FALSE;

  g_signal_emit_by_name (self->drill_view, "activate", position);
  return TRUE;
}

/* Rows the panel's list holds so far (they go in a few per frame) */
guint
cg_dashboards_view_get_drill_n_rows (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), 0);

  if (self->drill_view == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (self->drill_view)));
}

/* The panel's list (transfer none) (nullable) */
GtkColumnView *
cg_dashboards_view_get_drill_view (CgDashboardsView *self)
{
  g_return_val_if_fail (CG_IS_DASHBOARDS_VIEW (self), NULL);

  return self->drill_view;
}
