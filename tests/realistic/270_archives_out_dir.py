# policy: data
# expect: {"z":"report_zip.zip","t":"report_tar.tar.gz","names":["report/","report/a.txt","report/sub/","report/sub/b.csv"],"members":[".","./a.txt","./sub","./sub/b.csv"],"same":true,"diff":[[],[],[],["sub"]],"info":[200,8],"copied":"out/copy","moved":"out/copy/sub/a.txt","size":112,"formats":["bztar","gztar","tar","xztar","zip"],"cleaned":true}
import filecmp
import os
import shutil
import tarfile
import zipfile
from pathlib import Path


def main(inputs):
    src = Path("out/report")
    src.mkdir(parents=True, exist_ok=True)
    (src / "a.txt").write_text("alpha\n")
    (src / "sub").mkdir(exist_ok=True)
    (src / "sub" / "b.csv").write_text("x,y\n1,2\n")
    z = shutil.make_archive("out/report_zip", "zip", root_dir="out", base_dir="report")
    t = shutil.make_archive("out/report_tar", "gztar", root_dir="out/report")
    with zipfile.ZipFile(z) as zf:
        names = sorted(zf.namelist())
        zf.extractall("out/unz")
    with tarfile.open(t) as tf:
        members = sorted(m.name for m in tf.getmembers())
        tf.extractall("out/untar")
    same = filecmp.cmp("out/report/sub/b.csv", "out/untar/sub/b.csv", shallow=False)
    dc = filecmp.dircmp("out/report", "out/unz/report")
    diff = [dc.left_only, dc.right_only, dc.diff_files, dc.common_dirs]
    with zipfile.ZipFile("out/w.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("hello.txt", "hi" * 100)
        zf.write("sales.csv", arcname="data/sales.csv")
    info = zipfile.ZipFile("out/w.zip").getinfo("hello.txt")
    copied = shutil.copytree("out/report", "out/copy", dirs_exist_ok=True)
    shutil.copy2("sales.csv", "out/copy/")
    moved = shutil.move("out/copy/a.txt", "out/copy/sub/")
    size = sum(p.stat().st_size for p in Path("out/copy").rglob("*") if p.is_file())
    formats = sorted(n for n, _ in shutil.get_archive_formats())
    for p in ("out/report", "out/unz", "out/untar", "out/copy"):
        shutil.rmtree(p)
    for p in (z, t, "out/w.zip"):
        os.remove(p)
    return {"z": os.path.basename(z), "t": os.path.basename(t), "names": names, "members": members, "same": same,
            "diff": diff, "info": [info.file_size, info.compress_type],
            "copied": os.path.relpath(copied), "moved": moved, "size": size, "formats": formats, "cleaned": not {"report", "unz", "untar", "copy", "w.zip"} & set(os.listdir("out"))}
