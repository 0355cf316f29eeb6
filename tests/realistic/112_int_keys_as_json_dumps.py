# policy: strict
# inputs: {"orders": [{"year": 2023, "total": 10}, {"year": 2024, "total": 5}, {"year": 2023, "total": 7}], "scores": [3, 1, 3, 2, 3]}
# expect: {"by_year":{"2023":17,"2024":5},"histogram":{"3":3,"1":1,"2":1},"flags":{"true":3,"false":2},"ratios":{"0.5":"half","1.5":"more"},"missing":{"null":0}}
# Keys a host's python3 runner passed through json.dumps: ints from a Counter or a
# {year: total}, bools, floats and None, written as json.dumps writes them.
from collections import Counter, defaultdict


def main(inputs):
    by_year = defaultdict(int)
    for order in inputs["orders"]:
        by_year[order["year"]] += order["total"]
    scores = inputs["scores"]
    return {
        "by_year": dict(by_year),
        "histogram": Counter(scores),
        "flags": Counter(s > 2 for s in scores),
        "ratios": {0.5: "half", 1.5: "more"},
        "missing": {None: 0},
    }
