# Reach the host's abstract unix sockets without socket(): a datagram socketpair can
# connect or sendto any address, and bind can squat a name the host will want.
# inputs["abstract"] is a stream listener's name, inputs["abstract_dgram"] a datagram one's.
import errno, socket

def attempt(f):
    try:
        f()
        return "done"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))

def dgram_sendto():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.sendto(b"hi", "\0" + inputs["abstract_dgram"])

def dgram_connect():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.connect("\0" + inputs["abstract_dgram"])
    a.send(b"hi")

def stream_bind():
    a, b = socket.socketpair()
    a.bind("\0" + inputs["abstract"] + "-squat")

def stream_connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0" + inputs["abstract"])

def stream_pair():  # what asyncio's self-pipe needs keeps working
    a, b = socket.socketpair()
    a.send(b"x")
    assert b.recv(1) == b"x"

result = {"dgram_sendto": attempt(dgram_sendto), "dgram_connect": attempt(dgram_connect),
          "stream_bind": attempt(stream_bind), "stream_connect": attempt(stream_connect),
          "stream_pair": attempt(stream_pair)}
