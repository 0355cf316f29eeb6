# Exec through _posixsubprocess.fork_exec directly (no subprocess audit event).
import _posixsubprocess, os
marker = inputs["marker"]
r, w = os.pipe()
_posixsubprocess.fork_exec(
    [b"/bin/sh", b"-c", b"touch " + marker.encode()], [b"/bin/sh"], True, (w,), None, None,
    -1, -1, -1, -1, -1, -1, r, w, False, False, -1, None, None, None, -1, None, False)
result = "spawned"
