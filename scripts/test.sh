#!/usr/bin/env bash
# One command: install what is missing, build, and run the whole test suite headless
# (Xvfb), then again built with AddressSanitizer + UndefinedBehaviorSanitizer.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh || exit 1

export MESON_TESTTHREADS=${MESON_TESTTHREADS:-2}
XVFB=(xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp")
total_ok=0
total_fail=0

run_suite () {
  local dir=$1; shift
  local log
  if ! "${XVFB[@]}" meson test -C "$dir" --print-errorlogs "$@"; then
    :
  fi
  log="$dir/meson-logs/testlog.json"
  if [ -f "$log" ]; then
    local ok fail
    ok=$(grep -c '"result": "OK"' "$log" || true)
    fail=$(grep -Ec '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
    total_ok=$((total_ok + ok))
    total_fail=$((total_fail + fail))
    echo "== $dir: $ok passed, $fail failed"
  else
    total_fail=$((total_fail + 1))
  fi
}

# 1. the normal build
if [ ! -d _build-test ]; then
  meson setup _build-test -Dbench=false --werror || exit 1
fi
meson compile -C _build-test || exit 1
run_suite _build-test

# 2. the same suite under ASan + UBSan (own build dir). GTK's caches look like leaks in
#    the tests that open windows, so leak detection is off for the 'gui' suite only.
if [ ! -d _build-asan ]; then
  meson setup _build-asan -Dbench=false -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debug || exit 1
fi
meson compile -C _build-asan || exit 1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ASAN_OPTIONS=detect_leaks=1 run_suite _build-asan --no-suite gui
mv _build-asan/meson-logs/testlog.json _build-asan/meson-logs/testlog-unit.json 2>/dev/null || true
ASAN_OPTIONS=detect_leaks=0 run_suite _build-asan --suite gui

echo
echo "tests: $total_ok passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_ok" -gt 0 ]
