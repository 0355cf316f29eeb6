# policy: strict
# inputs: {"requests": ["a", "b", "c"]}
# expect: {"got":["a","b","c"],"log":["c:c","b:b","a:a"],"after":"-","ctx":"inside","rid":"-","names":["request_id"]}
import asyncio
import contextvars
import logging

request_id = contextvars.ContextVar("request_id", default="-")
log = []


class Ctx(logging.Filter):
    def filter(self, record):
        record.rid = request_id.get()
        return True


async def handle(name, delay):
    request_id.set(name)
    await asyncio.sleep(delay)
    log.append(f"{request_id.get()}:{name}")
    return request_id.get()


async def main(inputs):
    got = await asyncio.gather(*(handle(n, 0.01 * (3 - i)) for i, n in enumerate(inputs["requests"])))
    ctx = contextvars.copy_context()
    ctx.run(request_id.set, "inside")
    token = request_id.set("outer")
    request_id.reset(token)
    rec = logging.LogRecord("x", logging.INFO, "<code>", 1, "m", None, None)
    Ctx().filter(rec)
    return {"got": got, "log": log, "after": request_id.get(), "ctx": ctx[request_id],
            "rid": rec.rid, "names": sorted(v.name for v in ctx)}
