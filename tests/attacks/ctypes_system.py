# libc system() through ctypes.
import ctypes
libc = ctypes.CDLL(None)
rc = libc.system(("touch " + inputs["marker"]).encode())
result = {"spawned": rc == 0}
