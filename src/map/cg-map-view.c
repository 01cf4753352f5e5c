/* cg-map-view.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cg-legend-symbol.h"
#include "cg-map-private.h"
#include "cg-map-view.h"
#include "cg-mercator.h"
#include "cg-place-labels.h"
#include "cg-tile-downloader.h"
#include "cg-heat-layer.h"
#include "cg-inspection-text.h"
#include "cg-inspection-tracker.h"

#define MIN_ZOOM 8
#define MAX_ZOOM 19


struct _CgMapView
{
  GtkWidget           parent_instance;

  /* template children */
  GtkOverlay         *overlay;
  ShumateMap         *map;
  GtkWidget          *legend;
  GtkCheckButton     *merchants_check;
  GtkCheckButton     *sites_check;
  GtkCheckButton     *points_check;
  GtkLabel           *merchants_count;
  GtkLabel           *sites_count;
  GtkLabel           *points_count;
  GtkLabel           *high_count;
  GtkLabel           *medium_count;
  GtkLabel           *low_count;
  GtkLabel           *unknown_count;
  GtkLabel           *overdue_count;
  GtkButton          *zoom_in_button;
  GtkButton          *zoom_out_button;
  GtkButton          *zoom_fit_button;
  GtkRevealer        *details_revealer;
  GtkLabel           *details_title;
  GtkLabel           *details_subtitle;
  GtkGrid            *details_grid;
  GtkButton          *details_close;
  GtkCheckButton     *heat_check;
  GtkMenuButton      *filter_button;
  GtkPopover         *filter_popover;
  GtkBox             *filter_box;
  GtkLabel           *filter_summary;
  GtkBox             *history_box;

  /* filter popover */
  GtkCheckButton     *risk_checks[4];
  GtkBox             *streets_box;
  GPtrArray          *street_checks;    /* GtkCheckButton, bit = index + 1 */
  GtkCheckButton     *other_street_check;
  GPtrArray          *category_checks[CG_POI_FILTER_N_KINDS];
  GtkCheckButton     *overdue_check;
  guint               syncing_filter : 1;

  /* details of the selection, listed in a worker */
  GCancellable       *details_cancellable;
  CgNextInspectionFunc next_func;
  gpointer            next_data;
  GDestroyNotify      next_destroy;
  CgInspectionTracker *tracker;       /* where each target stands today */

  /* objects of a cluster that zooming cannot split */
  GtkPopover         *cluster_popover;
  GCancellable       *cluster_cancellable;

  ShumateViewport    *viewport;
  ShumateMapSource   *osm;            /* reference source: projection, tile size */
  ShumateMapLayer    *tile_layer;     /* NULL when the base map is plain */
  ShumateMapLayer    *overlay_layer;  /* annotations over the tiles (Tianditu, AMap imagery) */
  ShumateMapSource   *tile_map_source;
  ShumateMapSource   *overlay_map_source;
  CgTileSource       *source;         /* nullable: none */
  CgDatum             datum;          /* of the tiles: every layer is projected into it */
  guint               tile_error_reported : 1;
  CgOutlineLayer     *outline;
  CgOutlineLayer     *labels;         /* the street names, above the points */
  CgPoiLayer         *pois;
  CgHeatLayer        *heat;           /* complaint hotspots (dashboards), hidden by default */
  ShumateMarkerLayer *marker_layer;   /* the item opened from a dashboard list */
  ShumateMarker      *marker;
  double              marker_lonlat[2];   /* WGS-84 */
  ShumateScale       *scale;
  ShumateLicense     *license;

  CgDistrict         *district;
  CgStore            *store;
  char              **street_codes;
  char               *tile_source;
  GCancellable       *cancellable;

  guint               loading : 1;
  guint               reload_pending : 1;
  guint               fit_pending : 1;
  guint               fit_idle;
  double              fit_view[3];    /* lat, lon, zoom the last fit set */
  int                 fit_size[2];    /* map size it was computed for */
};

G_DEFINE_FINAL_TYPE (CgMapView, cg_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_TILE_SOURCE,
  PROP_DATUM,
  PROP_SHOW_HEAT,
  N_PROPS
};

enum {
  POINTS_LOADED,
  TILE_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_loading (CgMapView *self,
             gboolean   loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_count (GtkLabel *label,
           guint     n)
{
  g_autofree char *text = g_strdup_printf ("%'u", n);

  gtk_label_set_text (label, text);
}

static void
update_legend (CgMapView *self)
{
  guint risk_counts[4] = { 0 };
  CgPoiFilter filter;

  set_count (self->merchants_count,
             cg_poi_layer_get_shown_count (self->pois, CG_COLLECTION_MERCHANTS, -1));
  set_count (self->sites_count, cg_poi_layer_get_shown_count (self->pois, CG_COLLECTION_SITES, -1));
  set_count (self->points_count,
             cg_poi_layer_get_shown_count (self->pois, CG_COLLECTION_POINTS, -1));

  for (int r = 0; r < 4; r++)
    risk_counts[r] = cg_poi_layer_get_shown_count (self->pois, CG_COLLECTION_MERCHANTS, r) +
                     cg_poi_layer_get_shown_count (self->pois, CG_COLLECTION_SITES, r);
  set_count (self->high_count, risk_counts[CG_RISK_HIGH]);
  set_count (self->medium_count, risk_counts[CG_RISK_MEDIUM]);
  set_count (self->low_count, risk_counts[CG_RISK_LOW]);
  set_count (self->unknown_count, risk_counts[CG_RISK_UNKNOWN]);
  set_count (self->overdue_count, cg_poi_layer_get_n_overdue (self->pois));

  /* kinds switched off in the legend are visible there; the rest is summed up */
  cg_poi_layer_get_filter (self->pois, &filter);
  filter.kinds = (1u << CG_POI_FILTER_N_KINDS) - 1;
  if (cg_poi_filter_is_all (&filter))
    gtk_widget_set_visible (GTK_WIDGET (self->filter_summary), FALSE);
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Filtered: showing %'u of %'u objects"),
                              cg_poi_layer_get_n_shown (self->pois),
                              cg_poi_layer_get_n_points (self->pois));
      gtk_label_set_text (self->filter_summary, text);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_summary), TRUE);
    }
}

/* Filters */

static void
filter_from_widgets (CgMapView   *self,
                     CgPoiFilter *filter)
{
  cg_poi_layer_get_filter (self->pois, filter);

  filter->risks = 0;
  for (int r = 0; r < 4; r++)
    if (gtk_check_button_get_active (self->risk_checks[r]))
      filter->risks |= 1u << r;

  /* bit 0 (no street) and the bits beyond the district's streets go with "other" */
  filter->streets = gtk_check_button_get_active (self->other_street_check) ? G_MAXUINT64 : 0;
  for (guint i = 0; i < self->street_checks->len; i++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << MIN (i + 1, CG_POI_FILTER_N_STREETS - 1);

      if (gtk_check_button_get_active (g_ptr_array_index (self->street_checks, i)))
        filter->streets |= bit;
      else
        filter->streets &= ~bit;
    }

  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    {
      filter->categories[k] = 0;
      for (guint c = 0; c < self->category_checks[k]->len; c++)
        if (gtk_check_button_get_active (g_ptr_array_index (self->category_checks[k], c)))
          filter->categories[k] |= 1u << c;
    }

  filter->overdue_only = gtk_check_button_get_active (self->overdue_check);
}

static void
on_filter_toggled_cb (CgMapView *self)
{
  CgPoiFilter filter;

  if (self->syncing_filter)
    return;
  filter_from_widgets (self, &filter);
  cg_poi_layer_set_filter (self->pois, &filter);
}

