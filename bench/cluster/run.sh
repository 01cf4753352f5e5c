#!/bin/sh
# bench/cluster/run.sh: CgClusterIndex against supercluster on the same 200,000 points
#
# Copyright 2026 The Cg authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/cluster/run.sh [BUILD_DIR] [REPS]   (BUILD_DIR default: _build)
# Needs a build configured with -Dbench=true (the default) and node + npm.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-_build}
reps=${2:-7}
case $build in /*) ;; *) build=$root/$build ;; esac
out=$root/bench/out/cluster
exe=$build/bench/cluster/bench-cluster

if [ ! -x "$exe" ]; then
  meson compile -C "$build" bench-cluster
fi
if [ ! -d "$here/node_modules/supercluster" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

mkdir -p "$out"
"$exe" --reps "$reps" "$out"
node "$here/supercluster.mjs" "$out" "$reps"

node -e '
const fs = require("fs");
const cg = JSON.parse(fs.readFileSync(process.argv[1] + "/cg-results.json"));
const sc = JSON.parse(fs.readFileSync(process.argv[1] + "/supercluster-results.json"));
const f = (x) => x.toFixed(2) + "x";
console.log("ratios (supercluster / CgClusterIndex; above 1 means ours is faster)");
console.log("  build:           " + f(sc.load_ms / cg.build_ms) + "  (target >= 2x)");
console.log("  project + build: " + f(sc.load_ms / cg.project_build_ms));
console.log("  vs load() with risk counts: " + f(sc.load_risk_ms / cg.project_build_ms));
for (let i = 0; i < cg.queries.length; i++) {
  const a = cg.queries[i], b = sc.queries[i];
  console.log("  query zoom " + a.zoom + ":   " + f(b.ms / a.ms) + "  (target >= 1x; items " + a.items + " vs " + b.items + ")");
}
' "$out"
