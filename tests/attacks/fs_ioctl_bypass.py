# What seccomp refuses as calls, through ioctl, with every layer on and the audit hook too
# (fcntl is blocked, but mailbox imports it and hands it out; fcntl.ioctl of these raises no
# refusal). FS_IOC_RESVSP64 and FS_IOC_ZERO_RANGE are the kernel's generic fallocate with
# FALLOC_FL_KEEP_SIZE on any filesystem: blocks past the end that max_file_mb never sees
# (fallocate_keep_size); FS_IOC_SETFLAGS with FS_SYNC_FL and FS_IOC_FSSETXATTR with
# FS_XFLAG_SYNC (chattr +S, the owner's to set) make every write to the file a device flush,
# as an O_DSYNC open does (device_flush_storm). Reports what the file became.
import mailbox
import random
import struct

os, fcntl = random._os, mailbox.fcntl
RESVSP64, UNRESVSP64, ZERO_RANGE = 0x4030582A, 0x4030582B, 0x40305839
GETFLAGS, SETFLAGS, FSSETXATTR = 0x80086601, 0x40086602, 0x401C5820
FS_SYNC_FL, FS_XFLAG_SYNC = 0x8, 0x20
LIMIT = 8 << 20  # the policy's max_file_mb
fd = os.open(os.path.join(inputs["work"], "out", "blocks"), os.O_CREAT | os.O_RDWR, 0o600)
os.write(fd, b"x" * 8192)


def attempt(call):
    try:
        call()
        return "done"
    except OSError as e:
        return {1: "EPERM"}.get(e.errno, str(e.errno))


def space(cmd, start, length):  # struct space_resv: type, whence, start, len, ...
    return lambda: fcntl.ioctl(fd, cmd, struct.pack("hh4xqq24x", 0, 0, start, length))


def flags():
    return struct.unpack("i", fcntl.ioctl(fd, GETFLAGS, bytes(8))[:4])[0]


got = {"resvsp": attempt(space(RESVSP64, 0, 64 << 20)),
       "zero_range": attempt(space(ZERO_RANGE, 0, 64 << 20)),
       "unresvsp": attempt(space(UNRESVSP64, 0, 4096)),  # frees blocks: allowed
       "setflags": attempt(lambda: fcntl.ioctl(fd, SETFLAGS, struct.pack("i", flags() | FS_SYNC_FL))),
       "fssetxattr": attempt(lambda: fcntl.ioctl(fd, FSSETXATTR, struct.pack("5I8x", FS_XFLAG_SYNC, 0, 0, 0, 0)))}
st = os.fstat(fd)
got["sync"] = bool(flags() & FS_SYNC_FL)
os.close(fd)
got["over_limit"] = st.st_size > LIMIT or st.st_blocks * 512 > LIMIT
result = got
