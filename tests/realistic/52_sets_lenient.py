# policy: strict
# results: lenient
# inputs: {"a": ["x", "y", "z"], "b": ["y", "z", "w"]}
# expect: {"both":["y","z"],"either":["w","x","y","z"],"only_a":["x"],"by_len":{"1":"one","2":"two"}}
def main(inputs):
    a, b = set(inputs["a"]), set(inputs["b"])
    return {"both": a & b, "either": a | b, "only_a": frozenset(a - b), "by_len": {1: "one", 2: "two"}}
