/* test-i18n.c: the programs speak Simplified Chinese unless the environment names another
 * language, and English is the fallback
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalogs come from the build tree (<builddir>/po/zh_CN/LC_MESSAGES/chengguan-command.mo, through
 * CG_LOCALEDIR). This machine, like a fresh Debian, has no locale but C and C.UTF-8: the cases
 * that name zh_CN.UTF-8 or en_US.UTF-8 test exactly the missing-locale path.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cg-i18n.h"

static char *localedir;

/* Every variable that picks the language of the messages */
static const char *const locale_vars[] = {
  "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG",
};

static void
test_c_locale (void)
{
  const char *c_like[] = { "C", "POSIX", "C.UTF-8", "C.utf8", "POSIX.UTF-8", "C@euro" };
  const char *named[] = { "", "zh_CN", "zh_CN.UTF-8", "en_US.UTF-8", "Ca_ES", "CS", "de_DE@euro" };

  for (guint i = 0; i < G_N_ELEMENTS (c_like); i++)
    g_assert_true (cg_i18n_is_c_locale (c_like[i]));
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    g_assert_false (cg_i18n_is_c_locale (named[i]));
  g_assert_false (cg_i18n_is_c_locale (NULL));
}

static void
test_pick (void)
{
  const struct
  {
    const char *language;
    const char *requested;
    gboolean    available;
    const char *expected;   /* NULL: leave LANGUAGE alone */
  } cases[] = {
    /* the environment says nothing: Chinese */
    { NULL, NULL, FALSE, "zh_CN" },
    { "", "", FALSE, "zh_CN" },
    { NULL, "C", FALSE, "zh_CN" },
    { NULL, "POSIX", FALSE, "zh_CN" },
    { "", "C.UTF-8", FALSE, "zh_CN" },
    { NULL, "C.utf8", TRUE, "zh_CN" },
    /* LANGUAGE is the user's choice */
    { "en", NULL, FALSE, NULL },
    { "en_GB:en", "C.UTF-8", FALSE, NULL },
    { "en", "zh_CN.UTF-8", TRUE, NULL },
    /* an installed locale speaks for itself */
    { NULL, "en_US.UTF-8", TRUE, NULL },
    { NULL, "zh_CN.UTF-8", TRUE, NULL },
    /* a locale that names a language but is not installed still names it */
    { NULL, "en_US.UTF-8", FALSE, "en_US" },
    { NULL, "zh_CN.UTF-8", FALSE, "zh_CN" },
    { NULL, "zh_CN", FALSE, "zh_CN" },
    { "", "de_DE@euro", FALSE, "de_DE@euro" },
    { NULL, "sr_RS.UTF-8@latin", FALSE, "sr_RS@latin" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = cg_i18n_pick_language (cases[i].language, cases[i].requested,
                                                    cases[i].available);

      g_test_message ("case %u: LANGUAGE=%s locale=%s available=%d → %s", i,
                      cases[i].language, cases[i].requested, cases[i].available, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* Sets the environment of one case: "VAR=value" pairs, everything else unset */
static void
set_case_environment (const char *const *assignments)
{
  for (guint i = 0; i < G_N_ELEMENTS (locale_vars); i++)
    g_unsetenv (locale_vars[i]);
  for (guint i = 0; assignments[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (assignments[i], "=", 2);

      g_setenv (kv[0], kv[1], TRUE);
    }
  g_setenv ("CG_LOCALEDIR", localedir, TRUE);
}

typedef struct
{
  const char *env[3];
  const char *usage;      /* _("Usage:") after cg_i18n_init () */
} InitCase;

static const InitCase init_cases[] = {
  /* nothing set, C, POSIX, C.UTF-8: Chinese (GNU gettext alone would give English in all four) */
  { { NULL }, "用法：" },
  { { "LC_ALL=C.UTF-8", NULL }, "用法：" },
  { { "LC_ALL=C", NULL }, "用法：" },
  { { "LANG=POSIX", NULL }, "用法：" },
  /* English asked for: English, through LANGUAGE or through a locale (installed or not) */
  { { "LC_ALL=C.UTF-8", "LANGUAGE=en", NULL }, "Usage:" },
  { { "LC_ALL=C", "LANGUAGE=en", NULL }, "Usage:" },
  { { "LANG=en_US.UTF-8", NULL }, "Usage:" },
  { { "LANG=C.UTF-8", "LC_MESSAGES=en_GB.UTF-8", NULL }, "Usage:" },
  /* a language without a catalog falls back to English */
  { { "LANG=de_DE.UTF-8", NULL }, "Usage:" },
  /* Chinese asked for without the zh_CN locale installed, or through LANGUAGE in "C"
   * (which GNU gettext alone ignores) */
  { { "LANG=zh_CN.UTF-8", NULL }, "用法：" },
  { { "LC_ALL=C", "LANGUAGE=zh_CN", NULL }, "用法：" },
};

static void
test_init (void)
{
  if (g_test_subprocess ())
    {
      const char *language = cg_i18n_init ();

      /* the messages must be printable: never the ASCII-only C locale */
      g_assert_false (g_str_equal (setlocale (LC_CTYPE, NULL), "C"));
      g_assert_false (g_str_equal (setlocale (LC_MESSAGES, NULL), "C"));
      g_assert_nonnull (language);
      g_print ("[%s]\n", _("Usage:"));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (init_cases); i++)
    {
      g_autofree char *env = g_strjoinv (" ", (char **) init_cases[i].env);
      g_autofree char *pattern = g_strdup_printf ("[%s]\n", init_cases[i].usage);

      g_test_message ("environment: {%s}", env);
      set_case_environment (init_cases[i].env);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout (pattern);
    }
}

/* The real programs: their main() must set the language up the same way */

static char *
run_program (const char  *program,
             const char  *arg,
             const char  *language,
             gboolean     want_stderr)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { program, arg, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (locale_vars); i++)
    envp = g_environ_unsetenv (envp, locale_vars[i]);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "CG_LOCALEDIR", localedir, TRUE);
  if (language != NULL)
    envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);

  g_assert_true (g_file_test (program, G_FILE_TEST_IS_EXECUTABLE));
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_true (g_utf8_validate (err, -1, NULL));

  if (want_stderr)
    return g_steal_pointer (&err);
  return g_steal_pointer (&out);
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("CG_CLI");
  g_autofree char *zh = run_program (cli, "--help", NULL, FALSE);
  g_autofree char *en = run_program (cli, "--help", "en", FALSE);
  g_autofree char *zh_err = run_program (cli, "frobnicate", NULL, TRUE);
  g_autofree char *en_err = run_program (cli, "frobnicate", "en_US:en", TRUE);

  g_assert_true (g_str_has_prefix (zh, "用法：\n  chengguan-cli 命令 [选项…]\n"));
  g_assert_nonnull (strstr (zh, "  6  未授权：缺少访问令牌或令牌被拒绝\n"));
  g_assert_null (strstr (zh, "Usage"));

  g_assert_true (g_str_has_prefix (en, "Usage:\n  chengguan-cli COMMAND [OPTION…]\n"));
  g_assert_nonnull (strstr (en, "  6  unauthorized: the token is missing or was refused\n"));

  g_assert_cmpstr (zh_err, ==, "chengguan-cli: 未知命令“frobnicate”（参见 chengguan-cli --help）\n");
  g_assert_cmpstr (en_err, ==,
                   "chengguan-cli: unknown command “frobnicate” (see chengguan-cli --help)\n");
}

static void
test_citysim (void)
{
  g_autofree char *sim = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "src",
                                           "chengguan-citysim", NULL);
  g_autofree char *zh = run_program (sim, "--help", NULL, FALSE);
  g_autofree char *en = run_program (sim, "--help", "en", FALSE);

  g_assert_nonnull (strstr (zh, "沿街商户数量（默认 6455）"));
  g_assert_nonnull (strstr (zh, "用确定性生成的模拟辖区提供市级接口"));
  g_assert_nonnull (strstr (en, "Number of street merchants (default 6455)"));
}

static void
test_app (void)
{
  g_autofree char *app = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "src",
                                           "chengguan-command", NULL);
  g_autofree char *zh = NULL;
  g_autofree char *en = NULL;
  const char *glib_catalog = "/usr/share/locale/zh_CN/LC_MESSAGES/glib20.mo";

  /* --help is GApplication's: GLib's own catalog speaks, after the app's main() chose the
   * language. The window itself is tested by tests/app/test-window-zh.c. */
  zh = run_program (app, "--help", NULL, FALSE);
  en = run_program (app, "--help", "en", FALSE);
  g_assert_true (g_str_has_prefix (en, "Usage:\n  chengguan-command [OPTION…]"));
  if (!g_file_test (glib_catalog, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("GLib's Chinese catalog (libglib2.0-data) is not installed");
      return;
    }
  g_assert_true (g_str_has_prefix (zh, "用法：\n  chengguan-command [选项…]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  localedir = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "po", NULL);
  g_assert_true (g_file_test (localedir, G_FILE_TEST_IS_DIR));

  g_test_add_func ("/cg/i18n/c-locale", test_c_locale);
  g_test_add_func ("/cg/i18n/pick", test_pick);
  g_test_add_func ("/cg/i18n/init", test_init);
  g_test_add_func ("/cg/i18n/cli", test_cli);
  g_test_add_func ("/cg/i18n/citysim", test_citysim);
  g_test_add_func ("/cg/i18n/app", test_app);

  return g_test_run ();
}
