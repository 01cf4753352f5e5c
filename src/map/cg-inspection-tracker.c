/* cg-inspection-tracker.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-map"

#include "config.h"

#include <gio/gio.h>

#include "cg-inspection-tracker.h"
#include "cg-store-rules.h"

struct _CgInspectionTracker
{
  GObject       parent_instance;

  char         *path;
  CgDay         fixed_date;     /* CG_DAY_NONE = today */
  CgDay         date;           /* of the states held */
  GHashTable   *states;         /* id -> CgInspectionState */
  GHashTable   *overdue_ids;    /* set of ids */
  GCancellable *cancellable;    /* of the running refresh, NULL when idle */
  guint         midnight_id;
};

G_DEFINE_FINAL_TYPE (CgInspectionTracker, cg_inspection_tracker, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char  *path;
  CgDay  date;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *states = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = cg_store_open (job->path, &error);
  /* one scan of every target and inspection: through SQLite's page cache, not mapped */
  if (store != NULL && !cg_store_set_mmap_size (store, 0, &error))
    g_clear_object (&store);
  if (store != NULL)
    states = cg_store_evaluate_inspection_states (store, job->date, &error);
  if (store == NULL || states == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, states, (GDestroyNotify) g_hash_table_unref);
}

static void schedule_midnight (CgInspectionTracker *self);

static void
evaluate_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CgInspectionTracker *self = CG_INSPECTION_TRACKER (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GHashTable *states;
  GHashTableIter iter;
  gpointer key, value;

  states = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer refresh took over */
  g_clear_object (&self->cancellable);

  if (states == NULL)
    {
      g_warning ("Cannot evaluate the inspection targets of the cache: %s", error->message);
      return;   /* the states held stay */
    }

  g_clear_pointer (&self->states, g_hash_table_unref);
  self->states = states;
  self->date = job->date;
  g_hash_table_remove_all (self->overdue_ids);
  g_hash_table_iter_init (&iter, states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((const CgInspectionState *) value)->status == CG_INSPECTION_STATUS_OVERDUE)
      g_hash_table_add (self->overdue_ids, g_strdup (key));
  g_debug ("Inspection targets on %d: %u, %u overdue", job->date,
           g_hash_table_size (states), g_hash_table_size (self->overdue_ids));

  schedule_midnight (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cg_inspection_tracker_refresh (CgInspectionTracker *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CG_IS_INSPECTION_TRACKER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->path == NULL)
    return;

  job = g_new0 (Job, 1);
  job->path = g_strdup (self->path);
  job->date = self->fixed_date != CG_DAY_NONE
              ? self->fixed_date
              : cg_day_from_unix (g_get_real_time () / G_USEC_PER_SEC);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, evaluate_done_cb, NULL);
  g_task_set_source_tag (task, cg_inspection_tracker_refresh);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, evaluate_thread);
}

static gboolean
midnight_cb (gpointer user_data)
{
  CgInspectionTracker *self = user_data;

  self->midnight_id = 0;
  /* a wake-up a little early (clock adjustments) only schedules again */
  if (cg_day_from_unix (g_get_real_time () / G_USEC_PER_SEC) != self->date)
    cg_inspection_tracker_refresh (self);
  else
    schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

/* A timer for the next Shanghai midnight after the day of the states held */
static void
schedule_midnight (CgInspectionTracker *self)
{
  gint64 now, next;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  if (self->fixed_date != CG_DAY_NONE || self->date == CG_DAY_NONE)
    return;
  now = g_get_real_time () / G_USEC_PER_SEC;
  next = cg_day_to_unix (cg_day_from_unix (now) + 1);
  self->midnight_id = g_timeout_add_seconds_full (G_PRIORITY_LOW,
                                                  (guint) CLAMP (next - now + 1, 1, 86400 + 1),
                                                  midnight_cb, self, NULL);
}

void
cg_inspection_tracker_set_path (CgInspectionTracker *self,
                                const char          *path)
{
  g_return_if_fail (CG_IS_INSPECTION_TRACKER (self));

  if (g_strcmp0 (path, self->path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      if (path == NULL && self->states != NULL)
        {
          g_clear_pointer (&self->states, g_hash_table_unref);
          g_hash_table_remove_all (self->overdue_ids);
          self->date = CG_DAY_NONE;
          g_clear_handle_id (&self->midnight_id, g_source_remove);
          g_signal_emit (self, signals[CHANGED], 0);
        }
    }
  cg_inspection_tracker_refresh (self);
}

gboolean
cg_inspection_tracker_get_busy (CgInspectionTracker *self)
{
  g_return_val_if_fail (CG_IS_INSPECTION_TRACKER (self), FALSE);

  return self->cancellable != NULL;
}

void
cg_inspection_tracker_set_date (CgInspectionTracker *self,
                                CgDay                date)
{
  g_return_if_fail (CG_IS_INSPECTION_TRACKER (self));

  self->fixed_date = date;
  cg_inspection_tracker_refresh (self);
}

CgDay
cg_inspection_tracker_get_date (CgInspectionTracker *self)
{
  g_return_val_if_fail (CG_IS_INSPECTION_TRACKER (self), CG_DAY_NONE);

  return self->date;
}

const CgInspectionState *
cg_inspection_tracker_lookup (CgInspectionTracker *self,
                              const char          *id)
{
  const CgInspectionState *state;

  g_return_val_if_fail (CG_IS_INSPECTION_TRACKER (self), NULL);

  if (self->states == NULL || id == NULL)
    return NULL;
  state = g_hash_table_lookup (self->states, id);
  return state != NULL && state->status != CG_INSPECTION_STATUS_UNGRADED ? state : NULL;
}

GHashTable *
cg_inspection_tracker_get_overdue_ids (CgInspectionTracker *self)
{
  g_return_val_if_fail (CG_IS_INSPECTION_TRACKER (self), NULL);

  return self->overdue_ids;
}

static void
cg_inspection_tracker_dispose (GObject *object)
{
  CgInspectionTracker *self = CG_INSPECTION_TRACKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->midnight_id, g_source_remove);

  G_OBJECT_CLASS (cg_inspection_tracker_parent_class)->dispose (object);
}

static void
cg_inspection_tracker_finalize (GObject *object)
{
  CgInspectionTracker *self = CG_INSPECTION_TRACKER (object);

  g_free (self->path);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->overdue_ids, g_hash_table_unref);

  G_OBJECT_CLASS (cg_inspection_tracker_parent_class)->finalize (object);
}

static void
cg_inspection_tracker_class_init (CgInspectionTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cg_inspection_tracker_dispose;
  object_class->finalize = cg_inspection_tracker_finalize;

  /* New states are in (after a refresh, at midnight, or dropped with the cache) */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cg_inspection_tracker_init (CgInspectionTracker *self)
{
  self->fixed_date = CG_DAY_NONE;
  self->date = CG_DAY_NONE;
  self->overdue_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

CgInspectionTracker *
cg_inspection_tracker_new (void)
{
  return g_object_new (CG_TYPE_INSPECTION_TRACKER, NULL);
}
