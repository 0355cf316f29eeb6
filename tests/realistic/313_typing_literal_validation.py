# policy: strict
# inputs: {"payloads": [{"status": "open", "priority": 2, "tags": ["a"]}, {"status": "closed", "priority": "high", "tags": []}, {"status": "archived", "priority": 1}]}
# expect: {"report":[{"bad":[],"missing":[]},{"bad":["priority"],"missing":[]},{"bad":["status"],"missing":[]}],"fields":["owner","priority","status","tags"],"optional":["owner","priority","status","tags"],"literal":["open","closed"],"ann":"1..3","opt":["<class 'str'>","<class 'NoneType'>"]}
from typing import Annotated, Literal, Optional, TypedDict, get_args, get_origin, get_type_hints

Status = Literal["open", "closed"]


class Ticket(TypedDict, total=False):
    status: Status
    priority: Annotated[int, "1..3"]
    tags: list[str]
    owner: Optional[str]


def check(value, tp):
    origin = get_origin(tp)
    if origin is Literal:
        return value in get_args(tp)
    if origin is Annotated:
        return check(value, get_args(tp)[0])
    if origin is list:
        return isinstance(value, list) and all(check(v, get_args(tp)[0]) for v in value)
    if tp is type(None):
        return value is None
    if get_args(tp) and origin is not None:
        return any(check(value, a) for a in get_args(tp))
    return isinstance(value, tp)


def main(inputs):
    hints = get_type_hints(Ticket, include_extras=True)
    report = []
    for p in inputs["payloads"]:
        bad = sorted(k for k, v in p.items() if not check(v, hints[k]))
        missing = sorted(Ticket.__required_keys__ - p.keys())
        report.append({"bad": bad, "missing": missing})
    return {"report": report, "fields": sorted(hints), "optional": sorted(Ticket.__optional_keys__),
            "literal": list(get_args(Status)), "ann": get_args(hints["priority"])[1],
            "opt": [repr(a) for a in get_args(hints["owner"])]}
