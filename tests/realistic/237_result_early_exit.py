# policy: strict
# inputs: {"rows": []}
# stdout: "nothing to do\n"
# expect: {"status":"skipped","reason":"no rows"}
import sys

result = {"status": "skipped", "reason": "no rows"}
if not inputs["rows"]:
    print("nothing to do")
    sys.exit(0)
result = {"status": "done", "count": len(inputs["rows"])}
