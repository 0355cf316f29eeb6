# policy: data
# inputs: {"dates": ["2024-03-05T10:00:00Z", "March 5, 2024 10:00 PM", "05/03/2024", "Tue, 05 Mar 2024 14:30:00 +0100", "2024-W10-2"]}
# expect: {"parsed":["2024-05-03T10:00:00+00:00","2024-03-05T22:00:00","2024-03-05T00:00:00","2024-03-05T14:30:00+01:00"],"iso":"2024-03-05T00:00:00","plus":"2024-02-29T00:00:00","rr":["2024-01-31T00:00:00","2024-02-29T00:00:00","2024-03-31T00:00:00"],"loc":"2024-03-10T12:00:00-04:00","paris":"2024-07-01T12:00:00+02:00","utc":0.0,"pytz_n":true}
from dateutil import parser, relativedelta, rrule, tz
import pytz
from datetime import datetime
def main(inputs):
    parsed = [parser.parse(s, dayfirst=True).isoformat() for s in inputs["dates"][:4]]
    iso = parser.isoparse(inputs["dates"][4]).isoformat()
    d = datetime(2024, 1, 31)
    plus = (d + relativedelta.relativedelta(months=+1)).isoformat()
    rr = [x.isoformat() for x in rrule.rrule(rrule.MONTHLY, count=3, bymonthday=-1, dtstart=datetime(2024, 1, 1))]
    ny = pytz.timezone("America/New_York")
    loc = ny.localize(datetime(2024, 3, 10, 12)).isoformat()
    paris = datetime(2024, 7, 1, 12, tzinfo=tz.gettz("Europe/Paris")).isoformat()
    return {"parsed": parsed, "iso": iso, "plus": plus, "rr": rr, "loc": loc, "paris": paris, "utc": tz.tzutc().utcoffset(None).total_seconds(), "pytz_n": len(pytz.all_timezones) > 400}
