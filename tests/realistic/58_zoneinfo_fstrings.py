# policy: strict
# inputs: {"meeting_utc": "2024-03-10T15:30:00+00:00", "zones": ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"]}
# expect: {"lines":["America/New_York    |Sun 10 Mar 11:30 EDT|-4.0h|dst change: True","Europe/Berlin       |Sun 10 Mar 16:30 CET|+1.0h|dst change: False","Asia/Kolkata        |Sun 10 Mar 21:00 IST|+5.5h|dst change: False","Australia/Lord_Howe |Mon 11 Mar 02:30 +11|+11.0h|dst change: False"],"week":"2024-W10","iso":"2024-03-10T15:30+00:00"}
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def main(inputs):
    t = datetime.fromisoformat(inputs["meeting_utc"])
    out = []
    for z in inputs["zones"]:
        local = t.astimezone(ZoneInfo(z))
        day_before = (t - timedelta(days=1)).astimezone(ZoneInfo(z))
        out.append(f"{z:<20}|{local:%a %d %b %H:%M %Z}|{local.utcoffset().total_seconds() / 3600:+.1f}h|dst change: {local.utcoffset() != day_before.utcoffset()}")
    return {"lines": out, "week": f"{t:%G-W%V}", "iso": t.isoformat(timespec="minutes")}
