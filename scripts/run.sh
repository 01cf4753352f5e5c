#!/usr/bin/env bash
# One command: install what is missing, build, install into ./_install and start the app
# on its embedded default (the simulated 普陀区 demo district), in Simplified Chinese unless
# the environment names another language (LANGUAGE=en ./scripts/run.sh for English).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
if [ ! -d _build ]; then
  meson setup _build --prefix="$PWD/_install" -Dbench=false
fi
meson compile -C _build
meson install -C _build --quiet

export XDG_DATA_DIRS="$PWD/_install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export GSETTINGS_SCHEMA_DIR="$PWD/_install/share/glib-2.0/schemas"
exec "$PWD/_install/bin/chengguan-command" "$@"
