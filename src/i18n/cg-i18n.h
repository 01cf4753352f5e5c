/* cg-i18n.h: the language of the messages
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The language of the users: what the programs speak when the environment names none. */
#define CG_I18N_DEFAULT_LANGUAGE "zh_CN"

/* What LANGUAGE should be set to, or NULL to leave the environment alone.
 *
 * language:  the LANGUAGE variable (NULL or "" when unset)
 * requested: the locale the environment asks for messages: LC_ALL, else LC_MESSAGES, else LANG
 *            (NULL or "" when none is set)
 * available: whether setlocale() could load that locale
 *
 * A set LANGUAGE is the user's choice and stays. No locale, or C/POSIX/C.UTF-8, says nothing:
 * CG_I18N_DEFAULT_LANGUAGE. A locale that names a language but is not installed (a fresh Debian
 * has no locales but C.UTF-8) still names the language: "en_US.UTF-8" gives "en_US", so that
 * user gets English, and "zh_CN.UTF-8" gives "zh_CN". An installed locale needs nothing. */
char       *cg_i18n_pick_language (const char *language,
                                   const char *requested,
                                   gboolean    available);

/* Whether a locale name is C, POSIX or one of their codeset variants (C.UTF-8, C.utf8) */
gboolean    cg_i18n_is_c_locale   (const char *name);

/* At the top of main(), before any thread: setlocale (LC_ALL, ""), then the choice above (the
 * C locale moves to C.UTF-8 for LC_CTYPE and LC_MESSAGES, since GNU gettext ignores LANGUAGE in
 * "C" and the messages are not ASCII), then the message catalog of GETTEXT_PACKAGE is bound to
 * $CG_LOCALEDIR (an uninstalled build: <builddir>/po) or else LOCALEDIR, in UTF-8.
 * GTK programs call gtk_disable_setlocale() afterwards so that gtk_init() keeps this locale.
 * Returns the language of the messages, for logs and tests ("zh_CN", "en_US:en", "C"...). */
const char *cg_i18n_init          (void);

G_END_DECLS
