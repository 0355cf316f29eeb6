# policy: default
# inputs: {"orders": [{"id": "o1", "lines": [{"sku": "a", "qty": 2, "unit": 3.5}], "coupon": "TEN"}, {"id": "o2", "lines": [{"sku": "b", "qty": 1, "unit": 20}, {"sku": "c", "qty": 3, "unit": 1.25}]}, {"id": "o3", "lines": []}]}
# expect: {"totals":{"o1":6.3,"o2":23.75},"dicts":[{"id":"o1","lines":[{"sku":"a","qty":2,"unit":3.5}],"discount":0.1,"note":""},{"id":"o2","lines":[{"sku":"b","qty":1,"unit":20},{"sku":"c","qty":3,"unit":1.25}],"discount":0.0,"note":""}],"tuple":["a",2,3.5],"fields":["id","lines","discount","note"],"replaced":0.1,"repr":"Order(id='o1', lines=[Line(sku='a', qty=2, unit=3.5)], discount=0.1)","errors":["order o3 has no lines"],"frozen_err":"FrozenInstanceError","eq":true,"money":[true,false],"hash_eq":true}
from dataclasses import KW_ONLY, InitVar, asdict, astuple, dataclass, field, fields, replace
from functools import cached_property, total_ordering


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    qty: int
    unit: float

    @property
    def amount(self):
        return self.qty * self.unit


@dataclass
class Order:
    id: str
    lines: list[Line] = field(default_factory=list)
    _: KW_ONLY
    coupon: InitVar[str | None] = None
    discount: float = field(init=False, default=0.0)
    note: str = field(default="", repr=False, compare=False)

    def __post_init__(self, coupon):
        if not self.lines:
            raise ValueError(f"order {self.id} has no lines")
        self.discount = 0.1 if coupon == "TEN" else 0.0

    @cached_property
    def total(self):
        return round(sum(l.amount for l in self.lines) * (1 - self.discount), 2)


@total_ordering
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, o):
        return self.cents == o.cents

    def __lt__(self, o):
        return self.cents < o.cents


def main(inputs):
    orders, errors = [], []
    for o in inputs["orders"]:
        try:
            orders.append(Order(o["id"], [Line(**l) for l in o["lines"]], coupon=o.get("coupon")))
        except ValueError as e:
            errors.append(str(e))
    frozen_err = None
    try:
        orders[0].lines[0].qty = 5
    except Exception as e:
        frozen_err = type(e).__name__
    return {
        "totals": {o.id: o.total for o in orders},
        "dicts": [asdict(o) for o in orders],
        "tuple": astuple(orders[0].lines[0]),
        "fields": [f.name for f in fields(Order)],
        "replaced": asdict(replace(orders[1], id="o2b", coupon="TEN"))["discount"],
        "repr": repr(orders[0]),
        "errors": errors,
        "frozen_err": frozen_err,
        "eq": Order("x", [Line("a", 1, 1.0)], note="n1") == Order("x", [Line("a", 1, 1.0)], note="n2"),
        "money": [Money(5) >= Money(3), Money(2) <= Money(1)],
        "hash_eq": hash(Line("a", 1, 1.0)) == hash(Line("a", 1, 1.0)),
    }
