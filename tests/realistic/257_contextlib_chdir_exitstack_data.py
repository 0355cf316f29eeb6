# policy: data
# expect: {"inside":true,"back_up":["config.json","notes.txt","sales.csv"],"after":true,"heads":["region,product,amount","first line of notes"],"log":["close b","close a","callback ran","<b>","handled 'missing'","</b>"],"buf":"captured!","five":5,"closed":true}
import contextlib
import io
import os
from pathlib import Path


class Resource:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def close(self):
        self.log.append(f"close {self.name}")


def main(inputs):
    log = []
    start = os.getcwd()
    with contextlib.chdir("out"):
        Path("here.txt").write_text("x")
        inside = "here.txt" in os.listdir(".")
        back_up = sorted(n for n in os.listdir("..") if n.endswith((".csv", ".json", ".txt")))
    after = os.getcwd() == start
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(open(n)) for n in ("sales.csv", "notes.txt")]
        heads = [f.readline().strip() for f in files]
        stack.callback(log.append, "callback ran")
        for n in ("a", "b"):
            stack.enter_context(contextlib.closing(Resource(n, log)))
    with contextlib.suppress(FileNotFoundError):
        open("nope.txt")
        log.append("not reached")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print("captured", end="!")
    with contextlib.nullcontext(5) as five:
        pass

    @contextlib.contextmanager
    def tag(name):
        log.append(f"<{name}>")
        try:
            yield name
        except KeyError as e:
            log.append(f"handled {e}")
        finally:
            log.append(f"</{name}>")

    with tag("b"):
        {}["missing"]
    os.remove("out/here.txt")
    return {"inside": inside, "back_up": back_up, "after": after, "heads": heads, "log": log,
            "buf": buf.getvalue(), "five": five, "closed": all(f.closed for f in files)}
