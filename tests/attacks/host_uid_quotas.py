# inotify instances and queued signals count against the host uid's quotas, up the user
# namespaces: a run that takes them all leaves the host's own file watchers and timers none
# while it lives (a run queued ~96 000 signals to itself). Takes what it can; the result says
# how much it got. The rlimit layer keeps 64 queued signals (PW_SIGPENDING in rlimit.c).
# Asynchronous I/O contexts come from one quota of the whole host (fs.aio-max-nr): a run that
# took them all made every host io_setup fail with EAGAIN while it lived.
import ctypes
import os
import signal

libc = ctypes.CDLL(None)
inotify = 0
while inotify < 200 and libc.inotify_init1(0) >= 0:
    inotify += 1
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGRTMIN])


class sigval(ctypes.Union):
    _fields_ = [("i", ctypes.c_int), ("p", ctypes.c_void_p)]


queued, pid = 0, libc.getpid()
while queued < 5000 and libc.sigqueue(pid, int(signal.SIGRTMIN), sigval(0)) == 0:
    queued += 1
ctx = ctypes.c_ulong(0)
io_setup = {"x86_64": 206, "aarch64": 0}[os.uname().machine]  # no glibc wrapper
aio = libc.syscall(io_setup, 4096, ctypes.byref(ctx)) == 0
result = {"inotify": inotify, "signals_bounded": queued <= 64, "aio": aio}
