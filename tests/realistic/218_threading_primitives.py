# policy: default
# inputs: {"jobs": [3, 1, 4, 1, 5, 9, 2, 6]}
# expect: {"sum":173,"n":8,"names":["w0","w1","w2"],"fired":true,"cond":["ready"],"main":true,"alive":true,"ident":true,"native":true}
import queue
import threading
import time


def main(inputs):
    q, results, lock = queue.Queue(), [], threading.Lock()
    barrier = threading.Barrier(3)
    done = threading.Event()
    local = threading.local()
    names = set()

    def worker(n):
        local.count = 0
        barrier.wait(timeout=5)
        while True:
            try:
                job = q.get_nowait()
            except queue.Empty:
                break
            local.count += 1
            with lock:
                results.append(job * job)
            q.task_done()
        names.add(threading.current_thread().name)

    for j in inputs["jobs"]:
        q.put(j)
    threads = [threading.Thread(target=worker, args=(i,), name=f"w{i}") for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    timer = threading.Timer(0.01, done.set)
    timer.start()
    fired = done.wait(5)
    cond, box = threading.Condition(), []
    def producer():
        time.sleep(0.01)
        with cond:
            box.append("ready")
            cond.notify_all()
    threading.Thread(target=producer, daemon=True).start()
    with cond:
        got = cond.wait_for(lambda: box, timeout=5)
    return {"sum": sum(results), "n": len(results), "names": sorted(names), "fired": fired, "cond": got,
            "main": threading.current_thread() is threading.main_thread(), "alive": threading.active_count() >= 1,
            "ident": isinstance(threading.get_ident(), int), "native": isinstance(threading.get_native_id(), int)}
