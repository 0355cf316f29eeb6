# Run user code inside the audit hook, where every event was allowed, through a dict lookup.
# Judging a pathlib path handed to shutil, the hook looks names up in the path's class
# (_PyType_Lookup), and a class dict holding a str subclass key whose hash is that name's
# compares the two with the key's own __eq__: user code, run while the hook was busy, where a
# code object named after a stdlib file imported posix. Now an event raised while the hook is
# busy (only code running inside it raises one) is refused.
import pathlib
import shutil

got = []
armed = []


class Key(str):
    def __hash__(self):
        return hash("_str")  # the slot the hook reads a pathlib path's text from

    def __eq__(self, other):
        if armed and not got:
            armed.clear()
            try:
                g = {}
                exec(compile("import posix\npid = posix.getpid()",
                             "/usr/lib/python3.11/json/x.py", "exec"), g)
                got.append("posix")
            except Exception:
                pass
        return False


P = type("P", (pathlib.PurePosixPath,), {Key("x"): 1})
p = P("data.txt")
armed.append(1)
try:
    shutil.copyfile(p, "out/copy")
except OSError:
    pass
result = {"bypassed": got}
