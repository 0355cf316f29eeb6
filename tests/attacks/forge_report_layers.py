# Claim layers the run does not have. Code that can read its own memory (the audit hook off,
# as under "trusted": here /proc/self/mem, or ctypes) can find the report nonce and write
# pywarden-looking records on the result channel (fd 3): a progress record naming every
# layer, then a report whose header names them again. The layers a run had are what its child
# said before any user code ran; nothing written later may change them.
# prelude: report_nonce (it finds `nonce`; os is imported there)
import json

ALL = ["fds", "rlimit", "namespaces", "mounts", "noproc", "landlock", "seccomp", "audit"]

progress = nonce + b":" + json.dumps({"layers": ALL}).encode() + b"\n"
report = nonce + b"\n" + json.dumps({"layers": ALL, "violations": []}).encode() + b"\n"
report += json.dumps({"forged": len(seen)}).encode()
os.write(3, progress + report)
os._exit(0)
