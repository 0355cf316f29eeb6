# policy: default
# inputs: {"rows": [["id", "name"], [1, "ann"], [2, "bob"]]}
# expect: {"names":["bundle.zip","copy.csv","in.csv"],"back":{"n":3},"rolled":true,"text":"id,name\n1,ann\n2,bob\n","exists":true,"gone":true,"gettempdir":true}
import csv
import json
import shutil
import tempfile
from pathlib import Path


def main(inputs):
    with tempfile.TemporaryDirectory(prefix="job-") as d:
        src = Path(d) / "in.csv"
        with src.open("w", newline="") as f:
            csv.writer(f).writerows(inputs["rows"])
        shutil.copy(src, Path(d) / "copy.csv")
        os_exists = (Path(d) / "copy.csv").exists()
        shutil.make_archive(str(Path(d) / "bundle"), "zip", root_dir=d, base_dir=".")
        names = sorted(p.name for p in Path(d).iterdir())
        with tempfile.NamedTemporaryFile("w+", suffix=".json", dir=d) as tmp:
            json.dump({"n": len(inputs["rows"])}, tmp)
            tmp.seek(0)
            back = json.load(tmp)
        with tempfile.SpooledTemporaryFile(max_size=10) as sp:
            sp.write(b"x" * 100)
            rolled = sp._rolled
        text = (Path(d) / "copy.csv").read_text()
    return {"names": names, "back": back, "rolled": rolled, "text": text, "exists": os_exists,
            "gone": not Path(d).exists(), "gettempdir": tempfile.gettempdir() in ("/tmp", "/var/tmp")}
