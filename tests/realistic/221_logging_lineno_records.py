# policy: default
# inputs: {"rows": [{"id": 1, "v": "3"}, {"id": 2, "v": "x"}, {"id": 3, "v": "5"}]}
# expect: {"heads":["DEBUG|main|25|<code>|<code>|start with 3 rows","ERROR|parse|20|<code>|<code>|row 2 is bad","WARNING|main|27|<code>|<code>|skipped 1"],"tb_last":"ValueError: invalid literal for int() with base 10: 'x'","tb_has_source":true,"total":8}
import io
import logging
import sys

stream = io.StringIO()
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("etl")
captured = logging.StreamHandler(stream)
captured.setFormatter(logging.Formatter("%(levelname)s|%(funcName)s|%(lineno)d|%(module)s|%(filename)s|%(message)s"))
log.addHandler(captured)


def parse(row):
    try:
        return int(row["v"])
    except ValueError:
        log.exception("row %s is bad", row["id"])
        return None


def main(inputs):
    log.debug("start with %d rows", len(inputs["rows"]))
    vals = [parse(r) for r in inputs["rows"]]
    log.warning("skipped %d", vals.count(None))
    lines = stream.getvalue().splitlines()
    heads = [l for l in lines if "|" in l]
    return {"heads": heads, "tb_last": lines[-2] if len(lines) > 1 else None,
            "tb_has_source": any("return int(row[\"v\"])" in l for l in lines), "total": sum(v for v in vals if v)}
