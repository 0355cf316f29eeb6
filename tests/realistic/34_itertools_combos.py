# policy: strict
# inputs: {"items": ["a", "b", "c"], "sales": [["x", 1], ["x", 2], ["y", 5]]}
# expect: {"pairs":["ab","ac","bc"],"grouped":{"x":[1,2],"y":[5]},"running":[1,3,8]}
from itertools import combinations, groupby, accumulate, chain

def main(inputs):
    pairs = ["".join(p) for p in combinations(inputs["items"], 2)]
    grouped = {k: [v for _, v in g] for k, g in groupby(inputs["sales"], key=lambda r: r[0])}
    return {"pairs": pairs, "grouped": grouped,
            "running": list(accumulate(chain.from_iterable(grouped.values())))}
