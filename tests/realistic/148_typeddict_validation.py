# policy: default
# inputs: {"payload": {"user_id": 42, "email": "a@b.co", "plan": "pro", "seats": "5", "tags": ["x", 1]}}
# expect: {"errors":["seats: expected int, got str","tags[1]: expected str, got int"],"required":["email","plan","tags","user_id"],"optional":["referrer","seats"],"hints":{"user_id":"<class 'int'>","email":"<class 'str'>","plan":"typing.Literal['free', 'pro', 'team']","seats":"<class 'int'>","tags":"list[str]","referrer":"typing.Optional[str]"}}
from typing import Any, Literal, NotRequired, Optional, TypedDict, Union, get_args, get_origin, get_type_hints


class Signup(TypedDict):
    user_id: int
    email: str
    plan: Literal["free", "pro", "team"]
    seats: NotRequired[int]
    tags: list[str]
    referrer: NotRequired[Optional[str]]


def check(value: Any, tp: Any, path: str, errors: list) -> None:
    origin = get_origin(tp)
    if origin is NotRequired:
        return check(value, get_args(tp)[0], path, errors)
    if origin is Literal:
        if value not in get_args(tp):
            errors.append(f"{path}: {value!r} not one of {list(get_args(tp))}")
    elif origin is Union:
        if not any(_ok(value, a) for a in get_args(tp)):
            errors.append(f"{path}: {type(value).__name__} does not match {tp}")
    elif origin is list:
        if not isinstance(value, list):
            errors.append(f"{path}: not a list")
        else:
            for i, v in enumerate(value):
                check(v, get_args(tp)[0], f"{path}[{i}]", errors)
    elif not isinstance(value, tp):
        errors.append(f"{path}: expected {tp.__name__}, got {type(value).__name__}")


def _ok(v, tp):
    e = []
    check(v, tp, "", e)
    return not e


def main(inputs):
    hints = get_type_hints(Signup, include_extras=True)
    errors = []
    p = inputs["payload"]
    for k in Signup.__required_keys__:
        if k not in p:
            errors.append(f"{k}: missing")
    for k, v in p.items():
        if k in hints:
            check(v, hints[k], k, errors)
    return {"errors": errors, "required": sorted(Signup.__required_keys__), "optional": sorted(Signup.__optional_keys__),
            "hints": {k: repr(v) for k, v in get_type_hints(Signup).items()}}
