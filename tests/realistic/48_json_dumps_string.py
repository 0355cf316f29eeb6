# policy: strict
# inputs: {"data": {"b": 1, "a": [1, 2]}}
# expect: {"compact":"{\"a\":[1,2],\"b\":1}","pretty_lines":7}
import json

def main(inputs):
    return {"compact": json.dumps(inputs["data"], sort_keys=True, separators=(",", ":")),
            "pretty_lines": len(json.dumps(inputs["data"], indent=2).splitlines())}
