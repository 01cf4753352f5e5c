/* cg-draw.h: reproducible random draws: double-random spot checks (双随机) and the
 * quarterly case sampling of enforcement supervision
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generator is xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64,
 * implemented here so a seed gives the same draw on every platform and every GLib
 * (g_random's algorithm is not a promise). Populations are sorted by id before drawing,
 * so the draw depends only on the seed and the set of ids, not on query order.
 * Picking is a partial Fisher-Yates shuffle with unbiased bounded integers (rejection).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CG_DRAW_ERROR (cg_draw_error_quark ())

typedef enum
{
  CG_DRAW_ERROR_INVALID,       /* bad count or fraction */
  CG_DRAW_ERROR_TOO_FEW,       /* the population is smaller than the draw */
  CG_DRAW_ERROR_PARSE,         /* a saved draw cannot be read */
} CgDrawError;

GQuark cg_draw_error_quark (void);

typedef struct
{
  guint64 s[4];
} CgRng;

void      cg_rng_init   (CgRng   *rng,
                         guint64  seed);
guint64   cg_rng_next   (CgRng   *rng);
/* uniform in [0, bound); bound > 0 */
guint64   cg_rng_below  (CgRng   *rng,
                         guint64  bound);

/* A member of a population: a target, an inspector or a case. */
typedef struct
{
  char *id;
  char *type;          /* "merchant" | "site" | "officer" | "case" */
  char *name;          /* nullable; cases: case_no */
  char *street_code;   /* nullable */
  char *detail;        /* nullable; cases: filing date YYYY-MM-DD */
} CgDrawItem;

CgDrawItem *cg_draw_item_new  (const char *id,
                               const char *type,
                               const char *name,
                               const char *street_code,
                               const char *detail);
void        cg_draw_item_free (CgDrawItem *item);

typedef enum
{
  CG_DRAW_KIND_SPOT_CHECK,     /* N targets x M inspectors */
  CG_DRAW_KIND_CASE_SAMPLE,    /* a fraction of a period's cases */
} CgDrawKind;

typedef struct
{
  CgDrawKind  kind;
  guint64     seed;
  gint64      created_at;       /* Unix seconds */
  char       *street_code;      /* filter used, nullable */
  char       *period;           /* case sample: "2026Q3"; nullable */
  double      fraction;         /* case sample: the share asked for (0.10) */
  guint       population;       /* targets (or cases) drawn from */
  guint       inspector_population;
  GPtrArray  *items;            /* CgDrawItem, drawn targets or cases, in draw order */
  GPtrArray  *inspectors;       /* CgDrawItem, drawn inspectors, in draw order */
} CgDraw;

void     cg_draw_free          (CgDraw      *draw);

/* A fresh seed for a draw whose user gave none (shown with the draw). */
guint64  cg_draw_new_seed      (void);

/* @k distinct indexes of [0, @n) in draw order, from @rng. (transfer full) */
guint   *cg_draw_pick          (CgRng       *rng,
                                guint        n,
                                guint        k);

/* Draws @n_targets of @targets and @n_inspectors of @inspectors (CgDrawItem; neither is
 * changed or kept). Target i gets the team cg_draw_get_team() gives. */
CgDraw  *cg_draw_spot_check    (GPtrArray   *targets,
                                GPtrArray   *inspectors,
                                guint        n_targets,
                                guint        n_inspectors,
                                guint64      seed,
                                GError     **error);

/* ceil (@fraction x @population); at least 1 when the population is not empty */
guint    cg_draw_sample_size   (guint        population,
                                double       fraction);

/* Draws cg_draw_sample_size (cases->len, fraction) of @cases (CgDrawItem). @fraction in
 * (0, 1]; supervision asks for at least 0.10 of a quarter. */
CgDraw  *cg_draw_case_sample   (GPtrArray   *cases,
                                double       fraction,
                                guint64      seed,
                                GError     **error);

/* The inspectors (indexes into draw->inspectors) of drawn target @i: two per target, as
 * enforcement needs, taken round-robin: (i mod M, (i + 1) mod M); one when M = 1.
 * Returns how many (0 for a case sample). */
guint    cg_draw_get_team      (const CgDraw *draw,
                                guint         i,
                                guint        *first,
                                guint        *second);

/* Exports. JSON keeps everything (the seed as a decimal string: 64 bits); CSV is one row
 * per drawn target or case, UTF-8 with a BOM, with the seed on every row. */
char    *cg_draw_to_json       (const CgDraw *draw);
CgDraw  *cg_draw_from_json     (const char   *json,
                                GError      **error);
char    *cg_draw_to_csv        (const CgDraw *draw,
                                gsize        *length);

/* Where draws are kept: $XDG_DATA_HOME/chengguan-command/draws. (transfer full) */
char    *cg_draw_get_default_dir (void);
/* Writes the JSON to @dir (created) as <kind>-<YYYYMMDD-HHMMSS>-<seed>.json, atomically;
 * @out_path (optional) gets the file name. */
gboolean cg_draw_save          (const CgDraw *draw,
                                const char   *dir,
                                char        **out_path,
                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDraw, cg_draw_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgDrawItem, cg_draw_item_free)

G_END_DECLS
