# policy: default
# inputs: {"job": "sync-42", "items": [1, 0, 3]}
# expect: [{"file":"<code>","func":"main","item":1,"level":"DEBUG","line":34,"logger":"etl","msg":"item ok"},{"exc":"ZeroDivisionError: division by zero","file":"<code>","func":"main","job":"sync-42","level":"ERROR","line":36,"logger":"etl","msg":"item failed: 0"},{"file":"<code>","func":"main","item":3,"level":"DEBUG","line":34,"logger":"etl","msg":"item ok"},{"file":"<code>","func":"main","job":"sync-42","level":"INFO","line":37,"logger":"etl","msg":"done total=13.3"},{"file":"<code>","func":"main","level":"WARNING","line":38,"logger":"etl.child","msg":"child propagates"}]
import io
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        d = {"level": record.levelname, "logger": record.name, "msg": record.getMessage(),
             "line": record.lineno, "func": record.funcName, "file": record.filename}
        for k in ("job", "item"):
            if hasattr(record, k):
                d[k] = getattr(record, k)
        if record.exc_info:
            d["exc"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(d, sort_keys=True)


def main(inputs):
    stream = io.StringIO()
    h = logging.StreamHandler(stream)
    h.setFormatter(JsonFormatter())
    log = logging.getLogger("etl")
    log.handlers[:] = [h]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    adapter = logging.LoggerAdapter(log, {"job": inputs["job"]})
    total = 0
    for it in inputs["items"]:
        try:
            total += 10 / it
            log.debug("item ok", extra={"item": it})
        except ZeroDivisionError:
            adapter.exception("item failed: %s", it)
    adapter.info("done total=%.1f", total)
    logging.getLogger("etl.child").warning("child %s", "propagates")
    return [json.loads(line) for line in stream.getvalue().splitlines()]
