/* test-renderer.c: the renderer choice (cairo on a software GL rasteriser)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "cg-renderer.h"

static void
test_software_strings (void)
{
  /* GL_RENDERER / GL_VENDOR as Mesa and others report them */
  g_assert_true (cg_renderer_gl_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)", "Mesa/X.org"));
  g_assert_true (cg_renderer_gl_is_software ("llvmpipe (LLVM 17.0.6, 128 bits)", "Mesa"));
  g_assert_true (cg_renderer_gl_is_software ("softpipe", "Mesa/X.org"));
  g_assert_true (cg_renderer_gl_is_software ("Software Rasterizer", "Mesa Project"));
  g_assert_true (cg_renderer_gl_is_software ("Mesa X11", "Brian Paul"));
  g_assert_true (cg_renderer_gl_is_software ("Google SwiftShader", "Google Inc."));
  g_assert_true (cg_renderer_gl_is_software ("GDI Generic", "Microsoft Corporation"));

  g_assert_false (cg_renderer_gl_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "Intel"));
  g_assert_false (cg_renderer_gl_is_software ("AMD Radeon RX 580 Series (radeonsi, polaris10, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)",
                                              "AMD"));
  g_assert_false (cg_renderer_gl_is_software ("NVIDIA GeForce GTX 1050/PCIe/SSE2", "NVIDIA Corporation"));
  g_assert_false (cg_renderer_gl_is_software ("virgl (Intel(R) UHD Graphics)", "Mesa"));
  g_assert_false (cg_renderer_gl_is_software ("", "Mesa"));
  g_assert_false (cg_renderer_gl_is_software (NULL, NULL));
}

/* An explicit $GSK_RENDERER is never overridden (and nothing is probed) */
static void
test_environment_wins (void)
{
  g_setenv ("GSK_RENDERER", "ngl", TRUE);
  g_assert_null (cg_renderer_choose (gdk_display_get_default ()));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
  g_unsetenv ("GSK_RENDERER");
}

/* Xvfb has no GPU: GL, when there is any, is Mesa's llvmpipe. Either the probe picks cairo
 * or GSK falls back to it by itself; the window must draw with cairo. */
static void
test_xvfb_draws_with_cairo (void)
{
  const char *chosen;
  GtkWidget *window;
  GskRenderer *renderer;

  g_unsetenv ("GSK_RENDERER");
  chosen = cg_renderer_choose (gdk_display_get_default ());
  if (chosen != NULL)
    {
      g_assert_cmpstr (chosen, ==, "cairo");
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
    }

  window = gtk_window_new ();
  gtk_widget_realize (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_nonnull (renderer);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* the suite's environment forces cairo; this test decides for itself */
  g_unsetenv ("GSK_RENDERER");
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer/software-strings", test_software_strings);
  g_test_add_func ("/renderer/environment-wins", test_environment_wins);
  g_test_add_func ("/renderer/xvfb-draws-with-cairo", test_xvfb_draws_with_cairo);

  return g_test_run ();
}
