# policy: default
# expect: {"fut":"TimeoutError","later":1,"aio":"TimeoutError","timer":true}
import concurrent.futures as cf, time, asyncio, threading
def slow():
    time.sleep(0.5)
    return 1
async def aslow():
    await asyncio.sleep(1)
def main(inputs):
    out = {}
    with cf.ThreadPoolExecutor(2) as ex:
        f = ex.submit(slow)
        try:
            f.result(timeout=0.05)
        except TimeoutError as e:
            out["fut"] = type(e).__name__
        out["later"] = f.result()
    try:
        asyncio.run(asyncio.wait_for(aslow(), 0.05))
    except TimeoutError as e:
        out["aio"] = type(e).__name__
    ev = threading.Event()
    threading.Timer(0.05, ev.set).start()
    out["timer"] = ev.wait(2)
    return out
