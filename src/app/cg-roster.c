/* cg-roster.c: the officers and vehicles of a live feed, grouped by squad, filtered
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cg-roster.h"

#define REFRESH_MS 1000

struct _CgRoster
{
  GObject         parent_instance;

  CgLiveFeed     *feed;
  GListStore     *squads;        /* shown squads */
  GHashTable     *squad_items;   /* gint64* group id -> CgRosterItem */
  GHashTable     *device_items;  /* gint64* device id -> CgRosterItem */
  CgRosterFilter  filter;
  char           *search;        /* casefolded, NULL = none */
  gint64          now;
  guint           refresh_timer;
};

G_DEFINE_FINAL_TYPE (CgRoster, cg_roster, G_TYPE_OBJECT)

gboolean
cg_roster_device_is_moving (const CgLiveDevice *device,
                            CgUnitState         state)
{
  return state == CG_UNIT_ONLINE && device->has_position &&
         !isnan (device->position.speed_kmh) &&
         device->position.speed_kmh >= CG_ROSTER_MOVING_KMH;
}

static gboolean
matches (CgRoster           *self,
         const CgLiveDevice *device,
         CgUnitState         state)
{
  switch (self->filter)
    {
    case CG_ROSTER_FILTER_ON_DUTY:
      if (state == CG_UNIT_OFFLINE)
        return FALSE;
      break;
    case CG_ROSTER_FILTER_MOVING:
      if (!cg_roster_device_is_moving (device, state))
        return FALSE;
      break;
    case CG_ROSTER_FILTER_OFFLINE:
      if (state != CG_UNIT_OFFLINE)
        return FALSE;
      break;
    case CG_ROSTER_FILTER_ALL:
    default:
      break;
    }

  if (self->search != NULL)
    {
      g_autofree char *name = g_utf8_casefold (device->name ? device->name : "", -1);
      const char *unit = cg_live_device_get_unit_id (device);
      g_autofree char *unit_folded = g_utf8_casefold (unit ? unit : "", -1);

      if (strstr (name, self->search) == NULL && strstr (unit_folded, self->search) == NULL)
        return FALSE;
    }

  return TRUE;
}

static CgRosterItem *
lookup_item (GHashTable *table,
             gint64      group_id,
             gint64      device_id)
{
  gint64 key = device_id ? device_id : group_id;
  CgRosterItem *item = g_hash_table_lookup (table, &key);

  if (item == NULL)
    {
      gint64 *k = g_new (gint64, 1);

      *k = key;
      item = cg_roster_item_new (group_id, device_id);
      g_hash_table_insert (table, k, item);
    }

  return item;
}

static char *
describe_device (const CgLiveDevice *device,
                 CgUnitState         state,
                 gboolean            moving)
{
  const char *kind = device->kind == CG_UNIT_VEHICLE ? C_("unit", "Vehicle") : C_("unit", "Officer");
  const char *what;

  if (state == CG_UNIT_OFFLINE)
    what = C_("unit state", "Offline");
  else if (state == CG_UNIT_STALE)
    what = C_("unit state", "No recent fix");
  else if (moving)
    /* Translators: a unit's state in the list: moving at a speed */
    return g_strdup_printf (_("%s · moving %.0f km/h"), kind, device->position.speed_kmh);
  else
    what = C_("unit state", "Standing");

  /* Translators: "Officer · Standing" */
  return g_strdup_printf (_("%s · %s"), kind, what);
}

/* Replaces @store's items with @items when they differ */
static void
sync_store (GListStore *store,
            GPtrArray  *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  gboolean same = n == items->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      same = item == items->pdata[i];
    }
  if (!same)
    g_list_store_splice (store, 0, n, items->pdata, items->len);
}

typedef struct
{
  CgRosterItem *squad;
  const char   *name;
  GPtrArray    *children;
  guint         on_duty, moving, offline;
} SquadBuild;

static int
compare_squads (gconstpointer a,
                gconstpointer b)
{
  const SquadBuild *sa = *(SquadBuild * const *) a;
  const SquadBuild *sb = *(SquadBuild * const *) b;
  gint64 ga = cg_roster_item_get_group_id (sa->squad);
  gint64 gb = cg_roster_item_get_group_id (sb->squad);

  /* "no squad" last */
  if ((ga == 0) != (gb == 0))
    return ga == 0 ? 1 : -1;

  return g_utf8_collate (sa->name, sb->name);
}

static void
squad_build_free (SquadBuild *build)
{
  g_ptr_array_unref (build->children);
  g_free (build);
}

