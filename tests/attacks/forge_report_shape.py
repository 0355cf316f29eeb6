# A report header that is valid JSON but not of the answer's shape. Code that can read its own
# memory (the audit hook off, as under "trusted") finds the report nonce (as
# forge_report_header does) and writes a header whose error has a known type but no message,
# and whose violations are not objects. The supervisor copied both into the answer: hosts
# reading error.message (documented on every error) or violations[i].event failed on it. Such
# a header is now "the run sent a malformed report".
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
header = b'{"violations":[1,"x"],"error":{"type":"exception","exception":"E"}}'
os.write(3, nonce + b"\n" + header + b"\nnull")
os._exit(0)
