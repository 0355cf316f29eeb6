# policy: strict
# inputs: {"start_utc": "2024-03-29T15:00:00Z", "people": {"ann": "America/New_York", "bo": "Europe/London", "chen": "Asia/Shanghai", "dev": "Australia/Sydney"}, "weeks": 2}
# expect: [{"utc":"2024-03-29T15:00:00+00:00","local":{"ann":{"time":"Fri 11:00","offset":"-0400","tz":"EDT","working":true},"bo":{"time":"Fri 15:00","offset":"+0000","tz":"GMT","working":true},"chen":{"time":"Fri 23:00","offset":"+0800","tz":"CST","working":false},"dev":{"time":"Sat 02:00","offset":"+1100","tz":"AEDT","working":false}},"all_working":false},{"utc":"2024-04-05T15:00:00+00:00","local":{"ann":{"time":"Fri 11:00","offset":"-0400","tz":"EDT","working":true},"bo":{"time":"Fri 16:00","offset":"+0100","tz":"BST","working":true},"chen":{"time":"Fri 23:00","offset":"+0800","tz":"CST","working":false},"dev":{"time":"Sat 02:00","offset":"+1100","tz":"AEDT","working":false}},"all_working":false}]
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def main(inputs):
    start = datetime.fromisoformat(inputs["start_utc"])
    out = []
    for week in range(inputs["weeks"]):
        t = start + timedelta(weeks=week)
        local = {}
        for who, tz in sorted(inputs["people"].items()):
            lt = t.astimezone(ZoneInfo(tz))
            local[who] = {"time": lt.strftime("%a %H:%M"), "offset": lt.strftime("%z"), "tz": lt.tzname(),
                          "working": 9 <= lt.hour < 18 and lt.weekday() < 5}
        out.append({"utc": t.isoformat(), "local": local, "all_working": all(v["working"] for v in local.values())})
    return out
