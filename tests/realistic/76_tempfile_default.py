# policy: default
# expect: {"hits":3,"back":"abc","workdir_write":"PolicyViolation"}
import tempfile
import json
from pathlib import Path


def main(inputs):
    with tempfile.TemporaryDirectory(prefix="job-") as d:
        cache = Path(d) / "cache.json"
        cache.write_text(json.dumps({"hits": 3}))
        hits = json.loads(cache.read_text())["hits"]
    with tempfile.TemporaryFile() as f:
        f.write(b"abc")
        f.seek(0)
        back = f.read()
    try:
        Path("written-in-workdir.txt").write_text("x")
        workdir_write = "allowed"
    except OSError as e:
        workdir_write = type(e).__name__
    return {"hits": hits, "back": back.decode(), "workdir_write": workdir_write}
