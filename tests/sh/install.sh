#!/bin/bash
# An installed prefix as a user gets it: the layout, a host built against it through
# pkg-config and through find_package, static and shared, and run; then the prefix moved
# (policies found relative to the binary), its policies taken away (every directory tried
# named, doctor exits 1) and given back through PYWARDEN_POLICY_DIR.
. "$(dirname "$0")/lib.sh"

cmake --install "$BUILD_DIR" --prefix "$tmp/p" >/dev/null
pc=$(find "$tmp/p" -name pywarden.pc)
libdir=$(dirname "$(dirname "$pc")")
rpath='$ORIGIN/../'${libdir#"$tmp/p/"} # hosts go to bin/ and move with the prefix
for f in bin/pywarden include/pywarden.h share/pywarden/policy/default.json \
    share/pywarden/policy/strict.json share/man/man1/pywarden.1 share/man/man5/pywarden-policy.5 \
    share/bash-completion/completions/pywarden share/doc/pywarden/README.md; do
    [ -e "$tmp/p/$f" ] || fail "not installed: $f"
done
for f in libpywarden.a libpywarden.so.0 pkgconfig/pywarden-static.pc cmake/pywarden/pywardenConfig.cmake \
    cmake/pywarden/pywardenConfigVersion.cmake; do
    [ -e "$libdir/$f" ] || fail "not installed: $libdir/$f"
done
# Resolved at start, not in each warm run after its fork (CMakeLists.txt, -z now).
for f in "$tmp/p/bin/pywarden" "$libdir/libpywarden.so.0"; do
    readelf -d "$f" | grep -q 'FLAGS.*BIND_NOW' || fail "not linked with -z now: $f"
    expect_lacks "$(readelf -d "$f")" "libseccomp" "readelf -d $f"
done

cat >"$tmp/host.c" <<'C'
#include <stdio.h>
#include <pywarden.h>
int main(void)
{
    pw_request req = {.code = "def main(inputs):\n    return inputs['n'] * 2\n", .inputs_json = "{\"n\": 21}"};
    pw_result res;
    if (pw_run_request(&req, &res) < 0) return 2;
    printf("%s %s %s\n", res.ok ? "ok" : res.error_type, res.ok ? res.result_json : res.error_message, res.mode);
    int status = res.ok ? 0 : 1;
    pw_result_free(&res);
    return status;
}
C
needs_libpywarden() { readelf -d "$1" | grep -q 'NEEDED.*libpywarden'; }
# Hosts live in bin/ of the prefix: policies are found at ../share from the executable (a
# static host) or from libpywarden.so (a shared one).
run_host() { # host-binary, linkage
    local want=$2
    if needs_libpywarden "$1"; then [ "$want" = shared ] || fail "$1 links libpywarden.so"; else
        [ "$want" = static ] || fail "$1 does not link libpywarden.so"; fi
    cp "$1" "$tmp/p/bin/"
    expect_status 0 "$tmp/p/bin/$(basename "$1")"
    [ "$out" = "ok 42 cold" ] || fail "$1 printed: $out"
}

export PKG_CONFIG_PATH=$libdir/pkgconfig
expect_contains "$(pkg-config --static --libs pywarden)" "-lpython3" "pkg-config --static --libs pywarden"
expect_contains "$(pkg-config --static --libs pywarden)" "-lcjson" "pkg-config --static --libs pywarden"
# libseccomp runs at build time only (src/layers/seccomp_rules.c): nothing installed needs it.
expect_lacks "$(pkg-config --static --libs pywarden)" "-lseccomp" "pkg-config --static --libs pywarden"
# shellcheck disable=SC2046,SC2086
cc $HOST_FLAGS -o "$tmp/pc_shared" "$tmp/host.c" $(pkg-config --cflags --libs pywarden) \
    -Wl,-rpath,"$rpath"
# shellcheck disable=SC2046,SC2086
cc $HOST_FLAGS -o "$tmp/pc_static" "$tmp/host.c" $(pkg-config --cflags --libs pywarden-static)
run_host "$tmp/pc_shared" shared
run_host "$tmp/pc_static" static

mkdir "$tmp/cm"
# The version the build says it is: the package's version file must accept it.
version=$("$BUILD_DIR/pywarden" --version | cut -d' ' -f2)
cat >"$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.18)
project(host C)
find_package(pywarden ${version%.*} CONFIG REQUIRED)
add_executable(cm_default $tmp/host.c)
target_link_libraries(cm_default PRIVATE pywarden::pywarden)
add_executable(cm_static $tmp/host.c)
target_link_libraries(cm_static PRIVATE pywarden::static)
set_target_properties(cm_default cm_static PROPERTIES BUILD_RPATH "\\\$ORIGIN/../${libdir#"$tmp/p/"}")
CM
cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_PREFIX_PATH="$tmp/p" -DCMAKE_C_FLAGS="$HOST_FLAGS" >/dev/null
cmake --build "$tmp/cm/b" >/dev/null
run_host "$tmp/cm/b/cm_default" shared
run_host "$tmp/cm/b/cm_static" static
cmake -S "$tmp/cm" -B "$tmp/cm/b" -DPYWARDEN_USE_STATIC=ON >/dev/null
cmake --build "$tmp/cm/b" >/dev/null
run_host "$tmp/cm/b/cm_default" static

# Move the prefix: the copy finds its own policies, not the build tree's.
mv "$tmp/p" "$tmp/moved"
expect_status 0 "$tmp/moved/bin/pywarden" run --code 'result = 6 * 7'
expect_contains "$out" '"result":42'
expect_status 0 "$tmp/moved/bin/pywarden" doctor --json
expect_contains "$out" "\"policy_dir\":\"$tmp/moved/share/pywarden/policy\""
expect_status 0 "$tmp/moved/bin/pc_shared"

# Without policies: every directory tried is named, the default policy is called by its
# name (not <inline>), and the build tree's policy/ is never used by an installed copy.
mv "$tmp/moved/share/pywarden/policy" "$tmp/policies"
if [ -d /usr/local/share/pywarden/policy ]; then
    echo "SKIP the no-policy-directory checks: /usr/local/share/pywarden/policy exists" >&2
else
    expect_status 1 env -u PYWARDEN_POLICY_DIR "$tmp/moved/bin/pywarden" run --code 'result = 1'
    expect_contains "$out" '"type":"invalid_request"'
    expect_contains "$out" "policy default: no policy named 'default' (policy directories tried: $tmp/moved/share/pywarden/policy (missing), \$PYWARDEN_POLICY_DIR (unset), /usr/local/share/pywarden/policy (missing))"
    expect_lacks "$out" "$SOURCE_DIR"
    expect_status 1 env -u PYWARDEN_POLICY_DIR "$tmp/moved/bin/pywarden" run --code 'result = 1' --policy strict
    expect_contains "$out" "policy strict: no policy named 'strict'"
    expect_status 1 env -u PYWARDEN_POLICY_DIR "$tmp/moved/bin/pywarden" doctor
    expect_contains "$out" "NO POLICY DIRECTORY: tried $tmp/moved/share/pywarden/policy (missing)"
    expect_status 1 env -u PYWARDEN_POLICY_DIR "$tmp/moved/bin/pywarden" doctor --json
    expect_contains "$out" '"policy_dir":null'
    expect_status 1 env PYWARDEN_POLICY_DIR="$tmp/nowhere" "$tmp/moved/bin/pc_static"
    expect_contains "$out" "\$PYWARDEN_POLICY_DIR=$tmp/nowhere (missing)"
    # a link that leads nowhere (a deploy's `current` swapped to a release not there) says so
    ln -s "$tmp/nowhere" "$tmp/dangling"
    expect_status 1 env PYWARDEN_POLICY_DIR="$tmp/dangling" "$tmp/moved/bin/pywarden" run --code 'result = 1'
    expect_contains "$out" "\$PYWARDEN_POLICY_DIR=$tmp/dangling (a link to '$tmp/nowhere', which leads to no directory)"
    # no /proc: the directory beside the executable cannot be found, and doctor says why
    # (not under ASan, whose runtime itself needs /proc)
    if unshare -Urm true 2>/dev/null && ! ldd "$tmp/moved/bin/pywarden" | grep -q libasan; then
        expect_status 1 unshare -Urm sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
            env -u PYWARDEN_POLICY_DIR "$tmp/moved/bin/pywarden" doctor
        expect_contains "$out" "the directory beside the executable (unknown: /proc/self/exe could not be resolved"
    fi
fi
expect_status 0 env PYWARDEN_POLICY_DIR="$tmp/policies" "$tmp/moved/bin/pywarden" run --code 'result = 1'
expect_status 0 env PYWARDEN_POLICY_DIR="$tmp/policies" "$tmp/moved/bin/pywarden" doctor
expect_contains "$out" "policies in $tmp/policies"
expect_status 0 env PYWARDEN_POLICY_DIR="$tmp/policies" "$tmp/moved/bin/pc_static"
# reached through a link (`current -> releases/N`), as deploys install them
ln -s policies "$tmp/current"
expect_status 0 env PYWARDEN_POLICY_DIR="$tmp/current" "$tmp/moved/bin/pywarden" run --code 'result = 1'
expect_status 0 env PYWARDEN_POLICY_DIR="$tmp/current" "$tmp/moved/bin/pywarden" doctor
expect_contains "$out" "policies in $tmp/current"
# A policy directory this uid may not read (another user's, mode 0700): run and serve say so
# (it was "no policy named 'default'"); doctor exits 1 saying so (it listed no policy, exited
# 0) and that serve would not start.
if [ "$(id -u)" = 0 ]; then
    chmod 711 "$tmp"
    chmod 700 "$tmp/policies"
    as_other=(setpriv --reuid=4242 --regid=4242 --clear-groups)
else
    chmod 000 "$tmp/policies"
    as_other=()
fi
unreadable=(env PYWARDEN_POLICY_DIR="$tmp/policies" "${as_other[@]}" "$tmp/moved/bin/pywarden")
cannot="policy default: cannot read policy file '$tmp/policies/default.json': Permission denied"
expect_status 1 "${unreadable[@]}" run --code 'result = 1' --work-dir /
expect_contains "$out" "$cannot"
expect_status 1 "${unreadable[@]}" serve </dev/null
expect_contains "$out" "pywarden: serve: $cannot"
expect_status 1 "${unreadable[@]}" doctor
expect_contains "$out" "POLICY DIRECTORY UNREADABLE: cannot list $tmp/policies: Permission denied"
expect_contains "$out" "serve would not start: $cannot"
chmod 755 "$tmp/policies"
# A prefix inside the build tree (`cmake --install build --prefix build/install`) uses its
# own policies too, not the source tree's that build/pywarden uses.
inside=$(mktemp -d "$BUILD_DIR/install-test.XXXXXX")
cmake --install "$BUILD_DIR" --prefix "$inside" >/dev/null
expect_status 0 env -u PYWARDEN_POLICY_DIR "$inside/bin/pywarden" doctor --json
rm -rf "$inside"
expect_contains "$out" "\"policy_dir\":\"$inside/share/pywarden/policy\""
echo "install: ok"
