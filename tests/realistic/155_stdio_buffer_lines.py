# policy: default
# mode: stdio
# inputs: {"items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 0}, {"sku": "é", "qty": 5}]}
# stdout: "keep a\nkeep é\n{\"kept\": [{\"sku\": \"a\", \"qty\": 2}, {\"sku\": \"é\", \"qty\": 5}], \"n\": 2}\n"
# expect: {"kept":[{"sku":"a","qty":2},{"sku":"é","qty":5}],"n":2}
import io
import json
import sys

raw = sys.stdin.buffer.read()
data = json.loads(raw.decode("utf-8"))
sys.stderr.write(f"read {len(raw)} bytes\n")
kept = [i for i in data["items"] if i["qty"] > 0]
for i in kept:
    sys.stdout.write(f"keep {i['sku']}\n")
sys.stdout.flush()
out = json.dumps({"kept": kept, "n": len(kept)}, ensure_ascii=False)
sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
