/* cg-renderer.h: which GSK renderer the windows use
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean     cg_renderer_gl_is_software (const char *gl_renderer,
                                         const char *gl_vendor);
const char  *cg_renderer_choose         (GdkDisplay *display);

G_END_DECLS
