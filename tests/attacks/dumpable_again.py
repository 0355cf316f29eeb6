# No run is dumpable (a host's piped core_pattern ignores RLIMIT_CORE and would keep a
# crashed run's memory as root's), but prctl(PR_SET_DUMPABLE, 1) turned it back on, and a
# crash then dumped the run's memory to the host's handler.
import ctypes
import errno

libc = ctypes.CDLL(None, use_errno=True)
rc = libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
result = {"set": "ok" if rc == 0 else errno.errorcode[ctypes.get_errno()],
          "dumpable": libc.prctl(3, 0, 0, 0, 0)}  # PR_GET_DUMPABLE
