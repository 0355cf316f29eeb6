# policy: strict
# inputs: {"year": 2024, "month": 2, "holidays": ["2024-02-19"], "start": "2024-02-28", "add": 3}
# expect: {"first_weekday":"Thursday","days":29,"leap":true,"business_days":20,"due":"2024-03-04","text":"   February 2024\nMo Tu We Th Fr Sa Su\n          1  2  3  4\n 5  6  7  8  9 10 11\n12 13 14 15 16 17 18\n19 20 21 22 23 24 25\n26 27 28 29\n","iso":[2024,9,4],"timegm":1704067200}
import calendar
from datetime import date, timedelta


def add_business_days(d, n, holidays):
    while n:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in holidays:
            n -= 1
    return d


def main(inputs):
    y, m = inputs["year"], inputs["month"]
    hol = {date.fromisoformat(h) for h in inputs["holidays"]}
    first, ndays = calendar.monthrange(y, m)
    business = [d for d in range(1, ndays + 1) if date(y, m, d).weekday() < 5 and date(y, m, d) not in hol]
    cal = calendar.TextCalendar(calendar.MONDAY).formatmonth(y, m)
    return {
        "first_weekday": calendar.day_name[first],
        "days": ndays,
        "leap": calendar.isleap(y),
        "business_days": len(business),
        "due": add_business_days(date.fromisoformat(inputs["start"]), inputs["add"], hol).isoformat(),
        "text": cal,
        "iso": list(date(y, m, 29).isocalendar()),
        "timegm": calendar.timegm((2024, 1, 1, 0, 0, 0)),
    }
