# policy: default
# expect: {"caught":"maximum recursion depth exceeded","limit":1000,"near_limit":true}
import sys


def runaway(n):
    return runaway(n + 1)


def main():
    caught = None
    try:
        runaway(0)
    except RecursionError as e:
        caught = str(e)
    probe = 0

    def count(n):
        nonlocal probe
        probe = n
        count(n + 1)

    try:
        count(0)
    except RecursionError:
        pass
    return {"caught": caught, "limit": sys.getrecursionlimit(), "near_limit": probe > 900}