static void
sync_filter_widgets (CgMapView *self)
{
  CgPoiFilter filter;

  cg_poi_layer_get_filter (self->pois, &filter);
  self->syncing_filter = TRUE;
  for (int r = 0; r < 4; r++)
    gtk_check_button_set_active (self->risk_checks[r], (filter.risks >> r) & 1);
  gtk_check_button_set_active (self->other_street_check, filter.streets & 1);
  for (guint i = 0; i < self->street_checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->street_checks, i),
                                 (filter.streets >> MIN (i + 1, CG_POI_FILTER_N_STREETS - 1)) & 1);
  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    for (guint c = 0; c < self->category_checks[k]->len; c++)
      gtk_check_button_set_active (g_ptr_array_index (self->category_checks[k], c),
                                   (filter.categories[k] >> c) & 1);
  gtk_check_button_set_active (self->overdue_check, filter.overdue_only);
  self->syncing_filter = FALSE;
}

static void
on_filter_reset_clicked_cb (CgMapView *self)
{
  CgPoiFilter filter;

  cg_poi_filter_init_all (&filter);
  cg_poi_layer_set_filter (self->pois, &filter);
  sync_filter_widgets (self);
}

static GtkCheckButton *
add_filter_check (CgMapView  *self,
                  GtkBox     *box,
                  const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_filter_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (box, check);
  return GTK_CHECK_BUTTON (check);
}

static void
add_filter_heading (GtkBox     *box,
                    const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (box, label);
}

static void
build_filter_box (CgMapView *self)
{
  static const CgRisk risks[4] = { CG_RISK_HIGH, CG_RISK_MEDIUM, CG_RISK_LOW, CG_RISK_UNKNOWN };
  GtkWidget *reset;

  self->syncing_filter = TRUE;
  self->overdue_check = add_filter_check (self, self->filter_box, _("Overdue inspections only"));
  gtk_check_button_set_active (self->overdue_check, FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->overdue_check),
                               _("Merchants and sites whose required inspection is overdue"));

  add_filter_heading (self->filter_box, _("Risk grade"));
  for (int k = 0; k < 4; k++)
    self->risk_checks[risks[k]] = add_filter_check (self, self->filter_box,
                                                    cg_label_risk (risks[k]));

  add_filter_heading (self->filter_box, _("Street"));
  self->streets_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_box_append (self->filter_box, GTK_WIDGET (self->streets_box));
  self->street_checks = g_ptr_array_new ();
  self->other_street_check = add_filter_check (self, self->filter_box, _("Other or unknown street"));

  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    {
      static const char *titles[CG_POI_FILTER_N_KINDS] = {
        N_("Merchant categories"), N_("Site categories"), N_("Enforcement point types"),
      };
      GtkWidget *expander = gtk_expander_new (_(titles[k]));
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

      gtk_widget_set_margin_top (expander, 6);
      gtk_widget_set_margin_start (box, 12);
      gtk_expander_set_child (GTK_EXPANDER (expander), box);
      gtk_box_append (self->filter_box, expander);
      self->category_checks[k] = g_ptr_array_new ();
      for (guint c = 0; c < cg_poi_category_get_n (k); c++)
        g_ptr_array_add (self->category_checks[k],
                         add_filter_check (self, GTK_BOX (box),
                                           cg_label_category (k, cg_poi_category_to_string (k, c))));
    }

  reset = gtk_button_new_with_label (_("Show All"));
  gtk_widget_set_margin_top (reset, 8);
  g_signal_connect_object (reset, "clicked", G_CALLBACK (on_filter_reset_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->filter_box, reset);
  self->syncing_filter = FALSE;
}

static void
rebuild_street_checks (CgMapView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->streets_box))))
    gtk_box_remove (self->streets_box, child);
  g_ptr_array_set_size (self->street_checks, 0);

  for (guint i = 0; self->district != NULL && i < cg_district_get_n_streets (self->district); i++)
    {
      const CgStreet *street = cg_district_get_street (self->district, i);

      g_ptr_array_add (self->street_checks,
                       add_filter_check (self, self->streets_box, street->name));
    }
  sync_filter_widgets (self);
}

/* Loading in a worker thread, on a connection of its own */

typedef struct
{
  char  *path;
  char **street_codes;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_strfreev (load->street_codes);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = NULL;
  GArray *points;

  store = cg_store_open (load->path, &error);
  /* one scan of every place: through SQLite's page cache, not mapped (cg-store.h) */
  if (store != NULL && !cg_store_set_mmap_size (store, 0, &error))
    g_clear_object (&store);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  points = cg_store_load_map_points_full (store, (const char * const *) load->street_codes,
                                          &ids, &error);
  if (points == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* the ids ride along on the array */
      g_object_set_data_full (G_OBJECT (task), "ids", ids, (GDestroyNotify) g_ptr_array_unref);
      g_task_return_pointer (task, points, (GDestroyNotify) g_array_unref);
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CgMapView *self = CG_MAP_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;

  points = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_loading (self, FALSE);

  if (points == NULL)
    g_warning ("Cannot load the map points from the cache: %s", error->message);
  else
    {
      const CgMapPoint *old = cg_poi_layer_get_point (self->pois,
                                                      cg_poi_layer_get_selected (self->pois));
      CgMapPoint selected = { .rowid = -1 };
      gint64 reselect = -1;

      g_debug ("Loaded %u map points", points->len);

      /* keep the selection (and refresh its details) across reloads */
      if (old != NULL)
        selected = *old;
      for (guint i = 0; selected.rowid >= 0 && i < points->len; i++)
        {
          const CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);

          if (mp->rowid == selected.rowid && mp->collection == selected.collection)
            {
              reselect = i;
              break;
            }
        }

      cg_poi_layer_set_points_full (self->pois, points,
                                    g_object_get_data (G_OBJECT (result), "ids"));
      cg_map_view_select (self, reselect);
      update_legend (self);
      /* new data (a sync) can change who is overdue: evaluate the rules again */
      cg_inspection_tracker_set_path (self->tracker, cg_store_get_path (self->store));
      g_signal_emit (self, signals[POINTS_LOADED], 0);
    }

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      cg_map_view_reload (self);
    }
}

void
cg_map_view_reload (CgMapView *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (CG_IS_MAP_VIEW (self));

  if (self->store == NULL)
    return;
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (cg_store_get_path (self->store));
  load->street_codes = g_strdupv (self->street_codes);

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, cg_map_view_reload);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
cg_map_view_get_loading (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);

  return self->loading;
}

/* Fitting the district */

static gboolean
fit_now (CgMapView *self)
{
  double lon0, lat0, lon1, lat1, x0, y0, x1, y1, zoom;
  int w = gtk_widget_get_width (GTK_WIDGET (self->map));
  int h = gtk_widget_get_height (GTK_WIDGET (self->map));

  if (self->district == NULL || w <= 0 || h <= 0)
    return FALSE;

  cg_district_get_bounds (self->district, &lon0, &lat0, &lon1, &lat1);
  cg_mercator_project (self->datum, lon0, lat1, &x0, &y0);
  cg_mercator_project (self->datum, lon1, lat0, &x1, &y1);
  zoom = cg_mercator_fit_zoom (x0, y0, x1, y1, w, h, 24,
                               shumate_map_source_get_tile_size (self->osm));
  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (self->viewport),
                shumate_viewport_get_max_zoom_level (self->viewport));

  shumate_viewport_set_zoom_level (self->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport),
                                 cg_mercator_lat_from_y ((y0 + y1) / 2),
                                 cg_mercator_lon_from_x ((x0 + x1) / 2));

  self->fit_view[0] = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
  self->fit_view[1] = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
  self->fit_view[2] = shumate_viewport_get_zoom_level (self->viewport);
  self->fit_size[0] = w;
  self->fit_size[1] = h;
  return TRUE;
}

