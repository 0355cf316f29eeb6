# policy: strict
# results: lenient
# inputs: {"start": "2024-01-30"}
# expect: {"days":["2024-01-30","2024-01-31","2024-02-01"],"stamp":"2024-01-01T08:30:00+00:00"}
from datetime import date, datetime, timedelta, timezone

def main(inputs):
    start = date.fromisoformat(inputs["start"])
    return {"days": [start + timedelta(days=i) for i in range(3)],
            "stamp": datetime(2024, 1, 1, 8, 30, tzinfo=timezone.utc)}
