# policy: strict
# inputs: {"points": [[3, 4], [1, 1], [0, 5], [3, 4]]}
# expect: {"unique":[[0,5],[1,1],[3,4]],"norms":[25,2,25,25],"frozen_error":"FrozenInstanceError","moved":[10,4],"has_slots_dict":false,"perm":5,"perm_name":"5","perm_has_write":false}
from dataclasses import dataclass, field, replace, astuple
from enum import IntFlag, auto


class Perm(IntFlag):
    READ = auto()
    WRITE = auto()
    EXEC = auto()


@dataclass(frozen=True, slots=True, order=True)
class Point:
    x: int
    y: int

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y


@dataclass(slots=True)
class Bag:
    items: list = field(default_factory=list)


def main(inputs):
    pts = [Point(*p) for p in inputs["points"]]
    bag = Bag()
    for p in sorted(set(pts)):
        bag.items.append(astuple(p))
    try:
        pts[0].x = 9
        frozen = False
    except Exception as e:
        frozen = type(e).__name__
    moved = replace(pts[0], x=10)
    p = Perm.READ | Perm.EXEC
    return {
        "unique": bag.items,
        "norms": [q.norm2 for q in pts],
        "frozen_error": frozen,
        "moved": astuple(moved),
        "has_slots_dict": hasattr(pts[0], "__dict__"),
        "perm": int(p),
        "perm_name": str(p),
        "perm_has_write": Perm.WRITE in p,
    }
