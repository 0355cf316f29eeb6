# policy: default
# inputs: {"raw": "{\"price\": 19.99, \"qty\": 3, \"when\": \"2024-05-01T10:00:00\", \"tags\": [\"a\", \"b\"], \"price\": 21.5}", "bad": "{\"a\": 1,}"}
# expect: {"price":"21.5","when":"2024-05-01T10:00:00","pairs_keys":["price","qty","when","tags","price"],"text":"{\n \"lines\": [\n  {\n   \"price\": \"9.90\",\n   \"sku\": \"A-1\",\n   \"status\": \"new\",\n   \"when\": \"2024-01-02\"\n  },\n  {\n   \"price\": \"21.5\",\n   \"sku\": \"B-2\",\n   \"status\": \"done\",\n   \"when\": \"2024-05-01\"\n  }\n ],\n \"tags\": [\n  \"a\",\n  \"b\"\n ]\n}","back":{"lines":[{"price":"9.90","sku":"A-1","status":"new","when":"2024-01-02"},{"price":"21.5","sku":"B-2","status":"done","when":"2024-05-01"}],"tags":["a","b"]},"err":["Expecting property name enclosed in double quotes",1,9,8],"unserialisable":"Object of type object is not JSON serializable","compact":"{\"a\":[1,2],\"é\":null}","ascii":"\"\\u00e9\\u2192\\ud834\\udd1e\""}
import json
from dataclasses import dataclass, asdict
from datetime import datetime, date
from decimal import Decimal
from enum import Enum


class Status(Enum):
    NEW = "new"
    DONE = "done"


@dataclass
class Line:
    sku: str
    price: Decimal
    when: date
    status: Status


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, (datetime, date)):
            return o.isoformat()
        if isinstance(o, Enum):
            return o.value
        if hasattr(o, "__dataclass_fields__"):
            return asdict(o)
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


def hook(d):
    if "when" in d:
        d["when"] = datetime.fromisoformat(d["when"])
    return d


def main(inputs):
    parsed = json.loads(inputs["raw"], parse_float=Decimal, object_hook=hook)
    pairs = json.loads(inputs["raw"], object_pairs_hook=list)
    lines = [Line("A-1", Decimal("9.90"), date(2024, 1, 2), Status.NEW), Line("B-2", parsed["price"], parsed["when"].date(), Status.DONE)]
    text = json.dumps({"lines": lines, "tags": set(parsed["tags"])}, cls=Encoder, sort_keys=True, indent=1)
    err = None
    try:
        json.loads(inputs["bad"])
    except json.JSONDecodeError as e:
        err = [e.msg, e.lineno, e.colno, e.pos]
    unserialisable = None
    try:
        json.dumps({"x": object()}, cls=Encoder)
    except TypeError as e:
        unserialisable = str(e)
    return {"price": str(parsed["price"]), "when": parsed["when"].isoformat(), "pairs_keys": [k for k, _ in pairs],
            "text": text, "back": json.loads(text), "err": err, "unserialisable": unserialisable,
            "compact": json.dumps({"a": [1, 2], "é": None}, separators=(",", ":"), ensure_ascii=False),
            "ascii": json.dumps("é→𝄞")}
