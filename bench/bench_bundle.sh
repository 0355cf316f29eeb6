#!/bin/bash
# Cold `pywarden run` of a trivial job: the self-contained bundle against the system build,
# interleaved, N runs each (default 40). Prints the median wall time of the whole command
# (exec to exit: dynamic loading, interpreter start, the run) and of the run alone
# (stats.wall_ms, stats.cpu_ms), and the bundle's sizes.
#   bench/bench_bundle.sh [BUILD_DIR] [N]     (builds the bundle target first)
set -eu
build=${1:-build}
n=${2:-40}
cmake --build "$build" --target pywarden bundle >/dev/null
bundle=$(ls -d "$build"/bundle/pywarden-*/)
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
one() { # binary -> "total_ms run_wall_ms run_cpu_ms"
    local t0 t1 out
    t0=$(date +%s%N)
    out=$("$1" run --code 'def main(inputs): return 1')
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000)) $(grep -o '"wall_ms":[0-9.]*' <<<"$out" | cut -d: -f2)" \
        "$(grep -o '"cpu_ms":[0-9.]*' <<<"$out" | cut -d: -f2)"
}
: >/tmp/bench_bundle.$$.sys
: >/tmp/bench_bundle.$$.bun
for _ in $(seq "$n"); do
    one "$build/pywarden" >>/tmp/bench_bundle.$$.sys
    one "$bundle/bin/pywarden" >>/tmp/bench_bundle.$$.bun
done
for f in sys bun; do
    total=$(cut -d' ' -f1 /tmp/bench_bundle.$$.$f | median)
    wall=$(cut -d' ' -f2 /tmp/bench_bundle.$$.$f | median)
    cpu=$(cut -d' ' -f3 /tmp/bench_bundle.$$.$f | median)
    printf '%-7s command %6.1f ms   run wall %6.1f ms   run cpu %6.1f ms\n' \
        "$([ $f = sys ] && echo system || echo bundle)" "$(bc <<<"scale=1; $total / 1000")" "$wall" "$cpu"
done
rm -f /tmp/bench_bundle.$$.*
echo "bundle: $(du -sh "$bundle" | cut -f1) unpacked ($(du -sh "$bundle/bin" | cut -f1) bin," \
    "$(du -sh "$bundle/lib" | cut -f1) lib, of which $(du -sh "$bundle"/lib/python*.zip | cut -f1) stdlib zip)," \
    "$(du -sh "$build"/bundle/pywarden-*.tar.gz | cut -f1) .tar.gz"
