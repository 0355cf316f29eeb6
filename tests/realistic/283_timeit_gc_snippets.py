# policy: default
# inputs: {"n": 2000}
# expect: {"loops_positive":true,"took_pos":true,"best_pos":true,"per_call_pos":true,"gc":[true,false,true],"thresholds":3}
import gc
import timeit


def main(inputs):
    n = inputs["n"]
    setup = f"xs = list(range({n}))"
    t = timeit.Timer("sum(xs)", setup=setup)
    loops, took = t.autorange()
    best = min(t.repeat(repeat=3, number=10))
    per_call = timeit.timeit(lambda: sorted(range(n, 0, -1)), number=5)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    off = gc.isenabled()
    gc.enable()
    return {"loops_positive": loops > 0, "took_pos": took >= 0.2, "best_pos": best > 0,
            "per_call_pos": per_call > 0, "gc": [was, off, gc.isenabled()],
            "thresholds": len(gc.get_threshold())}
