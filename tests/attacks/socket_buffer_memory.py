# Memory no limit counts, in socket buffers: a socketpair (allowed: asyncio needs one) whose
# ends are raised to wmem_max with SO_SNDBUF, then filled; 126 such pairs held ~2 GB of the
# host's memory under memory_mb 1024. The socket module is reached without importing it.
import asyncio

socket = asyncio.selector_events.socket


def main(inputs):
    a, b = socket.socketpair()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 30)
    b.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 30)
    return {"sndbuf": a.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)}
