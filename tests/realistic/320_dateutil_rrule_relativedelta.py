# policy: data
# inputs: {"start": "2024-01-31", "text": "Meeting on Tue, 5 Mar 2024 3pm EST"}
# expect: {"months":["2024-01-31","2024-02-29","2024-03-31","2024-04-30"],"last_fridays":["2024-01-26","2024-02-23","2024-03-29","2024-04-26"],"parsed":"2024-03-05T15:00:00-05:00","diff":[2,1,14],"easter":"2024-03-31","utc":"2024-03-05T20:00:00+00:00"}
import datetime as dt

from dateutil import parser, relativedelta, rrule, tz


def main(inputs):
    start = dt.date.fromisoformat(inputs["start"])
    months = [(start + relativedelta.relativedelta(months=i)).isoformat() for i in range(4)]
    r = rrule.rrule(rrule.MONTHLY, dtstart=dt.datetime(2024, 1, 1), count=4, byweekday=rrule.FR(-1))
    parsed = parser.parse(inputs["text"], fuzzy=True, tzinfos={"EST": tz.gettz("America/New_York")})
    diff = relativedelta.relativedelta(dt.date(2025, 3, 1), dt.date(2023, 1, 15))
    return {"months": months, "last_fridays": [d.date().isoformat() for d in r],
            "parsed": parsed.isoformat(), "diff": [diff.years, diff.months, diff.days],
            "easter": __import__("dateutil.easter").easter.easter(2024).isoformat(),
            "utc": parsed.astimezone(tz.UTC).isoformat()}
