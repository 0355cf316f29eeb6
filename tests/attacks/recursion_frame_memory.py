# CPython's Lib/test/crashers/recursive_call.py: the recursion limit lifted, a Python
# recursion grows 3.11's frame stack until memory_mb, which CPython reports as a SystemError
# ("error return without exception set"), not a MemoryError.
import sys

sys.setrecursionlimit(1 << 30)


def down():
    down()


down()
