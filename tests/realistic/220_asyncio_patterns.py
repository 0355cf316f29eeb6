# policy: default
# inputs: {"ids": [1, 2, 3, 4, 5, 6], "slow": [4]}
# expect: {"ids":[1,2,3,5,6],"ctx_ok":true,"timeouts":[4],"later":"later","executor":700,"drained":[0,1,2],"outer_ctx":"-","second":"again"}
import asyncio
import contextvars
import time

request_id = contextvars.ContextVar("request_id", default="-")


def blocking_lookup(i):
    time.sleep(0.005)
    return i * 100


async def fetch(i, sem, slow):
    request_id.set(f"req-{i}")
    async with sem:
        await asyncio.sleep(1 if i in slow else 0.01)
        extra = await asyncio.to_thread(blocking_lookup, i)
        return {"id": i, "ctx": request_id.get(), "extra": extra}


async def run(inputs):
    sem = asyncio.Semaphore(2)
    slow = set(inputs["slow"])
    results, timeouts = [], []
    async def guarded(i):
        try:
            async with asyncio.timeout(0.3):
                results.append(await fetch(i, sem, slow))
        except TimeoutError:
            timeouts.append(i)
    async with asyncio.TaskGroup() as tg:
        for i in inputs["ids"]:
            tg.create_task(guarded(i))
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.01, fut.set_result, "later")
    executor = await loop.run_in_executor(None, blocking_lookup, 7)
    q = asyncio.Queue()
    for x in range(3):
        q.put_nowait(x)
    drained = [q.get_nowait() for _ in range(q.qsize())]
    return {"ids": sorted(r["id"] for r in results), "ctx_ok": all(r["ctx"] == f"req-{r['id']}" for r in results),
            "timeouts": timeouts, "later": await fut, "executor": executor, "drained": drained, "outer_ctx": request_id.get()}


def main(inputs):
    first = asyncio.run(run(inputs))
    second = asyncio.run(asyncio.sleep(0, result="again"))
    return {**first, "second": second}
