# policy: data
# inputs: {"rows": [["a", 1], ["b", 2]], "name": "report"}
# expect: {"path":"out/report.csv","text":"key,value\na,1\nb,2\n","size":21}
import csv
import os

def main(inputs):
    path = os.path.join("out", inputs["name"] + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "value"])
        w.writerows(inputs["rows"])
    with open(path) as f:
        return {"path": path, "text": f.read(), "size": os.path.getsize(path)}
