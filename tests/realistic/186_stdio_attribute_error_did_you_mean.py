# policy: default
# mode: stdio
# inputs: {"b": 2, "a": 1}
# error: {"type":"exception","exception":"AttributeError","exit_status":1,"message":"AttributeError: 'dict' object has no attribute 'itmes'. Did you mean: 'items'?","line":11}
# expect: null
import json
import sys


def process(data):
    return {"keys": sorted(k for k, _ in data.itmes())}


print(json.dumps(process(json.load(sys.stdin))))
