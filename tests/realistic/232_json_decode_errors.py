# policy: strict
# inputs: {"payloads": ["{\"a\": 1.10, \"b\": [1, 2]}", "{\"a\": 1,}", "[1, 2", "{\"z\": 1, \"a\": 2}", "NaN"]}
# expect: {"results":[{"ok":"{\"a\": \"1.10\", \"b\": [1, 2]}"},{"err":"Expecting property name enclosed in double quotes","line":1,"col":9,"pos":8},{"err":"Expecting ',' delimiter","line":1,"col":6,"pos":5},{"ok":"{\"a\": 2, \"z\": 1}"},{"ok":"null"}],"jsonl":[0,1,2],"pretty":["{","  \"a\": [","    1,","    2","  ],","  \"b\": 1","}"],"ascii":"\"\\u00e9\\u2713\"","raw":"\"é✓\""}
import json
from collections import OrderedDict
from decimal import Decimal


def main(inputs):
    out = []
    for p in inputs["payloads"]:
        try:
            v = json.loads(p, parse_float=Decimal, object_pairs_hook=OrderedDict, parse_constant=lambda c: None)
            out.append({"ok": json.dumps(v, default=str, sort_keys=True)})
        except json.JSONDecodeError as e:
            out.append({"err": e.msg, "line": e.lineno, "col": e.colno, "pos": e.pos})
    lines = "\n".join(json.dumps({"i": i}) for i in range(3))
    return {"results": out, "jsonl": [json.loads(l)["i"] for l in lines.splitlines()],
            "pretty": json.dumps({"b": 1, "a": [1, 2]}, indent=2, sort_keys=True).splitlines(),
            "ascii": json.dumps("é✓"), "raw": json.dumps("é✓", ensure_ascii=False)}
