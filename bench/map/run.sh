#!/bin/sh
# bench/map/run.sh: frame times of the map at city scale, and the clustering against
# supercluster, in one run (see bench/README.md, section bench/map).
#
#   bench/map/run.sh [BUILDDIR]     (default: _build; needs -Dbench=true, the default)
#
# Not a test: it prints figures. Needs xvfb-run, /usr/bin/time (Debian package "time"), and
# node + npm for the supercluster half (bench/cluster/run.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUILD=${1:-_build}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
CITYSIM=$BUILD/src/chengguan-citysim
CLI=$BUILD/src/cli/chengguan-cli
BENCH=$BUILD/bench/map/bench-map
MERCHANTS=${MERCHANTS:-196000}
SITES=${SITES:-4295}
POINTS=${POINTS:-2000}
NOW=2026-11-23T10:00:00+08:00

for f in "$CITYSIM" "$CLI" "$BENCH" /usr/bin/time; do
  [ -x "$f" ] || { echo "missing $f (meson compile; apt install time)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/bench-map.XXXXXX)
SIM_PID=
cleanup () {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "# bench/map — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# city: $MERCHANTS merchants, $SITES sites, $POINTS enforcement points"

# 1. the city-scale cache, as bench/sync builds it
"$CITYSIM" --merchants "$MERCHANTS" --sites "$SITES" --points "$POINTS" --now "$NOW" \
  >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
URL=
for _ in $(seq 1 600); do
  URL=$(head -n 1 "$WORK/sim.out" 2>/dev/null || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "citysim did not start" >&2; cat "$WORK/sim.err" >&2; exit 1; }
"$CLI" sync --server "$URL" --db "$WORK/cache.db" --no-keyring --page-size 2000 \
  --collections merchants,sites,enforcement-points,inspections,cases >"$WORK/sync.out"
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=
"$CLI" stats --db "$WORK/cache.db"; echo
cat "$WORK/cache.db" >/dev/null   # warm: the cache file is in the page cache

# 2. the map, under Xvfb at 1920x1080, drawn with the renderer the app picks (cairo on
#    llvmpipe; GSK_RENDERER=gl bench/map/run.sh for the GL renderer)
XDG_CACHE_HOME=$WORK/xdg-cache GSETTINGS_BACKEND=memory GTK_A11Y=none \
  /usr/bin/time -v -o "$WORK/map.time" \
  xvfb-run -a -s "-screen 0 1920x1080x24" "$BENCH" "$WORK/cache.db"
echo "peak RSS of the whole run (/usr/bin/time, the largest process): \
$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/map.time") / 1024 )) MiB"
echo

# 3. the clustering against supercluster on the same 200,000 points, same run
"$root/bench/cluster/run.sh" "$BUILD" 7
