# policy: default
# inputs: {"events": ["a", "b", "a", "c", "a", "b"], "n": 30}
# expect: {"snap":[{"a":3,"b":2,"c":1},6],"flaky":21,"name":"flaky","doc":"Fails twice.","wrapped":"flaky","fib":832040,"calls":59,"cache":{"hits":28,"misses":31,"maxsize":null,"currsize":31},"adders":[10,11,12],"late":[12,12,12],"closure_cells":2}
import functools
import time


def counter():
    counts = {}
    total = 0

    def add(key):
        nonlocal total
        total += 1
        counts[key] = counts.get(key, 0) + 1
        return total

    def snapshot():
        return dict(counts), total

    return add, snapshot


def retry(times):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            last = None
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, attempt=attempt, **kwargs)
                except ValueError as e:
                    last = e
            raise RuntimeError(f"gave up after {times}") from last
        return wrapper
    return deco


@retry(3)
def flaky(x, attempt):
    """Fails twice."""
    if attempt < 3:
        raise ValueError(f"attempt {attempt}")
    return x * attempt


def timed(fn):
    @functools.wraps(fn)
    def inner(*a):
        t = time.perf_counter()
        r = fn(*a)
        inner.calls.append(time.perf_counter() - t >= 0)
        return r
    inner.calls = []
    return inner


@timed
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def main(inputs):
    add, snap = counter()
    for e in inputs["events"]:
        add(e)
    adders = [lambda x, i=i: x + i for i in range(3)]
    late = [lambda x: x + i for i in range(3)]
    return {
        "snap": snap(),
        "flaky": flaky(7),
        "name": flaky.__name__,
        "doc": flaky.__doc__,
        "wrapped": flaky.__wrapped__.__name__,
        "fib": fib(inputs["n"]),
        "calls": len(fib.calls),
        "cache": fib.__wrapped__.cache_info()._asdict(),
        "adders": [f(10) for f in adders],
        "late": [f(10) for f in late],
        "closure_cells": len(add.__closure__),
    }
