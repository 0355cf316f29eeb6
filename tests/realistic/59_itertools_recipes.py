# policy: strict
# inputs: {"events": ["a", "a", "b", "c", "c", "c", "a"], "prices": [10, 12, 9, 15, 14, 20]}
# expect: {"runs":[["a",2],["b",1],["c",3],["a",1]],"batches":[[0,1,2],[3,4,5],[6]],"deltas":[2,-3,6,-1,6],"running_max":[10,12,12,15,15,20],"running_prod":[10,120,1080,16200],"sma3":[10.33,12.0,12.67,16.33],"rr":["A","D","E","B","F","C"],"numbered":[[1,"x"],[2,"y"],[3,"z"]],"colors":["r","g","r","g","r"],"picked":["a","b","c","a"],"grid":["a1","a2","b1","b2"],"pow":[32,9]}
from itertools import accumulate, chain, groupby, islice, pairwise, tee, zip_longest, starmap, count, cycle, compress, product
import operator


def batched(iterable, n):
    it = iter(iterable)
    while batch := tuple(islice(it, n)):
        yield batch


def sliding(iterable, n):
    its = tee(iterable, n)
    for i, it in enumerate(its):
        for _ in range(i):
            next(it, None)
    return zip(*its)


def roundrobin(*iterables):
    sentinel = object()
    return [x for x in chain.from_iterable(zip_longest(*iterables, fillvalue=sentinel)) if x is not sentinel]


def main(inputs):
    ev, p = inputs["events"], inputs["prices"]
    return {
        "runs": [[k, len(list(g))] for k, g in groupby(ev)],
        "batches": list(batched(range(7), 3)),
        "deltas": [b - a for a, b in pairwise(p)],
        "running_max": list(accumulate(p, max)),
        "running_prod": list(accumulate(p[:4], operator.mul)),
        "sma3": [round(sum(w) / 3, 2) for w in sliding(p, 3)],
        "rr": roundrobin("ABC", "D", "EF"),
        "numbered": list(zip(count(1), "xyz")),
        "colors": list(islice(cycle(["r", "g"]), 5)),
        "picked": list(compress(ev, [1, 0, 1, 0, 1, 0, 1])),
        "grid": ["".join(t) for t in product("ab", "12")],
        "pow": list(starmap(pow, [(2, 5), (3, 2)])),
    }
