# Any process's CPU clock is readable by pid (no pid namespace): clock_gettime of
# MAKE_PROCESS_CPUCLOCK(pid) gave the CPU time of the supervisor, the warm template, concurrent
# runs and every host process to the nanosecond, a timing channel into other tenants' runs;
# timer_create and clock_nanosleep on such a clock wait on it. The run's own clocks stay.
import ctypes
import errno
import os
import threading
import time

libc = ctypes.CDLL(None, use_errno=True)


class Timespec(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]


def process_clock(pid):
    return ctypes.c_int((~pid << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)


def outcome(rc):
    return "ok" if rc == 0 else errno.errorcode[ctypes.get_errno()]


ts, timer = Timespec(), ctypes.c_void_p()
result = {
    "parent": outcome(libc.clock_gettime(process_clock(os.getppid()), ctypes.byref(ts))),
    "init": outcome(libc.clock_getres(process_clock(1), ctypes.byref(ts))),
    "timer": outcome(libc.syscall(222, process_clock(os.getppid()), None, ctypes.byref(timer))),
    "own_thread": outcome(libc.clock_gettime(
        ctypes.c_int(time.pthread_getcpuclockid(threading.get_ident())), ctypes.byref(ts))),
    "process_time": time.process_time() > 0,
}
