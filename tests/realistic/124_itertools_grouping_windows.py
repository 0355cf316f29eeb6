# policy: default
# inputs: {"readings": [["s1", 1, 20.5], ["s1", 2, 21.0], ["s2", 1, 19.0], ["s1", 3, 22.5], ["s2", 2, 18.5], ["s2", 3, 18.0], ["s3", 1, 30.0]]}
# expect: {"by_sensor":{"s1":[20.5,21.0,22.5],"s2":[19.0,18.5,18.0],"s3":[30.0]},"deltas":{"s1":[0.5,1.5],"s2":[-0.5,-0.5],"s3":[]},"running_max":[20.5,21.0,22.5,22.5,22.5,22.5,30.0],"running_sum":149.5,"windows":[21.333,20.833,20.0,18.5,22.167],"chunks":[[20.5,21.0,22.5],[19.0,18.5,18.0],[30.0]],"zipped":[["a",1],["b",2],["-",3]],"compress":["A","C","E","F"],"dropwhile":[21.0,22.5,19.0,18.5,18.0,30.0],"starmap":[32,9],"product":27,"cycle":["x","y","z","x","y","z","x"],"tee":[[1,2],[1,2]],"count":[[10,"a"],[15,"b"],[20,"c"]]}
import itertools as it
import operator
from collections import deque


def sliding(iterable, n):
    win = deque(maxlen=n)
    for x in iterable:
        win.append(x)
        if len(win) == n:
            yield tuple(win)


def main(inputs):
    rows = sorted(inputs["readings"], key=operator.itemgetter(0, 1))
    by_sensor = {k: [r[2] for r in g] for k, g in it.groupby(rows, key=operator.itemgetter(0))}
    temps = [r[2] for r in rows]
    return {
        "by_sensor": by_sensor,
        "deltas": {k: [round(b - a, 2) for a, b in it.pairwise(v)] for k, v in by_sensor.items()},
        "running_max": list(it.accumulate(temps, max)),
        "running_sum": list(it.accumulate(temps, initial=0))[-1],
        "windows": [round(sum(w) / 3, 3) for w in sliding(temps, 3)],
        "chunks": [list(c) for c in iter(lambda i=iter(temps): list(it.islice(i, 3)), [])],
        "zipped": list(it.zip_longest("ab", [1, 2, 3], fillvalue="-")),
        "compress": list(it.compress("ABCDEF", [1, 0, 1, 0, 1, 1])),
        "dropwhile": list(it.dropwhile(lambda x: x < 21, temps)),
        "starmap": list(it.starmap(pow, [(2, 5), (3, 2)])),
        "product": len(list(it.product(range(3), repeat=3))),
        "cycle": list(it.islice(it.cycle("xyz"), 7)),
        "tee": [list(t) for t in it.tee([1, 2], 2)],
        "count": list(zip(it.count(10, 5), "abc")),
    }
