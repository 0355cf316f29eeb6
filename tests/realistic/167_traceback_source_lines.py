# policy: default
# expect: {"frames":[["main","risky(0)"],["risky","return 10 / x"]],"format_exc":["Traceback (most recent call last):","    risky(0)","    return 10 / x","           ~~~^~~","ZeroDivisionError: division by zero"],"logged":["lookup failed","Traceback (most recent call last):","    {}[\"missing\"]","    ~~^^^^^^^^^^^","KeyError: 'missing'"],"getsource":["def risky(x):","    return 10 / x"],"stack_line":"\"stack_line\": traceback.extract_stack(limit=1)[0].line,"}
import inspect
import io
import logging
import sys
import traceback


def risky(x):
    return 10 / x


def main(inputs):
    try:
        risky(0)
    except ZeroDivisionError:
        text = traceback.format_exc()
        frames = [(f.name, f.line) for f in traceback.extract_tb(sys.exc_info()[2])]
    buf = io.StringIO()
    log = logging.getLogger("job")
    log.addHandler(logging.StreamHandler(buf))
    try:
        {}["missing"]
    except KeyError:
        log.exception("lookup failed")
    return {
        "frames": frames,
        "format_exc": [l for l in text.splitlines() if not l.startswith("  File")],
        "logged": [l for l in buf.getvalue().splitlines() if not l.startswith("  File")],
        "getsource": inspect.getsource(risky).splitlines(),
        "stack_line": traceback.extract_stack(limit=1)[0].line,
    }
