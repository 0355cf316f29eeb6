# Metadata of files the run may only read, changed through an fd: os.chmod, os.utime,
# os.setxattr (and chown, removexattr) given a path are checked as writes, but given an fd
# the hook took it as "opened under these same checks", though it was opened for reading.
# With only the hook in force a run (root where the host is root and namespaces are off) made
# a read-only input mode 0600 with times of 1970, and an extended attribute on it. Judging the
# fd by its open mode did not hold either: another thread dup2'd the read-only input onto the
# fd number between the check and the call ("race"). A change through an fd is refused now;
# the path is checked instead.
import random
import threading

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
r, w = os.pipe()
try:
    os.chmod(w, 0o600)  # an fd open for writing, which the race swaps in
    got["writable_fd"] = "changed"
except OSError as e:
    got["writable_fd"] = type(e).__name__
target, stop = 50, []


def flip():
    while not stop:
        os.dup2(fd, target)
        os.dup2(w, target)


os.dup2(w, target)
flipper = threading.Thread(target=flip)
flipper.start()
got["race"] = "refused"
for i in range(100000):
    try:
        os.chmod(target, 0o600)
        if os.stat(fd).st_mode & 0o777 == 0o600:
            got["race"] = "won"
            break
    except PermissionError:
        pass
stop.append(True)
flipper.join()
after = os.stat(fd)
got["unchanged"] = (before.st_mode, before.st_mtime) == (after.st_mode, after.st_mtime)
result = got
