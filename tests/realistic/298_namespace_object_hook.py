# policy: strict
# inputs: {"payload": "{\"user\": {\"name\": \"ann\", \"tags\": [\"a\", \"b\"], \"address\": {\"city\": \"Oslo\"}}, \"count\": 2}"}
# expect: {"city":"Oslo","tags":["a","b"],"back":{"user":{"name":"ann","tags":["a","b"],"address":{"city":"Oslo"}},"count":2},"repr":"namespace(city='Oslo', zip='0150')","err":"'mappingproxy' object does not support item assignment","eq":true,"keys":["address","name","tags"]}
import json
from types import MappingProxyType, SimpleNamespace


def main(inputs):
    obj = json.loads(inputs["payload"], object_hook=lambda d: SimpleNamespace(**d))
    frozen = MappingProxyType({"currency": "EUR"})
    try:
        frozen["currency"] = "USD"
        err = None
    except TypeError as e:
        err = str(e)
    back = json.loads(json.dumps(obj, default=vars))
    obj.user.address.zip = "0150"
    return {"city": obj.user.address.city, "tags": obj.user.tags, "back": back,
            "repr": repr(obj.user.address), "err": err, "eq": SimpleNamespace(a=1) == SimpleNamespace(a=1),
            "keys": sorted(vars(obj.user))}
