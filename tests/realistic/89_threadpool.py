# policy: default
# inputs: {"items": [5, 3, 8, 1, 9, 2, 7]}
# expect: {"total":233,"mapped":[-5,-3,-8,-1,-9,-2,-7],"named":true,"event":true,"threads":1}
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def work(x):
    time.sleep(0.01 * x)
    return x, x * x, threading.current_thread().name.startswith("w")


def main(inputs):
    lock = threading.Lock()
    total = 0
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="w") as ex:
        futs = [ex.submit(work, x) for x in inputs["items"]]
        for f in as_completed(futs):
            x, sq, named = f.result()
            with lock:
                total += sq
        mapped = list(ex.map(lambda v: -v, inputs["items"]))
    local = threading.local()
    local.v = 1
    ev = threading.Event()
    t = threading.Thread(target=ev.set)
    t.start()
    t.join()
    return {"total": total, "mapped": mapped, "named": named, "event": ev.is_set(), "threads": threading.active_count()}
