# policy: default
# inputs: {"values": [1, 2.5, "x", [1, 2], {"k": null}, true]}
# expect: {"described":["int:1","other:float","other:str","list of 2","other:dict","int:True"],"sorted":["v0.9","v1.2.3","v1.2.10","v1.10.0"],"ge":true,"back":"{'vs': [v0.9, v1.2.3, v1.2.10, v1.10.0], 't': (1, 2)}","orig_untouched":2,"pp":"{'a': 'x',\n 'z': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,\n       11, 12, 13, 14, 15, 16, 17, 18,\n       19, 20, 21, 22, 23, 24, 25, 26,\n       27, 28, 29]}","pow2":[1,2,4,8,16],"prod":3628800}
import copy
import pickle
import pprint
from functools import singledispatch, total_ordering, partial, reduce
import operator


@singledispatch
def describe(v):
    return f"other:{type(v).__name__}"


@describe.register
def _(v: int):
    return f"int:{v}"


@describe.register(list)
def _(v):
    return f"list of {len(v)}"


@total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __eq__(self, o):
        return self.parts == o.parts

    def __lt__(self, o):
        return self.parts < o.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


def main(inputs):
    vs = sorted(Version(s) for s in ["1.10.0", "1.2.3", "1.2.10", "0.9"])
    blob = pickle.dumps({"vs": vs, "t": (1, 2)}, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(blob)
    nested = {"a": [1, {"b": 2}]}
    deep = copy.deepcopy(nested)
    deep["a"][1]["b"] = 3
    return {
        "described": [describe(v) for v in inputs["values"]],
        "sorted": [repr(v) for v in vs],
        "ge": Version("2.0") >= Version("1.99"),
        "back": repr(back),
        "orig_untouched": nested["a"][1]["b"],
        "pp": pprint.pformat({"z": list(range(30)), "a": "x"}, width=40, compact=True),
        "pow2": list(map(partial(pow, 2), range(5))),
        "prod": reduce(operator.mul, range(1, 11)),
    }
