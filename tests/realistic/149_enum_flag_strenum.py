# policy: default
# inputs: {"perms": ["read", "write"], "status": "shipped", "level": 30}
# expect: {"perm":["Perm.RW",3,true,false,true,["READ","WRITE"]],"status":["shipped","SHIPPED",true,["new","paid","shipped"]],"level":["WARN",true,35,"ERROR"],"err":"'lost' is not a valid Status","dup":"duplicate values found in <enum 'Bad'>: B -> A","members":["READ","WRITE","EXEC","RW"],"grade":"A","repr":["<Perm.READ: 1>","<Status.SHIPPED: 'shipped'>","30","30"]}
from enum import Enum, Flag, IntEnum, StrEnum, auto, unique, verify, CONTINUOUS


class Perm(Flag):
    READ = auto()
    WRITE = auto()
    EXEC = auto()
    RW = READ | WRITE


class Status(StrEnum):
    NEW = auto()
    PAID = auto()
    SHIPPED = auto()


@unique
class Level(IntEnum):
    DEBUG = 10
    INFO = 20
    WARN = 30
    ERROR = 40


@verify(CONTINUOUS)
class Grade(IntEnum):
    C = 1
    B = 2
    A = 3


def main(inputs):
    p = Perm(0)
    for name in inputs["perms"]:
        p |= Perm[name.upper()]
    st = Status(inputs["status"])
    lv = Level(inputs["level"])
    err = None
    try:
        Status("lost")
    except ValueError as e:
        err = str(e)
    dup = None
    try:
        @unique
        class Bad(Enum):
            A = 1
            B = 1
    except ValueError as e:
        dup = str(e)
    return {
        "perm": [str(p), p.value, Perm.WRITE in p, Perm.EXEC in p, p == Perm.RW, [m.name for m in p]],
        "status": [st, st.upper(), st == "shipped", list(Status)],
        "level": [lv.name, lv > Level.INFO, lv + 5, sorted(Level, reverse=True)[0].name],
        "err": err,
        "dup": dup,
        "members": list(Perm.__members__),
        "grade": max(Grade).name,
        "repr": [repr(Perm.READ), repr(st), format(lv), str(lv)],
    }
