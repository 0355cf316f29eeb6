# policy: default
# mode: stdio
# inputs: {"lines": ["GET /a 200 12ms", "POST /b 500 80ms", "GET /a 200 8ms"]}
# stdout: "{\"GET /a\": {\"count\": 2, \"errors\": 0, \"total_ms\": 20}, \"POST /b\": {\"count\": 1, \"errors\": 1, \"total_ms\": 80}}\n"
# expect: {"GET /a":{"count":2,"errors":0,"total_ms":20},"POST /b":{"count":1,"errors":1,"total_ms":80}}
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, asdict


@dataclass
class Stat:
    count: int = 0
    errors: int = 0
    total_ms: int = 0


def main():
    data = json.load(sys.stdin)
    stats = defaultdict(Stat)
    for line in data["lines"]:
        method, path, status, ms = line.split()
        s = stats[f"{method} {path}"]
        s.count += 1
        s.errors += status.startswith("5")
        s.total_ms += int(ms.removesuffix("ms"))
    print(json.dumps({k: asdict(v) for k, v in sorted(stats.items())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
