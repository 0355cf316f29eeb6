# policy: default
# inputs: {"jobs": [5, 3, 8, 1]}
# expect: [2,6,10,16]
import asyncio

async def worker(q, out):
    while True:
        job = await q.get()
        out.append(job * 2)
        q.task_done()

async def run(jobs):
    q, out = asyncio.Queue(), []
    for j in jobs:
        q.put_nowait(j)
    tasks = [asyncio.create_task(worker(q, out)) for _ in range(2)]
    await q.join()
    for t in tasks:
        t.cancel()
    return sorted(out)

def main(inputs):
    return asyncio.run(run(inputs["jobs"]))
