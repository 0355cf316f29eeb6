# A signal to any process with no refusal: fcntl's F_SETOWN (and F_SETOWN_EX, and ioctl's
# FIOSETOWN/SIOCSPGRP) makes a process an fd's owner, which the kernel signals (SIGIO, or any
# signal F_SETSIG names, SIGKILL included) whenever the fd is ready. fcntl raises events the
# hook let through, and mailbox hands out fcntl under default: with only the hook in force a
# run made its parent (the supervisor, or the warm launcher) the owner of a socket it could
# write to at will, and took a lease on an input (a host writer then waits for the run). The
# hook now refuses what seccomp refuses: F_SETOWN, F_SETOWN_EX, F_SETLEASE and the two ioctls.
import asyncio, mailbox, random, struct

fcntl, os = mailbox.fcntl, random._os
a, b = asyncio.base_events.socket.socketpair()
parent = os.getppid()
F_SETOWN_EX, F_OWNER_PID, FIOSETOWN, SIOCSPGRP = 15, 1, 0x8901, 0x8902
data = open("data.txt")
got = {}
for name, call in (
    ("F_SETOWN", lambda: fcntl.fcntl(a, fcntl.F_SETOWN, parent)),
    ("F_SETOWN_EX", lambda: fcntl.fcntl(a, F_SETOWN_EX, struct.pack("ii", F_OWNER_PID, parent))),
    ("FIOSETOWN", lambda: fcntl.ioctl(a, FIOSETOWN, struct.pack("i", parent))),
    ("SIOCSPGRP", lambda: fcntl.ioctl(a, SIOCSPGRP, struct.pack("i", parent))),
    ("F_SETLEASE", lambda: fcntl.fcntl(data, fcntl.F_SETLEASE, fcntl.F_RDLCK)),
):
    try:
        call()
        got[name] = "set"
    except OSError as e:
        got[name] = type(e).__name__
result = got
