# policy: default
# inputs: {"items": ["1", "x", "3", "", "-2"]}
# expect: {"value":[["invalid literal for int() with base 10: 'x'",["at index 1"]],["invalid literal for int() with base 10: ''",["at index 3"]]],"arith":["item 4 negative"],"split":["(KeyError('k'),)","(TypeError('t'),)"]}
def validate(items):
    errors = []
    for i, s in enumerate(items):
        try:
            v = int(s)
            if v < 0:
                raise ArithmeticError(f"item {i} negative")
        except ValueError as e:
            e.add_note(f"at index {i}")
            errors.append(e)
        except ArithmeticError as e:
            errors.append(e)
    if errors:
        raise ExceptionGroup("validation failed", errors)


def main(inputs):
    report = {}
    try:
        validate(inputs["items"])
    except* ValueError as eg:
        report["value"] = [[str(e), e.__notes__] for e in eg.exceptions]
    except* ArithmeticError as eg:
        report["arith"] = [str(e) for e in eg.exceptions]
    eg = ExceptionGroup("x", [KeyError("k"), TypeError("t")])
    match, rest = eg.split(KeyError)
    report["split"] = [repr(match.exceptions), repr(rest.exceptions)]
    return report
