# policy: default
# inputs: {"grants": ["read", "write"], "level": 2, "color": "#ff0000"}
# expect: {"perm":"Perm.RW","repr":"<Perm.RW: 3>","members":["READ","WRITE"],"rw":true,"has_exec":false,"mode":5,"mode_str":"5","mode_fmt":"5","mode_list":["R","X"],"inverted":"3","level":"MID","level_fmt":"2","level_str":"2","cmp":true,"bad":"7 is not a valid Level","dup":"duplicate values found in <enum 'Dup'>: B -> A","color":"RED","methods":["get","post"],"method_fmt":"get","all_perm":"<Perm.READ|WRITE|EXEC: 7>","flag_boundary":"conform","names":["READ","WRITE","EXEC","RW"]}
import enum
from enum import Enum, Flag, IntEnum, IntFlag, StrEnum, auto, unique


class Perm(Flag):
    READ = auto()
    WRITE = auto()
    EXEC = auto()
    RW = READ | WRITE


class Mode(IntFlag):
    R = 4
    W = 2
    X = 1


@unique
class Level(IntEnum):
    LOW = 1
    MID = 2
    HIGH = 3


class Color(Enum):
    RED = "#ff0000"
    GREEN = "#00ff00"

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str) and value.lower() != value:
            return cls(value.lower())
        return None


class Method(StrEnum):
    GET = auto()
    POST = auto()


def main(inputs):
    p = Perm(0)
    for g in inputs["grants"]:
        p |= Perm[g.upper()]
    m = Mode.R | Mode.X
    try:
        Level(7)
    except ValueError as e:
        bad = str(e)
    try:
        @unique
        class Dup(Enum):
            A = 1
            B = 1
    except ValueError as e:
        dup = str(e)
    return {
        "perm": str(p), "repr": repr(p), "members": [x.name for x in p], "rw": p == Perm.RW,
        "has_exec": Perm.EXEC in p, "mode": int(m), "mode_str": str(m), "mode_fmt": f"{m}",
        "mode_list": [x.name for x in m], "inverted": str(~Mode.R),
        "level": Level(inputs["level"]).name, "level_fmt": f"{Level.MID}", "level_str": str(Level.MID),
        "cmp": Level.HIGH > Level.LOW, "bad": bad, "dup": dup,
        "color": Color(inputs["color"].upper()).name, "methods": list(Method), "method_fmt": f"{Method.GET}",
        "all_perm": repr(~Perm(0)), "flag_boundary": str(Perm._boundary_),
        "names": list(Perm.__members__),
    }
