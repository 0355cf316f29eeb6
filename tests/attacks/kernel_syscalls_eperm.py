# Kernel interfaces of seccomp's deny-list, each called in a form the kernel grants an
# unprivileged process on itself (with every layer off each succeeds, or fails with its own
# errno), so that EPERM says the filter answered, not a missing capability: reading its own
# memory (process_vm_readv), a copy of its own fd (pidfd_getfd), comparing its own fds (kcmp),
# a key in its own keyring (add_key), its personality, its LDT, a file handle
# (name_to_handle_at), advice on its own memory (process_madvise), setreuid(-1, -1), setns,
# move_mount, a user-mode userfaultfd, io_uring, a software perf counter of itself, and
# writeback of every filesystem (sync) and of the one holding the stdlib (syncfs).
# kernel_syscalls_ctypes calls others with arguments that fail anyway. The result maps each to
# "ok" or its errno. Needs the audit hook off (ctypes).
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
NR = {"x86_64": {"process_vm_readv": 310, "pidfd_open": 434, "pidfd_getfd": 438, "kcmp": 312,
                 "add_key": 248, "personality": 135, "modify_ldt": 154,
                 "name_to_handle_at": 303, "process_madvise": 440, "setreuid": 113,
                 "setns": 308, "move_mount": 429, "userfaultfd": 323, "io_uring_setup": 425,
                 "perf_event_open": 298, "sync": 162, "syncfs": 306},
      "aarch64": {"process_vm_readv": 270, "pidfd_open": 434, "pidfd_getfd": 438, "kcmp": 272,
                  "add_key": 217, "personality": 92, "name_to_handle_at": 264,
                  "process_madvise": 440, "setreuid": 145, "setns": 268, "move_mount": 429,
                  "userfaultfd": 282, "io_uring_setup": 425,
                  "perf_event_open": 241, "sync": 81, "syncfs": 267}}[os.uname().machine]


def call(name, *args):
    r = libc.syscall(ctypes.c_long(NR[name]),
                     *[ctypes.c_long(a) if isinstance(a, int) else a for a in args])
    return "ok" if r >= 0 else errno.errorcode[ctypes.get_errno()]


class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class PerfAttr(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("size", ctypes.c_uint32), ("config", ctypes.c_uint64),
                ("rest", ctypes.c_ubyte * 112)]


src, dst = ctypes.create_string_buffer(b"x" * 64), ctypes.create_string_buffer(64)
local, remote = iovec(ctypes.addressof(dst), 64), iovec(ctypes.addressof(src), 64)
pid = os.getpid()
# where pidfd_open is refused too, fd 0: the kernel would answer EBADF, the filter EPERM
pidfd = max(libc.syscall(ctypes.c_long(NR["pidfd_open"]), ctypes.c_long(pid), ctypes.c_long(0)), 0)
page = ctypes.create_string_buffer(1 << 16)
advice = iovec(ctypes.addressof(page) & ~4095, 4096)
handle = ctypes.create_string_buffer(8 + 128)
ctypes.c_uint.from_buffer(handle).value = 128  # handle_bytes
mount_id = ctypes.c_int()
perf = PerfAttr(1, 128, 0)  # PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, of this process
tried = {
    "process_vm_readv": call("process_vm_readv", pid, ctypes.byref(local), 1,
                             ctypes.byref(remote), 1, 0),
    "pidfd_getfd": call("pidfd_getfd", pidfd, 1, 0),
    "kcmp": call("kcmp", pid, pid, 0, 1, 1),  # KCMP_FILE: fd 1 against itself
    "add_key": call("add_key", b"user", b"pywarden_attack", b"x", 1, -2),  # the process keyring
    "personality": call("personality", 0xFFFFFFFF),  # only asks
    "name_to_handle_at": call("name_to_handle_at", -100, b".", handle, ctypes.byref(mount_id), 0),
    "process_madvise": call("process_madvise", pidfd, ctypes.byref(advice), 1, 20, 0),  # MADV_COLD
    "setreuid": call("setreuid", -1, -1),  # changes nothing
    "setns": call("setns", -1, 0),
    "move_mount": call("move_mount", -1, b"", -1, b"", 0),
    "userfaultfd": call("userfaultfd", 1),  # UFFD_USER_MODE_ONLY: no privilege needed
    "io_uring_setup": call("io_uring_setup", 1, ctypes.create_string_buffer(120)),
    "perf_event_open": call("perf_event_open", ctypes.byref(perf), 0, -1, -1, 0),
    "sync": call("sync"),
    "syncfs": call("syncfs", os.open(os.__file__, os.O_RDONLY)),
}
if "modify_ldt" in NR:
    tried["modify_ldt"] = call("modify_ldt", 0, ctypes.create_string_buffer(16), 16)  # reads
result = tried
