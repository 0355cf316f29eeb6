# policy: default
# inputs: {"rows": [{"id": 1, "name": "ann", "tags": ["a"], "score": 9.5}, {"id": "2", "name": "bo", "tags": [], "score": null}]}
# expect: {"errors":{"ann":[],"bo":["id: expected int, got str"]},"first":"ann","is_named":true,"hints":{"id":"<class 'int'>","name":"<class 'str'>","tags":"list[str]","score":"typing.Optional[float]"},"status_args":["ok","bad"],"status":"ok","page_hints":"{'return': typing.Optional[~T]}"}
from __future__ import annotations

import typing
from dataclasses import dataclass, field, fields
from typing import Annotated, Generic, Literal, NamedTuple, Optional, Protocol, TypeVar, get_args, get_origin, get_type_hints, runtime_checkable

T = TypeVar("T")
Status = Literal["ok", "bad"]


class MinLen(NamedTuple):
    n: int


@dataclass
class Row:
    id: int
    name: Annotated[str, MinLen(2)]
    tags: list[str] = field(default_factory=list)
    score: Optional[float] = None


class Page(Generic[T]):
    def __init__(self, items: list[T]) -> None:
        self.items = items

    def first(self) -> T | None:
        return self.items[0] if self.items else None


@runtime_checkable
class HasName(Protocol):
    name: str


def check(cls, data):
    hints = get_type_hints(cls, include_extras=True)
    errors = []
    for f in fields(cls):
        hint = hints[f.name]
        val = data.get(f.name)
        base = hint
        if get_origin(hint) is Annotated:
            base, *meta = get_args(hint)
            for m in meta:
                if isinstance(m, MinLen) and len(val) < m.n:
                    errors.append(f"{f.name}: shorter than {m.n}")
        origin = get_origin(base)
        if origin is typing.Union:
            ok = val is None or isinstance(val, get_args(base)[0])
        elif origin is list:
            ok = isinstance(val, list)
        else:
            ok = isinstance(val, base)
        if not ok:
            errors.append(f"{f.name}: expected {getattr(base, '__name__', str(base))}, got {type(val).__name__}")
    return errors


def main(inputs):
    out = {}
    for d in inputs["rows"]:
        out[d["name"]] = check(Row, d)
    page: Page[Row] = Page([Row(**inputs["rows"][0])])
    status: Status = "ok"
    return {
        "errors": out,
        "first": page.first().name,
        "is_named": isinstance(page.first(), HasName),
        "hints": {k: str(v) for k, v in get_type_hints(Row).items()},
        "status_args": list(get_args(Status)),
        "status": status,
        "page_hints": str(get_type_hints(Page.first)),
    }
