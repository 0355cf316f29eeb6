# policy: default
# inputs: {"events": [{"type": "click", "x": 3, "y": 4}, {"type": "key", "key": "Enter"}, {"type": "key", "key": "a", "mods": ["ctrl"]}, {"type": "scroll", "dy": -120}, {"type": "resize", "size": [800, 600]}, {"type": "?"}, [1, 2, 3], "ping", 42]}
# stdout: "('x', 'y')\n"
# expect: ["click at 3,4 (point)","submit","chord ctrl+a","scroll up 120","resize 800x600","unknown '?' rest={}","list starting 1 then 2","text PING","other int"]
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    POINT = "point"
    TEXT = "text"


@dataclass
class Point:
    x: int
    y: int


def classify(ev):
    match ev:
        case {"type": "click", "x": int(x), "y": int(y)}:
            p = Point(x, y)
            match p:
                case Point(x=0, y=0):
                    return "origin click"
                case Point(x, y) if x == y:
                    return "diagonal click"
                case Point(x=px, y=py):
                    return f"click at {px},{py} ({Kind.POINT.value})"
        case {"type": "key", "key": str(k), "mods": [*mods]}:
            return f"chord {'+'.join(mods + [k])}"
        case {"type": "key", "key": "Enter" | "Return"}:
            return "submit"
        case {"type": "scroll", "dy": int(dy)} if dy < 0:
            return f"scroll up {-dy}"
        case {"type": "resize", "size": [w, h]}:
            return f"resize {w}x{h}"
        case {"type": t, **rest}:
            return f"unknown {t!r} rest={rest}"
        case [first, *others]:
            return f"list starting {first} then {len(others)}"
        case str() as s:
            return f"text {s.upper()}"
        case _:
            return f"other {type(ev).__name__}"


def main(inputs):
    print(Point.__match_args__)
    return [classify(e) for e in inputs["events"]]
