# Metadata of files the run may only read, changed through an fd: os.chmod, os.utime,
# os.setxattr (and chown, removexattr) given a path are checked as writes, but given an fd
# the hook took it as "opened under these same checks", though it was opened for reading.
# With only the hook in force a run (root where the host is root and namespaces are off) made
# a read-only input mode 0600 with times of 1970, and an extended attribute on it. An fd
# opened for reading may not change its file now (a directory's, where its grant is writable).
import random

os = random._os
fd = os.open("data.txt", os.O_RDONLY)
before = os.stat(fd)
got = {}
for name, call in (
    ("chmod", lambda: os.chmod(fd, 0o600)),
    ("utime", lambda: os.utime(fd, (0, 0))),
    ("setxattr", lambda: os.setxattr(fd, "user.pywarden", b"x")),
):
    try:
        call()
        got[name] = "changed"
    except OSError as e:
        got[name] = type(e).__name__
after = os.stat(fd)
got["unchanged"] = (before.st_mode, before.st_mtime) == (after.st_mode, after.st_mtime)
result = got
