# Kernel interfaces the seccomp base refuses, each called with arguments under which the kernel
# alone would succeed or fail otherwise (EBADF, ENOENT): EPERM says the filter answered.
# kernel_syscalls_ctypes calls others with arguments that fail anyway.
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def call(nr, *args):
    rc = libc.syscall(nr, *args)
    return "ok" if rc >= 0 else errno.errorcode[ctypes.get_errno()]


class FileHandle(ctypes.Structure):
    _fields_ = [("bytes", ctypes.c_uint), ("type", ctypes.c_int), ("f", ctypes.c_ubyte * 128)]


class UringParams(ctypes.Structure):
    _fields_ = [("raw", ctypes.c_ubyte * 120)]


class PerfAttr(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("size", ctypes.c_uint32), ("config", ctypes.c_uint64),
                ("rest", ctypes.c_ubyte * 112)]


handle, mount_id = FileHandle(128), ctypes.c_int()
perf = PerfAttr(1, 128, 0)  # PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, of this process
me = os.getpid()
result = {
    "name_to_handle_at": call(303, -100, b"/usr", ctypes.byref(handle), ctypes.byref(mount_id), 0),
    "kcmp": call(312, me, me, 0, 0, 0),  # KCMP_FILE, fd 0 with itself
    "pidfd_getfd": call(438, -1, 0, 0),
    "process_madvise": call(440, -1, None, 0, 0, 0),
    "setns": call(308, -1, 0),
    "move_mount": call(429, -1, b"", -1, b"", 0),
    "userfaultfd": call(323, 1),  # UFFD_USER_MODE_ONLY: no privilege needed
    "io_uring_setup": call(425, 1, ctypes.byref(UringParams())),
    "perf_event_open": call(298, ctypes.byref(perf), 0, -1, -1, 0),
}
