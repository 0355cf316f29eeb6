# policy: default
# inputs: {"arg1": 6, "arg2": 7}
# expect: {"result":42,"calls":[["wrapper",["arg1","arg2"],true]]}
import time

calls = []


def timed(fn):
    # no functools.wraps: the wrapper shows only (*args, **kwargs)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            calls.append([fn.__name__, sorted(kwargs), time.perf_counter() >= start])

    return wrapper


def retry(times):
    def deco(fn):
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return fn(*args, **kwargs)
                except ZeroDivisionError:
                    calls.append(["retry", attempt])
            raise RuntimeError("gave up")

        return wrapper

    return deco


@timed
@retry(times=2)
def main(arg1: int, arg2: int) -> dict:
    return {"result": arg1 * arg2, "calls": calls}
