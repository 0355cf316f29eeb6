#!/bin/sh
# Installs the Debian 12 packages pywarden builds, tests and benchmarks with.
# Runs as root (CI, containers) or through sudo. Skips apt when everything is present.
set -eu
PKGS="build-essential cmake pkg-config libpython3-dev libcjson-dev libseccomp-dev libcmocka-dev python3 python3-numpy valgrind"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
