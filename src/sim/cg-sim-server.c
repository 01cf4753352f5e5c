/* cg-sim-server.c: the city API simulator's HTTP side
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cg-sim-server.h"

struct _CgSimServer
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (CgSimServer, cg_sim_server, G_TYPE_OBJECT)

static void
cg_sim_server_class_init (CgSimServerClass *klass)
{
}

static void
cg_sim_server_init (CgSimServer *self)
{
}

void
cg_sim_config_init (CgSimConfig *config)
{
  memset (config, 0, sizeof *config);
}

void
cg_sim_config_clear (CgSimConfig *config)
{
  g_clear_pointer (&config->district, g_free);
  g_clear_pointer (&config->token, g_free);
}

CgSimServer *
cg_sim_server_new (const CgSimConfig  *config,
                   GError            **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return NULL;
}

gboolean
cg_sim_server_listen (CgSimServer  *self,
                      guint         port,
                      GError      **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}

char *
cg_sim_server_get_url (CgSimServer *self)
{
  return NULL;
}

void
cg_sim_server_set_faults (CgSimServer       *self,
                          const CgSimConfig *faults)
{
}

void
cg_sim_server_advance (CgSimServer *self,
                       guint        seconds)
{
}

guint
cg_sim_server_get_hits (CgSimServer *self,
                        const char  *path)
{
  return 0;
}

CgSimThread *
cg_sim_thread_start (const CgSimConfig  *config,
                     GError            **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return NULL;
}

const char *
cg_sim_thread_get_url (CgSimThread *thread)
{
  return NULL;
}

void
cg_sim_thread_stop (CgSimThread *thread)
{
}
