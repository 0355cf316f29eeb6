# policy: strict
# inputs: {"urls": ["ok-1", "fail-2", "ok-3", "fail-4"]}
# error: {"type": "exception", "exception": "ExceptionGroup", "message": "unhandled errors in a TaskGroup (2 sub-exceptions)", "traceback": "ValueError: cannot fetch fail-2"}
# expect: null
import asyncio


async def fetch(u):
    await asyncio.sleep(0.01)
    if u.startswith("fail"):
        raise ValueError(f"cannot fetch {u}")
    return u.upper()


async def main(inputs):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(fetch(u)) for u in inputs["urls"]]
    return [t.result() for t in tasks]
