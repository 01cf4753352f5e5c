// supercluster.mjs: the npm package supercluster on the points bench-cluster wrote
//
// Copyright 2026 The Cg authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node supercluster.mjs OUT_DIR [REPS]
// Same geometry as CgClusterIndex's defaults: radius 40 px at 256-px tiles
// (radius 40, extent 256), max zoom 16, min points 2.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Supercluster from 'supercluster';

const dir = process.argv[2];
const reps = Number(process.argv[3] ?? 7);
const raw = JSON.parse(readFileSync(join(dir, 'points.json'), 'utf8'));
const features = raw.map(([lon, lat, risk], i) => ({
  type: 'Feature',
  properties: { i, risk },
  geometry: { type: 'Point', coordinates: [lon, lat] },
}));

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const plain = { radius: 40, extent: 256, maxZoom: 16, minPoints: 2 };
// The same, also counting points per risk grade the way CgClusterIndex does
const withRisk = {
  ...plain,
  map: (p) => ({ r0: p.risk === 0 ? 1 : 0, r1: p.risk === 1 ? 1 : 0,
                 r2: p.risk === 2 ? 1 : 0, r3: p.risk === 3 ? 1 : 0 }),
  reduce: (a, p) => { a.r0 += p.r0; a.r1 += p.r1; a.r2 += p.r2; a.r3 += p.r3; },
};

function timeLoad (opts) {
  let index = null;
  const t = [];
  for (let r = -1; r < reps; r++) {   // one untimed warm-up run
    const t0 = performance.now();
    index = new Supercluster(opts).load(features);
    const t1 = performance.now();
    if (r >= 0) t.push(t1 - t0);
  }
  return { index, ms: median(t) };
}

const lon = (x) => x * 360 - 180;
const lat = (y) => Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
const mx = (lo) => (lo + 180) / 360;
const my = (la) => {
  const s = Math.sin(la * Math.PI / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

const plainRun = timeLoad(plain);
const riskRun = timeLoad(withRisk);
const cx = mx(121.47), cy = my(31.23);
const queries = [];

for (const z of [10, 13, 16]) {
  const world = 256 * 2 ** z;
  const hw = 960 / world, hh = 540 / world;
  const bbox = [lon(cx - hw), lat(cy + hh), lon(cx + hw), lat(cy - hh)];
  const inner = 200;
  const t = [];
  let items = 0;
  for (let r = -1; r < reps; r++) {
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) items = plainRun.index.getClusters(bbox, z).length;
    const t1 = performance.now();
    if (r >= 0) t.push((t1 - t0) / inner);
  }
  queries.push({ zoom: z, ms: median(t), items });
}

const result = { points: features.length, load_ms: plainRun.ms, load_risk_ms: riskRun.ms, queries };
writeFileSync(join(dir, 'supercluster-results.json'), JSON.stringify(result) + '\n');

console.log(`supercluster ${JSON.parse(readFileSync(new URL('./node_modules/supercluster/package.json', import.meta.url))).version} (node ${process.version}): ${features.length} points, radius 40 extent 256, max zoom 16`);
console.log(`  load()                      median ${plainRun.ms.toFixed(1).padStart(7)} ms`);
console.log(`  load() with risk map/reduce median ${riskRun.ms.toFixed(1).padStart(7)} ms`);
for (const q of queries)
  console.log(`  getClusters zoom ${String(q.zoom).padStart(2)} 1920x1080 median ${q.ms.toFixed(4).padStart(7)} ms  (${q.items} items)`);
