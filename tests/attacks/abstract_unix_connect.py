# Connect to an abstract unix socket of the host.
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("\0" + inputs["abstract"])
result = "connected"
