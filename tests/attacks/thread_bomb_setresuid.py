# A root host's run has real uid nobody but effective uid 0, from which an unprivileged
# setresuid may take the real uid back to 0: the kernel never counts uid 0's tasks against
# RLIMIT_NPROC. Then start threads until something stops us.
import sys
import threading

try:
    sys.modules["posix"].setresuid(0, -1, -1)
    moved = "moved"
except Exception as e:
    moved = type(e).__name__
stop = threading.Event()
n, err = 0, None
try:
    while n < 3000:
        threading.Thread(target=stop.wait, daemon=True).start()
        n += 1
except Exception as e:
    err = type(e).__name__
stop.set()
result = {"bounded": n < inputs["max_threads"], "setresuid": moved}
