# policy: default
# mode: stdio
# inputs: {"rows": [3, 4, 5]}
# stdout: "row 3\nrow 4\nrow 5\n{\"rows\": 3, \"total\": 12}\n"
# expect: {"rows":3,"total":12}
import atexit
import json
import logging
import logging.handlers
import sys

# A legacy script: log lines buffered until exit, its summary printed by an atexit handler.
target = logging.StreamHandler(sys.stdout)
buffered = logging.handlers.MemoryHandler(capacity=100, target=target)
log = logging.getLogger("job")
log.addHandler(buffered)
log.setLevel(logging.INFO)
summary = {"rows": 0, "total": 0}


@atexit.register
def report():
    buffered.close()
    print(json.dumps(summary))


for n in json.load(sys.stdin)["rows"]:
    log.info("row %d", n)
    summary["rows"] += 1
    summary["total"] += n
