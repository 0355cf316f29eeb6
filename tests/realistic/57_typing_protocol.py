# policy: strict
# inputs: {"shapes": [{"kind": "circle", "r": 1}, {"kind": "rect", "w": 2, "h": 3}]}
# expect: {"areas":[3.1416,6],"all_have_area":true,"int_has_area":false,"hints":["h","kind","r","w"],"fields":["w","h"],"as_dict":{"w":2,"h":3}}
from __future__ import annotations

import math
from typing import NamedTuple, Protocol, TypedDict, runtime_checkable, get_type_hints, Literal


class ShapeIn(TypedDict, total=False):
    kind: Literal["circle", "rect"]
    r: float
    w: float
    h: float


@runtime_checkable
class HasArea(Protocol):
    def area(self) -> float: ...


class Circle(NamedTuple):
    r: float

    def area(self) -> float:
        return math.pi * self.r ** 2


class Rect(NamedTuple):
    w: float
    h: float

    def area(self) -> float:
        return self.w * self.h


def build(s: ShapeIn) -> HasArea:
    return Circle(s["r"]) if s["kind"] == "circle" else Rect(s["w"], s["h"])


def main(inputs: dict[str, list[ShapeIn]]) -> dict:
    shapes = [build(s) for s in inputs["shapes"]]
    return {
        "areas": [round(s.area(), 4) for s in shapes],
        "all_have_area": all(isinstance(s, HasArea) for s in shapes),
        "int_has_area": isinstance(3, HasArea),
        "hints": sorted(get_type_hints(ShapeIn)),
        "fields": list(Rect._fields),
        "as_dict": shapes[1]._asdict(),
    }
