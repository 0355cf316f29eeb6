# fd 0 is /dev/null. A cold run opened it before it entered the mounts view: the host's node,
# on the host's writable /dev, which a root host's run owns, so fchmod(0, 0) would leave the
# host a /dev/null no other program can open. Tries each change through the fd (leaving mode
# and owner as they are) and lists those the kernel took.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
mode = os.fstat(0).st_mode & 0o7777
changed = []
if libc.fchmod(0, mode) == 0:
    changed.append("fchmod")
if libc.futimens(0, None) == 0:
    changed.append("futimens")
if libc.fchown(0, -1, -1) == 0:
    changed.append("fchown")
result = {"changed": changed}
