# Connect to a TCP service of the host on 127.0.0.1.
import socket
s = socket.create_connection(("127.0.0.1", inputs["port"]), timeout=2)
result = "connected"