static gboolean
fit_idle_cb (gpointer user_data)
{
  CgMapView *self = user_data;

  self->fit_idle = 0;
  if (self->fit_pending && fit_now (self))
    self->fit_pending = FALSE;

  return G_SOURCE_REMOVE;
}

void
cg_map_view_fit_district (CgMapView *self)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  self->fit_pending = TRUE;
  if (gtk_widget_get_width (GTK_WIDGET (self->map)) > 0 && fit_now (self))
    self->fit_pending = FALSE;
}

static void
cg_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CgMapView *self = CG_MAP_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
cg_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CgMapView *self = CG_MAP_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);
  if (self->cluster_popover != NULL)
    gtk_popover_present (self->cluster_popover);

  /* Still showing the fitted view and the map changed size (bars revealed, window
   * resized): fit again */
  if (!self->fit_pending && self->fit_size[0] > 0 &&
      (self->fit_size[0] != gtk_widget_get_width (GTK_WIDGET (self->map)) ||
       self->fit_size[1] != gtk_widget_get_height (GTK_WIDGET (self->map))) &&
      shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport)) == self->fit_view[0] &&
      shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport)) == self->fit_view[1] &&
      shumate_viewport_get_zoom_level (self->viewport) == self->fit_view[2])
    self->fit_pending = TRUE;

  /* the viewport cannot change during allocation: do it right after */
  if (self->fit_pending && self->fit_idle == 0 && width > 0 && height > 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_idle_cb, self, NULL);
}

/* Details and tooltips */

static void
add_detail (CgMapView  *self,
            int        *row,
            const char *key,
            const char *value)
{
  GtkWidget *k, *v;

  if (value == NULL || *value == '\0')
    return;

  k = gtk_label_new (key);
  gtk_label_set_xalign (GTK_LABEL (k), 0);
  gtk_label_set_yalign (GTK_LABEL (k), 0);
  gtk_widget_add_css_class (k, "dim-label");
  v = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (v), 0);
  gtk_label_set_wrap (GTK_LABEL (v), TRUE);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_widget_set_hexpand (v, TRUE);
  gtk_grid_attach (self->details_grid, k, 0, *row, 1, 1);
  gtk_grid_attach (self->details_grid, v, 1, *row, 1, 1);
  (*row)++;
}

static CgPlace *
fetch_place (CgMapView *self,
             gint64     index)
{
  const CgMapPoint *mp = cg_poi_layer_get_point (self->pois, index);
  g_autoptr(GError) error = NULL;
  CgPlace *place;

  if (mp == NULL || self->store == NULL)
    return NULL;

  place = cg_store_get_place (self->store, mp->collection, mp->rowid, &error);
  if (place == NULL && error != NULL)
    g_debug ("No place %" G_GINT64_FORMAT ": %s", mp->rowid, error->message);

  return place;
}

/* The inspections and cases of the selection, listed in a worker thread */

typedef struct
{
  char      *path;
  char      *target_id;
  CgPlace   *place;
  GPtrArray *inspections;
  GPtrArray *cases;
} HistoryData;

static void
history_data_free (gpointer data)
{
  HistoryData *hd = data;

  g_free (hd->path);
  g_free (hd->target_id);
  g_clear_pointer (&hd->place, cg_place_free);
  g_clear_pointer (&hd->inspections, g_ptr_array_unref);
  g_clear_pointer (&hd->cases, g_ptr_array_unref);
  g_free (hd);
}

#define HISTORY_LIMIT 20

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HistoryData *hd = task_data;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = cg_store_open (hd->path, &error);
  if (store != NULL)
    hd->inspections = cg_store_list_inspections (store, hd->target_id, HISTORY_LIMIT, &error);
  if (hd->inspections != NULL)
    hd->cases = cg_store_list_cases_for_target (store, hd->target_id, HISTORY_LIMIT, &error);

  if (hd->cases == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

static const char *
label_of (const char * const *pairs,
          const char         *value)
{
  for (guint i = 0; value != NULL && pairs[i] != NULL; i += 2)
    if (g_str_equal (pairs[i], value))
      return _(pairs[i + 1]);
  return value != NULL ? value : "";
}

static const char * const inspection_kinds[] = {
  "graded", N_("Graded inspection"), "double_random", N_("Random spot check"),
  "special", N_("Special inspection"), NULL
};
static const char * const inspection_results[] = {
  "pass", N_("passed"), "rectify", N_("rectification ordered"), "violation", N_("violation found"),
  NULL
};
static const char * const case_stages[] = {
  "filing", N_("filed"), "investigation", N_("under investigation"), "notice", N_("notified"),
  "decision", N_("decided"), "execution", N_("in execution"), "closed", N_("closed"), NULL
};

static void
history_add_line (CgMapView  *self,
                  const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (self->history_box, label);
}

static void
clear_history (CgMapView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_box))))
    gtk_box_remove (self->history_box, child);
}

static void
history_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CgMapView *self = CG_MAP_VIEW (object);
  HistoryData *hd = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  int row = GPOINTER_TO_INT (user_data);
  g_autofree char *last = NULL;
  g_autofree char *next = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          clear_history (self);
          history_add_line (self, error->message, "error");
        }
      return;
    }

  clear_history (self);

  if (hd->inspections->len > 0)
    {
      const CgInspection *in = g_ptr_array_index (hd->inspections, 0);
      g_autofree char *day = format_day (in->inspected_at);

      /* Translators: last inspection: date, result */
      last = g_strdup_printf (_("%s, %s"), day, label_of (inspection_results, in->result));
    }
  add_detail (self, &row, _("Last inspection"), last ? last : _("None in the cache"));
  if (self->next_func != NULL)
    next = self->next_func (hd->place, hd->inspections, self->next_data);
  add_detail (self, &row, _("Next inspection"), next);

  if (hd->inspections->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Inspections (%u, newest first)"),
                                                hd->inspections->len);

      history_add_line (self, title, "heading");
      for (guint i = 0; i < hd->inspections->len; i++)
        {
          const CgInspection *in = g_ptr_array_index (hd->inspections, i);
          g_autofree char *day = format_day (in->inspected_at);
          g_autofree char *line = g_strdup_printf ("%s  %s · %s", day,
                                                   label_of (inspection_kinds, in->kind),
                                                   label_of (inspection_results, in->result));

          history_add_line (self, line, NULL);
        }
    }

  if (hd->cases->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Cases (%u, newest first)"), hd->cases->len);

      history_add_line (self, title, "heading");
      for (guint i = 0; i < hd->cases->len; i++)
        {
          const CgCase *c = g_ptr_array_index (hd->cases, i);
          g_autofree char *day = format_day (c->filed_at);
          g_autofree char *line = g_strdup_printf ("%s  %s · %s\n%s", day,
                                                   /* causes share the scenarios' values */
                                                   c->cause ? cg_label_point_scenario (c->cause) : "",
                                                   label_of (case_stages, c->stage),
                                                   c->case_no ? c->case_no : "");

          history_add_line (self, line, NULL);
        }
    }
  else
    history_add_line (self, _("No cases against it in the cache"), "dim-label");
}

