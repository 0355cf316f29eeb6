# Overflow the C stack: repr of a deeply nested list with the recursion limit lifted.
import sys
sys.setrecursionlimit(10 ** 8)
x = []
for _ in range(10 ** 6):
    x = [x]
result = len(repr(x))
