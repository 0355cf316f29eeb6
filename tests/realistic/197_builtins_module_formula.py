# policy: strict
# inputs: {"formulas": {"total": "round(sum(prices) * (1 + vat), 2)", "top": "max(prices)", "n": "len(prices)"}, "prices": [9.99, 20, 5.5], "vat": 0.2}
# expect: {"values":{"total":42.59,"top":20,"n":3},"builtins":"module","has_len":true}
# A formula step hands eval() a namespace holding a few builtins, picked off __builtins__
# (the builtins module in a script python3 runs; its dict has none of these attributes).
ALLOWED = ("round", "sum", "max", "min", "len", "abs")


def main(inputs):
    safe = {name: getattr(__builtins__, name) for name in ALLOWED}
    env = {"__builtins__": safe, "prices": inputs["prices"], "vat": inputs["vat"]}
    values = {key: eval(expr, env) for key, expr in inputs["formulas"].items()}
    return {
        "values": values,
        "builtins": type(__builtins__).__name__,
        "has_len": "len" in dir(__builtins__),
    }