static void
start_history (CgMapView     *self,
               const CgPlace *place,
               int            row)
{
  g_autoptr(GTask) task = NULL;
  HistoryData *hd;

  g_cancellable_cancel (self->details_cancellable);
  g_clear_object (&self->details_cancellable);
  clear_history (self);

  if (place == NULL || place->id == NULL || self->store == NULL)
    return;

  self->details_cancellable = g_cancellable_new ();
  hd = g_new0 (HistoryData, 1);
  hd->path = g_strdup (cg_store_get_path (self->store));
  hd->target_id = g_strdup (place->id);
  hd->place = cg_place_new ();
  hd->place->id = g_strdup (place->id);
  hd->place->name = g_strdup (place->name);
  hd->place->category = g_strdup (place->category);
  hd->place->street_code = g_strdup (place->street_code);
  hd->place->risk = place->risk;

  history_add_line (self, _("Loading inspections and cases…"), "dim-label");

  task = g_task_new (self, self->details_cancellable, history_done_cb, GINT_TO_POINTER (row));
  g_task_set_source_tag (task, start_history);
  g_task_set_task_data (task, hd, history_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, history_thread);
}

/* The default "Next inspection" hook: the rules engine's state of the target */
static char *
tracker_next_inspection (const CgPlace *place,
                         GPtrArray     *inspections,
                         gpointer       user_data)
{
  CgMapView *self = user_data;
  const CgInspectionState *state;

  state = cg_inspection_tracker_lookup (self->tracker, place->id);
  return state != NULL ? cg_inspection_state_format_details (state) : NULL;
}

static void
on_tracker_changed_cb (CgMapView *self)
{
  gint64 selected = cg_poi_layer_get_selected (self->pois);

  cg_poi_layer_set_overdue (self->pois, cg_inspection_tracker_get_overdue_ids (self->tracker));
  update_legend (self);
  /* the details show the state: show the new one */
  if (selected >= 0 && gtk_revealer_get_reveal_child (self->details_revealer))
    cg_map_view_select (self, selected);
}

CgInspectionTracker *
cg_map_view_get_inspection_tracker (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  return self->tracker;
}

void
cg_map_view_set_next_inspection_func (CgMapView            *self,
                                      CgNextInspectionFunc  func,
                                      gpointer              user_data,
                                      GDestroyNotify        destroy)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  if (self->next_destroy != NULL)
    self->next_destroy (self->next_data);
  self->next_func = func;
  self->next_data = user_data;
  self->next_destroy = destroy;
}

void
cg_map_view_select (CgMapView *self,
                    gint64     index)
{
  const CgMapPoint *mp;
  g_autoptr(CgPlace) place = NULL;
  GtkWidget *child;
  int row = 0;

  g_return_if_fail (CG_IS_MAP_VIEW (self));

  mp = cg_poi_layer_get_point (self->pois, index);
  cg_poi_layer_set_selected (self->pois, mp ? index : -1);
  if (mp == NULL)
    {
      start_history (self, NULL, 0);
      gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))))
    gtk_grid_remove (self->details_grid, child);

  place = fetch_place (self, index);
  gtk_label_set_text (self->details_title,
                      place && place->name ? place->name : _("Unnamed place"));
  gtk_label_set_text (self->details_subtitle,
                      cg_label_kind (mp->collection, place ? place->category : NULL));

  if (place != NULL)
    {
      g_autofree char *noise = NULL;
      g_autofree char *pm10 = NULL;

      add_detail (self, &row, _("Address"), place->address);
      add_detail (self, &row, _("Street"), place->street_name);
      if (mp->collection != CG_COLLECTION_POINTS)
        {
          add_detail (self, &row, _("Category"), cg_label_category (mp->collection, place->category));
          add_detail (self, &row, _("Risk"), cg_label_risk (place->risk));
          add_detail (self, &row, _("Licence"), place->licence_no);
        }
      if (mp->collection == CG_COLLECTION_SITES)
        {
          add_detail (self, &row, _("Stage"), cg_label_site_stage (place->stage));
          if (!isnan (place->noise_db))
            noise = g_strdup_printf (_("%.0f dB(A)"), place->noise_db);
          if (!isnan (place->pm10))
            pm10 = g_strdup_printf (_("%.0f µg/m³"), place->pm10);
          add_detail (self, &row, _("Noise"), noise);
          add_detail (self, &row, _("PM10"), pm10);
          add_detail (self, &row, _("Site camera"), place->has_camera ? _("Yes") : _("No"));
        }
      if (mp->collection == CG_COLLECTION_POINTS)
        {
          add_detail (self, &row, _("Watches"), cg_label_point_scenario (place->scenario));
          add_detail (self, &row, _("Status"), cg_label_point_status (place->status));
        }
    }
  else
    add_detail (self, &row, _("Risk"), cg_label_risk (mp->risk));

  if (cg_poi_layer_is_overdue (self->pois, index))
    add_detail (self, &row, _("Inspection"), _("Overdue"));

  /* inspections and cases concern merchants and sites */
  start_history (self, mp->collection != CG_COLLECTION_POINTS ? place : NULL, row);
  gtk_revealer_set_reveal_child (self->details_revealer, TRUE);
}

/* Close enough to tell one shop from its neighbours */
char *
cg_map_view_describe_point (CgMapView *self,
                            gint64     index)
{
  const CgMapPoint *mp;
  g_autoptr(CgPlace) place = NULL;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  mp = cg_poi_layer_get_point (self->pois, index);
  if (mp == NULL)
    return NULL;

  place = fetch_place (self, index);
  if (mp->collection == CG_COLLECTION_POINTS)
    return g_strdup_printf ("%s\n%s",
                            place && place->name ? place->name : _("Unnamed place"),
                            cg_label_kind (mp->collection, place ? place->category : NULL));

  return g_strdup_printf ("%s\n%s · %s",
                          place && place->name ? place->name : _("Unnamed place"),
                          cg_label_kind (mp->collection, NULL),
                          cg_label_risk (mp->risk));
}

char *
cg_map_view_describe_cluster (CgMapView      *self,
                              const CgPoiHit *hit)
{
  static const CgRisk order[4] = { CG_RISK_HIGH, CG_RISK_MEDIUM, CG_RISK_LOW, CG_RISK_UNKNOWN };
  GString *text;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  text = g_string_new (NULL);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%'u object", "%'u objects",
                                             hit->count), hit->count);
  for (int k = 0; k < 4; k++)
    if (hit->risk_counts[order[k]] > 0)
      /* Translators: a risk grade and how many objects of a cluster have it */
      g_string_append_printf (text, _("\n%s: %'u"), order[k] == CG_RISK_UNKNOWN
                                                      ? _("Not graded")
                                                      : cg_label_risk (order[k]),
                              hit->risk_counts[order[k]]);
  return g_string_free (text, FALSE);
}

