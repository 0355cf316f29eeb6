# policy: default
# inputs: {"rows": [{"a": "1"}, {"a": "x"}, {"b": 2}]}
# expect: {"texts":[["row 1 invalid",["row was {'a': 'x'}"],"ValueError",true],["row 2 invalid",["row was {'b': 2}"],"KeyError",true]],"split":2,"ctx":["ZeroDivisionError",null],"only":"pywarden_job.ValidationError: row 1 invalid\nrow was {'a': 'x'}\n","subg":"2 rows failed (1 sub-exception)","n_lines_ok":true}
import traceback


class ValidationError(Exception):
    pass


def parse(row, i):
    try:
        return int(row["a"])
    except (KeyError, ValueError) as e:
        err = ValidationError(f"row {i} invalid")
        err.add_note(f"row was {row!r}")
        raise err from e


def main(inputs):
    errors, texts = [], []
    for i, r in enumerate(inputs["rows"]):
        try:
            parse(r, i)
        except ValidationError as e:
            errors.append(e)
            texts.append([str(e), e.__notes__, type(e.__cause__).__name__, e.__suppress_context__])
    eg = ExceptionGroup("2 rows failed", errors[:2])
    lines = traceback.format_exception(eg)
    try:
        raise eg
    except* ValidationError as g:
        split = len(g.exceptions)
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise KeyError("k")
    except KeyError as e:
        ctx = [type(e.__context__).__name__, e.__cause__]
    only = "".join(traceback.format_exception_only(errors[0]))
    subg = eg.subgroup(lambda e: "row 1" in str(e))
    return {"texts": texts, "split": split, "ctx": ctx, "only": only, "subg": str(subg), "n_lines_ok": len(lines) > 10}
