# clone(SIGCHLD) through ctypes: a new process with no Python wrapper in the way.
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
rc = libc.syscall(56, 17, 0, 0, 0, 0)
if rc == 0:
    libc._exit(0)
result = {"rc": rc}