static gboolean
on_pois_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          CgMapView  *self)
{
  g_autofree char *text = NULL;
  CgPoiHit hit;

  if (keyboard_mode)
    return FALSE;

  if (!cg_poi_layer_pick (self->pois, x, y, &hit))
    return FALSE;
  if (hit.point >= 0)
    text = cg_map_view_describe_point (self, hit.point);
  else
    text = cg_map_view_describe_cluster (self, &hit);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The objects of a cluster that zooming cannot split: a list in a popover */

typedef struct
{
  char      *path;
  GArray    *indices;   /* guint32 point indices */
  GArray    *points;    /* CgMapPoint, same order */
  GPtrArray *names;
  double     x, y;      /* where to point, in the map view */
  guint      total;
} ListData;

#define LIST_LIMIT 200

static void
list_data_free (gpointer data)
{
  ListData *ld = data;

  g_free (ld->path);
  g_clear_pointer (&ld->indices, g_array_unref);
  g_clear_pointer (&ld->points, g_array_unref);
  g_clear_pointer (&ld->names, g_ptr_array_unref);
  g_free (ld);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *ld = task_data;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = cg_store_open (ld->path, &error);
  if (store != NULL)
    ld->names = cg_store_get_place_names (store, ld->points, &error);
  if (ld->names == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_cluster_row_activated_cb (GtkListBox    *list,
                             GtkListBoxRow *row,
                             CgMapView     *self)
{
  gint64 index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "point")) - 1;

  gtk_popover_popdown (self->cluster_popover);
  cg_map_view_select (self, index);
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CgMapView *self = CG_MAP_VIEW (object);
  ListData *ld = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkWidget *box, *title, *scroll, *list;
  g_autofree char *heading = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot list the objects of a cluster: %s", error->message);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u object at this place",
                                          "%'u objects at this place", ld->total), ld->total);
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  list = gtk_list_box_new ();
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < ld->indices->len; i++)
    {
      const CgMapPoint *mp = &g_array_index (ld->points, CgMapPoint, i);
      const char *name = g_ptr_array_index (ld->names, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label;

      label = gtk_label_new (NULL);
      {
        g_autofree char *escaped_name = g_markup_escape_text (name ? name : _("Unnamed place"), -1);
        g_autofree char *markup = NULL;

        if (mp->collection == CG_COLLECTION_POINTS)
          markup = g_strdup_printf ("%s\n<small>%s</small>", escaped_name,
                                    cg_label_kind (mp->collection, NULL));
        else
          markup = g_strdup_printf ("%s\n<small>%s · %s</small>", escaped_name,
                                    cg_label_kind (mp->collection, NULL), cg_label_risk (mp->risk));
        gtk_label_set_markup (GTK_LABEL (label), markup);
      }
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_end (label, 8);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "point",
                         GSIZE_TO_POINTER ((gsize) g_array_index (ld->indices, guint32, i) + 1));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_cluster_row_activated_cb),
                           self, 0);

  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 320);
  gtk_widget_set_size_request (scroll, 260, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), list);
  gtk_box_append (GTK_BOX (box), scroll);

  if (ld->total > ld->indices->len)
    {
      g_autofree char *more = g_strdup_printf (_("and %'u more: zoom in or filter"),
                                               ld->total - ld->indices->len);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_popover_set_child (self->cluster_popover, box);
  gtk_popover_set_pointing_to (self->cluster_popover,
                               &(GdkRectangle) { (int) ld->x - 4, (int) ld->y - 4, 8, 8 });
  gtk_popover_popup (self->cluster_popover);
}

/* Lists the objects @indices (taken) in the popover pointing at (x, y) of the layer */
static gboolean
list_points (CgMapView *self,
             GArray    *indices,
             double     lx,
             double     ly)
{
  g_autoptr(GTask) task = NULL;
  ListData *ld;
  double x, y;

  if (indices == NULL || indices->len == 0 || self->store == NULL)
    {
      g_clear_pointer (&indices, g_array_unref);
      return FALSE;
    }

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->pois), GTK_WIDGET (self), lx, ly, &x, &y))
    x = lx, y = ly;

  g_cancellable_cancel (self->cluster_cancellable);
  g_clear_object (&self->cluster_cancellable);
  self->cluster_cancellable = g_cancellable_new ();

  ld = g_new0 (ListData, 1);
  ld->path = g_strdup (cg_store_get_path (self->store));
  ld->total = indices->len;
  ld->x = x;
  ld->y = y;
  if (indices->len > LIST_LIMIT)
    g_array_set_size (indices, LIST_LIMIT);
  ld->points = g_array_sized_new (FALSE, FALSE, sizeof (CgMapPoint), indices->len);
  for (guint i = 0; i < indices->len; i++)
    g_array_append_val (ld->points,
                        *cg_poi_layer_get_point (self->pois, g_array_index (indices, guint32, i)));
  ld->indices = indices;

  task = g_task_new (self, self->cluster_cancellable, list_done_cb, NULL);
  g_task_set_source_tag (task, list_points);
  g_task_set_task_data (task, ld, list_data_free);
  g_task_run_in_thread (task, list_thread);
  return TRUE;
}

gboolean
cg_map_view_list_cluster (CgMapView      *self,
                          const CgPoiHit *hit)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  return list_points (self, cg_poi_layer_get_cluster_points (self->pois, hit), hit->x, hit->y);
}

void
cg_map_view_activate_cluster (CgMapView      *self,
                              const CgPoiHit *hit)
{
  double zoom, x0, y0, x1, y1, cur;

  g_return_if_fail (CG_IS_MAP_VIEW (self));
  g_return_if_fail (hit != NULL);

  cur = shumate_viewport_get_zoom_level (self->viewport);
  if (cg_poi_layer_get_cluster_expansion (self->pois, hit,
                                          shumate_viewport_get_max_zoom_level (self->viewport),
                                          &zoom, &x0, &y0, &x1, &y1))
    {
      zoom = MAX (zoom, floor (cur) + 1);
      zoom = MIN (zoom, shumate_viewport_get_max_zoom_level (self->viewport));
      shumate_map_go_to_full (self->map, cg_mercator_lat_from_y ((y0 + y1) / 2),
                              cg_mercator_lon_from_x ((x0 + x1) / 2), zoom);
    }
  else
    cg_map_view_list_cluster (self, hit);
}

void
cg_map_view_activate_at (CgMapView *self,
                         double     x,
                         double     y)
{
  CgPoiHit hit;

  g_return_if_fail (CG_IS_MAP_VIEW (self));

  if (!cg_poi_layer_pick (self->pois, x, y, &hit))
    cg_map_view_select (self, -1);
  else if (hit.point < 0)
    cg_map_view_activate_cluster (self, &hit);
  else
    {
      /* objects on one spot stay apart from every zoom on: list them rather than pick one */
      g_autoptr(GArray) near = cg_poi_layer_get_points_near (self->pois, hit.x, hit.y, 1.5);

      if (near->len > 1)
        list_points (self, g_steal_pointer (&near), hit.x, hit.y);
      else
        cg_map_view_select (self, hit.point);
    }
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CgMapView       *self)
{
  double lx = x, ly = y;

  if (n_press != 1)
    return;

  gtk_widget_translate_coordinates (GTK_WIDGET (self->map), GTK_WIDGET (self->pois), x, y, &lx, &ly);
  cg_map_view_activate_at (self, lx, ly);
}

static void
on_details_close_clicked_cb (CgMapView *self)
{
  cg_map_view_select (self, -1);
}

static gboolean
on_escape_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  CgMapView *self = CG_MAP_VIEW (widget);

  if (cg_poi_layer_get_selected (self->pois) < 0 && self->marker == NULL)
    return FALSE;

  cg_map_view_select (self, -1);
  cg_map_view_clear_marker (self);
  return TRUE;
}

static void
on_zoom_in_clicked_cb (CgMapView *self)
{
  shumate_map_zoom_in (self->map);
}

static void
on_zoom_out_clicked_cb (CgMapView *self)
{
  shumate_map_zoom_out (self->map);
}

static void
on_zoom_fit_clicked_cb (CgMapView *self)
{
  cg_map_view_fit_district (self);
}

static void
on_viewport_rotation_cb (ShumateViewport *viewport)
{
  /* The layers draw north-up; keep the map that way */
  if (shumate_viewport_get_rotation (viewport) != 0.0)
    shumate_viewport_set_rotation (viewport, 0.0);
}

/* Datum */

static void
reproject_points (CgMapView *self)
{
  cg_poi_layer_reproject (self->pois);
}

