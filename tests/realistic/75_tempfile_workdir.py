# policy: data
# expect: {"final":"partial data\n","part_gone":true,"size":4096,"in_tmp":true,"tmp_cleaned":true,"spooled":100,"parts_left":[]}
import os
import tempfile
from pathlib import Path


def main(inputs):
    with tempfile.NamedTemporaryFile("w+", dir="out", suffix=".part", delete=False) as f:
        f.write("partial data\n")
        part = f.name
    final = Path("out") / "final.txt"
    os.replace(part, final)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "scratch.bin"
        p.write_bytes(b"\0" * 4096)
        size = p.stat().st_size
        in_tmp = tmp.startswith(tempfile.gettempdir())
    with tempfile.SpooledTemporaryFile(max_size=10) as s:
        s.write(b"x" * 100)
        s.seek(0)
        spooled = len(s.read())
    return {"final": final.read_text(), "part_gone": not Path(part).exists(), "size": size,
            "in_tmp": in_tmp, "tmp_cleaned": not Path(tmp).exists(), "spooled": spooled,
            "parts_left": sorted(p.name for p in Path("out").glob("*.part"))}
