# policy: strict
# inputs: {"urls": ["a", "bb", "ccc", "boom", "dddd"]}
# expect: {"ok":{"a":1,"bb":2,"ccc":3,"dddd":4},"failed":{"boom":"ConnectionError('cannot reach boom')"},"mapped":[1,2,3,4,4],"timed_out":true,"waited":[1,0]}
import concurrent.futures as cf
import time


def fetch(url):
    time.sleep(0.005 * len(url))
    if url == "boom":
        raise ConnectionError(f"cannot reach {url}")
    return len(url)


def main(inputs):
    ok, failed = {}, {}
    with cf.ThreadPoolExecutor(max_workers=3, thread_name_prefix="fetch") as pool:
        futs = {pool.submit(fetch, u): u for u in inputs["urls"]}
        for fut in cf.as_completed(futs, timeout=10):
            u = futs[fut]
            if fut.exception():
                failed[u] = repr(fut.exception())
            else:
                ok[u] = fut.result()
        mapped = list(pool.map(len, inputs["urls"]))
        slow = pool.submit(time.sleep, 0.5)
        try:
            slow.result(timeout=0.01)
            timed_out = False
        except cf.TimeoutError:
            timed_out = True
        done, pending = cf.wait([pool.submit(fetch, "x")], timeout=5, return_when=cf.ALL_COMPLETED)
    return {"ok": dict(sorted(ok.items())), "failed": failed, "mapped": mapped, "timed_out": timed_out,
            "waited": [len(done), len(pending)]}
