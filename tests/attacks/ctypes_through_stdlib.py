# ctypes is memory access no event sees: a Union of an integer and a pointer reads and writes
# anywhere (the audit hook's own registration, the result channel's nonce). default blocks
# importing it, but the stdlib's own import statements loaded it for the user:
# multiprocessing's Value (sharedctypes) and test.support.requires_venv_with_pip. With only
# the hook in force (and with every layer) a run read memory at an address of its choosing.
# The stdlib alone no longer loads ctypes while user code runs (a site directory's library,
# numpy or pandas under data, still may).
import concurrent.futures.process  # noqa: F401
import sys
import test.support

got = {}
try:
    sys.modules["multiprocessing"].get_context().Value("i", 1)
except OSError as e:  # ctypes loaded, then the heap's /dev/shm file refused
    got["sharedctypes"] = type(e).__name__
except ImportError as e:
    got["sharedctypes"] = type(e).__name__
test.support.requires_venv_with_pip()
ctypes = sys.modules.get("ctypes")
got["ctypes"] = ctypes is not None
if ctypes:

    class U(ctypes.Union):
        _fields_ = [("p", ctypes.POINTER(ctypes.c_ssize_t)), ("n", ctypes.c_size_t)]

    u, probe = U(), object()
    u.n = id(probe)
    got["refcount_read"] = u.p[0] == sys.getrefcount(probe) - 1
result = got
