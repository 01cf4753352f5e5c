/* cg-store-register-cache.h — the inspection register of a cache, kept between refreshes
 *
 * Copyright 2026 Chengguan Command contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cg-inspection-rules.h"
#include "cg-store.h"

G_BEGIN_DECLS

/* The register of every graded target of a cache with all its inspections, plus the
 * inspections counted by day, street and result. One is kept in memory (for the last cache
 * path asked) and given again while the cache's register generation (migration 6: bumped
 * by triggers on every write to inspections, and from migration 8 on every write to
 * merchants or sites that the register sees: grade, street, name, id) is the one it was
 * read with. Otherwise, when no one else holds it and the change logs (inspection_changes,
 * migration 7; place_changes, migration 8) hold every change since (no more than a fifth
 * of the inspections or of the targets, or 256), the changes are applied to it in place;
 * else (a log pruned past it, too many changes, a merchant and a site with one id, the
 * first inspection of the history gone) it is read again.
 * Thread-safe; the object is immutable once returned (until its last other holder drops
 * it). */
typedef struct _CgRegisterCache CgRegisterCache;

/* Call inside a read transaction of @store, so the generation and the rows agree. */
CgRegisterCache      *_cg_register_cache_get          (CgStore          *store,
                                                       GError          **error);
CgRegisterCache      *_cg_register_cache_ref          (CgRegisterCache  *cache);
void                  _cg_register_cache_unref        (CgRegisterCache  *cache);

/* How many times a register was read from the database, all of it or its changes (tests) */
guint                 _cg_register_cache_get_n_loads  (void);
/* How many times all of it was read (tests) */
guint                 _cg_register_cache_get_n_full_loads (void);
/* Forgets the register kept in memory (tests, benchmarks) */
void                  _cg_register_cache_clear        (void);

/* The register cg_store_load_inspection_register (store, street_code, until) would read,
 * same targets in the same order, same inspections, same history start, built from
 * @cache without reading the database. Its strings, grades and days are @cache's: free it
 * with _cg_register_cache_view_free() (it holds a reference on @cache). */
CgInspectionRegister *_cg_register_cache_view         (CgRegisterCache  *cache,
                                                       const char       *street_code,
                                                       CgDay             until);
void                  _cg_register_cache_view_free    (CgInspectionRegister *view);

/* The inspections of [first, last] (of @street_code, or every street when NULL): each
 * day's count into per_day[day - first], each result's count into @results (result or ""
 * -> GUINT_TO_POINTER (count), keys newly allocated), the total returned. */
guint                 _cg_register_cache_count        (CgRegisterCache  *cache,
                                                       const char       *street_code,
                                                       CgDay             first,
                                                       CgDay             last,
                                                       guint            *per_day,
                                                       GHashTable       *results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgRegisterCache, _cg_register_cache_unref)

G_END_DECLS
