# Open a netlink socket (kernel attack surface).
import socket
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
result = "opened"
