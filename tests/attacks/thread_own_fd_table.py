# A thread cloned without CLONE_FILES (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD only) gets a
# copy of the fd table of its own, and RLIMIT_NOFILE bounds each table, not the run: under
# default (max_open_files 256, max_processes 32) twelve such threads held 3024 socketpair
# fds with 519 MB queued in them (~1.2 GB of the host's memory, none of it in memory_mb),
# where README counts on about max_open_files x wmem_default (~52 MB) per run; every fd
# quota of the host's uid (epoll watches, fds in flight, pipe pages) scales the same way,
# cold and warm. glibc's threads always share the table. The clone is made through glibc's
# clone() with pause() as the thread's function: a thread that is let through waits until
# the run ends.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.clone.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
CLONE_VM, CLONE_FS, CLONE_SIGHAND, CLONE_THREAD = 0x100, 0x200, 0x800, 0x10000
stack = ctypes.create_string_buffer(1 << 16)
top = (ctypes.addressof(stack) + (1 << 16) - 64) & ~15
fn = ctypes.cast(libc.pause, ctypes.c_void_p)
rc = libc.clone(fn, top, CLONE_VM | CLONE_FS | CLONE_SIGHAND | CLONE_THREAD, None)
result = {"rc": rc if rc < 0 else 1, "errno": ctypes.get_errno() if rc < 0 else 0}
