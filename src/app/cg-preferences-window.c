/* cg-preferences-window.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token is written to the keyring and never read back into the UI or logged.
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-map-view.h"
#include "cg-preferences-window.h"
#include "cg-token.h"

struct _CgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *mode_row;
  GtkButton            *demo_button;
  AdwEntryRow          *server_row;
  AdwEntryRow          *token_row;
  GtkSpinButton        *interval_spin;
  AdwComboRow          *tiles_row;

  CgApplication        *application;
  GSettings            *settings;
  char                 *pending_url;
};

G_DEFINE_FINAL_TYPE (CgPreferencesWindow, cg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_mode (CgPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *subtitle = NULL;
  gboolean demo = *url == '\0';

  if (demo)
    subtitle = g_strdup (_("Demo district: simulated data from this computer"));
  else
    /* Translators: %s is the server's URL */
    subtitle = g_strdup_printf (_("City server %s"), url);

  adw_action_row_set_subtitle (self->mode_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !demo);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
}

static void
toast (CgPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
switch_server (CgPreferencesWindow *self,
               const char          *url)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
  g_autoptr(GError) error = NULL;

  g_strstrip (token);
  if (*url != '\0' && *token != '\0' && !cg_token_store (url, token, &error))
    {
      g_autofree char *msg = g_strdup_printf (_("Could not store the token: %s"), error->message);
      toast (self, msg);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  /* the application restarts the sync and resets the cache (it belongs to one server) */
  g_settings_set_string (self->settings, "server-url", url);
  update_mode (self);
  toast (self, *url ? _("Switched to the new server; the cached data was cleared")
                    : _("Showing the demo district"));
}

static void
on_confirm_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        CgPreferencesWindow *self)
{
  if (g_strcmp0 (response, "switch") == 0 && self->pending_url != NULL)
    switch_server (self, self->pending_url);
  else
    update_mode (self);

  g_clear_pointer (&self->pending_url, g_free);
}

static void
confirm_switch (CgPreferencesWindow *self,
                const char          *url)
{
  GtkWidget *dialog;

  g_free (self->pending_url);
  self->pending_url = g_strdup (url);

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   *url ? _("Switch to Another Server?")
                                        : _("Switch to the Demo District?"),
                                   _("The data cached from the current server will be deleted "
                                     "from this computer and the map reloaded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "switch", _("_Switch"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
looks_like_url (const char *url)
{
  return g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://");
}

static void
on_server_apply_cb (CgPreferencesWindow *self)
{
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_autofree char *current = g_settings_get_string (self->settings, "server-url");

  g_strstrip (url);
  if (g_strcmp0 (url, current) == 0)
    return;
  if (*url != '\0' && !looks_like_url (url))
    {
      toast (self, _("Enter an address starting with http:// or https://"));
      return;
    }

  confirm_switch (self, url);
}

static void
on_demo_clicked_cb (CgPreferencesWindow *self)
{
  confirm_switch (self, "");
}

static void
on_token_apply_cb (CgPreferencesWindow *self)
{
  g_autofree char *token = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row)));
  g_autoptr(GError) error = NULL;

  g_strstrip (token);
  if (*token == '\0')
    return;

  /* a new server typed but not applied yet: switch to it, with this token */
  {
    g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
    g_autofree char *current = g_settings_get_string (self->settings, "server-url");

    g_strstrip (url);
    if (g_strcmp0 (url, current) != 0)
      {
        on_server_apply_cb (self);
        return;
      }
    if (*current == '\0')
      {
        toast (self, _("Enter the server's address first"));
        return;
      }
  }

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  if (!cg_application_set_token (self->application, token, &error))
    {
      g_autofree char *msg = g_strdup_printf (_("Could not store the token: %s"), error->message);
      toast (self, msg);
      return;
    }

  toast (self, _("Token saved in the keyring"));
}

static gboolean
tiles_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), CG_TILE_SOURCE_OSM) == 0);
  return TRUE;
}

static GVariant *
tiles_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? CG_TILE_SOURCE_OSM : CG_TILE_SOURCE_NONE);
}

static void
cg_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CG_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cg_preferences_window_parent_class)->dispose (object);
}

static void
cg_preferences_window_finalize (GObject *object)
{
  CgPreferencesWindow *self = CG_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_pointer (&self->pending_url, g_free);

  G_OBJECT_CLASS (cg_preferences_window_parent_class)->finalize (object);
}

static void
cg_preferences_window_class_init (CgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_preferences_window_dispose;
  object_class->finalize = cg_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, CgPreferencesWindow, tiles_row);
}

static void
cg_preferences_window_init (CgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->server_row, "apply", G_CALLBACK (on_server_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->token_row, "apply", G_CALLBACK (on_token_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->demo_button, "clicked", G_CALLBACK (on_demo_clicked_cb),
                           self, G_CONNECT_SWAPPED);
}

CgPreferencesWindow *
cg_preferences_window_new (CgApplication *application)
{
  CgPreferencesWindow *self;

  g_return_val_if_fail (CG_IS_APPLICATION (application), NULL);

  self = g_object_new (CG_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (cg_application_get_settings (application));

  g_settings_bind (self->settings, "sync-interval",
                   gtk_spin_button_get_adjustment (self->interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "tile-source", self->tiles_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, tiles_get_mapping, tiles_set_mapping,
                                NULL, NULL);
  update_mode (self);

  return self;
}
