/* cg-tile-downloader.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libshumate 1.0.3's ShumateTileDownloader cannot be pointed at another cache directory (it
 * always uses $XDG_CACHE_HOME/shumate with the URL template as the cache key, which would put
 * a Tianditu key into a directory name), sends "libshumate/1.0.3" as its User-Agent whatever
 * shumate_set_user_agent() says, and reports no tile errors. This data source does the same job
 * with our own SoupSession and a ShumateFileCache in our cache directory. Like the MBTiles
 * source it emits "received-data", which is all the 1.0.x raster renderer listens to.
 */

#define G_LOG_DOMAIN "cg-tiles"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-tile-downloader.h"
#include "cg-tile-sources.h"

#define CACHE_SIZE_LIMIT (200u * 1000u * 1000u)
#define FRESH_FOR (7 * G_TIME_SPAN_DAY)

struct _CgTileDownloader
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  char              *cache_key;
  char              *cache_dir;
  SoupSession       *session;
  ShumateFileCache  *cache;
  guint              n_failed;
};

G_DEFINE_FINAL_TYPE (CgTileDownloader, cg_tile_downloader, SHUMATE_TYPE_DATA_SOURCE)

enum {
  TILE_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  int          x, y, z;
  GBytes      *cached;
  char        *etag;
  GDateTime   *modtime;
  SoupMessage *msg;
} Request;

static void
request_free (gpointer data)
{
  Request *req = data;

  g_clear_pointer (&req->cached, g_bytes_unref);
  g_clear_pointer (&req->etag, g_free);
  g_clear_pointer (&req->modtime, g_date_time_unref);
  g_clear_object (&req->msg);
  g_free (req);
}

static void
fail (GTask  *task,
      GError *error)
{
  CgTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (req->cached != NULL)
    {
      /* the cached copy is already on screen: an old tile beats none */
      g_debug ("Tile %d/%d/%d: %s; keeping the cached copy", req->z, req->x, req->y, error->message);
      g_error_free (error);
      g_task_return_pointer (task, g_bytes_ref (req->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->n_failed++;
      g_signal_emit (self, signals[TILE_ERROR], 0, error);
    }
  g_task_return_error (task, error);
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error))
    g_debug ("Cannot cache a tile: %s", error->message);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CgTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      fail (task, cg_tile_sources_translate_error (error, CG_TILE_SOURCE_KIND_CUSTOM));
      g_error_free (error);
      return;
    }

  status = soup_message_get_status (req->msg);
  if (status == SOUP_STATUS_NOT_MODIFIED && req->cached != NULL)
    {
      shumate_file_cache_mark_up_to_date (self->cache, req->x, req->y, req->z);
      g_task_return_pointer (task, g_bytes_ref (req->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!cg_tile_sources_check_response (status, soup_message_get_reason_phrase (req->msg),
                                       bytes, CG_TILE_SOURCE_KIND_CUSTOM, &error))
    {
      fail (task, error);
      return;
    }

  shumate_file_cache_store_tile_async (self->cache, req->x, req->y, req->z, bytes,
                                       soup_message_headers_get_one (
                                         soup_message_get_response_headers (req->msg), "ETag"),
                                       NULL, on_stored_cb, NULL);
  g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, bytes);
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
fetch (GTask *task)
{
  CgTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *uri = cg_tile_template_expand (self->url_template, req->x, req->y, req->z);

  req->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (req->msg == NULL)
    {
      /* never print the URI: it may carry a key */
      fail (task, g_error_new (CG_TILE_SOURCE_ERROR, CG_TILE_SOURCE_ERROR_INVALID_TEMPLATE,
                               _("The tile address is not a valid URL")));
      g_object_unref (task);
      return;
    }
  if (req->etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (req->msg),
                                  "If-None-Match", req->etag);

  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_read_cb, task);
}

static void
on_cache_get_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  CgTileDownloader *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  req->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object), &req->etag,
                                                    &req->modtime, result, NULL);
  if (req->cached != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, req->cached);
      if (req->modtime != NULL && g_date_time_difference (now, req->modtime) < FRESH_FOR)
        {
          g_task_return_pointer (task, g_bytes_ref (req->cached), (GDestroyNotify) g_bytes_unref);
          g_object_unref (task);
          return;
        }
    }

  fetch (task);
}

static void
on_purged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* 1.0.3 can return FALSE without an error */
  if (!shumate_file_cache_purge_cache_finish (SHUMATE_FILE_CACHE (object), result, &error) &&
      error != NULL)
    g_debug ("Cannot trim the tile cache: %s", error->message);
}

static void
cg_tile_downloader_get_tile_data_async (ShumateDataSource   *source,
                                        int                  x,
                                        int                  y,
                                        int                  zoom_level,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  CgTileDownloader *self = CG_TILE_DOWNLOADER (source);
  GTask *task;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_tile_downloader_get_tile_data_async);

  req = g_new0 (Request, 1);
  req->x = x;
  req->y = y;
  req->z = zoom_level;
  g_task_set_task_data (task, req, request_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable,
                                     on_cache_get_cb, task);
}

static GBytes *
cg_tile_downloader_get_tile_data_finish (ShumateDataSource  *source,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cg_tile_downloader_finalize (GObject *object)
{
  CgTileDownloader *self = CG_TILE_DOWNLOADER (object);

  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->cache_key, g_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (cg_tile_downloader_parent_class)->finalize (object);
}

static void
cg_tile_downloader_class_init (CgTileDownloaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = cg_tile_downloader_finalize;
  source_class->get_tile_data_async = cg_tile_downloader_get_tile_data_async;
  source_class->get_tile_data_finish = cg_tile_downloader_get_tile_data_finish;

  /* A tile could not be fetched and there is no cached copy; the GError is translated */
  signals[TILE_ERROR] =
    g_signal_new ("tile-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cg_tile_downloader_init (CgTileDownloader *self)
{
}

CgTileDownloader *
cg_tile_downloader_new (const char  *url_template,
                        const char  *cache_key,
                        const char  *cache_dir,
                        SoupSession *session)
{
  CgTileDownloader *self;

  g_return_val_if_fail (url_template != NULL, NULL);
  g_return_val_if_fail (cache_key != NULL, NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  self = g_object_new (CG_TYPE_TILE_DOWNLOADER, NULL);
  self->url_template = g_strdup (url_template);
  self->cache_key = g_strdup (cache_key);
  self->cache_dir = g_strdup (cache_dir);
  self->session = g_object_ref (session);
  self->cache = shumate_file_cache_new_full (CACHE_SIZE_LIMIT, cache_key, cache_dir);
  /* ShumateFileCache only keeps to its size limit when asked to */
  shumate_file_cache_purge_cache_async (self->cache, NULL, on_purged_cb, NULL);

  return self;
}

const char *
cg_tile_downloader_get_cache_key (CgTileDownloader *self)
{
  g_return_val_if_fail (CG_IS_TILE_DOWNLOADER (self), NULL);

  return self->cache_key;
}

guint
cg_tile_downloader_get_n_failed (CgTileDownloader *self)
{
  g_return_val_if_fail (CG_IS_TILE_DOWNLOADER (self), 0);

  return self->n_failed;
}
