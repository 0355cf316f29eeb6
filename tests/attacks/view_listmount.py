# listmount and statmount (Linux 6.8) list every mount of the caller's mount namespace, covered
# ones too, and tell each one's path, type and source: where the view only covered the host's
# tree (at /.pywarden-host), the run read the host's whole mount table through them, /proc and
# /sys included. Reports the mounts it can see that belong to the host. Needs the audit hook
# off (ctypes) and seccomp off (it answers ENOSYS to both).
import ctypes
import struct

libc = ctypes.CDLL(None, use_errno=True)
SYS_statmount, SYS_listmount, LSMT_ROOT = 457, 458, 0xFFFFFFFFFFFFFFFF
STATMOUNT_MNT_POINT, STATMOUNT_FS_TYPE = 0x10, 0x20
HOST_TYPES = {"proc", "sysfs", "cgroup", "cgroup2", "devpts", "tracefs", "debugfs", "mqueue"}


def call(nr, *args):
    return libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])


def request(mnt_id, mask):  # struct mnt_id_req
    return ctypes.create_string_buffer(struct.pack("=IIQQQ", 32, 0, mnt_id, mask, 0))


req = request(LSMT_ROOT, 0)
ids = (ctypes.c_ulonglong * 1024)()
n = call(SYS_listmount, ctypes.addressof(req), ctypes.addressof(ids), 1024, 0)
seen, hidden = [], []
for mnt_id in ids[:max(n, 0)]:
    req = request(mnt_id, STATMOUNT_MNT_POINT | STATMOUNT_FS_TYPE)
    buf = ctypes.create_string_buffer(16384)
    if call(SYS_statmount, ctypes.addressof(req), ctypes.addressof(buf), 16384, 0) < 0:
        continue
    raw = buf.raw
    # struct statmount: fs_type's string offset at 36, mnt_point's at 108, strings from 512
    text = [raw[512 + o:raw.index(b"\0", 512 + o)].decode("utf-8", "replace")
            for o in struct.unpack_from("=I", raw, 36) + struct.unpack_from("=I", raw, 108)]
    fs_type, point = text
    seen.append(point)
    if point.startswith("/.pywarden-host") or fs_type in HOST_TYPES:
        hidden.append(point)
result = {"listed": n >= 0, "hidden": hidden}