static void
set_datum (CgMapView *self,
           CgDatum    datum)
{
  double lat, lon, w_lon, w_lat;
  gboolean at_fit;

  if (self->datum == datum)
    return;

  /* keep the same real place in the centre: old datum -> WGS-84 -> new datum */
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
  at_fit = lat == self->fit_view[0] && lon == self->fit_view[1];
  cg_coords_convert (self->datum, CG_DATUM_WGS84, lon, lat, &w_lon, &w_lat);
  cg_coords_convert (CG_DATUM_WGS84, datum, w_lon, w_lat, &lon, &lat);

  g_debug ("Datum %s -> %s", cg_datum_to_string (self->datum), cg_datum_to_string (datum));
  self->datum = datum;
  _cg_map_set_datum (self->viewport, datum);

  cg_outline_layer_reproject (self->outline);
  cg_outline_layer_reproject (self->labels);
  cg_heat_layer_reproject (self->heat);
  reproject_points (self);
  if (self->marker != NULL)
    {
      double m_lon, m_lat;

      /* the marker was placed in the old datum */
      cg_coords_convert (CG_DATUM_WGS84, datum, self->marker_lonlat[0], self->marker_lonlat[1],
                         &m_lon, &m_lat);
      shumate_location_set_location (SHUMATE_LOCATION (self->marker), m_lat, m_lon);
    }

  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
  if (at_fit)
    {
      self->fit_view[0] = shumate_location_get_latitude (SHUMATE_LOCATION (self->viewport));
      self->fit_view[1] = shumate_location_get_longitude (SHUMATE_LOCATION (self->viewport));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATUM]);
}

CgDatum
cg_map_view_get_datum (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), CG_DATUM_WGS84);

  return self->datum;
}

gboolean
cg_map_view_wgs84_to_widget (CgMapView *self,
                             double     lon,
                             double     lat,
                             double    *x,
                             double    *y)
{
  CgGridView view;
  double mx, my;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (!_cg_map_get_view (self->viewport, GTK_WIDGET (self->map), &view))
    return FALSE;

  cg_mercator_project (self->datum, lon, lat, &mx, &my);
  *x = mx * view.world + view.ox;
  *y = my * view.world + view.oy;
  return TRUE;
}

gboolean
cg_map_view_widget_to_wgs84 (CgMapView *self,
                             double     x,
                             double     y,
                             double    *lon,
                             double    *lat)
{
  CgGridView view;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  if (!_cg_map_get_view (self->viewport, GTK_WIDGET (self->map), &view))
    return FALSE;

  cg_mercator_unproject (self->datum, (x - view.ox) / view.world, (y - view.oy) / view.world,
                         lon, lat);
  return TRUE;
}

/* Tiles */

static void
on_tile_error_cb (CgTileDownloader *downloader,
                  GError           *error,
                  CgMapView        *self)
{
  /* once per source: a dead server fails every tile */
  if (self->tile_error_reported || downloader == NULL)
    return;

  self->tile_error_reported = TRUE;
  g_signal_emit (self, signals[TILE_ERROR], 0, error->message);
}

static void
watch_tile_errors (CgMapView        *self,
                   ShumateMapSource *map_source,
                   gboolean          watch)
{
  g_autoptr(ShumateDataSource) data = NULL;

  if (map_source == NULL || !SHUMATE_IS_RASTER_RENDERER (map_source))
    return;

  g_object_get (map_source, "data-source", &data, NULL);
  if (!CG_IS_TILE_DOWNLOADER (data))
    return;

  if (watch)
    g_signal_connect_object (data, "tile-error", G_CALLBACK (on_tile_error_cb), self, 0);
  else
    g_signal_handlers_disconnect_by_func (data, on_tile_error_cb, self);
}

static void
remove_tiles (CgMapView *self)
{
  if (self->overlay_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->overlay_layer));
  if (self->tile_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->tile_layer));
  self->overlay_layer = NULL;
  self->tile_layer = NULL;

  if (self->tile_map_source != NULL)
    shumate_license_remove_map_source (self->license, self->tile_map_source);
  watch_tile_errors (self, self->tile_map_source, FALSE);
  watch_tile_errors (self, self->overlay_map_source, FALSE);
  g_clear_object (&self->tile_map_source);
  g_clear_object (&self->overlay_map_source);
}

gboolean
cg_map_view_set_source (CgMapView     *self,
                        CgTileSource  *source,
                        GError       **error)
{
  g_autoptr(ShumateMapSource) base = NULL;
  g_autoptr(ShumateMapSource) overlay = NULL;
  const char *id;
  gboolean tiles;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* build everything first: on failure the current base map stays */
  if (source != NULL && !cg_tile_source_create_map_sources (source, NULL, &base, &overlay, error))
    return FALSE;

  remove_tiles (self);
  if (source != NULL)
    cg_tile_source_ref (source);
  g_clear_pointer (&self->source, cg_tile_source_unref);
  self->source = source;
  self->tile_error_reported = FALSE;

  tiles = base != NULL;
  if (tiles)
    {
      self->tile_map_source = g_steal_pointer (&base);
      self->tile_layer = shumate_map_layer_new (self->tile_map_source, self->viewport);
      shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->tile_layer),
                                       SHUMATE_LAYER (self->outline));
      shumate_license_append_map_source (self->license, self->tile_map_source);
      watch_tile_errors (self, self->tile_map_source, TRUE);

      if (overlay != NULL)
        {
          self->overlay_map_source = g_steal_pointer (&overlay);
          self->overlay_layer = shumate_map_layer_new (self->overlay_map_source, self->viewport);
          shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->overlay_layer),
                                           SHUMATE_LAYER (self->outline));
          watch_tile_errors (self, self->overlay_map_source, TRUE);
        }
    }

  set_datum (self, source ? cg_tile_source_get_datum (source) : CG_DATUM_WGS84);

  /* libshumate 1.0 asks a source for any zoom the view has: a server would answer the levels
   * it does not have with errors, so stop zooming there (an MBTiles file just has no tile) */
  {
    guint max_zoom = MAX_ZOOM;

    if (source != NULL && cg_tile_source_is_network (source))
      max_zoom = CLAMP (cg_tile_source_get_max_zoom (source), MIN_ZOOM, MAX_ZOOM);
    shumate_viewport_set_max_zoom_level (self->viewport, max_zoom);
    if (shumate_viewport_get_zoom_level (self->viewport) > max_zoom)
      shumate_viewport_set_zoom_level (self->viewport, max_zoom);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->license),
                          tiles && source != NULL && cg_tile_source_get_license (source) != NULL &&
                          *cg_tile_source_get_license (source) != '\0');
  cg_outline_layer_set_filled (self->outline, !tiles);
  if (tiles)
    gtk_widget_remove_css_class (GTK_WIDGET (self->map), "plain");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->map), "plain");

  id = source ? cg_tile_source_get_id (source) : CG_TILE_SOURCE_NONE;
  if (g_strcmp0 (self->tile_source, id) != 0)
    {
      g_free (self->tile_source);
      self->tile_source = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TILE_SOURCE]);
    }

  return TRUE;
}

CgTileSource *
cg_map_view_get_source (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  return self->source;
}

