# policy: strict
# inputs: {"rows": [{"sku": "a", "qty": 2, "price": 1.25}, {"sku": "b", "qty": 0, "price": 9}]}
# expect: {"total":2.5,"logged":["WARNING pricing: skipping b: qty 0","INFO pricing: total 2.50"]}
# A pricing formula step with the logging boilerplate generated code carries: strict allowed
# none of it (policy_violation at "import logging").
import io
import logging

stream = io.StringIO()
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=stream)
log = logging.getLogger("pricing")


def main(inputs):
    total = 0
    for row in inputs["rows"]:
        if row["qty"] <= 0:
            log.warning("skipping %s: qty %d", row["sku"], row["qty"])
            continue
        total += row["qty"] * row["price"]
    log.info("total %.2f", total)
    return {"total": round(total, 2), "logged": stream.getvalue().splitlines()}
