# policy: default
# inputs: {"tree": {"name": "root", "children": [{"name": "a", "children": [{"name": "a1"}, {"name": "a2", "children": [{"name": "a2x"}]}]}, {"name": "b"}]}, "depth": 5000}
# expect: {"paths":["/root","/root/a","/root/a/a1","/root/a/a2","/root/a/a2/a2x","/root/b"],"depth":4,"p100":190569292,"deep":5000,"overflow":"maximum recursion depth exceeded"}
import sys
from functools import lru_cache


def paths(node, prefix=""):
    here = f"{prefix}/{node['name']}"
    yield here
    for c in node.get("children", []):
        yield from paths(c, here)


def depth(node):
    return 1 + max((depth(c) for c in node.get("children", [])), default=0)


@lru_cache(maxsize=None)
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    return partitions(n - k, k) + partitions(n, k - 1)


def nest(n):
    return 0 if n == 0 else 1 + nest(n - 1)


def main(inputs):
    sys.setrecursionlimit(20000)
    deep = nest(inputs["depth"])
    try:
        sys.setrecursionlimit(1000)
        nest(5000)
        overflow = None
    except RecursionError as e:
        overflow = str(e)
    return {"paths": list(paths(inputs["tree"])), "depth": depth(inputs["tree"]),
            "p100": partitions(100, 100), "deep": deep, "overflow": overflow}
