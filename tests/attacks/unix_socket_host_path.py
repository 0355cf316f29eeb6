# Connect to a host service's unix socket by its path, outside the run's roots (docker.sock,
# systemd's private socket, a database's socket). No Landlock ABI up to 7 has a right for it
# and a network namespace does not separate sockets that are files, so with network allowed,
# where the mounts view is skipped (no user namespaces), only seccomp stood in the way: and it
# allowed every socket family. Needs the audit hook off (socket).
import socket

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(inputs["unix_path"])
s.sendall(b"hello from the run\n")
result = "connected"
