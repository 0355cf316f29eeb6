# socket() is denied without network, but socketpair(AF_UNIX) stays for asyncio. A datagram
# pair can sendto any abstract or path socket it names; the kernel turns SOCK_RAW into one,
# so asking for that type instead of SOCK_DGRAM must not get through either. Needs the audit
# hook off (socket).
import socket

TYPES = {"stream": socket.SOCK_STREAM, "seqpacket": socket.SOCK_SEQPACKET,
         "dgram": socket.SOCK_DGRAM, "raw": socket.SOCK_RAW, "rdm": socket.SOCK_RDM,
         "raw_cloexec": socket.SOCK_RAW | socket.SOCK_CLOEXEC}
got = {}
for name, kind in TYPES.items():
    try:
        a, b = socket.socketpair(socket.AF_UNIX, kind)
        got[name] = "pair"
        a.close()
        b.close()
    except OSError as e:
        got[name] = type(e).__name__
result = got
