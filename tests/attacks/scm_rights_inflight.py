# File descriptors in flight over a socketpair (SCM_RIGHTS) count against a per-uid total of
# the kernel (user_struct.unix_inflight), checked against the sender's RLIMIT_NOFILE: every
# run of a root host (real uid nobody) shares it, and a non-root host's runs share it with
# the host itself. One run holding ~2 x max_open_files in flight made every other run's
# sendmsg(SCM_RIGHTS) fail (a channel between concurrent runs, cold and warm), and on a
# non-root host, under a policy whose max_open_files is near the host's own, the launcher's
# and the templates' own fd passing failed: serve answered nobody until their deadlines.
# The socket module is reached without importing it; one fd is enough to show the send.
import asyncio

socket = asyncio.selector_events.socket


def main(inputs):
    a, b = socket.socketpair()
    socket.send_fds(a, [b"x"], [a.fileno()])
    msg, fds, _, _ = socket.recv_fds(b, 1, 1)
    return {"passed": len(fds)}
