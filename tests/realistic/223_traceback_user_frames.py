# policy: default
# inputs: {"data": {"a": [1, 2, 0]}}
# expect: {"frames":[["main",21,"process(inputs[\"data\"])"],["process",16,"raise ValueError(\"bad ratio\") from e"]],"cause":[["process",14],["ratio",9]],"only":["ValueError: bad ratio\n"],"chained":true,"carets":true,"info":"ValueError","stack":[["main",29]]}
import sys
import traceback


def ratio(xs):
    return xs[0] / xs[2]


def process(data):
    try:
        return ratio(data["a"])
    except ZeroDivisionError as e:
        raise ValueError("bad ratio") from e


def main(inputs):
    try:
        process(inputs["data"])
    except ValueError as e:
        te = traceback.TracebackException.from_exception(e)
        frames = [(f.name, f.lineno, f.line) for f in traceback.extract_tb(e.__traceback__) if f.filename == "<code>"]
        cause = [(f.name, f.lineno) for f in traceback.extract_tb(e.__cause__.__traceback__) if f.filename == "<code>"]
        only = traceback.format_exception_only(type(e), e)
        text = "".join(te.format())
        info = sys.exc_info()[0].__name__
    stack = [(f.name, f.lineno) for f in traceback.extract_stack() if f.filename == "<code>"]
    return {"frames": frames, "cause": cause, "only": only, "chained": "direct cause" in text,
            "carets": "~~~" in text or "^^^" in text, "info": info, "stack": stack}
