# Run user code inside the audit hook, where every event is allowed. The hook builds its
# refusal by calling pywarden.PolicyViolation, a class user code could change: an __init__
# put there ran while the hook was busy with the refusal, and the hook lets every event
# through while it is busy (so that its own work raises none). From there a code object
# named after a stdlib file imported posix, and sys._current_frames handed out every frame:
# both refused to user code anywhere else. Now the classes cannot be changed.
import pywarden

got = []


def inside(self, *args):
    BaseException.__init__(self, *args)
    if got:
        return
    got.append("inside the hook")
    try:
        g = {}
        exec(compile("import posix\npid = posix.getpid()", "/usr/lib/python3.11/json/x.py",
                     "exec"), g)
        got.append("posix")
    except Exception:
        pass
    try:
        __import__("sys")._current_frames()
        got.append("_current_frames")
    except Exception:
        pass


for cls in (pywarden.PolicyViolation, pywarden.ImportBlocked):
    try:
        cls.__init__ = inside
    except TypeError:
        pass
try:
    open("/etc/passwd")
except OSError:
    pass
try:
    import subprocess
except ImportError:
    pass
result = {"bypassed": got}
