#!/bin/bash
# The .deb as `cpack -G DEB` makes it: its control data (dependencies from dpkg-shlibdeps,
# none of them a -dev package) and its files; then unpacked (never installed: colleagues'
# tests share this machine) and run from where it was unpacked.
. "$(dirname "$0")/lib.sh"

(cd "$tmp" && cpack -G DEB --config "$BUILD_DIR/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1) ||
    fail "cpack: $(cat "$tmp/cpack.log")"
deb=$(ls "$tmp"/out/pywarden_*.deb)
info=$(dpkg-deb -I "$deb")
expect_contains "$info" "Package: pywarden" "dpkg-deb -I"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libc6 libpython3.11 libcjson1; do
    expect_contains "$depends" "$dep" "Depends"
done
expect_lacks "$depends" "libseccomp" "Depends" # used at build time only
expect_lacks "$depends" "-dev" "Depends"
expect_contains "$(dpkg-deb -f "$deb" Suggests)" "python3-numpy" "Suggests"

files=$(dpkg-deb -c "$deb")
for f in ./usr/bin/pywarden ./usr/include/pywarden.h ./usr/lib/libpywarden.a ./usr/lib/libpywarden.so.0 \
    ./usr/lib/pkgconfig/pywarden.pc ./usr/lib/pkgconfig/pywarden-static.pc \
    ./usr/lib/cmake/pywarden/pywardenConfig.cmake ./usr/share/pywarden/policy/default.json \
    ./usr/share/pywarden/policy/data.json ./usr/share/man/man1/pywarden.1 \
    ./usr/share/man/man5/pywarden-policy.5 ./usr/share/bash-completion/completions/pywarden \
    ./usr/share/doc/pywarden/README.md; do
    expect_contains "$files" " $f" "dpkg-deb -c"
done

dpkg-deb -x "$deb" "$tmp/root"
expect_status 0 "$tmp/root/usr/bin/pywarden" run --code 'result = 6 * 7'
expect_contains "$out" '"result":42'
expect_status 0 "$tmp/root/usr/bin/pywarden" doctor
expect_contains "$out" "policies in $tmp/root/usr/share/pywarden/policy"
echo "deb: ok"
