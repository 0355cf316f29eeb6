# policy: strict
# inputs: {"events": [{"type": "click", "x": 10, "y": 0}, {"type": "key", "key": "Enter", "mods": ["ctrl"]}, {"type": "click", "x": -1, "y": 5}, {"type": "scroll", "dy": 3}, {"type": "key", "key": "a", "mods": []}]}
# expect: {"out":["edge click at 10","submit","off-screen -1,5","ignored","key a"],"frozen":"FrozenInstanceError","moved":"Click(x=1, y=0)","slots":false,"match_args":["x","y"],"key_args":[],"hash_eq":true}
from dataclasses import FrozenInstanceError, dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Click:
    x: int
    y: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Key:
    key: str
    mods: tuple = field(default_factory=tuple)


def parse(e):
    match e:
        case {"type": "click", "x": int(x), "y": int(y)}:
            return Click(x, y)
        case {"type": "key", "key": str(k), **rest}:
            return Key(key=k, mods=tuple(rest.get("mods", ())))
        case _:
            return None


def describe(ev):
    match ev:
        case Click(0 | 10 as x, 0):
            return f"edge click at {x}"
        case Click(x, y) if x < 0:
            return f"off-screen {x},{y}"
        case Key(key="Enter", mods=("ctrl",)):
            return "submit"
        case Key(key=k):
            return f"key {k}"
        case None:
            return "ignored"


def main(inputs):
    evs = [parse(e) for e in inputs["events"]]
    c = evs[0]
    try:
        c.x = 5
        frozen = None
    except FrozenInstanceError as e:
        frozen = type(e).__name__
    return {"out": [describe(e) for e in evs], "frozen": frozen,
            "moved": repr(replace(c, x=1)), "slots": hasattr(c, "__dict__"),
            "match_args": list(Click.__match_args__), "key_args": list(Key.__match_args__),
            "hash_eq": hash(Click(1, 2)) == hash(Click(1, 2))}
