#!/bin/bash
# The self-contained bundle (`cmake --build build --target bundle`), unpacked from its
# .tar.gz into a temp dir and run inside a mount namespace where the system's Python is
# hidden: /usr/lib/python3*, /usr/local/lib/python3*, every libpython* and every python3*
# binary on the machine are covered by empty bind mounts. run, check, serve and doctor must
# work there; under `data`, numpy is absent and reported as such.
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" != --inside ]; then
    cmake --build "$BUILD_DIR" --target bundle >"$tmp/build.log" 2>&1 || fail "bundle: $(cat "$tmp/build.log")"
    version=$("$BUILD_DIR/pywarden" --version | cut -d' ' -f2)
    tarball=$BUILD_DIR/bundle/pywarden-$version-linux-$(uname -m).tar.gz
    tar xzf "$tarball" -C "$tmp"
    bundle=$(ls -d "$tmp"/pywarden-*/)
    [ "$(id -u)" = 0 ] && ns=(unshare -m --propagation private) || ns=(unshare -Urm)
    # The namespace's script writes nothing outside $tmp; the trap above cleans it.
    "${ns[@]}" bash "$0" --inside "${bundle%/}" "$tmp"
    exit
fi

# Mounts live as long as this namespace: the outer run removes everything afterwards.
trap - EXIT
rmdir "$tmp"
bundle=$2
tmp=$3
empty_dir=$(mktemp -d "$tmp/empty.XXXXXX")
empty_file=$tmp/empty_file
: >"$empty_file"
shopt -s nullglob
for d in /usr/lib/python3* /usr/local/lib/python3* /usr/lib/x86_64-linux-gnu/python3*; do
    mount --bind "$empty_dir" "$d"
done
for f in /usr/lib/x86_64-linux-gnu/libpython* /usr/local/lib/libpython* \
    /usr/bin/python3* /usr/local/bin/python3*; do
    [ -L "$f" ] || mount --bind "$empty_file" "$f"
done
# Every other python3* binary reachable by PATH (pyenv shims and the like).
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
    for f in "$d"/python3*; do [ -L "$f" ] || mount --bind "$empty_file" "$f"; done
done
[ -d "${PYENV_ROOT:-/root/.pyenv}" ] && mount --bind "$empty_dir" "${PYENV_ROOT:-/root/.pyenv}"

# The hiding works: no Python, and the system build cannot run a job that imports from the
# stdlib (its interpreter finds none; it has libpython linked in, and what an interpreter
# start needs frozen in, unless built with PYWARDEN_STATIC_PYTHON=OFF, which cannot even
# start here).
[ -z "$(ls -A /usr/lib/python3.11)" ] || fail "/usr/lib/python3.11 still visible"
if python3 -c 'print(1)' >/dev/null 2>&1; then fail "a python3 still runs"; fi
if "$BUILD_DIR/pywarden" run --code 'import json
result = 1' >"$tmp/system.out" 2>&1; then
    fail "the system build still runs: $(cat "$tmp/system.out")"
fi

pw=$bundle/bin/pywarden
# cp1252: a codec beside the frozen ones (cmake/freeze.c), found in the bundle's zip.
expect_status 0 "$pw" run --code 'import json, decimal, datetime
def main(inputs):
    return {"n": inputs["n"] * 2, "d": str(decimal.Decimal(1) / 8),
            "c": "caf\xe9".encode("cp1252").hex()}' --inputs '{"n": 21}'
expect_contains "$out" '"result":{"n":42,"d":"0.125","c":"636166e9"}'
expect_contains "$out" '"layers":["fds","rlimit","namespaces","mounts","noproc","landlock","seccomp","audit"]'
expect_status 1 "$pw" run --code 'import socket
result = 1'
expect_contains "$out" '"type":"policy_violation"'
expect_status 0 "$pw" check --code 'import json
def main(inputs): return 1'
expect_contains "$out" '"ok":true'
expect_status 1 "$pw" check --code 'import os'
expect_contains "$out" '"blocked":true'
expect_status 0 "$pw" doctor --json
expect_contains "$out" "\"stdlib\":\"$bundle/lib/python311.zip\""
expect_contains "$out" '"site_packages":null'
expect_contains "$out" "\"policy_dir\":\"$bundle/share/pywarden/policy\""
expect_contains "$out" '"data":{"runs":true'
# fractions: a module no template imports ahead, found in the bundle's zip by a warm run (the
# bundle under /tmp, as lib.sh unpacks it, which a warm run's private /tmp covers: its
# template saw no stdlib there)
out=$(printf '%s\n' '{"id": 1, "code": "result = 6 * 7"}' \
    '{"id": 2, "code": "import numpy\nresult = 1", "policy": "data"}' \
    '{"id": 3, "code": "import fractions\nresult = str(fractions.Fraction(1, 3))"}' |
    "$pw" serve --workers 2 --allow-policies data)
expect_contains "$out" '{"id":1,"ok":true,"result":42'
expect_contains "$out" '{"id":3,"ok":true,"result":"1/3"'
expect_contains "$out" '"mode":"warm"'
expect_contains "$out" "{\"id\":2,\"ok\":false"
expect_contains "$out" "No module named 'numpy'"
expect_status 1 "$pw" run --policy data --code 'import numpy
result = numpy.zeros(3).tolist()'
expect_contains "$out" '"type":"exception"'
expect_contains "$out" "No module named 'numpy'"
echo "bundle: ok"
