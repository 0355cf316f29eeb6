# Kernel memory no limit counts, in Landlock rulesets: any process may make one (no
# privilege), and one that handles TCP takes a rule per port, 65 536 of them (~4.5 MB of
# unreclaimable slab) per ruleset fd. With the audit hook off, 40 rulesets held ~180 MB in
# 2.3 s under default (memory_mb 1024 counts none of it); max_open_files of them, ~1.1 GB,
# cold and warm. The run's own ruleset is made and applied before its code starts, so the
# per-run seccomp program refuses the call that makes one (flags 0; the version query passes).
import ctypes

libc = ctypes.CDLL(None, use_errno=True)


class Attr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64)]


class PortRule(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("port", ctypes.c_uint64)]


abi = libc.syscall(444, None, 0, 1)
attr = Attr(1, 3 if abi >= 4 else 0)  # execute; bind and connect TCP from ABI 4
fd = libc.syscall(444, ctypes.byref(attr), 16 if abi >= 4 else 8, 0)
errno = ctypes.get_errno() if fd < 0 else 0
rules = 0
if fd >= 0 and abi >= 4:
    rule = PortRule(3, 0)
    while rules < 1000 and libc.syscall(445, fd, 2, ctypes.byref(rule), 0) == 0:
        rules += 1
        rule.port += 1
result = {"ruleset": fd >= 0, "errno": errno, "query": abi > 0}
