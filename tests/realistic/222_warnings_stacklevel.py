# policy: default
# expect: {"v":42,"caught":[["DeprecationWarning","old_api is deprecated, use new_api",12,"<code>"],["UserWarning","plain user warning",19,"<code>"],["UserWarning","explicit",7,"rules.py"]],"shown":"f.py:3: RuntimeWarning: msg\n  x = 1\n","raised":true}
import warnings


def old_api(x):
    warnings.warn("old_api is deprecated, use new_api", DeprecationWarning, stacklevel=2)
    return x * 2


def caller():
    return old_api(21)


def main(inputs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = caller()
        warnings.warn("plain user warning")
        warnings.warn_explicit("explicit", UserWarning, "rules.py", 7)
    shown = warnings.formatwarning("msg", RuntimeWarning, "f.py", 3, line="x = 1")
    warnings.filterwarnings("error", category=ResourceWarning)
    try:
        warnings.warn("now an error", ResourceWarning)
        raised = False
    except ResourceWarning:
        raised = True
    return {"v": v, "caught": [[w.category.__name__, str(w.message), w.lineno, w.filename] for w in caught],
            "shown": shown, "raised": raised}
