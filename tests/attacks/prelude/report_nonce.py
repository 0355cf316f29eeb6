# Finds the report nonce of the run it is part of (test_attacks.c puts it before a script
# that says "# prelude: report_nonce"). Code that can read its own memory (the audit hook
# off, as under "trusted": here /proc/self/mem) looks for it in static data (.data and .bss
# of the executable and of libpywarden, where child.c keeps it): a heap may still hold the
# nonces of earlier runs, and a wrong one voids the whole report, which the test would see.
# Leaves `nonce` (the most frequent candidate) and `seen` (all of them, counted).
import collections, os, re

seen = collections.Counter()
mem = os.open("/proc/self/mem", os.O_RDONLY)
exe = previous = None
with open("/proc/self/maps") as maps:
    for line in maps:
        fields = line.split()
        path = fields[5] if len(fields) > 5 else ""
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        exe = exe or path
        static = path == exe or "libpywarden" in path
        ours = static or (not path and previous)
        previous = static
        if not fields[1].startswith("rw") or not ours or hi - lo > 64 << 20:
            continue
        try:
            data = os.pread(mem, hi - lo, lo)
        except OSError:
            continue
        for m in re.finditer(rb"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", data):
            seen[m.group()] += 1
nonce = seen.most_common(1)[0][0]
