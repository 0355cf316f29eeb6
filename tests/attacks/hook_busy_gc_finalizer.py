# Run user code inside the audit hook, where every event is allowed, through the collector:
# the hook allocates (frame objects for its walk of the stack, the refusal's exception), and
# with gc.set_threshold(1) an allocation there collected a cycle whose __del__ then ran while
# the hook was busy: a code object named after a stdlib file imported posix. Now no collection
# runs inside the hook.
import gc

got = []


class Bomb:
    def __del__(self):
        try:
            g = {}
            exec(compile("import posix\npid = posix.getpid()", "/usr/lib/python3.11/json/x.py",
                         "exec"), g)
            got.append("posix")
        except Exception:
            pass


for attempt in range(50):
    gc.disable()
    b = Bomb()
    b.self = b
    del b
    gc.set_threshold(1)
    gc.enable()
    try:
        gc.get_referrers(got)  # refused: the hook runs, and allocates
    except OSError:
        pass
    gc.set_threshold(700)
    if got:
        break
result = {"bypassed": got}
