#!/bin/sh
# The whole test suite, as CI runs it: installs dependencies, then builds and runs ctest
# twice, plain and under ASan+UBSan (test switches on in both, so attack tests can turn
# upper layers off), the Node client's tests against the plain build, then the in-process
# tests once more under Valgrind, then each libFuzzer harness for PYWARDEN_FUZZ_SECONDS
# (25 s) from its committed seeds.
set -eu
cd "$(dirname "$0")/.."
cmake/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

run_suite() { # build-dir, extra cmake args...
  dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPYWARDEN_TEST_SWITCHES=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs" -LE valgrind
}

echo "== plain build =="
run_suite build-test
echo "== Node client (clients/node: node --test against build-test/pywarden) =="
command -v node >/dev/null || { echo "tests/run.sh: node >= 18 and npm are needed" >&2; exit 1; }
(cd clients/node && npm ci --no-audit --no-fund && npm run build &&
  PYWARDEN_BIN="$PWD/../../build-test/pywarden" node --test test/*.test.mjs)
echo "== ASan + UBSan build =="
# RLIMIT_AS cannot apply under ASan: a run asking for terabytes gets NULL, hence MemoryError,
# as from glibc's malloc, instead of ASan's abort (realistic 141_memory_error_caught.py).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-sanitize -DPYWARDEN_SANITIZE=ON
echo "== Valgrind (supervisor side: no leaked memory, fds or children) =="
ctest --test-dir build-test --output-on-failure -L valgrind
echo "== libFuzzer harnesses (clang, ASan + UBSan), each for a short bounded time =="
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DPYWARDEN_FUZZ=ON -DPYWARDEN_SANITIZE=ON \
  -DPYWARDEN_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -L fuzz
