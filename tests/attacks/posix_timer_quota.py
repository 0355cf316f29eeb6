# POSIX timers are kernel memory each (a k_itimer and its preallocated signal), made by
# timer_create with no event (ctypes, past the audit hook). They count against the queued
# signals of RLIMIT_SIGPENDING, which the rlimit layer sets to 64 per run: the 65th is EAGAIN.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
timer = ctypes.c_void_p()
made = 0
while made < 100000 and libc.timer_create(1, None, ctypes.byref(timer)) == 0:  # CLOCK_MONOTONIC
    made += 1
result = {"bounded": made <= 64, "errno": ctypes.get_errno()}
