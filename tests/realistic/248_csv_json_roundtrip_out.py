# policy: data
# inputs: {"rows": [{"sku": "A-1", "name": "Widget, large", "qty": 3, "price": "9.99"}, {"sku": "B-2", "name": "Gadget \"pro\"", "qty": 0, "price": "120.00"}, {"sku": "C-3", "name": "Ünïcode ✓", "qty": 12, "price": "0.50"}]}
# expect: {"back":[{"sku":"A-1","name":"Widget, large","qty":3.0,"price":"9.99"},{"sku":"B-2","name":"Gadget \"pro\"","qty":0.0,"price":"120.00"},{"sku":"C-3","name":"Ünïcode ✓","qty":12.0,"price":"0.50"}],"same":true,"tree":[["archive/2024/items.json",282],["items.csv",128]],"listing":["config.json","notes.txt","sales.csv"],"raw":["\"sku\",\"name\",\"qty\",\"price\"","\"A-1\",\"Widget, large\",3,\"9.99\""],"cwd_is_work":true,"cleaned":true}
import csv
import json
import os
import shutil
from pathlib import Path


def main(inputs):
    out = Path("out")
    with open(out / "items.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["sku", "name", "qty", "price"], quoting=csv.QUOTE_NONNUMERIC)
        w.writeheader()
        w.writerows(inputs["rows"])
    with open(out / "items.csv", newline="", encoding="utf-8") as f:
        back = list(csv.DictReader(f, quoting=csv.QUOTE_NONNUMERIC))
    (out / "items.json").write_text(json.dumps(back, ensure_ascii=False, indent=2), encoding="utf-8")
    again = json.loads((out / "items.json").read_text(encoding="utf-8"))
    os.makedirs("out/archive/2024", exist_ok=True)
    os.replace("out/items.json", "out/archive/2024/items.json")
    tree = sorted(
        (os.path.relpath(os.path.join(root, f), "out"), os.path.getsize(os.path.join(root, f)))
        for root, dirs, files in os.walk("out") for f in files if f.startswith("items"))
    listing = sorted(e.name for e in os.scandir(".") if e.is_file())
    raw = (out / "items.csv").read_bytes().splitlines()[:2]
    for p in ("out/items.csv", "out/archive/2024/items.json"):
        os.remove(p)
    shutil.rmtree("out/archive")
    return {"back": back, "same": again == back, "tree": tree, "listing": listing,
            "raw": [r.decode() for r in raw], "cwd_is_work": os.path.basename(os.getcwd()) != "",
            "cleaned": not any(n.startswith("items") or n == "archive" for n in os.listdir("out"))}
