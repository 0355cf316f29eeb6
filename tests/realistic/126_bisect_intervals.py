# policy: default
# inputs: {"intervals": [[1, 3], [8, 10], [2, 6], [15, 18], [17, 20], [9, 12]], "queries": [0, 2, 7, 11, 19, 25], "prices": [[100, 0.0], [500, 0.05], [1000, 0.1], [5000, 0.15]], "orders": [50, 100, 499, 750, 10000]}
# expect: {"merged":[[1,6],[8,12],[15,20]],"covered":{"0":false,"2":true,"7":false,"11":true,"19":true,"25":false},"discount":{"50":0,"100":0.0,"499":0.0,"750":0.05,"10000":0.15},"timeline":["a","b","c","c2","e"],"left_right":[1,3],"key":1}
import bisect
from dataclasses import dataclass, field


def merge(intervals):
    out = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


@dataclass(order=True)
class Event:
    at: int
    name: str = field(compare=False)


def main(inputs):
    merged = merge(inputs["intervals"])
    starts = [s for s, _ in merged]

    def covered(x):
        i = bisect.bisect_right(starts, x) - 1
        return i >= 0 and merged[i][0] <= x <= merged[i][1]

    thresholds = [t for t, _ in inputs["prices"]]
    rates = [r for _, r in inputs["prices"]]
    disc = {o: rates[bisect.bisect_right(thresholds, o) - 1] if o >= thresholds[0] else 0 for o in inputs["orders"]}
    timeline = []
    for at, name in [(5, "e"), (1, "a"), (3, "c"), (3, "c2"), (2, "b")]:
        bisect.insort(timeline, Event(at, name))
    keyed = [("x", 3), ("y", 7), ("z", 9)]
    return {
        "merged": merged,
        "covered": {str(q): covered(q) for q in inputs["queries"]},
        "discount": {str(k): v for k, v in disc.items()},
        "timeline": [e.name for e in timeline],
        "left_right": [bisect.bisect_left([1, 2, 2, 3], 2), bisect.bisect_right([1, 2, 2, 3], 2)],
        "key": bisect.bisect_left(keyed, 7, key=lambda kv: kv[1]),
    }
