# The host's disk at the rate a run likes. O_DIRECT reads bypass the page cache, so every one
# goes to the device: a run looping on 4 KiB direct reads of a stdlib file (os reached as
# random._os, no audit event; an aligned buffer from array's buffer_info) made ~9500 device
# reads a second per thread, cold and warm, with every layer and the audit hook on, I/O the
# host and every tenant wait behind, for as long as the run lasts (no limit counts I/O).
# seccomp refuses O_DIRECT at open and through fcntl(F_SETFL).
import array
import random

os = random._os
path = os.path.join(os.path.dirname(random.__file__), "json", "decoder.py")


def attempt(call):
    try:
        call()
        return "done"
    except OSError as e:  # errno is not strict's to import
        return {1: "EPERM", 22: "EINVAL"}.get(e.errno, str(e.errno))


def direct_read(fd):
    a = array.array("b", bytes(3 * 4096))
    off = -a.buffer_info()[0] % 4096  # O_DIRECT wants an aligned buffer
    os.preadv(fd, [memoryview(a).cast("B")[off : off + 4096]], 0)


def set_direct():
    fd = os.open(path, os.O_RDONLY)
    os.set_blocking(fd, False)  # F_SETFL of another flag stays
    fcntl = __import__("fcntl")  # past the hook only
    fcntl.fcntl(fd, fcntl.F_SETFL, os.O_DIRECT)
    direct_read(fd)


def open_direct():
    direct_read(os.open(path, os.O_RDONLY | os.O_DIRECT))


def attempt_any(call):
    try:
        return attempt(call)
    except Exception as e:  # the audit hook refused it first
        return type(e).__name__


result = {"open": attempt_any(open_direct), "setfl": attempt_any(set_direct)}
