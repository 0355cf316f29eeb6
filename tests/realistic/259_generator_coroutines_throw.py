# policy: strict
# inputs: {"readings": [10, 12, -1, 15, 200, 14, 13, 16]}
# expect: {"outs":[10.0,11.0,"rejected: -1 out of range",12.333333333333334,"rejected: 200 out of range",12.75,12.8,13.333333333333334],"chunks":[[0,1,2],[3,4,5],[6]],"deltas":[2,-13,16,185,-186,-1,3],"log":["inner got data","closed"],"first":"ready","second":"waiting","stopped":true,"gen":[0,1,4],"running":"averager","accum":[10,12,12,15,200,200,200,200],"zl":[["a",1],["b","-"]],"sm":[8,9],"cmp":["a","c"],"dw":[15,200,14,13,16],"cyc":["x","y","x","y","x"]}
import functools
import itertools


def coroutine(fn):
    @functools.wraps(fn)
    def start(*a, **k):
        g = fn(*a, **k)
        next(g)
        return g
    return start


@coroutine
def averager():
    total = n = 0
    avg = None
    while True:
        try:
            x = yield avg
        except ValueError as e:
            avg = f"rejected: {e}"
            continue
        total += x
        n += 1
        avg = total / n


def chunks(it, size):
    it = iter(it)
    while batch := list(itertools.islice(it, size)):
        yield batch


def inner():
    got = yield "ready"
    return f"inner got {got}"


def outer(log):
    res = yield from inner()
    log.append(res)
    try:
        yield "waiting"
    except GeneratorExit:
        log.append("closed")
        raise


def main(inputs):
    avg = averager()
    outs = []
    for r in inputs["readings"]:
        outs.append(avg.throw(ValueError(f"{r} out of range")) if r < 0 or r > 100 else avg.send(r))
    a, b = itertools.tee(inputs["readings"])
    next(b, None)
    deltas = [y - x for x, y in zip(a, b)]
    log = []
    g = outer(log)
    first = next(g)
    second = g.send("data")
    g.close()
    try:
        next(g)
    except StopIteration:
        stopped = True
    gen = (x * x for x in range(3))
    return {"outs": outs, "chunks": list(chunks(range(7), 3)), "deltas": deltas, "log": log, "first": first,
            "second": second, "stopped": stopped, "gen": [*gen, *gen], "running": averager.__name__,
            "accum": list(itertools.accumulate(inputs["readings"], max)),
            "zl": list(itertools.zip_longest("ab", [1], fillvalue="-")),
            "sm": list(itertools.starmap(pow, [(2, 3), (3, 2)])), "cmp": list(itertools.compress("abcd", [1, 0, 1, 0])),
            "dw": list(itertools.dropwhile(lambda x: x < 13, inputs["readings"])), "cyc": list(itertools.islice(itertools.cycle("xy"), 5))}
