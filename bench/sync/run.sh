#!/bin/sh
# bench/sync/run.sh: chengguan-cli sync at city scale against the raw baseline.
#
#   bench/sync/run.sh [BUILDDIR]        (default: _build; needs -Dbench=true, the default)
#
# Not a test: it prints figures (wall time, records/s, peak RSS, where the time goes) for
# bench/README.md. Needs /usr/bin/time (Debian package "time").
set -eu

BUILD=${1:-_build}
CITYSIM=$BUILD/src/chengguan-citysim
CLI=$BUILD/src/cli/chengguan-cli
BASELINE=$BUILD/bench/bench-sync-baseline
MERCHANTS=${MERCHANTS:-196000}
SITES=${SITES:-4295}
POINTS=${POINTS:-2000}
PAGE=${PAGE:-2000}
NOW=2026-11-23T10:00:00+08:00
PLACES=merchants,sites,enforcement-points

for f in "$CITYSIM" "$CLI" "$BASELINE" /usr/bin/time; do
  [ -x "$f" ] || { echo "missing $f (build with meson; apt install time)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/bench-sync.XXXXXX)
SIM_PID=
cleanup () {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# start_sim ARGS...: starts the simulator, sets SIM_PID and URL
start_sim () {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null || true
  "$CITYSIM" --merchants "$MERCHANTS" --sites "$SITES" --points "$POINTS" "$@" \
    >"$WORK/sim.out" 2>"$WORK/sim.err" &
  SIM_PID=$!
  URL=
  for _ in $(seq 1 600); do
    URL=$(head -n 1 "$WORK/sim.out" 2>/dev/null || true)
    [ -n "$URL" ] && break
    sleep 0.1
  done
  [ -n "$URL" ] || { echo "citysim did not start" >&2; cat "$WORK/sim.err" >&2; exit 1; }
}

# timed NAME CMD...: runs CMD under /usr/bin/time -v, keeps stdout in $WORK/NAME.out
timed () {
  name=$1; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
    echo "$name failed:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/$name.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$name.time")
  echo "## $name: wall $wall, peak RSS $((rss / 1024)) MiB"
  cat "$WORK/$name.out"
  echo
}

echo "# bench/sync — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, page size $PAGE"
echo "# city: $MERCHANTS merchants, $SITES sites, $POINTS enforcement points"
echo

start_sim --now "$NOW"
echo "simulator (pinned time) at $URL"
# warm the simulator's page generation once, so both runs see the same server
curl -s -o /dev/null "${URL}api/v1/merchants?limit=1" || true

timed cli-initial "$CLI" sync --server "$URL" --db "$WORK/cli.db" --no-keyring \
  --page-size "$PAGE" --collections "$PLACES"
timed baseline "$BASELINE" "$URL" "$WORK/baseline.db" "$PAGE"
timed cli-initial-2 "$CLI" sync --server "$URL" --db "$WORK/cli2.db" --no-keyring \
  --page-size "$PAGE" --collections "$PLACES"
timed baseline-2 "$BASELINE" "$URL" "$WORK/baseline2.db" "$PAGE"
timed cli-nothing-changed "$CLI" sync --server "$URL" --db "$WORK/cli.db" --no-keyring \
  --page-size "$PAGE" --collections "$PLACES"
timed cli-all-collections "$CLI" sync --server "$URL" --db "$WORK/all.db" --no-keyring \
  --page-size "$PAGE"
"$CLI" stats --db "$WORK/all.db"; echo

# Incremental: a simulator in real time changing 12000 merchants a minute, i.e. ~1000 per
# 5-second tick. Sync, catch up, wait one tick, then time the incremental sync.
start_sim --changes-per-minute 12000
echo "simulator (real time, 12000 changes/min) at $URL"
"$CLI" sync --server "$URL" --db "$WORK/inc.db" --no-keyring --page-size "$PAGE" \
  --collections "$PLACES" >/dev/null
"$CLI" sync --server "$URL" --db "$WORK/inc.db" --no-keyring --page-size "$PAGE" \
  --collections "$PLACES" >/dev/null
sleep 5.5
timed cli-incremental "$CLI" sync --server "$URL" --db "$WORK/inc.db" --no-keyring \
  --page-size "$PAGE" --collections "$PLACES"
