# policy: default
# inputs: {"vals": ["1", "2.5", "n/a", ""]}
# expect: {"vals":[1.0,2.5,0.0,0.0],"recs":[["blank value 'n/a' treated as 0","RuntimeWarning","<code>",22],["blank value '' treated as 0","RuntimeWarning","<code>",22]],"vals2":[1.0,2.5,0.0,0.0],"err":"blank value '' treated as 0","fmt":"f.py:3: UserWarning: msg\n  x = 1\n"}
import warnings


def parse(v):
    if v in ("", "n/a"):
        warnings.warn(f"blank value {v!r} treated as 0", RuntimeWarning, stacklevel=2)
        return 0.0
    return float(v)


def old_api():
    warnings.warn("old_api is deprecated; use new_api", DeprecationWarning, stacklevel=2)
    return 1


def main(inputs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = [parse(v) for v in inputs["vals"]]
    recs = [[str(w.message), w.category.__name__, w.filename, w.lineno] for w in caught]
    vals2 = [parse(v) for v in inputs["vals"]]
    old_api()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            parse("")
        except RuntimeWarning as e:
            err = str(e)
    warnings.filterwarnings("ignore", message="blank.*")
    parse("")
    fmt = warnings.formatwarning("msg", UserWarning, "f.py", 3, "x = 1")
    return {"vals": vals, "recs": recs, "vals2": vals2, "err": err, "fmt": fmt}
