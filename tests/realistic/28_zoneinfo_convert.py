# policy: strict
# inputs: {"utc": "2024-07-01T12:00:00+00:00"}
# expect: {"Europe/Paris":"2024-07-01T14:00:00+02:00","Asia/Tokyo":"2024-07-01T21:00:00+09:00","America/New_York":"2024-07-01T08:00:00-04:00"}
from datetime import datetime
from zoneinfo import ZoneInfo

def main(inputs):
    t = datetime.fromisoformat(inputs["utc"])
    return {z: t.astimezone(ZoneInfo(z)).isoformat() for z in ["Europe/Paris", "Asia/Tokyo", "America/New_York"]}
