# With allow_network, sockets of IPv4/IPv6 protocols other than TCP and UDP (SCTP, MPTCP,
# DCCP, UDP-Lite, L2TP, ping) and the TCP upper-layer protocols (kTLS) make the kernel load
# and run code most hosts never use: protocol modules are autoloaded by the first socket()
# that names them. The result maps each to "ok", its errno, or the hook's exception. Needs
# the audit hook off (socket) or the socket module unblocked; the hook sees no setsockopt.
import _socket
import errno
import socket

tries = {
    "sctp_stream": (socket.AF_INET, socket.SOCK_STREAM, 132),
    "sctp_seqpacket": (socket.AF_INET6, socket.SOCK_SEQPACKET, 132),
    "mptcp": (socket.AF_INET, socket.SOCK_STREAM, 262),
    # family -1 (socket.socket makes it AF_INET before the event; _socket keeps it)
    "sctp_family_unset": (-1, socket.SOCK_STREAM, 132),
    "dccp": (socket.AF_INET, 6, 33),
    "udplite": (socket.AF_INET, socket.SOCK_DGRAM, 136),
    "l2tp_ip": (socket.AF_INET, socket.SOCK_DGRAM, 115),
    "ping": (socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP),
    "raw_ip": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP),
    "rdm": (socket.AF_INET, 4, 0),
    # what network code makes, which must stay "ok"
    "tcp": (socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK, 0),
    "tcp_named": (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP),
    "udp": (socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC, socket.IPPROTO_UDP),
}
result = {}


def failed(e):
    if type(e).__name__ == "PolicyViolation":  # the hook's, errno EACCES as python3's
        return "PolicyViolation"
    return errno.errorcode.get(e.errno, str(e.errno)) if e.errno else type(e).__name__


for name, args in tries.items():
    try:
        _socket.socket(*args).close()
        result[name] = "ok"
    except OSError as e:
        result[name] = failed(e)
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    tcp.setsockopt(socket.IPPROTO_TCP, 31, b"tls")  # TCP_ULP
    result["tcp_ulp"] = "ok"
except OSError as e:
    result["tcp_ulp"] = failed(e)
tcp.close()
