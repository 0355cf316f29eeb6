# policy: default
# expect: {"name":"step_one","frame_fn":"main","traced":true,"timeit":true,"repeat":2,"gc":true,"disabled":true,"system":"Linux","pyver":["3","11"],"impl":"CPython","machine":"x86_64","sizeof":true,"maxsize":true,"byteorder":"little","recursion":1000,"intern":true}
import gc
import inspect
import platform
import sys
import timeit
import tracemalloc


def current_name():
    return inspect.stack()[1].function


def step_one():
    return current_name()


def main(inputs):
    tracemalloc.start()
    data = [str(i) * 10 for i in range(10000)]
    cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t = timeit.timeit("sum(range(100))", number=100)
    t2 = timeit.repeat(lambda: sorted(data[:100]), number=10, repeat=2)
    collected = gc.collect()
    gc.disable()
    enabled = gc.isenabled()
    gc.enable()
    return {"name": step_one(), "frame_fn": inspect.currentframe().f_code.co_name,
            "traced": peak >= cur > 0, "timeit": t > 0, "repeat": len(t2), "gc": collected >= 0, "disabled": not enabled,
            "system": platform.system(), "pyver": platform.python_version_tuple()[:2], "impl": platform.python_implementation(),
            "machine": platform.machine(), "sizeof": sys.getsizeof(data) > 0, "maxsize": sys.maxsize == 2**63 - 1,
            "byteorder": sys.byteorder, "recursion": sys.getrecursionlimit(), "intern": sys.intern("ab") == "ab"}
