# Reach host paths relative to a directory fd: list the root through an fd, stat the secret
# relative to "/" with dir_fd, walk up from the work directory with "..".
import sys
posix = sys.modules["posix"]
host_only = {"home", "root", "var", "run", "proc", "sys", "boot", "srv", "opt", "mnt", "media",
             "bin", "sbin"}
root = posix.open("/", posix.O_RDONLY | posix.O_DIRECTORY)
seen = sorted(host_only & set(posix.listdir(root)))
for rel in (inputs["secret"].lstrip("/"), "etc/shadow", "etc/passwd"):
    try:
        posix.stat(rel, dir_fd=root)
        seen.append("dir_fd:" + rel)
    except FileNotFoundError:
        pass
up = posix.open(inputs["work"], posix.O_RDONLY | posix.O_DIRECTORY)
for _ in range(8):
    up = posix.open("..", posix.O_RDONLY | posix.O_DIRECTORY, dir_fd=up)
seen += sorted(host_only & set(posix.listdir(up)))
result = {"seen": seen}
