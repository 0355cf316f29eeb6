# Memory that no limit counts: a memfd's pages, a SysV shared memory segment's, a message
# queue's and a semaphore set's stay allocated unmapped, where RLIMIT_AS does not see them (a
# run held 6.4 GB of the host's memory under memory_mb 1024 with memfds, 1.5 GB with semaphore
# sets); a secret memfd's pages are mapped only while in use. Each is tried once; the result
# lists what the kernel made. posix is reachable with every layer on; ctypes only with the audit hook off.
import sys

posix = sys.modules["posix"]
made = []
try:
    posix.memfd_create("x")
    made.append("memfd")
except OSError:
    pass
try:
    import ctypes

    libc = ctypes.CDLL(None)
    if libc.shmget(0, 1 << 20, 0o1600) >= 0:  # IPC_PRIVATE, IPC_CREAT | 0600
        made.append("shm")
    if libc.msgget(0, 0o1600) >= 0:
        made.append("msg")
    if libc.semget(0, 32000, 0o1600) >= 0:
        made.append("sem")
    if libc.syscall(447, 0) >= 0:  # memfd_secret: no glibc wrapper
        made.append("memfd_secret")
except ImportError:
    pass
result = {"made": made}
