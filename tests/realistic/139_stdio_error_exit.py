# policy: default
# mode: stdio
# inputs: {"a": 1}
# stdout: "{\"error\": \"missing b\", \"got\": [\"a\"]}\n"
# error: {"type":"exception","exception":"SystemExit","exit_status":1}
# expect: {"error":"missing b","got":["a"]}
import json
import sys

data = json.loads(sys.stdin.read())
if "b" not in data:
    print(json.dumps({"error": "missing b", "got": sorted(data)}))
    print("details on stderr", file=sys.stderr)
    sys.exit(1)
print(json.dumps({"sum": data["a"] + data["b"]}))