void
cg_map_view_set_tile_source (CgMapView  *self,
                             const char *tile_source)
{
  g_autoptr(CgTileSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CgTileSourceKind kind = CG_TILE_SOURCE_KIND_NONE;

  g_return_if_fail (CG_IS_MAP_VIEW (self));

  cg_tile_source_kind_from_string (tile_source, &kind);
  if (g_strcmp0 (self->tile_source, cg_tile_source_kind_to_string (kind)) == 0)
    return;

  /* sources that need more than their id (a key, a template, a file) come through
   * cg_map_view_set_source(); here they fall back to the outline */
  if (kind != CG_TILE_SOURCE_KIND_NONE)
    source = cg_tile_source_new (kind, NULL, &error);
  if (source == NULL && error != NULL)
    g_debug ("Tile source %s: %s", tile_source, error->message);

  cg_map_view_set_source (self, source, NULL);
}

const char *
cg_map_view_get_tile_source (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  return self->tile_source;
}

/* GObject */

static void
cg_map_view_dispose (GObject *object)
{
  CgMapView *self = CG_MAP_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->details_cancellable);
  g_cancellable_cancel (self->cluster_cancellable);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  g_clear_object (&self->marker);
  if (self->cluster_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->cluster_popover));
      self->cluster_popover = NULL;
    }
  if (self->next_destroy != NULL)
    self->next_destroy (self->next_data);
  self->next_destroy = NULL;
  self->next_func = NULL;
  if (self->tracker != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tracker, self);
      g_clear_object (&self->tracker);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_MAP_VIEW);

  G_OBJECT_CLASS (cg_map_view_parent_class)->dispose (object);
}

static void
cg_map_view_finalize (GObject *object)
{
  CgMapView *self = CG_MAP_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->details_cancellable);
  g_clear_object (&self->cluster_cancellable);
  g_clear_pointer (&self->street_checks, g_ptr_array_unref);
  for (guint k = 0; k < CG_POI_FILTER_N_KINDS; k++)
    g_clear_pointer (&self->category_checks[k], g_ptr_array_unref);
  g_clear_object (&self->osm);
  g_clear_object (&self->tile_map_source);
  g_clear_object (&self->overlay_map_source);
  g_clear_pointer (&self->source, cg_tile_source_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->district, cg_district_unref);
  g_clear_pointer (&self->street_codes, g_strfreev);
  g_clear_pointer (&self->tile_source, g_free);

  G_OBJECT_CLASS (cg_map_view_parent_class)->finalize (object);
}

static void
cg_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CgMapView *self = CG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TILE_SOURCE:
      g_value_set_string (value, self->tile_source);
      break;
    case PROP_DATUM:
      g_value_set_uint (value, self->datum);
      break;
    case PROP_SHOW_HEAT:
      g_value_set_boolean (value, cg_map_view_get_show_heat (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CgMapView *self = CG_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TILE_SOURCE:
      cg_map_view_set_tile_source (self, g_value_get_string (value));
      break;
    case PROP_SHOW_HEAT:
      cg_map_view_set_show_heat (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_map_view_class_init (CgMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_map_view_dispose;
  object_class->finalize = cg_map_view_finalize;
  object_class->get_property = cg_map_view_get_property;
  object_class->set_property = cg_map_view_set_property;
  widget_class->measure = cg_map_view_measure;
  widget_class->size_allocate = cg_map_view_size_allocate;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TILE_SOURCE] =
    g_param_spec_string ("tile-source", NULL, NULL, CG_TILE_SOURCE_NONE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The CgDatum of the tiles (follows the tile source) */
  properties[PROP_DATUM] =
    g_param_spec_uint ("datum", NULL, NULL, 0, CG_DATUM_COUNT - 1, CG_DATUM_WGS84,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Whether the complaint heat layer shows (the legend's switch, the dashboards' toggle) */
  properties[PROP_SHOW_HEAT] =
    g_param_spec_boolean ("show-heat", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The first tile of the current source that failed with no cached copy: the translated
   * message. The outline and the layers stay usable. */
  signals[TILE_ERROR] =
    g_signal_new ("tile-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* Emitted when a reload from the cache has been applied to the map */
  signals[POINTS_LOADED] =
    g_signal_new ("points-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (CG_TYPE_LEGEND_SYMBOL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CgMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, map);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, merchants_check);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, sites_check);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, points_check);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, merchants_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, sites_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, points_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, high_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, medium_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, low_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, unknown_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, overdue_count);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_in_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_fit_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_title);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_grid);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_close);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, heat_check);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, history_box);

  gtk_widget_class_set_css_name (widget_class, "cg-map-view");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape_cb, NULL);
}

static void
cg_map_view_init (CgMapView *self)
{
  GtkGesture *click;
  GtkWidget *corner;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->viewport = shumate_map_get_viewport (self->map);

  /* The reference source defines the projection and zoom range even when no tiles are
   * drawn (platform-notes §1); the tile layer itself is only added for "osm". */
  {
    g_autoptr(CgTileSource) osm = cg_tile_source_new (CG_TILE_SOURCE_KIND_OSM, NULL, NULL);
    g_autoptr(ShumateMapSource) none = NULL;

    /* our downloader, so nothing is cached outside the app's cache directory */
    cg_tile_source_create_map_sources (osm, NULL, &self->osm, &none, NULL);
  }
  shumate_viewport_set_reference_map_source (self->viewport, self->osm);
  shumate_viewport_set_min_zoom_level (self->viewport, MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (self->viewport, MAX_ZOOM);
  shumate_viewport_set_zoom_level (self->viewport, 12);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), 31.25, 121.41);
  g_signal_connect (self->viewport, "notify::rotation", G_CALLBACK (on_viewport_rotation_cb), NULL);

  self->outline = cg_outline_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->outline));
  self->pois = cg_poi_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->pois));

  self->tracker = cg_inspection_tracker_new ();
  g_signal_connect_swapped (self->tracker, "changed", G_CALLBACK (on_tracker_changed_cb), self);
  self->next_func = tracker_next_inspection;
  self->next_data = self;
  self->heat = cg_heat_layer_new (self->viewport);
  gtk_widget_set_visible (GTK_WIDGET (self->heat), FALSE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->heat));
  self->marker_layer = shumate_marker_layer_new (self->viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->marker_layer));
  self->labels = cg_outline_layer_new (self->viewport);
  cg_outline_layer_set_mode (self->labels, CG_OUTLINE_LAYER_LABELS);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->labels));
  cg_outline_layer_set_mode (self->outline, CG_OUTLINE_LAYER_AREAS);
  g_signal_connect_object (self->pois, "query-tooltip",
                           G_CALLBACK (on_pois_query_tooltip_cb), self, 0);
  g_signal_connect_object (self->pois, "notify::n-shown",
                           G_CALLBACK (update_legend), self, G_CONNECT_SWAPPED);
  build_filter_box (self);

  self->cluster_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->cluster_popover), GTK_WIDGET (self));

  g_object_bind_property (self->merchants_check, "active", self->pois, "show-merchants",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sites_check, "active", self->pois, "show-sites",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->points_check, "active", self->pois, "show-points",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->heat_check, "active", self, "show-heat",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (self->details_close, "clicked",
                           G_CALLBACK (on_details_close_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zoom_in_button, "clicked",
                           G_CALLBACK (on_zoom_in_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zoom_out_button, "clicked",
                           G_CALLBACK (on_zoom_out_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->zoom_fit_button, "clicked",
                           G_CALLBACK (on_zoom_fit_clicked_cb), self, G_CONNECT_SWAPPED);

  /* scale and attribution, bottom right */
  corner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_halign (corner, GTK_ALIGN_END);
  gtk_widget_set_valign (corner, GTK_ALIGN_END);
  gtk_widget_set_can_target (corner, TRUE);
  self->scale = shumate_scale_new (self->viewport);
  shumate_scale_set_unit (self->scale, SHUMATE_UNIT_METRIC);
  gtk_widget_set_halign (GTK_WIDGET (self->scale), GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (corner), GTK_WIDGET (self->scale));
  self->license = shumate_license_new ();
  gtk_box_append (GTK_BOX (corner), GTK_WIDGET (self->license));
  gtk_overlay_add_overlay (self->overlay, corner);
  gtk_widget_add_css_class (corner, "map-corner");

  self->tile_source = g_strdup (CG_TILE_SOURCE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->license), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->map), "plain");
}

CgMapView *
cg_map_view_new (void)
{
  return g_object_new (CG_TYPE_MAP_VIEW, NULL);
}

void
cg_map_view_set_district (CgMapView  *self,
                          CgDistrict *district)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  if (self->district == district)
    return;

  if (district != NULL)
    cg_district_ref (district);
  g_clear_pointer (&self->district, cg_district_unref);
  self->district = district;

  g_clear_pointer (&self->street_codes, g_strfreev);
  if (district != NULL)
    {
      g_autofree const char **codes = cg_district_dup_street_codes (district);

      self->street_codes = g_strdupv ((char **) codes);
    }

  cg_outline_layer_set_district (self->outline, district);
  cg_outline_layer_set_district (self->labels, district);
  rebuild_street_checks (self);
}

