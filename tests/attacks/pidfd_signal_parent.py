# A signal to another process with no audit event: os.kill raises "os.kill", but
# signal.pidfd_send_signal on a pidfd from os.pidfd_open (any pid) raises nothing. With only
# the hook in force the run signalled its parent (the supervisor, or the warm launcher; signal
# 0 checks permission without delivering). pywarden wraps pidfd_send_signal, refused from any
# caller.
import asyncio, random

os, signal = random._os, asyncio.unix_events.signal
got = {}
try:
    fd = os.pidfd_open(os.getppid())
    got["pidfd_open"] = "opened"
except OSError as e:
    fd, got["pidfd_open"] = -1, type(e).__name__
try:
    signal.pidfd_send_signal(fd, 0)
    got["pidfd_send_signal"] = "sent"
except OSError as e:
    got["pidfd_send_signal"] = type(e).__name__
result = got
