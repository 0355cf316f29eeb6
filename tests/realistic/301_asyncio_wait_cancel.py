# policy: strict
# inputs: {"delays": {"fast": 0.01, "medium": 2, "slow": 5}}
# expect: {"first":["fast"],"pending":["CancelledError","CancelledError"],"events":["cancelled medium","cancelled slow","done fast"],"order":[0,1,2],"timeout":"TimeoutError","agen":[0,1,4]}
import asyncio

events = []


async def fetch(name, delay):
    try:
        await asyncio.sleep(delay)
        events.append(f"done {name}")
        return name
    except asyncio.CancelledError:
        events.append(f"cancelled {name}")
        raise


async def main(inputs):
    d = inputs["delays"]
    tasks = {asyncio.create_task(fetch(n, s), name=n) for n, s in d.items()}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    first = [t.result() for t in done]
    for t in pending:
        t.cancel()
    res = await asyncio.gather(*pending, return_exceptions=True)
    lock, ev = asyncio.Lock(), asyncio.Event()
    order = []

    async def worker(i):
        await ev.wait()
        async with lock:
            order.append(i)
            await asyncio.sleep(0)

    ws = [asyncio.create_task(worker(i)) for i in range(3)]
    await asyncio.sleep(0)
    ev.set()
    await asyncio.gather(*ws)
    try:
        await asyncio.wait_for(asyncio.shield(asyncio.sleep(5)), timeout=0.01)
        to = None
    except asyncio.TimeoutError as e:
        to = type(e).__name__
    got = [x async for x in agen(3)]
    return {"first": first, "pending": sorted(type(r).__name__ for r in res),
            "events": sorted(events), "order": order, "timeout": to, "agen": got}


async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * i
