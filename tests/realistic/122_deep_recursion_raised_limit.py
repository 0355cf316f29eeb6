# policy: default
# inputs: {"depth": 20000}
# expect: {"length":20000,"text_len":4003,"back":1,"limit":50000}
import json
import sys


def build(n):
    node = None
    for i in range(n):
        node = {"v": i, "next": node}
    return node


def length(node):
    return 0 if node is None else 1 + length(node["next"])


def main(inputs):
    sys.setrecursionlimit(50000)
    d = inputs["depth"]
    chain = build(d)
    n = length(chain)
    nested = [0]
    for _ in range(2000):
        nested = [nested]
    text = json.dumps(nested)
    return {"length": n, "text_len": len(text), "back": len(json.loads(text)), "limit": sys.getrecursionlimit()}
