#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs the Debian packages the tests use as reference clients
# (when missing), then builds every module and runs unit, integration and interop tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(rhash python3 python3-zeep iproute2 postgresql aria2 opentracker transmission-daemon transmission-cli python3-libtorrent mktorrent amule-daemon amule-utils gcc libc6-dev)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
