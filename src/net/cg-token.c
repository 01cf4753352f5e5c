/* cg-token.c
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-token"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cg-token.h"

/* Never log the token itself: only the server it belongs to. */

static const SecretSchema *
get_token_schema (void)
{
  static const SecretSchema schema = {
    "org.chengguan.Command.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

gboolean
cg_token_store (const char  *server_url,
                const char  *token,
                GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* TRANSLATORS: label of the keyring item; %s is the server URL */
  label = g_strdup_printf (_("Chengguan Command token for %s"), server_url);
  g_debug ("Storing the token for %s", server_url);

  return secret_password_store_sync (get_token_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, token, NULL, error,
                                     "server", server_url,
                                     NULL);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
cg_token_store_async (const char          *server_url,
                      const char          *token,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_token_store_async);
  /* TRANSLATORS: label of the keyring item; %s is the server URL */
  label = g_strdup_printf (_("Chengguan Command token for %s"), server_url);
  g_debug ("Storing the token for %s", server_url);
  /* libsecret copies the secret before returning */
  secret_password_store (get_token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_done_cb, task,
                         "server", server_url,
                         NULL);
}

gboolean
cg_token_store_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cg_token_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
cg_token_lookup (const char  *server_url,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *ret;

  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  secret = secret_password_lookup_sync (get_token_schema (), NULL, &local_error,
                                        "server", server_url,
                                        NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (secret == NULL)
    return NULL;

  /* Hand out GLib-allocated memory; wipe the secret buffer. */
  ret = g_strdup (secret);
  secret_password_free (secret);

  return ret;
}

void
cg_token_wipe (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
}

void
cg_token_free (gpointer secret)
{
  cg_token_wipe (secret);
  g_free (secret);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Hand out GLib-allocated memory; wipe the secret buffer. */
  g_task_return_pointer (task, secret != NULL ? g_strdup (secret) : NULL, cg_token_free);
  if (secret != NULL)
    secret_password_free (secret);
}

void
cg_token_lookup_async (const char          *server_url,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cg_token_lookup_async);
  g_debug ("Looking up the token for %s", server_url);
  secret_password_lookup (get_token_schema (), cancellable, lookup_done_cb, task,
                          "server", server_url,
                          NULL);
}

char *
cg_token_lookup_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cg_token_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cg_token_clear (const char  *server_url,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* FALSE without error just means nothing was stored: not a failure. */
  secret_password_clear_sync (get_token_schema (), NULL, &local_error,
                              "server", server_url,
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

char *
cg_token_read_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  char *newline;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  display = g_filename_display_name (path);

  if (memchr (contents, '\0', len) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file “%s” is not a text file"), display);
      return NULL;
    }

  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (contents);

  if (contents[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The token file “%s” is empty"), display);
      return NULL;
    }

  return g_strdup (contents);
}
