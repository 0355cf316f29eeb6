# Disk past max_file_mb: RLIMIT_FSIZE is checked where a call changes a file's size, and two
# fallocate modes never ask. FALLOC_FL_KEEP_SIZE allocates blocks past the end without changing
# the size (one file of size 0 held 300 MB under max_file_mb 8: a host checking sizes sees an
# empty file); FALLOC_FL_INSERT_RANGE shifts the data up and grows the size past the limit
# (a sparse file a host reading it reads to the end). Reports what the file became. Needs the
# audit hook off (ctypes: os.posix_fallocate asks mode 0).
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
KEEP_SIZE, PUNCH_HOLE, INSERT_RANGE = 0x1, 0x2, 0x20
LIMIT = 8 << 20  # the policy's max_file_mb
fd = os.open(os.path.join(inputs["work"], "out", "blocks"), os.O_CREAT | os.O_RDWR, 0o600)
os.write(fd, b"x" * 8192)


def fallocate(mode, offset, length):
    rc = libc.fallocate(fd, mode, ctypes.c_long(offset), ctypes.c_long(length))
    return os.strerror(ctypes.get_errno()) if rc else "done"


got = {"keep_size": fallocate(KEEP_SIZE, 0, 64 << 20),
       "insert_range": fallocate(INSERT_RANGE, 0, 64 << 20),
       "punch_hole": fallocate(KEEP_SIZE | PUNCH_HOLE, 0, 4096),  # frees blocks: allowed
       "plain": fallocate(0, 0, 4096)}  # within the limit: allowed
st = os.fstat(fd)
os.close(fd)
got["over_limit"] = st.st_size > LIMIT or st.st_blocks * 512 > LIMIT
result = got
