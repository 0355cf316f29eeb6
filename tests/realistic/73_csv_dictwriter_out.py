# policy: data
# inputs: {"rows": [{"sku": "A-1", "name": "Widget, large", "qty": 3, "price": 9.5}, {"sku": "B-2", "name": "Gadget \"pro\"", "qty": 1, "price": 120.0}, {"sku": "C-3", "name": "Ünïcode ✓", "qty": 12, "price": 0.25}]}
# expect: {"raw_first_line":"\"A-1\",\"Widget, large\",3,9.5,28.5","back":[{"sku":"A-1","name":"Widget, large","qty":3.0,"price":9.5,"total":28.5},{"sku":"B-2","name":"Gadget \"pro\"","qty":1.0,"price":120.0,"total":120.0},{"sku":"C-3","name":"Ünïcode ✓","qty":12.0,"price":0.25,"total":3.0}],"grand_total":151.5,"tsv_delim":"\t","files":["report.csv","report.tsv"]}
import csv
from pathlib import Path


def main(inputs):
    out = Path("out")
    fields = ["sku", "name", "qty", "price", "total"]
    with open(out / "report.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, quoting=csv.QUOTE_NONNUMERIC, extrasaction="ignore")
        w.writeheader()
        for r in inputs["rows"]:
            w.writerow({**r, "total": r["qty"] * r["price"], "ignored": 1})
    with open(out / "report.tsv", "w", newline="") as f:
        w = csv.writer(f, dialect="excel-tab")
        w.writerows([[r["sku"], r["qty"]] for r in inputs["rows"]])
    with open(out / "report.csv", newline="", encoding="utf-8") as f:
        back = list(csv.DictReader(f, quoting=csv.QUOTE_NONNUMERIC))
    sample = (out / "report.tsv").read_text()
    dialect = csv.Sniffer().sniff(sample)
    return {
        "raw_first_line": (out / "report.csv").read_text(encoding="utf-8").splitlines()[1],
        "back": back,
        "grand_total": sum(r["total"] for r in back),
        "tsv_delim": dialect.delimiter,
        "files": sorted(p.name for p in out.glob("report.*")),
    }
