# policy: default
# inputs: {"local": ["2024-03-31 02:30", "2024-10-27 02:30", "2024-07-01 12:00"], "zone": "Europe/Berlin", "bad_zone": "Mars/Olympus_Mons"}
# expect: {"local":[["2024-03-31T02:30:00+01:00","2024-03-31T02:30:00+02:00","CET","2024-03-31T01:30:00+00:00"],["2024-10-27T02:30:00+02:00","2024-10-27T02:30:00+01:00","CEST","2024-10-27T00:30:00+00:00"],["2024-07-01T12:00:00+02:00","2024-07-01T12:00:00+02:00","CEST","2024-07-01T10:00:00+00:00"]],"wall":"2024-03-31T12:00:00+02:00","absolute":"2024-03-31T13:00:00+02:00","err":["ZoneInfoNotFoundError","'No time zone found with key Mars/Olympus_Mons'"],"has_zones":true,"kolkata":"2024-01-01T05:30:00+05:30","utc_key":"UTC","cached":true}
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def main(inputs):
    tz = ZoneInfo(inputs["zone"])
    out = []
    for s in inputs["local"]:
        naive = datetime.strptime(s, "%Y-%m-%d %H:%M")
        a = naive.replace(tzinfo=tz)
        b = naive.replace(tzinfo=tz, fold=1)
        out.append([a.isoformat(), b.isoformat(), a.tzname(), a.astimezone(timezone.utc).isoformat()])
    t = datetime(2024, 3, 30, 12, tzinfo=tz)
    wall = t + timedelta(days=1)
    absolute = (t.astimezone(timezone.utc) + timedelta(days=1)).astimezone(tz)
    err = None
    try:
        ZoneInfo(inputs["bad_zone"])
    except ZoneInfoNotFoundError as e:
        err = [type(e).__name__, str(e)]
    zones = available_timezones()
    return {
        "local": out,
        "wall": wall.isoformat(),
        "absolute": absolute.isoformat(),
        "err": err,
        "has_zones": len(zones) > 300 and "Asia/Kolkata" in zones,
        "kolkata": datetime(2024, 1, 1, tzinfo=timezone.utc).astimezone(ZoneInfo("Asia/Kolkata")).isoformat(),
        "utc_key": ZoneInfo("UTC").key,
        "cached": ZoneInfo("Europe/Berlin") is tz,
    }
