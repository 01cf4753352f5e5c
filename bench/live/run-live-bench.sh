#!/bin/sh
# bench/live: the live feed soak. The simulator with 1,455 officers and 120 vehicles reporting
# every second over the WebSocket, the app on it under Xvfb for CG_BENCH_MINUTES (default 10).
# Reports the app's CPU (share of one core, after the first minute), the latency from a
# position leaving the server to the first frame that shows it (median, p95), and RSS at
# start (after the first minute) and at the end.
#
#   meson setup _build-bench -Dbench=true && meson compile -C _build-bench
#   CG_BENCH_MINUTES=3 bench/live/run-live-bench.sh _build-bench
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

BUILD=${1:-_build-bench}
MINUTES=${CG_BENCH_MINUTES:-10}
OFFICERS=${CG_BENCH_OFFICERS:-1455}
VEHICLES=${CG_BENCH_VEHICLES:-120}
SIM="$BUILD/src/chengguan-citysim"
APP="$BUILD/src/chengguan-command"
OBSERVER="$BUILD/bench/live/bench-live-observer"
for f in "$SIM" "$APP" "$OBSERVER"; do
  [ -x "$f" ] || { echo "missing $f (configure with -Dbench=true)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg-live-bench-XXXXXX")
PORT=$((20000 + $$ % 20000))
DISPLAY_NO=$((200 + $$ % 500))
PIDS=""
cleanup () {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$SIM" --port "$PORT" --officers "$OFFICERS" --vehicles "$VEHICLES" --live-interval 1 \
  --events-per-hour 12 >"$WORK/sim.log" 2>&1 &
PIDS="$PIDS $!"
URL="http://127.0.0.1:$PORT/"
i=0
until curl -sf "${URL}api/groups" >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 120 ] || { echo "simulator did not start" >&2; cat "$WORK/sim.log" >&2; exit 1; }
  sleep 0.5
done

Xvfb ":$DISPLAY_NO" -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
PIDS="$PIDS $!"
sleep 1

"$OBSERVER" "$URL" "$WORK/server.tsv" >"$WORK/observer.log" 2>&1 &
PIDS="$PIDS $!"

DISPLAY=":$DISPLAY_NO" GDK_BACKEND=x11 GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$BUILD/data" GTK_A11Y=none NO_AT_BRIDGE=1 \
  CG_SERVER_URL="$URL" CG_CACHE_DB="$WORK/cache.db" CG_LIVE_LATENCY_LOG="$WORK/app.tsv" \
  "$APP" >"$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS="$APP_PID $PIDS"

TCK=$(getconf CLK_TCK)
ticks () { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
rss_kb () { awk '/^VmRSS/ {print $2}' "/proc/$APP_PID/status"; }

sleep 60
T0=$(date +%s.%N); C0=$(ticks); RSS0=$(rss_kb)
echo "after 1 min: RSS ${RSS0} kB"
REST=$((MINUTES * 60 - 60))
[ $REST -gt 0 ] || REST=60
while [ $REST -gt 0 ]; do
  STEP=$((REST < 60 ? REST : 60))
  sleep $STEP
  REST=$((REST - STEP))
  echo "  RSS $(rss_kb) kB"
done
T1=$(date +%s.%N); C1=$(ticks); RSS1=$(rss_kb)

python3 - "$WORK" "$T0" "$T1" "$C0" "$C1" "$TCK" "$RSS0" "$RSS1" "$OFFICERS" "$VEHICLES" "$MINUTES" <<'PY'
import sys, statistics
work, t0, t1, c0, c1, tck, rss0, rss1, o, v, m = sys.argv[1:]
cpu = (int(c1) - int(c0)) / int(tck) / (float(t1) - float(t0)) * 100
server = {}
for line in open(work + "/server.tsv"):
    fix, us = line.split()
    server.setdefault(int(fix), int(us))          # the first message with that fix
lat = []
for line in open(work + "/app.tsv"):
    fix, batch, frame = map(int, line.split())
    if fix in server and float(t0) * 1e6 <= frame <= float(t1) * 1e6:
        lat.append((frame - server[fix]) / 1000.0)
lat.sort()
def pct(p):
    return lat[min(len(lat) - 1, int(round(p / 100.0 * (len(lat) - 1))))] if lat else float("nan")
print(f"devices: {o} officers + {v} vehicles, 1 s socket interval, {m} min")
print(f"CPU (after the first minute): {cpu:.1f}% of one core")
print(f"latency server -> first frame: median {pct(50):.0f} ms, p95 {pct(95):.0f} ms ({len(lat)} batches)")
print(f"RSS: {int(rss0)/1024:.1f} MiB after 1 min, {int(rss1)/1024:.1f} MiB at the end "
      f"({(int(rss1)-int(rss0))/1024:+.1f} MiB)")
PY
echo "logs: $WORK"
