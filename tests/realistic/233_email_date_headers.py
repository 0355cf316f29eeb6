# policy: strict
# inputs: {"headers": ["Tue, 07 May 2024 14:03:11 +0200", "Wed, 8 May 2024 09:00:00 GMT", "2024-05-09T12:00:00Z", "2024-05-10 08:30:00.123456+05:30"]}
# expect: {"utc":["2024-05-07T12:03:11+00:00","2024-05-08T09:00:00+00:00","2024-05-09T12:00:00+00:00","2024-05-10T03:00:00.123456+00:00"],"rfc":["Tue, 07 May 2024 12:03:11 +0000","Wed, 08 May 2024 09:00:00 +0000"],"gaps_h":[20.95,27.0,15.0],"weekday":["Tue 19","Wed 19","Thu 19","Fri 19"],"ts":[1715083391,1715158800,1715256000,1715310000],"naive_strptime":7200.0}
import email.utils
from datetime import datetime, timezone


def parse(s):
    try:
        return email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError):
        return datetime.fromisoformat(s)


def main(inputs):
    ds = [parse(h) for h in inputs["headers"]]
    utc = [d.astimezone(timezone.utc) for d in ds]
    return {
        "utc": [d.isoformat() for d in utc],
        "rfc": [email.utils.format_datetime(d) for d in utc[:2]],
        "gaps_h": [round((b - a).total_seconds() / 3600, 2) for a, b in zip(utc, utc[1:])],
        "weekday": [d.strftime("%a %V") for d in ds],
        "ts": [int(d.timestamp()) for d in ds],
        "naive_strptime": datetime.strptime("07/May/2024:14:03:11 +0200", "%d/%b/%Y:%H:%M:%S %z").utcoffset().total_seconds(),
    }
