# policy: default
# inputs: {"orders": [{"id": 1, "total": 50}, {"id": 2, "total": -3}, {"id": 3, "total": 120}]}
# expect: {"kept":[1,3]}
import logging
import sys

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("orders")


def main(inputs):
    kept = []
    for o in inputs["orders"]:
        if o["total"] < 0:
            log.warning("order %s has negative total %s, skipped", o["id"], o["total"])
            continue
        log.info("order %d ok", o["id"])
        kept.append(o["id"])
    log.debug("not shown")
    return {"kept": kept}
