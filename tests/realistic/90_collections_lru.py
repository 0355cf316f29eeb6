# policy: strict
# inputs: {"requests": ["a", "b", "a", "c", "d", "b", "e", "a"], "capacity": 3}
# expect: {"cache":["b","e","a"],"hits":1,"misses":7,"cfg":{"debug":true,"port":80},"tree":{"a":{"b":{"c":1}}},"deque":[4,1,2,3],"diff":{"a":2,"b":1,"c":1,"d":1,"e":1},"total":8,"pair":{"k":"x","v":0},"slots":"enforced"}
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple


class LRU:
    __slots__ = ("cap", "data", "hits", "misses")

    def __init__(self, cap):
        self.cap, self.data, self.hits, self.misses = cap, OrderedDict(), 0, 0

    def get(self, k):
        if k in self.data:
            self.data.move_to_end(k)
            self.hits += 1
        else:
            self.misses += 1
            self.data[k] = k.upper()
            if len(self.data) > self.cap:
                self.data.popitem(last=False)
        return self.data[k]


def tree():
    return defaultdict(tree)


def main(inputs):
    c = LRU(inputs["capacity"])
    for r in inputs["requests"]:
        c.get(r)
    cfg = ChainMap({"debug": True}, {"debug": False, "port": 80})
    t = tree()
    t["a"]["b"]["c"] = 1
    d = deque(range(5), maxlen=4)
    d.rotate(1)
    cnt = Counter(inputs["requests"])
    Pair = namedtuple("Pair", "k v", defaults=[0])
    try:
        c.extra = 1
        slots = "no"
    except AttributeError:
        slots = "enforced"
    return {"cache": list(c.data), "hits": c.hits, "misses": c.misses, "cfg": dict(cfg), "tree": t,
            "deque": list(d), "diff": dict(cnt - Counter("ab")), "total": cnt.total(), "pair": Pair("x")._asdict(), "slots": slots}
