# policy: default
# inputs: {"stamps": ["2024-05-01T12:00:00Z", "2024-05-01T14:30:00+02:00", "2024-05-01 09:15:00.250", "20240501T101500"]}
# expect: {"utc":["2024-05-01T12:00:00+00:00","2024-05-01T12:30:00+00:00","2024-05-01T09:15:00.250000+00:00","2024-05-01T10:15:00+00:00"],"sorted":["2024-05-01T09:15:00.250000+00:00","2024-05-01T10:15:00+00:00","2024-05-01T12:00:00+00:00","2024-05-01T14:30:00+02:00"],"local_tzname":"UTC","local_offset":"0:00:00","tm_zone":"UTC","tzname":["UTC","UTC"],"strftime":"1970-01-01 00:00 UTC","strptime_z":"2024-05-01T10:00:00-05:30","iso_week":[2025,1,1],"fromts":"1971-01-01T00:00:00","daylight":0}
import datetime as dt
import time


def main(inputs):
    parsed = [dt.datetime.fromisoformat(s) for s in inputs["stamps"]]
    aware = [p if p.tzinfo else p.replace(tzinfo=dt.timezone.utc) for p in parsed]
    local = dt.datetime(2024, 1, 15, 8, 0).astimezone()
    lt = time.localtime(0)
    return {
        "utc": [a.astimezone(dt.timezone.utc).isoformat() for a in aware],
        "sorted": [a.isoformat() for a in sorted(aware)],
        "local_tzname": local.tzname(),
        "local_offset": str(local.utcoffset()),
        "tm_zone": lt.tm_zone,
        "tzname": list(time.tzname),
        "strftime": time.strftime("%Y-%m-%d %H:%M %Z", lt),
        "strptime_z": dt.datetime.strptime("01/05/2024 10:00 -0530", "%d/%m/%Y %H:%M %z").isoformat(),
        "iso_week": list(dt.date(2024, 12, 30).isocalendar()),
        "fromts": dt.datetime.fromtimestamp(86400 * 365).isoformat(),
        "daylight": time.daylight,
    }
