# policy: strict
# inputs: {"stream": "{\"id\": 1, \"price\": 19.90}{\"id\": 2, \"price\": 0.1}\n{\"id\": 3, \"price\": 1e2}  [1, 2]\n{\"id\": 4, \"price\": }"}
# expect: {"n":4,"total":"120.00","types":["dict","dict","dict","list"],"error":{"msg":"Expecting value","pos":100,"line":3,"col":20,"str":"Expecting value: line 3 column 20 (char 100)"},"dumped":"[1, 2]"}
import json
from decimal import Decimal


def main(inputs):
    text = inputs["stream"]
    dec = json.JSONDecoder(parse_float=Decimal)
    ws = json.decoder.WHITESPACE
    pos, items, error = 0, [], None
    while True:
        pos = ws.match(text, pos).end()
        if pos >= len(text):
            break
        try:
            obj, pos = dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            error = {"msg": e.msg, "pos": e.pos, "line": e.lineno, "col": e.colno, "str": str(e)}
            break
        items.append(obj)
    total = sum(i["price"] for i in items if isinstance(i, dict))
    return {"n": len(items), "total": str(total),
            "types": [type(i).__name__ for i in items], "error": error,
            "dumped": json.dumps(items[-1]) if items else None}
