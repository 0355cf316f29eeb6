# policy: default
# inputs: {"cli": {"debug": true}, "env": {"timeout": "45", "region": "eu"}, "words": "the quick brown fox jumps over the lazy dog the end"}
# expect: {"cfg":{"debug":true,"timeout":"45","region":"eu","retries":"3"},"child_region":"ap","parent_region":"eu","maps":3,"row":{"id":1,"name":"ann","score":0},"row2":[1,"ann",9],"fields":["id","name","score"],"point":[5.0,{"x":1,"y":0.0}],"tree":{"a":{"b":{"c":1},"d":2}},"od":["e","a","c","d","b"],"top":[["the",3],["quick",1]],"sub":{"the":1,"quick":1,"brown":1,"jumps":1,"over":1,"lazy":1,"dog":1,"end":1},"total":11,"deque":[99,4,5,0,1,2]}
from collections import ChainMap, Counter, OrderedDict, defaultdict, deque, namedtuple
from typing import NamedTuple

DEFAULTS = {"debug": False, "timeout": "30", "region": "us", "retries": "3"}


class Point(NamedTuple):
    x: float
    y: float = 0.0

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5


def tree():
    return defaultdict(tree)


def main(inputs):
    cfg = ChainMap(inputs["cli"], inputs["env"], DEFAULTS)
    child = cfg.new_child({"region": "ap"})
    Row = namedtuple("Row", "id name score", defaults=[0])
    r = Row(1, "ann")
    t = tree()
    t["a"]["b"]["c"] = 1
    t["a"]["d"] = 2
    od = OrderedDict.fromkeys("abcde")
    od.move_to_end("b")
    od.move_to_end("e", last=False)
    c = Counter(inputs["words"].split())
    c2 = Counter("the the fox".split())
    d = deque(range(6), maxlen=6)
    d.rotate(2)
    d.appendleft(99)
    return {
        "cfg": dict(cfg),
        "child_region": child["region"],
        "parent_region": child.parents["region"],
        "maps": len(cfg.maps),
        "row": r._asdict(),
        "row2": r._replace(score=9),
        "fields": Row._fields,
        "point": [Point(3, 4).norm(), Point(1)._asdict()],
        "tree": t,
        "od": list(od),
        "top": c.most_common(2),
        "sub": dict(c - c2),
        "total": c.total(),
        "deque": list(d),
    }
