# policy: strict
# inputs: {"status": ["open", "closed", "open", "pending"]}
# expect: {"OPEN":2,"CLOSED":1,"PENDING":1}
from enum import Enum
from typing import Dict, List

class Status(Enum):
    OPEN = "open"
    CLOSED = "closed"
    PENDING = "pending"

def tally(values: List[str]) -> Dict[str, int]:
    out: Dict[str, int] = {s.name: 0 for s in Status}
    for v in values:
        out[Status(v).name] += 1
    return out

def main(inputs):
    return tally(inputs["status"])
