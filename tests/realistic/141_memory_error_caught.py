# policy: default
# expect: {"got":"fallback: MemoryError","chunk":16777216}
def main(inputs):
    try:
        big = bytearray(64 * 1024 ** 4)
        got = len(big)
    except MemoryError as e:
        got = "fallback: " + type(e).__name__
    chunk = bytearray(16 * 1024 ** 2)
    return {"got": got, "chunk": len(chunk)}
