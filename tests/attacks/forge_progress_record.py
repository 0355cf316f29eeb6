# A progress record that breaks the answer. Code that can read its own memory (the audit hook
# off, as under "trusted") finds the report nonce (as forge_report_header does) and writes a
# record "<nonce>:{"violation": ...}" whose object holds "detail" twice. Records were parsed
# without the header's check, so the violation went into the answer's "violations" with a
# key twice (parsers disagree on which one counts). Found by fuzz_report. A record is now
# checked as the header is: this one is ignored, and the run's report (no violations) stands.
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
record = b'{"violation":{"event":"open","detail":"/a","detail":"/b","origin":"user"}}'
os.write(3, nonce + b":" + record + b"\n" + nonce + b"\n{}\n1")
os._exit(0)
