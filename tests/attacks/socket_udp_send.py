# A datagram to the host's loopback (its DNS stub, statsd, a syslog port): the test listens on
# a UDP port of 127.0.0.1 and checks nothing arrived. Landlock's network rights (ABI 4-7) are
# TCP's only, so it does not stop this alone; seccomp (no socket()) and the network namespace
# (only a down lo) each do.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
result = {"sent": s.sendto(b"pwned", ("127.0.0.1", inputs["udp_port"]))}
