/* cg-i18n.c: the language of the messages
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The users read Simplified Chinese; English (the msgids) is the fallback. GNU gettext picks the
 * catalog from LANGUAGE, then LC_ALL/LC_MESSAGES/LANG, but only through a locale that
 * setlocale() accepts, and it ignores LANGUAGE when that locale is exactly "C". A fresh Debian
 * (or a container, or a Flatpak whose host locale is missing) has only C and C.UTF-8: without
 * help every user would read English. So when the environment names no language the programs
 * ask for CG_I18N_DEFAULT_LANGUAGE through LANGUAGE, and a named but missing locale still counts
 * as a choice of language. The catalog itself does not need the locale: only its file.
 */

#define G_LOG_DOMAIN "cg-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cg-i18n.h"

gboolean
cg_i18n_is_c_locale (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;

  /* "C", "POSIX", and codesets or modifiers of them: "C.UTF-8", "C.utf8", "POSIX.UTF-8" */
  for (guint i = 0; i < 2; i++)
    {
      const char *base = i == 0 ? "C" : "POSIX";
      gsize len = strlen (base);

      if (strncmp (name, base, len) == 0 && (name[len] == '\0' || name[len] == '.' ||
                                              name[len] == '@'))
        return TRUE;
    }

  return FALSE;
}

char *
cg_i18n_pick_language (const char *language,
                       const char *requested,
                       gboolean    available)
{
  const char *dot;
  const char *at;
  GString *name;

  if (language != NULL && *language != '\0')
    return NULL;

  if (requested == NULL || *requested == '\0' || cg_i18n_is_c_locale (requested))
    return g_strdup (CG_I18N_DEFAULT_LANGUAGE);

  if (available)
    return NULL;

  /* "zh_CN.UTF-8@mod" → "zh_CN@mod": the catalogs are found by language, territory and
   * modifier, not by codeset */
  dot = strchr (requested, '.');
  at = strchr (requested, '@');
  name = g_string_new_len (requested, dot != NULL && (at == NULL || dot < at) ?
                                      dot - requested : (gssize) strlen (requested));
  if (dot != NULL && at != NULL && dot < at)
    g_string_append (name, at);

  return g_string_free (name, FALSE);
}

static const char *
requested_messages_locale (void)
{
  const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *value = g_getenv (vars[i]);

      if (value != NULL && *value != '\0')
        return value;
    }

  return NULL;
}

static void
leave_c_locale (int category)
{
  const char *current = setlocale (category, NULL);

  /* C.UTF-8 is still "no locale", but gettext honours LANGUAGE in it and the messages can be
   * printed: glibc has it built in since 2.35, Debian has shipped it for much longer */
  if (current != NULL && (strcmp (current, "C") == 0 || strcmp (current, "POSIX") == 0))
    if (setlocale (category, "C.UTF-8") == NULL)
      g_debug ("No C.UTF-8 locale: the messages stay untranslated");
}

const char *
cg_i18n_init (void)
{
  const char *localedir = g_getenv ("CG_LOCALEDIR");
  const char *language;
  g_autofree char *pick = NULL;

  if (setlocale (LC_ALL, "") == NULL)
    {
      /* one missing category makes glibc change none: load what can be loaded */
      setlocale (LC_CTYPE, "");
      setlocale (LC_MESSAGES, "");
    }

  pick = cg_i18n_pick_language (g_getenv ("LANGUAGE"), requested_messages_locale (),
                                !cg_i18n_is_c_locale (setlocale (LC_MESSAGES, NULL)));
  if (pick != NULL)
    g_setenv ("LANGUAGE", pick, TRUE);

  leave_c_locale (LC_CTYPE);
  leave_c_locale (LC_MESSAGES);

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  language = g_getenv ("LANGUAGE");
  return language != NULL && *language != '\0' ? language : setlocale (LC_MESSAGES, NULL);
}
