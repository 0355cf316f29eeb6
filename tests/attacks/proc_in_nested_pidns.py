# With seccomp off, a run that makes a user namespace of its own holds every capability there:
# with a mount and a pid namespace it can mount a proc (the kernel allows it while a proc of
# the host is mounted anywhere in the view, even covered) and read the host's kernel settings
# and name. The run's user namespace allows no nested one.
import ctypes
import sys

posix = sys.modules["posix"]
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID = 0x10000000, 0x00020000, 0x20000000
result = {"unshare": libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID), "mounted": False}
if result["unshare"] == 0:
    r, w = posix.pipe()
    pid = posix.fork()
    if pid == 0:
        try:
            posix.mkdir("/tmp/p")
        except OSError:
            pass
        ok = libc.mount(b"proc", b"/tmp/p", b"proc", 0, None) == 0
        posix.write(w, b"1" if ok else b"0")
        posix._exit(0)
    posix.waitpid(pid, 0)
    result["mounted"] = posix.read(r, 1) == b"1"
