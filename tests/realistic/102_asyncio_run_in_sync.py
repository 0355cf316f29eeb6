# policy: default
# expect: [0,10,20]
import asyncio


async def fetch(i):
    await asyncio.sleep(0.01)
    return i * 10


async def gather_all():
    return await asyncio.wait_for(asyncio.gather(*(fetch(i) for i in range(3))), 1)


def main(inputs):
    # sync code nodes often drive their own event loop
    return asyncio.run(gather_all())
