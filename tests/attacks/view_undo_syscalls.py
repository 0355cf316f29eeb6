# Try to take the view apart from inside: unmount it, remount it writable, mount the host's
# proc, pivot or chroot back out, lift the cover over the host's tree (/.pywarden-host), and do
# it again from a fresh nested user namespace. /usr is a bind of the view a warm template's
# runs share: unmounting it, remounting it writable or planting in it would reach the next run.
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
MNT_DETACH, CLONE_NEWUSER, CLONE_NEWNS = 2, 0x10000000, 0x00020000
HOST = b"/.pywarden-host"
attempts = {
    "umount_root": lambda: libc.umount2(b"/", MNT_DETACH),
    "umount_work": lambda: libc.umount2(inputs["work"].encode(), MNT_DETACH),
    "remount_rw": lambda: libc.mount(None, inputs["work"].encode(), None, 0x20 | 0x1000, None),
    "mount_proc": lambda: libc.mount(b"proc", b"/tmp", b"proc", 0, None),
    "pivot_root": lambda: libc.syscall(155, b"/tmp", b"/tmp"),
    "chroot": lambda: libc.chroot(b"/tmp"),
    "umount_cover": lambda: libc.umount2(HOST, MNT_DETACH),
    "chmod_cover": lambda: libc.chmod(HOST, 0o755),
    "umount_usr": lambda: libc.umount2(b"/usr", MNT_DETACH),
    "remount_usr_rw": lambda: libc.mount(None, b"/usr", None, 0x20 | 0x1000, None),
    "mkdir_in_usr": lambda: libc.mkdir(b"/usr/planted", 0o755),
}
rcs = {name: fn() for name, fn in attempts.items()}
if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0:
    rcs["nested_umount_work"] = libc.umount2(inputs["work"].encode(), MNT_DETACH)
    rcs["nested_mount_proc"] = libc.mount(b"proc", b"/tmp", b"proc", 0, None)
    rcs["nested_umount_cover"] = libc.umount2(HOST, MNT_DETACH)
import sys
posix = sys.modules["posix"]
seen = [p for p in (inputs["secret"], "/etc/passwd", "/proc/1", "/.pywarden-host/etc/passwd",
                    "/.pywarden-host" + inputs["secret"]) if posix.access(p, 0)]
result = {"seen": seen, "succeeded": sorted(k for k, v in rcs.items() if v == 0 and not k.startswith("nested"))}
