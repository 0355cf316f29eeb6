# Flushing the host's disk cache in a loop. fsync of a file that holds no dirty data still
# makes ext4 send the device a cache flush, and fsync needs no right to write: a run looping
# on os.fsync of a stdlib file (os reached as random._os: no audit event), read-only bind and
# all, sent ~7500 flushes a second with every layer and the audit hook on, cold and warm, as
# the sync and syncfs seccomp already refuses did: I/O the host and every tenant wait behind.
# The same through fdatasync, msync(MS_SYNC) of a shared mapping, and writes to a file opened
# O_DSYNC or with pwritev2's RWF_DSYNC (in write_paths on the host's disk: 3300 flushes a
# second into out/ under data). seccomp now answers fsync, fdatasync and msync with MS_SYNC
# with 0 without running them (a pipe, which cannot be synced, EINVAL, shows it), and refuses
# O_DSYNC/O_SYNC opens and RWF_DSYNC/RWF_SYNC writes.
import random

os = random._os


def attempt(call):
    try:
        call()
        return "done"
    except OSError as e:
        return {1: "EPERM", 12: "ENOMEM", 22: "EINVAL"}.get(e.errno, str(e.errno))
    except Exception as e:  # the audit hook refused it first
        return type(e).__name__


def msync_unmapped():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    # no mapping at page 1: ENOMEM when msync runs
    if libc.msync(ctypes.c_void_p(4096), ctypes.c_size_t(4096), 4) != 0:  # MS_SYNC
        raise OSError(ctypes.get_errno(), "msync")


r, w = os.pipe()
plain = os.open("/tmp/w", os.O_WRONLY | os.O_CREAT)
result = {
    "fsync": attempt(lambda: os.fsync(r)),
    "fdatasync": attempt(lambda: os.fdatasync(r)),
    "dsync": attempt(lambda: os.close(os.open("/tmp/d", os.O_WRONLY | os.O_CREAT | os.O_DSYNC))),
    "sync": attempt(lambda: os.close(os.open("/tmp/s", os.O_WRONLY | os.O_CREAT | os.O_SYNC))),
    "rwf_dsync": attempt(lambda: os.pwritev(plain, [b"x"], 0, os.RWF_DSYNC)),
    "rwf_sync": attempt(lambda: os.pwritev(plain, [b"x"], 0, os.RWF_SYNC)),
    "msync": attempt(msync_unmapped),
    "plain": attempt(lambda: os.close(os.open("/tmp/p", os.O_WRONLY | os.O_CREAT))),
}
