# policy: default
# inputs: {"shapes": [{"kind": "circle", "r": 1.5}, {"kind": "rect", "w": 2, "h": 3.5}, {"kind": "square", "side": 4}]}
# expect: {"described":["circle: 7.069","rect: 7.000","square: 16.000"],"total":30.068583,"mro":["Square","Rect","Shape","ABC","object"],"is_shape":[true,true,true],"errors":["Can't instantiate abstract class Shape with abstract method area","'Circle' object has no attribute 'colour'"],"slots":false}
import math
from abc import ABC, abstractmethod


class Shape(ABC):
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    @property
    @abstractmethod
    def area(self) -> float: ...

    def describe(self):
        return f"{self.name}: {self.area:.3f}"


class Circle(Shape):
    __slots__ = ("r",)

    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    @property
    def area(self):
        return math.pi * self.r ** 2


class Rect(Shape):
    __slots__ = ("w", "h")

    def __init__(self, w, h, name="rect"):
        super().__init__(name)
        self.w, self.h = w, h

    @property
    def area(self):
        return self.w * self.h


class Square(Rect):
    __slots__ = ()

    def __init__(self, side):
        super().__init__(side, side, "square")

    @Rect.area.getter
    def area(self):
        return self.w ** 2


FACTORY = {"circle": lambda s: Circle(s["r"]), "rect": lambda s: Rect(s["w"], s["h"]),
           "square": lambda s: Square(s["side"])}


def main(inputs):
    shapes = [FACTORY[s["kind"]](s) for s in inputs["shapes"]]
    errors = []
    try:
        Shape("x")
    except TypeError as e:
        errors.append(str(e))
    try:
        shapes[0].colour = "red"
    except AttributeError as e:
        errors.append(str(e))
    return {
        "described": [s.describe() for s in shapes],
        "total": round(sum(s.area for s in shapes), 6),
        "mro": [c.__name__ for c in Square.__mro__],
        "is_shape": [isinstance(s, Shape) for s in shapes],
        "errors": errors,
        "slots": hasattr(shapes[1], "__dict__"),
    }
