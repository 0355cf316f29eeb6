# policy: data
# expect: {"files":["config.json","notes.txt","sales.csv"],"ext":[".csv",".json",".txt"],"joined":"out/x/y.txt","env":"C.UTF-8"}
import os

def main(inputs):
    files = sorted(f for f in os.listdir(".") if os.path.isfile(f))
    return {"files": files, "ext": sorted({os.path.splitext(f)[1] for f in files}),
            "joined": os.path.join("out", "x", "y.txt"), "env": os.environ.get("LANG")}
