# policy: strict
# inputs: {"steps": ["open", "lock", "fail", "never"]}
# stdout: "visible\n"
# expect: {"done":["open","lock"],"log":["enter open","enter lock","callback lock","exit lock","callback open","exit open"],"err":"step failed","captured":"captured\n","five":5}
from contextlib import ExitStack, contextmanager, suppress, redirect_stdout, nullcontext
import io

log = []


@contextmanager
def resource(name):
    log.append(f"enter {name}")
    try:
        yield name
    finally:
        log.append(f"exit {name}")


def main(inputs):
    done = []
    try:
        with ExitStack() as stack:
            for s in inputs["steps"]:
                if s == "fail":
                    raise RuntimeError("step failed")
                done.append(stack.enter_context(resource(s)))
                stack.callback(log.append, f"callback {s}")
    except RuntimeError as e:
        err = str(e)
    with suppress(KeyError):
        {}["x"]
    buf = io.StringIO()
    with redirect_stdout(buf):
        print("captured")
    with nullcontext(5) as five:
        pass
    print("visible")
    return {"done": done, "log": log, "err": err, "captured": buf.getvalue(), "five": five}
