# vmsplice puts references to the run's own pages into a pipe, which keep them after the run
# unmaps them: outside RLIMIT_AS. A reference to one byte of a transparent huge page keeps all
# 2 MiB, so 16 bytes in each default pipe held 32 MiB per pipe, some 4 GB of the host's memory
# for a run of 252 fds whatever its memory_mb (1.9 GB measured under memory_mb 256), and the
# uid's pipe quota, which F_SETPIPE_SZ fills, allowed 16384 references: 32 GB.
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.syscall.restype = ctypes.c_long
HUGE = 2 << 20


class Iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


raw = libc.mmap(None, 5 * HUGE, 3, 0x22, -1, 0)  # PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS
base = (raw + HUGE - 1) & ~(HUGE - 1)
libc.madvise(ctypes.c_void_p(base), ctypes.c_size_t(4 * HUGE), 14)  # MADV_HUGEPAGE
r, w = os.pipe()
pinned, outcome = 0, "ok"
for i in range(4):
    ctypes.memset(base + i * HUGE, 1, 1)
    iov = Iovec(base + i * HUGE, 1)
    if libc.syscall(278, w, ctypes.byref(iov), 1, 0) == 1:  # vmsplice
        pinned += 1
    else:
        outcome = errno.errorcode[ctypes.get_errno()]
libc.munmap(ctypes.c_void_p(raw), ctypes.c_size_t(5 * HUGE))
result = {"vmsplice": outcome, "pinned": pinned}
