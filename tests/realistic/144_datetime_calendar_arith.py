# policy: default
# inputs: {"start": "2024-01-31", "months": [1, 2, 13, -1], "stamp": "2024-03-10T01:30:00Z", "dob": "1990-02-28", "today": "2024-02-29", "ts": 1709251200}
# expect: {"months":["2024-02-29","2024-03-31","2025-02-28","2023-12-31"],"stamp_utc":"2024-03-10T01:30:00+00:00","stamp_plus5":"2024-03-10T07:00:00+05:30","age":34,"iso":[2024,9,4],"week_start":"2024-02-26","leap":[false,true,true,false],"leapdays":25,"month_text":["   February 2024","Mo Tu We Th Fr Sa Su","          1  2  3  4"," 5  6  7  8  9 10 11","12 13 14 15 16 17 18","19 20 21 22 23 24 25","26 27 28 29"],"weekday_name":"Thursday","from_ts":"2024-03-01T00:00:00+00:00","to_ts":1709251200.0,"timegm":1709251200,"delta":[299,30600,25864200.0,"299 days, 8:30:00"],"strf":"Sunday 10 March 2024 01:30 UTC 070 10","strp":"2024-03-05T14:07:00+02:00","ordinal":738945,"monthcal":[0,0,0,1,2,3,4]}
import calendar
from datetime import date, datetime, timedelta, timezone


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))


def age(dob, today):
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def main(inputs):
    start = date.fromisoformat(inputs["start"])
    stamp = datetime.fromisoformat(inputs["stamp"])
    today = date.fromisoformat(inputs["today"])
    iso = today.isocalendar()
    week_start = today - timedelta(days=today.weekday())
    c = calendar.TextCalendar(calendar.MONDAY)
    delta = datetime(2024, 12, 25, 18) - datetime(2024, 3, 1, 9, 30)
    return {
        "months": [add_months(start, n).isoformat() for n in inputs["months"]],
        "stamp_utc": stamp.astimezone(timezone.utc).isoformat(),
        "stamp_plus5": (stamp.astimezone(timezone(timedelta(hours=5, minutes=30)))).isoformat(),
        "age": age(date.fromisoformat(inputs["dob"]), today),
        "iso": [iso.year, iso.week, iso.weekday],
        "week_start": week_start.isoformat(),
        "leap": [calendar.isleap(y) for y in (1900, 2000, 2024, 2100)],
        "leapdays": calendar.leapdays(2000, 2100),
        "month_text": c.formatmonth(2024, 2).splitlines(),
        "weekday_name": calendar.day_name[today.weekday()],
        "from_ts": datetime.fromtimestamp(inputs["ts"], tz=timezone.utc).isoformat(),
        "to_ts": datetime(2024, 3, 1, tzinfo=timezone.utc).timestamp(),
        "timegm": calendar.timegm((2024, 3, 1, 0, 0, 0)),
        "delta": [delta.days, delta.seconds, delta.total_seconds(), str(delta)],
        "strf": stamp.strftime("%A %d %B %Y %H:%M %Z %j %U"),
        "strp": datetime.strptime("05/03/24 14:07 +0200", "%d/%m/%y %H:%M %z").isoformat(),
        "ordinal": today.toordinal(),
        "monthcal": calendar.monthcalendar(2024, 2)[0],
    }
