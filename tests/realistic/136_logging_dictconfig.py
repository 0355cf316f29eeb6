# policy: default
# inputs: {"orders": [{"id": 1, "total": 10}, {"id": 2, "total": -5}, {"id": 3}]}
# expect: {"good":[1],"captured":["DEBUG|[run=7] ok 1|main","WARNING|[run=7] order 2 has negative total -5|main","ERROR|[run=7] order 3 is missing a field|main","KeyError: 'total'"],"has_tb":true,"level":"DEBUG"}
import logging
import logging.config
import io

LOG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"err": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain", "level": "INFO"}},
    "loggers": {"orders": {"handlers": ["err"], "level": "DEBUG", "propagate": False}},
}


class Ctx(logging.LoggerAdapter):
    def process(self, msg, kwargs):
        return f"[run={self.extra['run']}] {msg}", kwargs


def main(inputs):
    logging.config.dictConfig(LOG)
    log = Ctx(logging.getLogger("orders"), {"run": 7})
    mem = io.StringIO()
    h = logging.StreamHandler(mem)
    h.setFormatter(logging.Formatter("%(levelname)s|%(message)s|%(funcName)s"))
    logging.getLogger("orders").addHandler(h)
    good = []
    for o in inputs["orders"]:
        try:
            if o["total"] < 0:
                log.warning("order %s has negative total %s", o["id"], o["total"])
                continue
            log.debug("ok %s", o["id"])
            good.append(o["id"])
        except KeyError:
            log.exception("order %s is missing a field", o["id"])
    logging.getLogger("orders").removeHandler(h)
    lines = mem.getvalue().splitlines()
    return {"good": good, "captured": [l for l in lines if not l.startswith(("Traceback", "  "))],
            "has_tb": any(l.startswith("Traceback") for l in lines),
            "level": logging.getLevelName(logging.getLogger("orders").level)}
