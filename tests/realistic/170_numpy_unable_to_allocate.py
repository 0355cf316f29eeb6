# policy: data
# inputs: {"n": 200000}
# error: {"type":"memory_limit","limit_mb":4096,"exception":"MemoryError","message":"(memory_mb 4096): MemoryError: Unable to allocate 298. GiB for an array with shape (200000, 200000)","line":10,"traceback":"    grid = np.zeros((n, n))"}
# expect: null
import numpy as np


def main(inputs):
    n = inputs["n"]
    grid = np.zeros((n, n))
    return float(grid.sum())
