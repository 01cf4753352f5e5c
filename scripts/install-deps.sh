#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build, run and test Chengguan Command.
# Only what is missing is installed. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # build
  build-essential meson ninja-build pkg-config gettext libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libshumate-dev libsoup-3.0-dev libjson-glib-dev
  libsqlite3-dev libsecret-1-dev libepoxy-dev
  # run
  # (fonts-noto-cjk: the Chinese UI; libglib2.0-data: GLib's own zh_CN messages, a Recommends)
  glib-networking fonts-noto-cjk gsettings-desktop-schemas libglib2.0-data
  # test
  xvfb xauth desktop-file-utils appstream python3-jsonschema flatpak-builder sqlite3
  poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
