# policy: strict
# inputs: {"csv": "name,amount\nann,10\nbob,32\nann,5\n"}
# expect: {"ann":15,"bob":32}
import csv
import io

def main(inputs):
    totals = {}
    for row in csv.DictReader(io.StringIO(inputs["csv"])):
        totals[row["name"]] = totals.get(row["name"], 0) + int(row["amount"])
    return totals
