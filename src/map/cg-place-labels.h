/* cg-place-labels.h: user-visible names of the API's machine values
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cg-records.h"

G_BEGIN_DECLS

/* Translated labels; unknown values come back unchanged (never NULL for non-NULL input). */
const char *cg_label_risk            (CgRisk        risk);
const char *cg_label_kind            (CgCollection  collection,
                                      const char   *category);
const char *cg_label_category        (CgCollection  collection,
                                      const char   *category);
const char *cg_label_site_stage      (const char   *stage);
const char *cg_label_point_scenario  (const char   *scenario);
const char *cg_label_point_status    (const char   *status);

G_END_DECLS
