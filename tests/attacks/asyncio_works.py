# Not an attack: asyncio's socketpair self-pipe must keep working.
import asyncio
async def main():
    await asyncio.sleep(0.01)
    return 42
result = asyncio.run(main())
