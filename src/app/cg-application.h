/* cg-application.h: the application and the services it owns
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cg-district.h"
#include "cg-store.h"
#include "cg-sync.h"

G_BEGIN_DECLS

#define CG_TYPE_APPLICATION (cg_application_get_type ())
G_DECLARE_FINAL_TYPE (CgApplication, cg_application, CG, APPLICATION, AdwApplication)

/* Environment (tests, benchmarks, docs):
 *   CG_CACHE_DB    path of the cache instead of $XDG_CACHE_HOME/chengguan-command/cache.db
 *   CG_SERVER_URL  server instead of the "server-url" setting
 *   CG_SCREENSHOT  after the first sync, save the window as PNG there and quit */
CgApplication *cg_application_new          (void);

GSettings     *cg_application_get_settings (CgApplication *self);
CgStore       *cg_application_get_store    (CgApplication *self);
CgSync        *cg_application_get_sync     (CgApplication *self);
CgDistrict    *cg_application_get_district (CgApplication *self);
/* TRUE while the built-in simulator serves the demo district */
gboolean       cg_application_get_demo     (CgApplication *self);
/* The server synced from (the simulator's URL in demo mode) */
const char    *cg_application_get_server_url (CgApplication *self);

/* A new token for the current server: stored in the keyring (without blocking: the
 * keyring may prompt first), then used from the next request */
void           cg_application_set_token_async  (CgApplication       *self,
                                                const char          *token,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       cg_application_set_token_finish (CgApplication       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
