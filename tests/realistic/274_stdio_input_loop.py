# policy: default
# mode: stdio
# inputs: {"n": 3}
# stdout: "step 0\nstep 1\nstep 2\n{\"total\": 3, \"lines\": 1}\n"
# expect: {"total":3,"lines":1}
import json

lines = []
while True:
    try:
        lines.append(input())
    except EOFError:
        break
data = json.loads("\n".join(lines))
total = 0
for i in range(data["n"]):
    total += i
    print(f"step {i}", flush=True)
print(json.dumps({"total": total, "lines": len(lines)}))
