# policy: default
# expect: {"east":300.0,"north":135.75,"south":99.99}
import csv

def main(inputs):
    with open("sales.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    regions = sorted({r["region"] for r in rows})
    return {r: round(sum(float(x["amount"]) for x in rows if x["region"] == r), 2) for r in regions}
