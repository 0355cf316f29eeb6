# policy: default
# error: {"type":"memory_limit","limit_mb":1024,"exception":"MemoryError","line":7,"traceback":"    rows.append(\"x\" * 1024 * 1024)"}
# expect: null
def main(inputs):
    rows = []
    while True:
        rows.append("x" * 1024 * 1024)
