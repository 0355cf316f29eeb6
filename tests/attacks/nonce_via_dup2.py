# Learn the report nonce without reading memory: point fd 3 at a pipe of our own, make the
# audit hook refuse something (it streams "<nonce>:{violation}" on fd 3), put the real fd 3
# back and write a report of our own that lists no violation. posix is reachable without an
# import event (README "Known gaps"), so this runs with every layer on. The child must write
# nothing on an fd 3 that is not its channel any more: it ends the run there, as a
# result_channel policy_violation.
import sys

P = sys.modules["posix"]
real, (r, w) = P.dup(3), P.pipe()
P.dup2(w, 3)
try:
    import subprocess  # refused: the hook reports it
except ImportError:
    pass
P.dup2(real, 3)
P.set_blocking(r, False)
try:
    nonce = P.read(r, 4096).split(b":", 1)[0]
except BlockingIOError:
    nonce = b""
if len(nonce) == 32:
    P.write(3, nonce + b'\n{"violations":[]}\n{"captured":true}')
    P._exit(0)
result = {"captured": False}
