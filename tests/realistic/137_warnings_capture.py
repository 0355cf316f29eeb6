# policy: default
# inputs: {"values": ["1", "2.5", "x", "", "4"]}
# expect: {"nums":[1.0,2.5,0.0,4.0],"warnings":[["DataQualityWarning","unparsable value 'x' skipped"],["DataQualityWarning","empty value treated as 0"],["DeprecationWarning","old_api is deprecated"]],"escalated":"empty value treated as 0","formatted":"f.py:3: UserWarning: msg"}
import warnings


class DataQualityWarning(UserWarning):
    pass


def parse(v):
    if v == "":
        warnings.warn("empty value treated as 0", DataQualityWarning, stacklevel=2)
        return 0.0
    try:
        return float(v)
    except ValueError:
        warnings.warn(f"unparsable value {v!r} skipped", DataQualityWarning)
        return None


def old_api():
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return 1


def main(inputs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nums = [parse(v) for v in inputs["values"]]
        old_api()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        try:
            parse("")
            escalated = None
        except DataQualityWarning as w:
            escalated = str(w)
    warnings.warn("this one goes to stderr", RuntimeWarning)
    return {
        "nums": [n for n in nums if n is not None],
        "warnings": [[w.category.__name__, str(w.message)] for w in caught],
        "escalated": escalated,
        "formatted": warnings.formatwarning("msg", UserWarning, "f.py", 3).strip(),
    }
