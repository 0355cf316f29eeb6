# policy: default
# mode: body
# inputs: {"_items": [{"json": {"city": "Oslo", "temp_c": -3}}, {"json": {"city": "Cairo", "temp_c": 31}}]}
# stdout: "converted 2 items\n"
# expect: [{"json":{"city":"Oslo","temp_c":-3,"temp_f":26.6}},{"json":{"city":"Cairo","temp_c":31,"temp_f":87.8}}]
import asyncio


async def convert(item):
    await asyncio.sleep(0)
    c = item["json"]["temp_c"]
    return {"json": {**item["json"], "temp_f": round(c * 9 / 5 + 32, 1)}}

out = await asyncio.gather(*(convert(i) for i in _items))
print(f"converted {len(out)} items")
return out
