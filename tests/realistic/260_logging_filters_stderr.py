# policy: default
# inputs: {"orders": [{"id": 1, "qty": 2}, {"id": 2, "qty": "x"}, {"id": 3, "qty": -1}]}
# stdout: "done\n"
# expect: {"total":2,"level":"INFO","handlers":1}
import logging
import sys

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(funcName)s:%(lineno)d: %(message)s", stream=sys.stderr)
log = logging.getLogger("orders")


class Redact(logging.Filter):
    def filter(self, record):
        record.msg = str(record.msg).replace("secret", "***")
        return True


log.addFilter(Redact())


def main(inputs):
    total = 0
    for o in inputs["orders"]:
        try:
            q = int(o["qty"])
            if q < 0:
                log.warning("order %s has negative qty %d", o["id"], q)
                continue
            total += q
        except ValueError:
            log.exception("order %s: bad qty (secret token)", o["id"])
    log.debug("not shown")
    logging.getLogger("orders.sub").info("child logger %s", total)
    logging.captureWarnings(True)
    import warnings
    warnings.warn("legacy field", UserWarning)
    print("done", flush=True)
    return {"total": total, "level": logging.getLevelName(log.getEffectiveLevel()), "handlers": len(logging.getLogger().handlers)}
