# Evicting the host's page cache. A run may read the stdlib, the libraries and its read_paths,
# files every other run and the host read too. posix_fadvise(DONTNEED) of such a file (os
# reached as random._os: no audit event) dropped its cached pages for everyone, with every
# layer and the audit hook on, cold and warm; so did madvise(MADV_PAGEOUT) of a mapping of it
# (mmap, past the hook). Each run after it then read them from disk again, and with cachestat
# or preadv2(RWF_NOWAIT) the run could tell which of them others read since (evict, then
# probe). seccomp refuses both, and MADV_COLD, which puts the pages first in line for reclaim.
import random

os = random._os
path = os.path.join(os.path.dirname(random.__file__), "json", "decoder.py")
fd = os.open(path, os.O_RDONLY)


def attempt(call):
    try:
        call()
        return "done"
    except OSError as e:  # errno is not strict's to import
        return {1: "EPERM", 22: "EINVAL"}.get(e.errno, str(e.errno))
    except Exception as e:  # the audit hook refused it first
        return type(e).__name__


def madvise(advice):
    import mmap

    m = mmap.mmap(fd, 0, prot=mmap.PROT_READ)
    m[0]  # mapped and touched: this run's own mapping of the cached page
    m.madvise(advice)


result = {
    "fadvise": attempt(lambda: os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)),
    "pageout": attempt(lambda: madvise(21)),  # MADV_PAGEOUT: Debian's mmap lacks the name
    "cold": attempt(lambda: madvise(20)),  # MADV_COLD
    "willneed": attempt(lambda: os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)),
}
