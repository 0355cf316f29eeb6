# policy: data
# expect: {"archived":["sales.csv","site/index.html","site/main.css","site/style.css"],"walked":["out/job","out/job/site"],"linked":"style.css","same_mtime":true,"logs":["job.log","job.log.1","job.log.2"],"upper":"FIRST LINE OF NOTES\nSECOND LINE HERE\n","moved":[false,true]}
# File chores translated from CPython's own test_shutil, test_os, test_logging and
# test_fileinput: an archive round trip, os.fwalk, copytree keeping links, copy2's times,
# a rotating log, fileinput's in-place edit, os.renames.
import fileinput
import logging
import logging.handlers
import os
import shutil
from pathlib import Path


def main(inputs):
    job = Path("out/job")
    if job.exists():
        shutil.rmtree(job)
    (job / "site").mkdir(parents=True)
    (job / "site" / "style.css").write_text("body {}")
    (job / "site" / "index.html").write_text("<h1>hi</h1>")
    os.symlink("style.css", job / "site" / "main.css")
    shutil.copy2("sales.csv", job / "sales.csv")
    same_mtime = int(os.stat("sales.csv").st_mtime) == int(os.stat(job / "sales.csv").st_mtime)

    archive = shutil.make_archive(str(job / "bundle"), "zip", root_dir=job)
    shutil.unpack_archive(archive, job / "unpacked")
    archived = sorted(
        str(p.relative_to(job / "unpacked"))
        for p in (job / "unpacked").rglob("*")
        if p.is_file() and not p.is_symlink() and p.suffix != ".zip"
    )
    shutil.rmtree(job / "unpacked")
    os.remove(archive)

    shutil.copytree(job / "site", job / "mirror", symlinks=True)
    linked = os.readlink(job / "mirror" / "main.css")
    shutil.rmtree(job / "mirror")
    walked = sorted(top for top, _, _, _ in os.fwalk(job))

    handler = logging.handlers.RotatingFileHandler(job / "job.log", maxBytes=60, backupCount=2)
    log = logging.getLogger("job")
    log.propagate = False
    log.addHandler(handler)
    for i in range(12):
        log.warning("processed batch %d of 12", i)
    handler.close()
    logs = sorted(p.name for p in job.glob("job.log*"))

    shutil.copy("notes.txt", job / "notes.txt")
    with fileinput.input(job / "notes.txt", inplace=True) as lines:
        for line in lines:
            print(line.upper(), end="")
    upper = (job / "notes.txt").read_text()

    (job / "site" / "style.css").unlink()
    (job / "site" / "main.css").unlink()
    os.renames(job / "site" / "index.html", job / "pages" / "home" / "index.html")
    moved = [(job / "site").exists(), (job / "pages" / "home" / "index.html").exists()]
    return {"archived": archived, "walked": walked, "linked": linked, "same_mtime": same_mtime,
            "logs": logs, "upper": upper, "moved": moved}
