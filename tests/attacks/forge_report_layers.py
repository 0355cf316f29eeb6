# Claim layers the run does not have. Code that can read its own memory (the audit hook off,
# as under "trusted": here /proc/self/mem, or ctypes) can find the report nonce and write
# pywarden-looking records on the result channel (fd 3): a progress record naming every
# layer, then a report whose header names them again. The layers a run had are what its child
# said before any user code ran; nothing written later may change them. The nonce is looked
# for in static data (.data and .bss of the executable and of libpywarden, where child.c keeps
# it): a heap may still hold the nonces of earlier runs, and a wrong one voids the whole
# report, which the test would see.
import collections, json, os, re

ALL = ["fds", "rlimit", "namespaces", "mounts", "noproc", "landlock", "seccomp", "audit"]
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
progress = nonce + b":" + json.dumps({"layers": ALL}).encode() + b"\n"
report = nonce + b"\n" + json.dumps({"layers": ALL, "violations": []}).encode() + b"\n"
report += json.dumps({"forged": len(seen)}).encode()
os.write(3, progress + report)
os._exit(0)
