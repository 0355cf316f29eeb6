# policy: strict
# inputs: {"when": "2024-03-31T00:30:00+00:00", "zones": ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]}
# expect: {"out":{"Europe/Berlin":["2024-03-31T01:30:00+01:00","CET","1:00:00",false],"America/New_York":["2024-03-30T20:30:00-04:00","EDT","-1 day, 20:00:00",true],"Asia/Kolkata":["2024-03-31T06:00:00+05:30","IST","5:30:00",false],"Australia/Lord_Howe":["2024-03-31T11:30:00+11:00","+11","11:00:00",true],"UTC":["2024-03-31T00:30:00+00:00","UTC","0:00:00",false]},"n_zones_big":true,"has_berlin":true,"tzpath_nonempty":true,"missing":"'No time zone found with key Mars/Olympus'","traversal":"ZoneInfo keys must refer to subdirectories of TZPATH, got: ../etc/passwd","gap":"2024-03-31T01:30:00+00:00","amb":"2024-10-27T01:30:00+00:00","fixed":"2024-01-01T00:00:00-03:30","strftime":"2024-03-31 06:00 IST +0530","gmtime":"2023-11-14T22:13:20","key":"Europe/Berlin","same":true}
import time
import zoneinfo
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def main(inputs):
    t = datetime.fromisoformat(inputs["when"])
    out = {}
    for z in inputs["zones"]:
        local = t.astimezone(ZoneInfo(z))
        out[z] = [local.isoformat(), local.tzname(), str(local.utcoffset()), local.dst() is not None and bool(local.dst())]
    zones = zoneinfo.available_timezones()
    try:
        ZoneInfo("Mars/Olympus")
    except zoneinfo.ZoneInfoNotFoundError as e:
        missing = str(e)
    try:
        ZoneInfo("../etc/passwd")
    except ValueError as e:
        traversal = str(e)
    gap = datetime(2024, 3, 31, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    amb = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin"))
    return {
        "out": out, "n_zones_big": len(zones) > 300, "has_berlin": "Europe/Berlin" in zones,
        "tzpath_nonempty": len(zoneinfo.TZPATH) > 0, "missing": missing, "traversal": traversal,
        "gap": gap.astimezone(timezone.utc).isoformat(), "amb": amb.astimezone(timezone.utc).isoformat(),
        "fixed": datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))).isoformat(),
        "strftime": t.astimezone(ZoneInfo("Asia/Kolkata")).strftime("%Y-%m-%d %H:%M %Z %z"),
        "gmtime": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1700000000)),
        "key": ZoneInfo("Europe/Berlin").key, "same": ZoneInfo("UTC") is ZoneInfo("UTC"),
    }
