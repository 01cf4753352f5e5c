/* cg-preferences-window.h
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-application.h"

G_BEGIN_DECLS

#define CG_TYPE_PREFERENCES_WINDOW (cg_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CgPreferencesWindow, cg_preferences_window, CG, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CgPreferencesWindow *cg_preferences_window_new              (CgApplication       *application);

/* What the file chooser does: checks the MBTiles file at @path and, when "MBTiles" is the
 * chosen base map, shows it (or the reason it cannot be shown). */
void                 cg_preferences_window_set_mbtiles_file (CgPreferencesWindow *self,
                                                             const char          *path);

/* Tests: the catalogue's sources (Tianditu, AMap, OSM) ask @base_url instead of their servers */
void                 _cg_preferences_window_set_tile_base_url (CgPreferencesWindow *self,
                                                               const char          *base_url);

G_END_DECLS