void
cg_roster_refresh (CgRoster *self)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GHashTable) builds = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  GPtrArray *groups;
  gboolean filtering;

  g_return_if_fail (CG_IS_ROSTER (self));

  if (self->feed == NULL)
    {
      g_list_store_remove_all (self->squads);
      return;
    }

  filtering = self->filter != CG_ROSTER_FILTER_ALL || self->search != NULL;
  builds = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                  (GDestroyNotify) squad_build_free);
  order = g_ptr_array_new ();

  groups = cg_live_feed_get_groups (self->feed);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      CgTraccarGroup *group = groups->pdata[i];
      SquadBuild *build = g_new0 (SquadBuild, 1);

      build->squad = lookup_item (self->squad_items, group->id, 0);
      build->name = group->name;
      build->children = g_ptr_array_new ();
      g_hash_table_insert (builds, &group->id, build);
      g_ptr_array_add (order, build);
    }

  devices = cg_live_feed_list_devices (self->feed);
  for (guint i = 0; i < devices->len; i++)
    {
      const CgLiveDevice *device = devices->pdata[i];
      CgUnitState state = cg_live_feed_get_device_state (self->feed, device, self->now);
      gboolean moving = cg_roster_device_is_moving (device, state);
      gint64 group_id = device->group_id;
      SquadBuild *build = g_hash_table_lookup (builds, &group_id);
      CgRosterItem *item;
      g_autofree char *subtitle = NULL;

      if (build == NULL)
        {
          static gint64 none = 0;

          build = g_hash_table_lookup (builds, &none);
          if (build == NULL)
            {
              build = g_new0 (SquadBuild, 1);
              build->squad = lookup_item (self->squad_items, 0, 0);
              build->name = C_("squad", "No squad");
              build->children = g_ptr_array_new ();
              g_hash_table_insert (builds, &none, build);
              g_ptr_array_add (order, build);
            }
        }

      if (state == CG_UNIT_OFFLINE)
        build->offline++;
      else
        build->on_duty++;
      if (moving)
        build->moving++;

      if (!matches (self, device, state))
        continue;

      item = lookup_item (self->device_items, device->group_id, device->id);
      subtitle = describe_device (device, state, moving);
      cg_roster_item_set_title (item, device->name);
      cg_roster_item_set_subtitle (item, subtitle);
      cg_roster_item_set_state (item, state);
      g_ptr_array_add (build->children, item);
    }

  g_ptr_array_sort (order, compare_squads);
  shown = g_ptr_array_new ();
  for (guint i = 0; i < order->len; i++)
    {
      SquadBuild *build = order->pdata[i];
      g_autofree char *subtitle = NULL;

      cg_roster_item_set_counts (build->squad, build->on_duty, build->moving, build->offline);
      cg_roster_item_set_title (build->squad, build->name);
      /* Translators: a squad's counts in the list */
      subtitle = g_strdup_printf (_("%u on duty · %u moving · %u offline"),
                                  build->on_duty, build->moving, build->offline);
      cg_roster_item_set_subtitle (build->squad, subtitle);
      sync_store (cg_roster_item_get_children (build->squad), build->children);

      if (build->children->len > 0 || (!filtering && build->on_duty + build->offline > 0))
        g_ptr_array_add (shown, build->squad);
    }
  sync_store (self->squads, shown);
}

static gboolean
on_refresh_timer_cb (gpointer user_data)
{
  CgRoster *self = user_data;

  self->refresh_timer = 0;
  cg_roster_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
on_feed_changed_cb (CgRoster *self)
{
  if (self->refresh_timer == 0)
    self->refresh_timer = g_timeout_add (REFRESH_MS, on_refresh_timer_cb, self);
}

static void
cg_roster_dispose (GObject *object)
{
  CgRoster *self = CG_ROSTER (object);

  g_clear_handle_id (&self->refresh_timer, g_source_remove);
  cg_roster_set_feed (self, NULL);

  G_OBJECT_CLASS (cg_roster_parent_class)->dispose (object);
}

static void
cg_roster_finalize (GObject *object)
{
  CgRoster *self = CG_ROSTER (object);

  g_clear_object (&self->squads);
  g_clear_pointer (&self->squad_items, g_hash_table_unref);
  g_clear_pointer (&self->device_items, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (cg_roster_parent_class)->finalize (object);
}

static void
cg_roster_class_init (CgRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_roster_dispose;
  object_class->finalize = cg_roster_finalize;
}

static void
cg_roster_init (CgRoster *self)
{
  self->squads = g_list_store_new (CG_TYPE_ROSTER_ITEM);
  self->squad_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->device_items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

CgRoster *
cg_roster_new (void)
{
  return g_object_new (CG_TYPE_ROSTER, NULL);
}

void
cg_roster_set_feed (CgRoster   *self,
                    CgLiveFeed *feed)
{
  g_return_if_fail (CG_IS_ROSTER (self));

  if (self->feed == feed)
    return;

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  g_hash_table_remove_all (self->device_items);
  g_hash_table_remove_all (self->squad_items);
  g_list_store_remove_all (self->squads);
  if (feed != NULL)
    {
      g_signal_connect_swapped (feed, "devices-changed", G_CALLBACK (on_feed_changed_cb), self);
      g_signal_connect_swapped (feed, "positions-changed", G_CALLBACK (on_feed_changed_cb), self);
      cg_roster_refresh (self);
    }
}

void
cg_roster_set_now (CgRoster *self,
                   gint64    now)
{
  g_return_if_fail (CG_IS_ROSTER (self));
  self->now = now;
}

GListModel *
cg_roster_get_model (CgRoster *self)
{
  g_return_val_if_fail (CG_IS_ROSTER (self), NULL);
  return G_LIST_MODEL (self->squads);
}

void
cg_roster_set_filter (CgRoster       *self,
                      CgRosterFilter  filter)
{
  g_return_if_fail (CG_IS_ROSTER (self));

  if (self->filter == filter)
    return;
  self->filter = filter;
  cg_roster_refresh (self);
}

void
cg_roster_set_search (CgRoster   *self,
                      const char *search)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (CG_IS_ROSTER (self));

  if (search != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (search));

      if (*stripped != '\0')
        folded = g_utf8_casefold (stripped, -1);
    }
  if (g_strcmp0 (folded, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  cg_roster_refresh (self);
}
