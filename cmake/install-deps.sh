#!/bin/sh
# Installs the Debian 12 packages pywarden builds, tests and benchmarks with.
# Runs as root (CI, containers) or through sudo. Skips apt when everything is present.
set -eu
# Build: compiler, cmake, the libraries. Tests: cmocka, valgrind, numpy/pandas and the site
# packages realistic snippets import (real code under `data`), redis-server + hiredis (the worker), clang + libFuzzer (fuzz/), groff and
# man-db (man pages are checked), dpkg-dev (the .deb), util-linux (unshare contexts).
PKGS="build-essential cmake pkg-config libpython3-dev libcjson-dev libseccomp-dev libcmocka-dev
python3 python3-numpy python3-pandas python3-yaml python3-jwt python3-xmltodict python3-pygments
python3-cryptography python3-pyparsing python3-dateutil valgrind redis-server libhiredis-dev clang libfuzzer-14-dev
libclang-rt-14-dev groff man-db dpkg-dev file util-linux"
# The Node client needs Node >= 18 (Debian 12's own nodejs is 18.20): a newer node already
# there is kept, a missing one installed.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
