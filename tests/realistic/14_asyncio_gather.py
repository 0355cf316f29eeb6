# policy: strict
# inputs: {"ids": [3, 1, 2]}
# expect: [{"id":1,"value":10},{"id":2,"value":20},{"id":3,"value":30}]
import asyncio

async def fetch(i):
    await asyncio.sleep(0.001 * i)
    return {"id": i, "value": i * 10}

async def main(inputs):
    results = await asyncio.gather(*(fetch(i) for i in inputs["ids"]))
    return sorted(results, key=lambda r: r["id"])
