# policy: default
# inputs: {"urls": ["a", "bb", "ccc", "dddd", "eeeee", "slow"], "limit": 2}
# expect: {"results":{"a":"A","bb":"BB","ccc":"CCC","dddd":"DDDD","eeeee":"EEEEE","slow":"timeout"},"wf":"TimeoutError","done":["A","BB","CCC","DDDD"],"ordered":["A","CCC"],"seen":[0,1,2,3,4],"ev":true,"log":["open","close"],"s":"S","agen":[0,1,2],"threaded":42,"execd":8,"group":["bad url"],"peak":2}
import asyncio
import contextlib
import time


class Fetcher:
    def __init__(self, limit):
        self.sem = asyncio.Semaphore(limit)
        self.active = 0
        self.peak = 0
        self.lock = asyncio.Lock()

    async def fetch(self, url):
        async with self.sem:
            async with self.lock:
                self.active += 1
                self.peak = max(self.peak, self.active)
            try:
                await asyncio.sleep(0.5 if url == "slow" else 0.01 * len(url))
                return url.upper()
            finally:
                self.active -= 1


async def ticker(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)


@contextlib.asynccontextmanager
async def session(log):
    log.append("open")
    try:
        yield "S"
    finally:
        log.append("close")


def blocking(x):
    time.sleep(0.01)
    return x * 2


async def main(inputs):
    f = Fetcher(inputs["limit"])
    results = {}
    for u in inputs["urls"]:
        try:
            async with asyncio.timeout(0.2):
                results[u] = await f.fetch(u)
        except TimeoutError:
            results[u] = "timeout"
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.01)
    except asyncio.TimeoutError as e:
        wf = type(e).__name__
    done = await asyncio.gather(*(f.fetch(u) for u in inputs["urls"][:4]))
    ordered = [await c for c in asyncio.as_completed([f.fetch(u) for u in ("ccc", "a")])]
    q = asyncio.Queue(maxsize=2)
    seen = []

    async def producer():
        for i in range(5):
            await q.put(i)
        await q.put(None)

    async def consumer():
        while (item := await q.get()) is not None:
            seen.append(item)
            q.task_done()
        q.task_done()

    await asyncio.gather(producer(), consumer())
    ev = asyncio.Event()
    asyncio.get_running_loop().call_later(0.01, ev.set)
    await ev.wait()
    log = []
    async with contextlib.AsyncExitStack() as stack:
        s = await stack.enter_async_context(session(log))
        stack.push_async_callback(lambda: asyncio.sleep(0))
    agen = [i async for i in ticker(3)]
    threaded = await asyncio.to_thread(blocking, 21)
    execd = await asyncio.get_running_loop().run_in_executor(None, blocking, 4)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(f.fetch("a"))
            tg.create_task(asyncio.sleep(0.01, result=1 / 1))

            async def boom():
                raise ValueError("bad url")
            tg.create_task(boom())
    except* ValueError as eg:
        group = [str(e) for e in eg.exceptions]
    return {"results": results, "wf": wf, "done": done, "ordered": ordered, "seen": seen, "ev": ev.is_set(),
            "log": log, "s": s, "agen": agen, "threaded": threaded, "execd": execd, "group": group, "peak": f.peak}
