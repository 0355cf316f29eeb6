#!/bin/bash
# examples/pool_threads.c (a pool used from 4 threads, every error type handled) runs and
# each job ends the way it was written to; README's pool snippet compiles as written and
# runs.
. "$(dirname "$0")/lib.sh"

case $HOST_FLAGS in
*sanitize=address*) # ASan cannot apply RLIMIT_AS (README): the memory job succeeds there
    expect_status 1 "$BUILD_DIR/example_pool_threads"
    expect_contains "$out" "memory_limit     ok 0"
    expect_contains "$out" "1 of 11 jobs ended otherwise than expected"
    ;;
*)
    expect_status 0 "$BUILD_DIR/example_pool_threads"
    expect_contains "$out" "memory_limit     memory_limit:"
    expect_contains "$out" "0 of 11 jobs ended otherwise than expected"
    ;;
esac
expect_contains "$out" "ok               ok 6 (warm"
for t in exception syntax_error timeout cpu_limit output_limit policy_violation invalid_request \
    invalid_result crashed; do
    grep -Eq "^$t +$t: " <<<"$out" || fail "example_pool_threads: no '$t' line: $out"
done
expect_contains "$out" "ZeroDivisionError: division by zero"
expect_contains "$out" 'violations: [{"event":"import","detail":"socket","origin":"user","line":1}]'

# The first ```c block after the "### The pool" heading, compiled against the build's library.
awk '/^### The pool/ {p = 1} p && /^```c$/ {c = 1; next} c && /^```$/ {exit} c {print}' \
    "$SOURCE_DIR/README.md" >"$tmp/snippet.c"
[ -s "$tmp/snippet.c" ] || fail "no C snippet under README's '### The pool'"
# shellcheck disable=SC2046,SC2086
cc $HOST_FLAGS -std=c11 -Wall -Wextra -Werror -I"$SOURCE_DIR/include" -o "$tmp/snippet" \
    "$tmp/snippet.c" "$BUILD_DIR/libpywarden.a" $(pkg-config --libs python3-embed libcjson) \
    -ldl -lpthread
# Outside the build tree and any prefix: the policies come from PYWARDEN_POLICY_DIR.
expect_status 0 env PYWARDEN_POLICY_DIR="$SOURCE_DIR/policy" "$tmp/snippet"
expect_contains "$out" '"result":42'
# README's serve example, run as written: the answers it shows carry these results and messages.
block=$(awk '/^\$ printf/ {p = 1} p && /^```$/ {exit} p {print}' "$SOURCE_DIR/README.md")
[ -n "$block" ] || fail "no serve example ('\$ printf ...') in README"
command=$(grep -v '^{' <<<"$block" | sed 's/^\$ //; s/| pywarden /| "$BUILD_DIR\/pywarden" /')
out=$(cd "$tmp" && PYWARDEN_POLICY_DIR="$SOURCE_DIR/policy" eval "$command")
while read -r fragment; do
    expect_contains "$out" "$fragment" "README's serve example"
done < <(grep '^{' <<<"$block" | grep -oE '"(id|result|message)":("[^"]*"|[^,.}]*)')
echo "examples: ok"
