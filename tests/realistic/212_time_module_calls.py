# policy: default
# expect: {"slept":true,"monotonic":true,"cpu":true,"thread_time":true,"ns_sane":true,"epoch":"1970-01-01 00:00:00","asctime":"Thu Jan  1 00:00:00 1970","mktime_roundtrip":true,"local_fields":[true,true],"strptime":[2024,2,29,13,45,0],"clock_info":["adjustable","implementation","monotonic","resolution"],"total":2666466670000}
import time


def main(inputs):
    t0, m0, p0 = time.perf_counter(), time.monotonic(), time.process_time()
    ns = time.time_ns()
    time.sleep(0.02)
    total = sum(i * i for i in range(20000))
    elapsed = time.perf_counter() - t0
    g = time.gmtime(0)
    local = time.localtime()
    return {
        "slept": elapsed >= 0.02, "monotonic": time.monotonic() > m0, "cpu": time.process_time() >= p0,
        "thread_time": time.thread_time() >= 0, "ns_sane": ns > 1_600_000_000 * 10**9,
        "epoch": time.strftime("%Y-%m-%d %H:%M:%S", g), "asctime": time.asctime(g),
        "mktime_roundtrip": time.mktime(time.localtime(86400 * 365)) == 86400 * 365,
        "local_fields": [local.tm_isdst in (-1, 0, 1), isinstance(local.tm_zone, str)],
        "strptime": list(time.strptime("2024-02-29 13:45", "%Y-%m-%d %H:%M")[:6]),
        "clock_info": sorted(time.get_clock_info("monotonic").__dict__), "total": total,
    }
