/* cg-searcher.h: place search as you type, on a worker thread with its own connection
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cg-store.h"

G_BEGIN_DECLS

#define CG_TYPE_SEARCHER (cg_searcher_get_type ())
G_DECLARE_FINAL_TYPE (CgSearcher, cg_searcher, CG, SEARCHER, GObject)

/* Searches the cache at @path (a file: ":memory:" would be another, empty database).
 * The connection opens on the worker thread at the first search and is kept. */
CgSearcher  *cg_searcher_new            (const char           *path);
const char  *cg_searcher_get_path       (CgSearcher           *self);

/* cg_store_search() on a worker thread. Searches run one at a time on the searcher's
 * connection; cancelling @cancellable drops a search still waiting and interrupts a
 * running one (G_IO_ERROR_CANCELLED), so "results as you type" cancels the previous
 * search and starts the next. */
void         cg_searcher_search_async   (CgSearcher           *self,
                                         const char           *query,
                                         guint                 limit,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* (transfer full): GPtrArray of CgSearchHit, or NULL with @error */
GPtrArray   *cg_searcher_search_finish  (CgSearcher           *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
