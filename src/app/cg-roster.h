/* cg-roster.h: the officers and vehicles of a live feed, grouped by squad, filtered
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-live-feed.h"
#include "cg-roster-item.h"

G_BEGIN_DECLS

typedef enum
{
  CG_ROSTER_FILTER_ALL,
  CG_ROSTER_FILTER_ON_DUTY,     /* online or stale */
  CG_ROSTER_FILTER_MOVING,      /* online and faster than CG_ROSTER_MOVING_KMH */
  CG_ROSTER_FILTER_OFFLINE,
} CgRosterFilter;

/* A device faster than this is moving */
#define CG_ROSTER_MOVING_KMH 1.0

#define CG_TYPE_ROSTER (cg_roster_get_type ())
G_DECLARE_FINAL_TYPE (CgRoster, cg_roster, CG, ROSTER, GObject)

CgRoster   *cg_roster_new          (void);
/* (nullable) */
void        cg_roster_set_feed     (CgRoster       *self,
                                    CgLiveFeed     *feed);
/* @now: unix seconds for the states (0 = real time; tests pin it) */
void        cg_roster_set_now      (CgRoster       *self,
                                    gint64          now);

/* The squads (CgRosterItem), each with its matching devices as children; squads with no
 * matching device are left out while a filter or search is set. Squads by name. */
GListModel *cg_roster_get_model    (CgRoster       *self);

void        cg_roster_set_filter   (CgRoster       *self,
                                    CgRosterFilter  filter);
/* Case-insensitive part of the name or unit id; NULL or "" = all */
void        cg_roster_set_search   (CgRoster       *self,
                                    const char     *search);
/* Re-reads the feed now (the roster also does so at most once a second by itself) */
void        cg_roster_refresh      (CgRoster       *self);

/* Whether a device is moving (exported for the tests and the panel) */
gboolean    cg_roster_device_is_moving (const CgLiveDevice *device,
                                        CgUnitState         state);

G_END_DECLS
