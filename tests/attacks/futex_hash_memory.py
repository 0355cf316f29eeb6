# A private futex hash of the run's own size (prctl PR_FUTEX_HASH, Linux 6.16): one call
# allocates slots x 64 bytes of kernel memory for the process, up to 2^24 slots (1 GiB), which
# RLIMIT_AS does not count: under memory_mb 256, with every kernel layer on, a run held 1 GiB
# of the host's memory, cold and warm. Reports what the call got ("ok" when the kernel took
# it; EINVAL where the kernel has no such option) and the slots in force after it. Needs the
# audit hook off (ctypes, for prctl).
import ctypes, errno

PR_FUTEX_HASH, SET_SLOTS, GET_SLOTS = 78, 1, 2
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
rc = libc.prctl(PR_FUTEX_HASH, SET_SLOTS, 1 << 24, 0, 0)
got = "ok" if rc == 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))
slots = libc.prctl(PR_FUTEX_HASH, GET_SLOTS, 0, 0, 0)
result = {"set": got, "big": slots >= 1 << 24}
