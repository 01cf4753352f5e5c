/* cg-searcher.c: place search as you type, on a worker thread with its own connection
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-store"

#include "config.h"

#include "cg-searcher.h"

struct _CgSearcher
{
  GObject   parent_instance;

  char     *path;
  GMutex    lock;      /* held while a worker uses the connection */
  CgStore  *store;     /* (nullable) opened by the first search, under lock */
};

G_DEFINE_FINAL_TYPE (CgSearcher, cg_searcher, G_TYPE_OBJECT)

typedef struct
{
  char  *query;
  guint  limit;
} SearchData;

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  g_free (search->query);
  g_free (search);
}

static void
cg_searcher_finalize (GObject *object)
{
  CgSearcher *self = CG_SEARCHER (object);

  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (cg_searcher_parent_class)->finalize (object);
}

static void
cg_searcher_class_init (CgSearcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cg_searcher_finalize;
}

static void
cg_searcher_init (CgSearcher *self)
{
  g_mutex_init (&self->lock);
}

CgSearcher *
cg_searcher_new (const char *path)
{
  CgSearcher *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CG_TYPE_SEARCHER, NULL);
  self->path = g_strdup (path);
  return self;
}

const char *
cg_searcher_get_path (CgSearcher *self)
{
  g_return_val_if_fail (CG_IS_SEARCHER (self), NULL);

  return self->path;
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CgSearcher *self = source_object;
  SearchData *search = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  GPtrArray *hits;

  /* a search overtaken while it waited costs nothing */
  if (g_task_return_error_if_cancelled (task))
    return;

  locker = g_mutex_locker_new (&self->lock);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->store == NULL)
    {
      self->store = cg_store_open (self->path, &error);
      if (self->store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  hits = cg_store_search (self->store, search->query, search->limit, cancellable, &error);
  if (hits == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

void
cg_searcher_search_async (CgSearcher          *self,
                          const char          *query,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *search;

  g_return_if_fail (CG_IS_SEARCHER (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  search = g_new0 (SearchData, 1);
  search->query = g_strdup (query);
  search->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_searcher_search_async);
  g_task_set_task_data (task, search, search_data_free);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
cg_searcher_search_finish (CgSearcher    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CG_IS_SEARCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
