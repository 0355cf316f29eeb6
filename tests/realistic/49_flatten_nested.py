# policy: strict
# inputs: {"doc": {"a": {"b": 1, "c": {"d": 2}}, "e": [3, {"f": 4}]}}
# expect: {"a.b":1,"a.c.d":2,"e.0":3,"e.1.f":4}
def flatten(value, prefix=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flatten(v, f"{prefix}{k}.")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from flatten(v, f"{prefix}{i}.")
    else:
        yield prefix[:-1], value

def main(inputs):
    return dict(flatten(inputs["doc"]))
