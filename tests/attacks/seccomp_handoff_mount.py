# With a mount view, mount and mount_setattr stay open until the run's paths are bound; then a
# short hand-off seccomp program denies them. The run holds no capability by then, so mount()
# failing proves nothing about the program; mount_setattr with a zero-sized attribute does:
# the kernel answers EINVAL before any permission check, the filter EPERM before the kernel.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
SYS_mount_setattr = 442  # the same on x86_64 and aarch64
ctypes.set_errno(0)
rc = libc.syscall(SYS_mount_setattr, -1, b"", 0, None, 0)
result = {"rc": rc, "errno": ctypes.get_errno()}
