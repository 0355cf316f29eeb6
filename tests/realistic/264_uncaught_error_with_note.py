# policy: default
# inputs: {"rows": [{"a": "7"}, {"a": "x"}]}
# error: {"type": "exception", "exception": "ValueError", "message": "ValueError: invalid literal for int() with base 10: 'x'", "traceback": "line 7, in parse\n    return int(row[\"a\"])\n           ^^^^^^^^^^^^^\nValueError: invalid literal for int() with base 10: 'x'\nwhile parsing row 1: {'a': 'x'}\n", "line": 7}
# expect: null
def parse(i, row):
    try:
        return int(row["a"])
    except ValueError as e:
        e.add_note(f"while parsing row {i}: {row!r}")
        raise


def main(inputs):
    return [parse(i, r) for i, r in enumerate(inputs["rows"])]
