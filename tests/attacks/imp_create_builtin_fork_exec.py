# Reach _posixsubprocess through _imp.create_builtin, past any import blocking.
import _imp
class Spec:
    name = "_posixsubprocess"
mod = _imp.create_builtin(Spec())
import os
r, w = os.pipe()
mod.fork_exec([b"/bin/true"], [b"/bin/true"], True, (w,), None, None, -1, -1, -1, -1, -1, -1,
              r, w, False, False, -1, None, None, None, -1, None, False)
result = "spawned"
