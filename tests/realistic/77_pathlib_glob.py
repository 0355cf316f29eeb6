# policy: default
# expect: {"files":["config.json","notes.txt","sales.csv"],"sizes":{".json":[85],".txt":[37],".csv":[98]},"glob_mod":["config.json","sales.csv"],"fnmatch":["config.json","notes.txt"],"stem":["sales",[".tar",".gz"]],"exists":[true,false,true],"lines":2,"resolved_is_abs":true}
import glob
import fnmatch
from pathlib import Path


def main(inputs):
    here = Path(".")
    files = sorted(p.name for p in here.glob("*.*"))
    by_suffix = {}
    for p in sorted(here.rglob("*")):
        if p.is_file() and p.parts[0] != "out":  # out/ is other steps' output
            by_suffix.setdefault(p.suffix or "(none)", []).append(p.stat().st_size)
    return {
        "files": files,
        "sizes": by_suffix,
        "glob_mod": sorted(g for g in glob.glob("*.csv") + glob.glob("**/*.json", recursive=True) if not g.startswith("out/")),
        "fnmatch": fnmatch.filter(files, "[cn]*"),
        "stem": [Path("sales.csv").stem, Path("a/b.tar.gz").suffixes],
        "exists": [Path("sales.csv").exists(), Path("nope").exists(), Path("out").is_dir()],
        "lines": sum(1 for _ in open("notes.txt")),
        "resolved_is_abs": Path("notes.txt").resolve().is_absolute(),
    }
