# policy: strict
# inputs: {"dates": ["2024-03-01", "2024-02-28", "2023-12-31"]}
# expect: {"first":"31 Dec 2023","gaps":[59,2],"next_week":"2024-03-08","weekday":"Friday"}
from datetime import date, timedelta

def main(inputs):
    ds = sorted(date.fromisoformat(d) for d in inputs["dates"])
    gaps = [(b - a).days for a, b in zip(ds, ds[1:])]
    return {"first": ds[0].strftime("%d %b %Y"), "gaps": gaps,
            "next_week": (ds[-1] + timedelta(weeks=1)).isoformat(), "weekday": ds[-1].strftime("%A")}
