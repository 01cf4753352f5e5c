/* cg-roster-item.c: one row of the officers and vehicles list
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include "cg-roster-item.h"

struct _CgRosterItem
{
  GObject     parent_instance;

  gint64      group_id;
  gint64      device_id;
  GListStore *children;
  char       *title;
  char       *subtitle;
  guint       on_duty;
  guint       moving;
  guint       offline;
  int         state;
};

G_DEFINE_FINAL_TYPE (CgRosterItem, cg_roster_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cg_roster_item_finalize (GObject *object)
{
  CgRosterItem *self = CG_ROSTER_ITEM (object);

  g_clear_object (&self->children);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (cg_roster_item_parent_class)->finalize (object);
}

static void
cg_roster_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CgRosterItem *self = CG_ROSTER_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_roster_item_class_init (CgRosterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cg_roster_item_finalize;
  object_class->get_property = cg_roster_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cg_roster_item_init (CgRosterItem *self)
{
}

CgRosterItem *
cg_roster_item_new (gint64 group_id,
                    gint64 device_id)
{
  CgRosterItem *self = g_object_new (CG_TYPE_ROSTER_ITEM, NULL);

  self->group_id = group_id;
  self->device_id = device_id;
  if (device_id == 0)
    self->children = g_list_store_new (CG_TYPE_ROSTER_ITEM);

  return self;
}

gboolean
cg_roster_item_is_squad (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), FALSE);
  return self->device_id == 0;
}

gint64
cg_roster_item_get_group_id (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), 0);
  return self->group_id;
}

gint64
cg_roster_item_get_device_id (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), 0);
  return self->device_id;
}

GListStore *
cg_roster_item_get_children (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), NULL);
  return self->children;
}

const char *
cg_roster_item_get_title (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), NULL);
  return self->title;
}

void
cg_roster_item_set_title (CgRosterItem *self,
                          const char   *title)
{
  g_return_if_fail (CG_IS_ROSTER_ITEM (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
cg_roster_item_get_subtitle (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), NULL);
  return self->subtitle;
}

void
cg_roster_item_set_subtitle (CgRosterItem *self,
                             const char   *subtitle)
{
  g_return_if_fail (CG_IS_ROSTER_ITEM (self));

  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

void
cg_roster_item_set_counts (CgRosterItem *self,
                           guint         on_duty,
                           guint         moving,
                           guint         offline)
{
  g_return_if_fail (CG_IS_ROSTER_ITEM (self));

  self->on_duty = on_duty;
  self->moving = moving;
  self->offline = offline;
}

void
cg_roster_item_get_counts (CgRosterItem *self,
                           guint        *on_duty,
                           guint        *moving,
                           guint        *offline)
{
  g_return_if_fail (CG_IS_ROSTER_ITEM (self));

  if (on_duty)
    *on_duty = self->on_duty;
  if (moving)
    *moving = self->moving;
  if (offline)
    *offline = self->offline;
}

int
cg_roster_item_get_state (CgRosterItem *self)
{
  g_return_val_if_fail (CG_IS_ROSTER_ITEM (self), 0);
  return self->state;
}

void
cg_roster_item_set_state (CgRosterItem *self,
                          int           state)
{
  g_return_if_fail (CG_IS_ROSTER_ITEM (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
