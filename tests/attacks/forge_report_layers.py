# Claim layers the run does not have. Code that holds ctypes (the audit hook off, as under
# "trusted") can read the report nonce from its own memory and write pywarden-looking records
# on the result channel (fd 3): a progress record naming every layer, then a report whose
# header names them again. The layers a run had are what its child said before any user code
# ran; nothing written later may change them. Reports "nonce": how many distinct candidates
# memory held (the forgery needs exactly the right one: a wrong one voids the whole report).
import collections, ctypes, json, re

ALL = ["fds", "rlimit", "namespaces", "mounts", "noproc", "landlock", "seccomp", "audit"]
seen = collections.Counter()
with open("/proc/self/maps") as maps:
    for line in maps:
        fields = line.split()
        path = fields[5] if len(fields) > 5 else ""
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        if not fields[1].startswith("rw") or path.startswith("/dev") or hi - lo > 64 << 20:
            continue
        data = ctypes.string_at(lo, hi - lo)
        for m in re.finditer(rb"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", data):
            seen[m.group()] += 1
nonce = seen.most_common(1)[0][0]
libc = ctypes.CDLL(None)
progress = nonce + b":" + json.dumps({"layers": ALL}).encode() + b"\n"
report = nonce + b"\n" + json.dumps({"layers": ALL, "violations": []}).encode() + b"\n"
report += json.dumps({"forged": len(seen)}).encode()
for chunk in (progress, report):
    libc.write(3, chunk, len(chunk))
libc._exit(0)
