# policy: data
# expect: {"pages":["a.html","b.html"],"links":["style.css"],"removed":true,"parts":["part1.txt","part2.txt"]}
import os
import pathlib
import shutil
import tempfile


def build(site):
    """Wipe the output folder and regenerate it: the usual build step."""
    if site.exists():
        shutil.rmtree(site)
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "style.css").write_text("body { margin: 0 }")
    os.symlink("assets/style.css", site / "style.css")
    for name in ("a", "b"):
        (site / f"{name}.html").write_text(f"<h1>{name}</h1>")


def main(inputs):
    site = pathlib.Path("out/site")
    build(site)
    build(site)
    pages = sorted(p.name for p in site.glob("*.html"))
    links = sorted(p.name for p in site.iterdir() if p.is_symlink())
    with tempfile.TemporaryDirectory() as scratch:
        for i in (1, 2):
            pathlib.Path(scratch, f"part{i}.txt").write_text(str(i))
        parts = sorted(os.listdir(scratch))
    shutil.rmtree(site)
    return {"pages": pages, "links": links, "removed": not site.exists(), "parts": parts}
