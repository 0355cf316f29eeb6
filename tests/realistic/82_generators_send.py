# policy: strict
# inputs: {"readings": [3, 5, 100, 4, 6, -1, 5], "n": 1000000}
# expect: {"avgs":[3.0,4.0,6.0,5.5,5.6,5.5],"seen":6,"chunks":[[0,1,2],[3,4,5],[6]],"lazy":111111277777611111}


def running_avg():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        if value is None:
            return count
        total += value
        count += 1
        avg = total / count


def clean(values):
    for v in values:
        if v < 0:
            continue
        yield v


def clip(values, hi):
    yield from (min(v, hi) for v in values)


def chunks(gen, size):
    buf = []
    for v in gen:
        buf.append(v)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf


def main(inputs):
    g = running_avg()
    next(g)
    avgs = [round(g.send(v), 3) for v in clip(clean(inputs["readings"]), 10)]
    try:
        g.send(None)
    except StopIteration as e:
        seen = e.value
    lazy = sum(x * x for x in range(inputs["n"]) if x % 3 == 0)
    return {"avgs": avgs, "seen": seen, "chunks": list(chunks(iter(range(7)), 3)), "lazy": lazy}
