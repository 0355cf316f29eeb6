# policy: strict
# inputs: {"rows": [["2024-01", "north", 10], ["2024-01", "south", 7], ["2024-02", "north", 12]]}
# expect: {"columns":["north","south"],"rows":{"2024-01":[10,7],"2024-02":[12,0]}}
def main(inputs):
    months = sorted({r[0] for r in inputs["rows"]})
    regions = sorted({r[1] for r in inputs["rows"]})
    cell = {(m, r): v for m, r, v in inputs["rows"]}
    return {"columns": regions, "rows": {m: [cell.get((m, r), 0) for r in regions] for m in months}}
