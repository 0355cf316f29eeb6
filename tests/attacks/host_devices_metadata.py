# The view shows the host's own /dev/null, /dev/zero, /dev/random and /dev/urandom nodes. Writing
# to a device is fine; changing the node is not: on a root host the run's files are the host
# root's, so chmod(/dev/null, 0) would break every program on the host. Tries each change
# (leaving mode and owner as they are) and lists those the kernel took.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
changed = []
for dev in (b"/dev/null", b"/dev/zero", b"/dev/random", b"/dev/urandom"):
    if libc.chmod(dev, 0o666) == 0:
        changed.append(dev.decode() + " chmod")
    if libc.utimes(dev, None) == 0:
        changed.append(dev.decode() + " utimes")
    if libc.chown(dev, -1, -1) == 0:
        changed.append(dev.decode() + " chown")
with open("/dev/null", "w") as f:
    written = f.write("still writable")
result = {"changed": changed, "written": written}
