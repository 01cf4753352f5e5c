/* test-window-zh.c: the window speaks Simplified Chinese out of the box, under Xvfb
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started the way main.c starts the app, in an environment that names no language (LC_ALL is
 * C.UTF-8 in the test environment, LANGUAGE is removed) and with the build tree's catalog
 * (<builddir>/po through CG_LOCALEDIR): on the demo district, the strings of the C code, of
 * the .ui templates and of the menus must be the zh_CN ones. The English fallback is tested by
 * tests/i18n/test-i18n.c and by the English assertions of test-window.c.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cg-application.h"
#include "cg-i18n.h"
#include "cg-window.h"

#define TIMEOUT_S 60

static struct
{
  char          *tmpdir;
  CgApplication *app;
  CgWindow      *window;
} fx;

typedef gboolean (*Condition) (void);

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_for (Condition   condition,
          guint       seconds,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout_cb, &timed_out);

  while (!condition () && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  else
    g_test_message ("timed out waiting for %s", what);

  return !timed_out;
}

static gboolean
synced_and_loaded (void)
{
  CgSync *sync = cg_window_get_sync (fx.window);
  CgMapView *view = cg_window_get_map_view (fx.window);

  return sync != NULL && cg_sync_get_status (sync) == CG_SYNC_STATUS_OK &&
         !cg_map_view_get_loading (view) &&
         cg_poi_layer_get_n_points (cg_map_view_get_poi_layer (view)) > 0;
}

/* The texts of every label, button and tooltip under widget, one GString */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "[%s]", gtk_label_get_text (GTK_LABEL (widget)));
  if (tooltip != NULL)
    g_string_append_printf (out, "{%s}", tooltip);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The labels of a menu and its sections, in order, "|"-separated */
static void
collect_menu_labels (GMenuModel *model,
                     GString    *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_string_append_printf (out, "%s|", label);
      section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (section != NULL)
        collect_menu_labels (section, out);
    }
}

static void
test_window_chinese (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autoptr(GString) menu = g_string_new (NULL);
  g_autofree char *db = NULL;
  GtkMenuButton *menu_button;
  CgMapView *view;
  CgPoiLayer *layer;
  const char *status;

  fx.tmpdir = g_dir_make_tmp ("cg-test-window-zh-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fx.tmpdir, "cache.db", NULL);
  g_setenv ("CG_CACHE_DB", db, TRUE);
  g_unsetenv ("CG_SERVER_URL");   /* no server: the demo district, as a first start shows */
  g_unsetenv ("CG_SCREENSHOT");

  fx.app = cg_application_new ();
  g_application_set_flags (G_APPLICATION (fx.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fx.app));

  fx.window = CG_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fx.app)));
  g_assert_true (CG_IS_WINDOW (fx.window));
  g_assert_true (cg_window_get_demo (fx.window));

  /* strings from the C code */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fx.window)), ==, "城管指挥 · 普陀区");

  g_assert_true (wait_for (synced_and_loaded, TIMEOUT_S, "the demo district's first sync"));
  status = cg_window_get_status_text (fx.window);
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "更新于 "));

  /* strings from the .ui templates and the C code, as the window shows them */
  collect_texts (GTK_WIDGET (fx.window), texts);
  g_test_message ("texts: %s", texts->str);
  g_assert_nonnull (strstr (texts->str, "[城管指挥 · 普陀区][演示辖区]"));   /* title, subtitle */
  g_assert_nonnull (strstr (texts->str, "[演示数据：模拟的普陀区数据，并非真实记录。"));
  g_assert_nonnull (strstr (texts->str, "[连接服务器…]"));
  g_assert_nonnull (strstr (texts->str, "[图例]"));
  g_assert_nonnull (strstr (texts->str, "{显示沿街商户}"));
  g_assert_nonnull (strstr (texts->str, "[沿街商户]"));
  g_assert_nonnull (strstr (texts->str, "[建筑工地]"));
  g_assert_nonnull (strstr (texts->str, "[非现场执法点位]"));
  g_assert_nonnull (strstr (texts->str, "[风险等级（商户和工地）]"));
  g_assert_nonnull (strstr (texts->str, "[高]"));
  g_assert_nonnull (strstr (texts->str, "[未分级]"));
  g_assert_null (strstr (texts->str, "[Legend]"));
  g_assert_null (strstr (texts->str, "Street merchants"));

  /* the menu of the .ui */
  menu_button = find_menu_button (GTK_WIDGET (fx.window));
  g_assert_nonnull (menu_button);
  collect_menu_labels (gtk_menu_button_get_menu_model (menu_button), menu);
  g_assert_cmpstr (menu->str, ==, "立即同步(_S)|显示全区(_W)|首选项(_P)|关于城管指挥(_A)|退出(_Q)|");

  /* a place's tooltip, built from the cache */
  view = cg_window_get_map_view (fx.window);
  layer = cg_map_view_get_poi_layer (view);
  for (guint i = 0; i < cg_poi_layer_get_n_points (layer); i++)
    if (cg_poi_layer_get_point (layer, i)->collection == CG_COLLECTION_SITES)
      {
        g_autofree char *tooltip = cg_map_view_describe_point (view, i);

        g_test_message ("tooltip: %s", tooltip);
        g_assert_nonnull (strstr (tooltip, "\n建筑工地 · "));
        g_assert_true (g_str_has_suffix (tooltip, "风险") || g_str_has_suffix (tooltip, "未分级"));
        break;
      }

  if (g_getenv ("CG_TEST_SAVE_PNG"))
    {
      g_autoptr(GdkTexture) texture = cg_window_render_texture (fx.window);

      g_assert_nonnull (texture);
      g_assert_true (gdk_texture_save_to_png (texture, g_getenv ("CG_TEST_SAVE_PNG")));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* the default setup: the test environment's LANGUAGE=en (for the English tests) goes, the
   * catalog is the build tree's; then what main.c does */
  localedir = g_build_filename (g_getenv ("CG_TEST_BUILDDIR"), "po", NULL);
  g_setenv ("CG_LOCALEDIR", localedir, TRUE);
  g_unsetenv ("LANGUAGE");
  g_assert_cmpstr (cg_i18n_init (), ==, CG_I18N_DEFAULT_LANGUAGE);
  gtk_disable_setlocale ();
  gtk_init ();

  g_test_add_func ("/cg/app/window-zh/chinese", test_window_chinese);

  ret = g_test_run ();

  if (fx.window != NULL)
    gtk_window_destroy (GTK_WINDOW (fx.window));
  if (fx.app != NULL)
    {
      g_application_quit (G_APPLICATION (fx.app));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_clear_object (&fx.app);
  if (fx.tmpdir != NULL)
    {
      g_autofree char *db = g_build_filename (fx.tmpdir, "cache.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (fx.tmpdir);
      g_free (fx.tmpdir);
    }

  return ret;
}
