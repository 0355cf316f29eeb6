# Lifting the seccomp layer from inside the run. A warm run inherits the base filter from its
# template. It may not add filters of its own (seccomp_filter_memory); one it could add (an
# allow-all one here) would run alongside, never instead of, those it inherited
# (PR_GET_SECCOMP says mode 2, filtered). Each denied call must still fail with EPERM.
import ctypes
import errno
import struct

libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_GET_SECCOMP = 38, 22, 21
SECCOMP_SET_MODE_FILTER, SECCOMP_RET_ALLOW = 1, 0x7FFF0000
SYS_seccomp, SYS_ptrace, SYS_keyctl, SYS_unshare, SYS_mount = 317, 101, 250, 272, 165

allow_all = ctypes.create_string_buffer(struct.pack("=HBBI", 0x06, 0, 0, SECCOMP_RET_ALLOW))
prog = ctypes.create_string_buffer(struct.pack("=HxxxxxxQ", 1, ctypes.addressof(allow_all)))
libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
installed = libc.syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog) == 0
mode = libc.prctl(PR_GET_SECCOMP, 0, 0, 0, 0)


def denied(nr, *args):
    ctypes.set_errno(0)
    return libc.syscall(nr, *args) == -1 and ctypes.get_errno() == errno.EPERM


still = {
    "ptrace": denied(SYS_ptrace, 0, 0, 0, 0),  # base filter (the template's, warm)
    "keyctl": denied(SYS_keyctl, 0, 0),  # base filter
    "unshare": denied(SYS_unshare, 0x10000000),  # per-run program
    "mount": denied(SYS_mount, b"none", b"/", b"tmpfs", 0, 0),  # per-run program
}
result = {"installed": installed, "mode": mode, "still": still,
          "still_denied": all(still.values())}
