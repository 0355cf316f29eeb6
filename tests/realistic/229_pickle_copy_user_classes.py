# policy: default
# inputs: {"cart": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]}
# expect: {"back_total":3,"deep_total":8,"orig_total":3,"shares":true,"status":["OPEN","PAID",2],"qualname":"Cart","module_in_blob":true,"line":{"sku":"a","qty":2}}
import copy
import pickle
from collections import namedtuple
from dataclasses import dataclass, field
from enum import IntEnum

Line = namedtuple("Line", "sku qty")


class Status(IntEnum):
    OPEN = 1
    PAID = 2


@dataclass
class Cart:
    lines: list = field(default_factory=list)
    status: Status = Status.OPEN

    def total_qty(self):
        return sum(l.qty for l in self.lines)


def main(inputs):
    cart = Cart([Line(**l) for l in inputs["cart"]])
    blob = pickle.dumps(cart, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(blob)
    deep = copy.deepcopy(cart)
    deep.lines.append(Line("c", 5))
    shallow = copy.copy(cart)
    back.status = Status.PAID
    return {"back_total": back.total_qty(), "deep_total": deep.total_qty(), "orig_total": cart.total_qty(),
            "shares": shallow.lines is cart.lines, "status": [cart.status.name, back.status.name, int(back.status)],
            "qualname": type(back).__qualname__, "module_in_blob": type(back).__module__.encode() in blob,
            "line": back.lines[0]._asdict()}
