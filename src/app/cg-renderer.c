/* cg-renderer.c: which GSK renderer the windows use
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL whenever it can create a context, even when that context is
 * Mesa's software rasteriser (llvmpipe, softpipe, swrast): office PCs without a usable
 * GPU driver, virtual machines, remote desktops. There every frame is rasterised on the
 * CPU by llvmpipe's threads, and the map (a full-window texture layer redrawn ten times a
 * second while officers glide) costs more than a core of CPU on top of ~170 MiB of GL state
 * in the process (bench/live, bench/map). GTK's cairo renderer draws the same frames with
 * pixman at a fraction of that. So, before the first window is realized (GSK reads
 * $GSK_RENDERER once, at the first realize), probe the GL implementation and pick the cairo
 * renderer when it is a software one. An explicit $GSK_RENDERER always wins.
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <epoxy/gl.h>

#include "cg-renderer.h"

/* GL_RENDERER / GL_VENDOR strings of Mesa's CPU rasterisers ("llvmpipe (LLVM 15.0.6, 256
 * bits)", "softpipe", "Software Rasterizer" of swrast, "Mesa X11" of the xlib driver) and
 * of other software GL implementations (Microsoft's GDI generic, SwiftShader). */
gboolean
cg_renderer_gl_is_software (const char *gl_renderer,
                            const char *gl_vendor)
{
  static const char * const software[] = {
    "llvmpipe", "softpipe", "swrast", "software rasterizer", "mesa x11",
    "swiftshader", "gdi generic", "lavapipe",
  };
  g_autofree char *renderer = NULL;

  if (gl_renderer == NULL || *gl_renderer == '\0')
    return FALSE;

  renderer = g_ascii_strdown (gl_renderer, -1);
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      return TRUE;

  /* Microsoft's generic GDI implementation names itself only in the vendor string */
  if (gl_vendor != NULL && g_ascii_strcasecmp (gl_vendor, "Microsoft Corporation") == 0 &&
      strstr (renderer, "gdi") != NULL)
    return TRUE;

  return FALSE;
}

/* Returns the renderer chosen ("cairo") or NULL when GTK's own choice stands (an explicit
 * $GSK_RENDERER, a hardware GL driver, or no GL at all: then GSK falls back to cairo by
 * itself). Must run before any window of the process is realized. */
const char *
cg_renderer_choose (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *gl_renderer;
  const char *gl_vendor;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  if (g_getenv ("GSK_RENDERER") != NULL)
    {
      g_debug ("GSK_RENDERER=%s set by the environment", g_getenv ("GSK_RENDERER"));
      return NULL;
    }

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No GL context (%s): GSK uses cairo by itself", error->message);
      return NULL;
    }

  gdk_gl_context_make_current (context);
  gl_renderer = (const char *) glGetString (GL_RENDERER);
  gl_vendor = (const char *) glGetString (GL_VENDOR);
  software = cg_renderer_gl_is_software (gl_renderer, gl_vendor);
  g_debug ("GL renderer: %s (%s)%s", gl_renderer ? gl_renderer : "?",
           gl_vendor ? gl_vendor : "?", software ? ": software, drawing with cairo" : "");
  gdk_gl_context_clear_current ();

  if (!software)
    return NULL;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return "cairo";
}
