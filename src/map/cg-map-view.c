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
  GtkButton          *zoom_in_button;
  GtkButton          *zoom_out_button;
  GtkButton          *zoom_fit_button;
  GtkRevealer        *details_revealer;
  GtkLabel           *details_title;
  GtkLabel           *details_subtitle;
  GtkGrid            *details_grid;
  GtkButton          *details_close;

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

  set_count (self->merchants_count, cg_poi_layer_get_count (self->pois, CG_COLLECTION_MERCHANTS, -1));
  set_count (self->sites_count, cg_poi_layer_get_count (self->pois, CG_COLLECTION_SITES, -1));
  set_count (self->points_count, cg_poi_layer_get_count (self->pois, CG_COLLECTION_POINTS, -1));

  for (int r = 0; r < 4; r++)
    risk_counts[r] = cg_poi_layer_get_count (self->pois, CG_COLLECTION_MERCHANTS, r) +
                     cg_poi_layer_get_count (self->pois, CG_COLLECTION_SITES, r);
  set_count (self->high_count, risk_counts[CG_RISK_HIGH]);
  set_count (self->medium_count, risk_counts[CG_RISK_MEDIUM]);
  set_count (self->low_count, risk_counts[CG_RISK_LOW]);
  set_count (self->unknown_count, risk_counts[CG_RISK_UNKNOWN]);
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
  GArray *points;

  store = cg_store_open (load->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  points = cg_store_load_map_points (store, (const char * const *) load->street_codes, &error);
  if (points == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, points, (GDestroyNotify) g_array_unref);
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

      cg_poi_layer_set_points (self->pois, points);
      cg_map_view_select (self, reselect);
      update_legend (self);
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

  gtk_revealer_set_reveal_child (self->details_revealer, TRUE);
}

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

static gboolean
on_pois_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          CgMapView  *self)
{
  g_autofree char *text = NULL;
  gint64 index;

  if (keyboard_mode)
    return FALSE;

  index = cg_poi_layer_get_point_at (self->pois, x, y);
  if (index < 0 || !(text = cg_map_view_describe_point (self, index)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
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
  cg_map_view_select (self, cg_poi_layer_get_point_at (self->pois, lx, ly));
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

  if (cg_poi_layer_get_selected (self->pois) < 0)
    return FALSE;

  cg_map_view_select (self, -1);
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
  g_autoptr(GArray) points = NULL;
  gint64 selected = cg_poi_layer_get_selected (self->pois);

  points = cg_poi_layer_get_points (self->pois);
  if (points == NULL)
    return;

  /* the layer projects when the points are set: set the same ones again */
  g_array_ref (points);
  cg_poi_layer_set_points (self->pois, points);
  cg_poi_layer_set_selected (self->pois, selected);
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
  reproject_points (self);

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
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_MAP_VIEW);

  G_OBJECT_CLASS (cg_map_view_parent_class)->dispose (object);
}

static void
cg_map_view_finalize (GObject *object)
{
  CgMapView *self = CG_MAP_VIEW (object);

  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_in_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_out_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, zoom_fit_button);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_title);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_grid);
  gtk_widget_class_bind_template_child (widget_class, CgMapView, details_close);

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
  self->labels = cg_outline_layer_new (self->viewport);
  cg_outline_layer_set_mode (self->labels, CG_OUTLINE_LAYER_LABELS);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->labels));
  cg_outline_layer_set_mode (self->outline, CG_OUTLINE_LAYER_AREAS);
  g_signal_connect_object (self->pois, "query-tooltip",
                           G_CALLBACK (on_pois_query_tooltip_cb), self, 0);

  g_object_bind_property (self->merchants_check, "active", self->pois, "show-merchants",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sites_check, "active", self->pois, "show-sites",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->points_check, "active", self->pois, "show-points",
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
