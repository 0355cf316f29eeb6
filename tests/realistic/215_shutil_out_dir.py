# policy: data
# inputs: {"files": {"a.txt": "alpha\n", "sub/b.txt": "beta\n", "sub/deep/c.log": "gamma\n"}}
# expect: {"tree":["copy","copy/sub","copy/sub/b.txt","copy/sub/deep","dist.zip","moved.txt","src","src/a.txt","src/sub","src/sub/b.txt","src/sub/deep","src/sub/deep/c.log"],"zip":["a.txt","sub/","sub/b.txt","sub/deep/","sub/deep/c.log"],"archive":"out/build/dist.zip","disk_ok":true,"copied":5}
import os
import shutil
import zipfile
from pathlib import Path


def main(inputs):
    base = Path("out/build")
    if base.exists():
        shutil.rmtree(base)
    for name, text in inputs["files"].items():
        p = base / "src" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    shutil.copytree(base / "src", base / "copy", ignore=shutil.ignore_patterns("*.log"))
    shutil.move(str(base / "copy" / "a.txt"), str(base / "moved.txt"))
    archive = shutil.make_archive(str(base / "dist"), "zip", base / "src")
    with zipfile.ZipFile(archive) as z:
        members = sorted(z.namelist())
    usage = shutil.disk_usage("out")
    tree = sorted(str(p.relative_to(base)) for p in base.rglob("*"))
    shutil.copy("sales.csv", base)
    os.rename(base / "sales.csv", base / "sales-copy.csv")
    return {"tree": tree, "zip": members, "archive": os.path.relpath(archive), "disk_ok": usage.total > 0,
            "copied": (base / "sales-copy.csv").read_text().count("\n")}
