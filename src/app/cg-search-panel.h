/* cg-search-panel.h: search the cached places as you type (Ctrl+F)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cg-searcher.h"

G_BEGIN_DECLS

#define CG_TYPE_SEARCH_PANEL (cg_search_panel_get_type ())
G_DECLARE_FINAL_TYPE (CgSearchPanel, cg_search_panel, CG, SEARCH_PANEL, GtkWidget)

/* A search entry and the list of results under it. Typing searches (debounced by the
 * entry, on the searcher's worker thread, the previous search cancelled); Down moves into
 * the results, Enter or a click activates one: the "place-activated" signal
 * (guint collection, gint64 rowid) tells the window to fly there and select it. */
CgSearchPanel     *cg_search_panel_new           (void);

void               cg_search_panel_set_searcher  (CgSearchPanel *self,
                                                  CgSearcher    *searcher);
CgSearcher        *cg_search_panel_get_searcher  (CgSearchPanel *self);

GtkSearchEntry    *cg_search_panel_get_entry     (CgSearchPanel *self);
GtkListBox        *cg_search_panel_get_list      (CgSearchPanel *self);

/* The results shown (empty while nothing was searched). TRUE while a search runs. */
guint              cg_search_panel_get_n_results (CgSearchPanel *self);
const CgSearchHit *cg_search_panel_get_result    (CgSearchPanel *self,
                                                  guint          index);
gboolean           cg_search_panel_get_searching (CgSearchPanel *self);
/* The query of the results shown ("" before the first search) */
const char        *cg_search_panel_get_query     (CgSearchPanel *self);

G_END_DECLS
