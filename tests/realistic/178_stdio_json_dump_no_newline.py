# policy: default
# mode: stdio
# inputs: {"x": 2}
# stdout: "{\"y\": 4}"
# expect: {"y":4}
import json, sys
d = json.load(sys.stdin)
json.dump({"y": d["x"] * 2}, sys.stdout)
