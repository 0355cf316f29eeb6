# policy: strict
# inputs: {"year": 2024, "month": 2}
# stdout: "   February 2024\nSu Mo Tu We Th Fr Sa\n             1  2  3\n 4  5  6  7  8  9 10\n11 12 13 14 15 16 17\n18 19 20 21 22 23 24\n25 26 27 28 29\n\n"
# expect: {"text":["   February 2024","Su Mo Tu We Th Fr Sa","             1  2  3"," 4  5  6  7  8  9 10","11 12 13 14 15 16 17","18 19 20 21 22 23 24","25 26 27 28 29"],"html_rows":7,"html_head":"<tr><th colspan=\"7\" class=\"month\">February 2024</th></tr>","leap":[true,7],"range":[3,29],"weekday":"Thursday","abbr":["Jan","Feb","Mar"],"timegm":1706745600}
import calendar


def main(inputs):
    y, m = inputs["year"], inputs["month"]
    text = calendar.TextCalendar(firstweekday=calendar.SUNDAY).formatmonth(y, m)
    html = calendar.HTMLCalendar(calendar.MONDAY).formatmonth(y, m)
    print(text)
    return {
        "text": text.splitlines(),
        "html_rows": html.count("<tr>"),
        "html_head": html.splitlines()[1],
        "leap": [calendar.isleap(y), calendar.leapdays(2000, 2025)],
        "range": list(calendar.monthrange(y, m)),
        "weekday": calendar.day_name[calendar.weekday(y, m, 29)],
        "abbr": list(calendar.month_abbr)[1:4],
        "timegm": calendar.timegm((y, m, 1, 0, 0, 0)),
    }
