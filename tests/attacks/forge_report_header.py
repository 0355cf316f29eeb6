# A report header whose text breaks the answer. Code that can read its own memory (the audit
# hook off, as under "trusted") finds the report nonce (as forge_report_layers does) and
# writes a report of its own. The supervisor parsed its header line with plain cJSON and
# copied its "violations" and "error" into the answer: raw bytes that are not UTF-8 reached
# the answer line (a Python host's line.decode() raised on it) and an error object holding
# "type" twice ("exception", then "timeout": parsers disagree on which one counts), cold and
# warm. The header is now checked as a result text is (UTF-8, RFC 8259, no key twice): this
# one is "the run sent a malformed report".
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
header = (b'{"violations":[{"event":"x\xff\xfe","detail":"\xc0\x80"}],'
          b'"error":{"type":"exception","message":"m\xff","type":"timeout","exception":"E"}}')
os.write(3, nonce + b"\n" + header + b"\nnull")
os._exit(0)
