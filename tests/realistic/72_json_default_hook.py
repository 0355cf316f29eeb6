# policy: strict
# inputs: {"payload": "{\"id\": 7, \"price\": \"19.99\", \"when\": {\"$date\": \"2024-02-29T12:00:00\"}, \"tags\": {\"$set\": [\"b\", \"a\"]}, \"big\": 12345678901234567890123}"}
# expect: {"text":"{\"big\": 12345678901234567890123, \"color\": \"red\", \"id\": 7, \"price\": \"39.98\", \"tags\": {\"$set\": [\"a\", \"b\"]}, \"when\": {\"$date\": \"2024-02-29T12:00:00\"}}","when_year":2024,"err":"Object of type date is not JSON serializable","pairs":[["a",1],["a",2]],"pretty":"{\n  \"a\": \"é\",\n  \"b\": [\n    1,\n    2\n  ]\n}","compact":"[1,{\"x\":null}]"}
import json
from datetime import datetime, date
from decimal import Decimal
from enum import Enum


class Color(Enum):
    RED = "red"


def decode(obj):
    if "$date" in obj:
        return datetime.fromisoformat(obj["$date"])
    if "$set" in obj:
        return set(obj["$set"])
    return obj


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime):
            return {"$date": o.isoformat()}
        if isinstance(o, set):
            return {"$set": sorted(o)}
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, Enum):
            return o.value
        return super().default(o)


def main(inputs):
    obj = json.loads(inputs["payload"], object_hook=decode, parse_float=Decimal)
    obj["price"] = Decimal(obj["price"]) * 2
    obj["color"] = Color.RED
    text = json.dumps(obj, cls=Enc, sort_keys=True)
    try:
        json.dumps({"d": date(2024, 1, 1)})
        err = None
    except TypeError as e:
        err = str(e)
    pairs = json.loads('{"a": 1, "a": 2}', object_pairs_hook=lambda p: p)
    return {"text": text, "when_year": obj["when"].year, "err": err, "pairs": pairs,
            "pretty": json.dumps({"b": [1, 2], "a": "é"}, indent=2, ensure_ascii=False, sort_keys=True),
            "compact": json.dumps([1, {"x": None}], separators=(",", ":"))}
