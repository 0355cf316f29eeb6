# The host's network interfaces without network: a socketpair's ioctls SIOCGIFCONF and
# SIOCGIFHWADDR answer for its network namespace, the host's where the namespaces layer is
# skipped (a container that refuses user namespaces). With every other layer and the audit
# hook on, under default, a run read the host's interface names, IPv4 addresses and MAC
# addresses (fcntl from mailbox, which imports it; the socketpair from asyncio's socket
# module; fcntl.ioctl raises no refusal). seccomp refuses the interface and wireless ioctls
# without network; the socketpair's own (FIONREAD) stay.
import array
import asyncio
import mailbox
import struct

socket, fcntl = asyncio.base_events.socket, mailbox.fcntl
SIOCGIFCONF, SIOCGIFHWADDR, SIOCGIFINDEX, FIONREAD = 0x8912, 0x8927, 0x8933, 0x541B
a, b = socket.socketpair()


def attempt(call):
    try:
        return call()
    except OSError as e:
        return {1: "EPERM"}.get(e.errno, str(e.errno))


def names():  # struct ifconf {int len; char *buf}, 40-byte ifreqs
    buf = array.array("B", bytes(40 * 8))
    got = fcntl.ioctl(a.fileno(), SIOCGIFCONF, struct.pack("iL", len(buf), buf.buffer_info()[0]))
    raw = buf.tobytes()[: struct.unpack("i", got[:4])[0]]
    return [raw[i : i + 16].split(b"\0")[0].decode() for i in range(0, len(raw), 40)]


result = {"conf": attempt(names),
          "hwaddr": attempt(lambda: fcntl.ioctl(a.fileno(), SIOCGIFHWADDR, b"lo".ljust(40, b"\0"))[18:24].hex()),
          "index": attempt(lambda: struct.unpack("i", fcntl.ioctl(a.fileno(), SIOCGIFINDEX, b"lo".ljust(40, b"\0"))[16:20])[0]),
          "fionread": attempt(lambda: struct.unpack("i", fcntl.ioctl(a.fileno(), FIONREAD, bytes(4)))[0])}
