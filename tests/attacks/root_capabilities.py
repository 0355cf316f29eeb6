# Capabilities user code holds: a root host where user namespaces are refused skips the
# namespaces and mounts layers, and the run would keep the host's CAP_SYS_ADMIN, CAP_SYS_NICE,
# CAP_NET_ADMIN... Reads the effective, permitted and inheritable sets (capget) and the
# bounding set (emptied where there were capabilities to drop: as root), then tries
# sethostname with the current name (a change that changes nothing). Needs the audit hook off (ctypes).
import ctypes, errno, os, socket

libc = ctypes.CDLL(None, use_errno=True)
header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
data = (ctypes.c_uint32 * 6)()
libc.syscall(ctypes.c_long(125), header, data)  # capget
bounding = sum(1 for cap in range(64) if libc.prctl(23, cap, 0, 0, 0) == 1)  # PR_CAPBSET_READ
name = socket.gethostname().encode()
rc = libc.sethostname(name, len(name))
result = {"held": any(data), "bounding_ok": bounding == 0 or os.getuid() != 0,
          "sethostname": "ok" if rc == 0 else errno.errorcode[ctypes.get_errno()]}
