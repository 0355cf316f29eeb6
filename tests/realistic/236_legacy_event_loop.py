# policy: default
# inputs: {"pages": 3}
# expect: {"rows":[0,1,2,3,4,5],"cancelled":true,"closed":true}
import asyncio


async def page(n):
    await asyncio.sleep(0.01 * n)
    return list(range(n * 2, n * 2 + 2))


def main(inputs):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pages = loop.run_until_complete(asyncio.gather(*(page(n) for n in range(inputs["pages"]))))
        task = loop.create_task(page(9))
        task.cancel()
        try:
            loop.run_until_complete(task)
        except asyncio.CancelledError:
            cancelled = True
    finally:
        loop.close()
    return {"rows": [x for p in pages for x in p], "cancelled": cancelled, "closed": loop.is_closed()}
