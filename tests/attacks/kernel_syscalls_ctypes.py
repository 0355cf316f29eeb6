# Kernel attack surface: each must fail (-1). mount, unshare, bpf, io_uring_setup,
# userfaultfd, keyctl, perf_event_open, open_by_handle_at, personality, init_module.
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
calls = {"mount": (165, b"none", b"/tmp", b"tmpfs", 0, 0), "unshare": (272, 0x10000000),
         "bpf": (321, 0, 0, 0), "io_uring_setup": (425, 1, 0), "userfaultfd": (323, 0),
         "keyctl": (250, 0, 0), "perf_event_open": (298, 0, 0, -1, -1, 0),
         "open_by_handle_at": (304, -100, 0, 0), "personality": (135, 0x0040000),
         "init_module": (175, 0, 0, b"")}
rcs = {name: libc.syscall(*args) for name, args in calls.items()}
result = {"all_failed": all(rc == -1 for rc in rcs.values()), "rcs": rcs}
