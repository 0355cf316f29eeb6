# splice and sendfile put references to the pages of their source into a pipe: a unix
# socket's skb pages are 32-64 KiB allocations, and one byte spliced from each (the rest read
# away) kept all of it, counted as one pipe slot. Slots enlarged to the uid's pipe quota held
# 1.1 GB under memory_mb 256 (either call). shutil.copyfile still copies (it falls back to
# read and write when sendfile is refused).
import ctypes
import errno
import os
import shutil
import socket
import tempfile

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def outcome(rc):
    return "ok" if rc >= 0 else errno.errorcode[ctypes.get_errno()]


a, b = socket.socketpair()
r, w = os.pipe()
a.send(b"x" * 32768)
spliced = outcome(libc.syscall(275, b.fileno(), None, w, None, 1, 0))  # splice
sent = outcome(libc.syscall(40, w, b.fileno(), None, 1))  # sendfile
with tempfile.TemporaryDirectory() as tmp:
    with open(tmp + "/src.txt", "w") as f:
        f.write("copied")
    shutil.copyfile(tmp + "/src.txt", tmp + "/dst.txt")
    with open(tmp + "/dst.txt") as f:
        copied = f.read()
result = {"splice": spliced, "sendfile": sent, "copy": copied}
