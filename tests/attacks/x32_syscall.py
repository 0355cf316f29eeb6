# An x32 syscall number (getpid | 0x40000000) to slip past an x86_64-only filter.
import ctypes
libc = ctypes.CDLL(None)
result = {"rc": libc.syscall(0x40000000 | 39)}
