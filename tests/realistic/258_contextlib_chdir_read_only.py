# policy: default
# expect: {"inside":true,"up":["config.json","notes.txt","sales.csv"],"cfg":"{\"defaults\":","where":"out","back":true,"resolved_rel":"sales.csv"}
import contextlib
from pathlib import Path


def main(inputs):
    start = Path.cwd()
    with contextlib.chdir("out"):
        inside = Path(".").is_dir() and not Path("sales.csv").exists()
        up = sorted(p.name for p in Path("..").glob("*.*"))
        cfg = Path("../config.json").read_text()[:12]
        where = Path.cwd().name
    return {"inside": inside, "up": up, "cfg": cfg, "where": where, "back": Path.cwd() == start,
            "resolved_rel": str(Path("out/../sales.csv").resolve().relative_to(start))}