CgDistrict *
cg_map_view_get_district (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  return self->district;
}

void
cg_map_view_set_store (CgMapView *self,
                       CgStore   *store)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));
  g_return_if_fail (store == NULL || CG_IS_STORE (store));

  g_set_object (&self->store, store);
  if (store == NULL)
    cg_inspection_tracker_set_path (self->tracker, NULL);
}

static void
append_labels (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_labels (child, out);
}

char *
cg_map_view_get_details_text (CgMapView *self)
{
  GString *out;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  out = g_string_new (NULL);
  if (gtk_revealer_get_reveal_child (self->details_revealer))
    append_labels (gtk_revealer_get_child (self->details_revealer), out);
  return g_string_free (out, FALSE);
}

GtkPopover *
cg_map_view_get_cluster_popover (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  return self->cluster_popover;
}

ShumateMap *
cg_map_view_get_map (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  return self->map;
}

ShumateViewport *
cg_map_view_get_viewport (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  return self->viewport;
}

CgPoiLayer *
cg_map_view_get_poi_layer (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  return self->pois;
}

CgOutlineLayer *
cg_map_view_get_outline_layer (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);
  return self->outline;
}

void
cg_map_view_add_layer (CgMapView    *self,
                       ShumateLayer *layer)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));
  g_return_if_fail (SHUMATE_IS_LAYER (layer));

  shumate_map_add_layer (self->map, layer);
}

void
cg_map_view_remove_layer (CgMapView    *self,
                          ShumateLayer *layer)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));
  g_return_if_fail (SHUMATE_IS_LAYER (layer));

  shumate_map_remove_layer (self->map, layer);
}

/* Complaint heat and items opened from the dashboards */

CgHeatLayer *
cg_map_view_get_heat_layer (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), NULL);

  return self->heat;
}

void
cg_map_view_set_heat_points (CgMapView    *self,
                             const double *lon,
                             const double *lat,
                             const double *weight,
                             guint         n)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  cg_heat_layer_set_points (self->heat, lon, lat, weight, n);
}

void
cg_map_view_set_show_heat (CgMapView *self,
                           gboolean   show)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  show = !!show;
  if (cg_map_view_get_show_heat (self) == show)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->heat), show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HEAT]);
}

gboolean
cg_map_view_get_show_heat (CgMapView *self)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->heat));
}

static void
fly_to (CgMapView *self,
        double     lon,
        double     lat,
        double     min_zoom)
{
  double x, y;

  /* WGS-84 to the tiles' datum, which is what the viewport's location is in */
  cg_coords_convert (CG_DATUM_WGS84, self->datum, lon, lat, &x, &y);
  if (shumate_viewport_get_zoom_level (self->viewport) < min_zoom)
    shumate_viewport_set_zoom_level (self->viewport, min_zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), y, x);
}

gboolean
cg_map_view_select_place (CgMapView    *self,
                          CgCollection  collection,
                          const char   *id)
{
  g_autoptr(CgPlace) place = NULL;
  g_autoptr(GError) error = NULL;
  GArray *points;
  gint64 best = -1;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->store == NULL || !cg_collection_is_place (collection))
    return FALSE;
  place = cg_store_get_place_by_id (self->store, collection, id, &error);
  if (place == NULL)
    {
      if (error != NULL)
        g_debug ("No place %s: %s", id, error->message);
      return FALSE;
    }

  /* the map's points carry no ids: the point of that collection at the place's position */
  points = cg_poi_layer_get_points (self->pois);
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const CgMapPoint *mp = &g_array_index (points, CgMapPoint, i);
      double d;

      if (mp->collection != collection)
        continue;
      d = fabs (mp->lon - place->lon) + fabs (mp->lat - place->lat);
      if (d < best_d)
        {
          best_d = d;
          best = i;
        }
    }
  if (best < 0 || best_d > 1e-7)
    return FALSE;

  cg_map_view_clear_marker (self);
  fly_to (self, place->lon, place->lat, 16);
  cg_map_view_select (self, best);

  return TRUE;
}

gboolean
cg_map_view_select_place_by_rowid (CgMapView    *self,
                                   CgCollection  collection,
                                   gint64        rowid)
{
  guint n;

  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);

  n = cg_poi_layer_get_n_points (self->pois);
  for (guint i = 0; i < n; i++)
    {
      const CgMapPoint *mp = cg_poi_layer_get_point (self->pois, i);

      if (mp->rowid != rowid || mp->collection != collection)
        continue;

      cg_map_view_clear_marker (self);
      fly_to (self, mp->lon, mp->lat, 17);
      cg_map_view_select (self, i);
      return TRUE;
    }
  return FALSE;
}

void
cg_map_view_show_marker (CgMapView  *self,
                         double      lon,
                         double      lat,
                         const char *tooltip)
{
  GtkWidget *image;
  double x, y;

  g_return_if_fail (CG_IS_MAP_VIEW (self));

  cg_map_view_clear_marker (self);
  cg_map_view_select (self, -1);

  image = gtk_image_new_from_icon_name ("mark-location-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_widget_set_margin_bottom (image, 30);   /* markers are centred: the pin's tip on the place */
  gtk_widget_add_css_class (image, "map-highlight");
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (image, tooltip);

  self->marker = g_object_ref (shumate_marker_new ());
  shumate_marker_set_child (self->marker, image);
  self->marker_lonlat[0] = lon;
  self->marker_lonlat[1] = lat;
  cg_coords_convert (CG_DATUM_WGS84, self->datum, lon, lat, &x, &y);
  shumate_location_set_location (SHUMATE_LOCATION (self->marker), y, x);
  shumate_marker_layer_add_marker (self->marker_layer, self->marker);
  fly_to (self, lon, lat, 16);
}

gboolean
cg_map_view_get_marker (CgMapView *self,
                        double    *lon,
                        double    *lat)
{
  g_return_val_if_fail (CG_IS_MAP_VIEW (self), FALSE);

  if (self->marker == NULL)
    return FALSE;
  if (lon != NULL)
    *lon = self->marker_lonlat[0];
  if (lat != NULL)
    *lat = self->marker_lonlat[1];

  return TRUE;
}

void
cg_map_view_clear_marker (CgMapView *self)
{
  g_return_if_fail (CG_IS_MAP_VIEW (self));

  if (self->marker == NULL)
    return;
  shumate_marker_layer_remove_marker (self->marker_layer, self->marker);
  g_clear_object (&self->marker);
}
