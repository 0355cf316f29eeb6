# policy: strict
# inputs: {"events": [{"kind": "signup", "user": "ann", "at": "2024-05-01T10:00:00", "tags": ["web"]}, {"kind": "purchase", "user": "ann", "at": "2024-05-02T11:30:00", "amount": "19.90"}, {"kind": "signup", "user": "bo", "at": "2024-05-03T09:15:00"}]}
# expect: {"order":["ann:signup","ann:purchase","bo:signup"],"hints":["amount","at","kind","registry","tags","user"],"fields":["at","kind","user","amount","tags"],"revenue":"19.90","replaced":"zed","frozen":true,"classvar":true,"asdict_keys":["at","kind","user","amount","tags"]}
from __future__ import annotations

import dataclasses
import enum
import typing
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Optional


class Kind(enum.Enum):
    SIGNUP = "signup"
    PURCHASE = "purchase"


@dataclass(order=True, frozen=True)
class Event:
    at: datetime
    kind: Kind = field(compare=False)
    user: str = field(compare=False)
    amount: Optional[Decimal] = field(default=None, compare=False)
    tags: tuple[str, ...] = field(default=(), compare=False)
    registry: ClassVar[dict] = {}

    @classmethod
    def parse(cls, d: dict) -> Event:
        hints = typing.get_type_hints(cls)
        kw = {}
        for f in dataclasses.fields(cls):
            if f.name not in d:
                continue
            v = d[f.name]
            t = hints[f.name]
            if t is datetime:
                v = datetime.fromisoformat(v)
            elif t is Kind:
                v = Kind(v)
            elif t == Optional[Decimal]:
                v = Decimal(v)
            elif typing.get_origin(t) is tuple:
                v = tuple(v)
            kw[f.name] = v
        return cls(**kw)


def main(inputs):
    evs = sorted(Event.parse(d) for d in reversed(inputs["events"]))
    later = dataclasses.replace(evs[0], user="zed")
    try:
        evs[0].user = "x"
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    return {
        "order": [e.user + ":" + e.kind.value for e in evs],
        "hints": sorted(typing.get_type_hints(Event)),
        "fields": [f.name for f in dataclasses.fields(Event)],
        "revenue": str(sum(e.amount for e in evs if e.amount)),
        "replaced": later.user, "frozen": frozen, "classvar": "registry" not in {f.name for f in dataclasses.fields(Event)},
        "asdict_keys": list(dataclasses.asdict(evs[0])),
    }
