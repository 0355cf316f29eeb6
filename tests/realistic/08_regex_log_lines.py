# policy: strict
# inputs: {"log": "2024-05-01 12:00:01 ERROR db timeout\n2024-05-01 12:00:02 INFO ok\n2024-05-01 12:01:00 ERROR disk full\n"}
# expect: {"errors":2,"messages":["db timeout","disk full"],"last":"12:01:00"}
import re

LINE = re.compile(r"^(?P<date>\S+) (?P<time>\S+) (?P<level>[A-Z]+) (?P<msg>.*)$", re.M)

def main(inputs):
    errors = [m.groupdict() for m in LINE.finditer(inputs["log"]) if m["level"] == "ERROR"]
    return {"errors": len(errors), "messages": [e["msg"] for e in errors], "last": errors[-1]["time"]}
