# Shared by the shell tests (tests/CMakeLists.txt sets BUILD_DIR, SOURCE_DIR, HOST_FLAGS):
# a private temp dir removed on exit, and assertions that say what failed.
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pywarden-sh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
# expect_contains TEXT FRAGMENT [WHAT]
expect_contains() {
    case $1 in *"$2"*) ;; *) fail "${3:-output} lacks '$2': ${1:0:600}" ;; esac
}
expect_lacks() {
    case $1 in *"$2"*) fail "${3:-output} has '$2': $1" ;; *) ;; esac
}
# expect_status N COMMAND...: runs it, output in $out
expect_status() {
    local want=$1 got=0
    shift
    out=$("$@" 2>&1) || got=$?
    [ "$got" = "$want" ] || fail "exit $got (want $want) from $*: $out"
}
