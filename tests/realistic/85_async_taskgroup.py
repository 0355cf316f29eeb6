# policy: default
# inputs: {"urls": ["a", "bb", "ccc", "slow"], "timeout": 0.2}
# expect: {"results":[{"name":"a","len":1},{"name":"bb","len":2},{"name":"ccc","len":3}],"timed_out":["slow"],"squares":[0,1,4,9,16,25],"peak":2,"eg":["upstream 502"],"fast":true}
import asyncio
import time


async def fetch(name):
    await asyncio.sleep(5 if name == "slow" else 0.01 * len(name))
    return {"name": name, "len": len(name)}


async def main(inputs):
    t0 = time.monotonic()
    results, timed_out = [], []
    async with asyncio.TaskGroup() as tg:
        tasks = {u: tg.create_task(asyncio.wait_for(fetch(u), inputs["timeout"])) for u in inputs["urls"] if u != "slow"}
    results = [t.result() for t in tasks.values()]
    try:
        await asyncio.wait_for(fetch("slow"), inputs["timeout"])
    except TimeoutError:
        timed_out.append("slow")
    sem = asyncio.Semaphore(2)
    active = peak = 0

    async def limited(i):
        nonlocal active, peak
        async with sem:
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            return i * i

    squares = await asyncio.gather(*(limited(i) for i in range(6)))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(asyncio.sleep(0.01))
            tg.create_task(fetch_fail())
        eg = None
    except* ValueError as e:
        eg = [str(x) for x in e.exceptions]
    return {"results": results, "timed_out": timed_out, "squares": squares, "peak": peak,
            "eg": eg, "fast": time.monotonic() - t0 < 2}


async def fetch_fail():
    raise ValueError("upstream 502")
