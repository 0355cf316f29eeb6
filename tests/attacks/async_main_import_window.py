# Act while pywarden imports asyncio for an async main. That import calls builtins.__import__,
# which user code may replace, and ran as pywarden's own (no user frame, not the user's call),
# so a chain of C callables hung there acted as pywarden: it compiled code named after a stdlib
# file (which then imported posix under strict) and set a tracer, both refused to user code.
# Now the run stays the user's while pywarden imports; only asyncio itself is pywarden's.
import asyncio
import builtins
import functools
import itertools
import sys

got = []
traced = []
real_import, real_stdout = builtins.__import__, sys.stdout


def tracer(frame, event, arg):
    traced.append(1)


# lazy C callables only: print writes its arguments to sys.stdout, whose write takes a step
steps = itertools.chain(
    map(got.append, map(compile, ["import posix"], ["/usr/lib/python3.11/json/x.py"], ["exec"])),
    map(sys.settrace, [tracer]),
    map(setattr, [builtins, sys], ["__import__", "stdout"], [real_import, real_stdout]),
    itertools.repeat(None))


class Out:
    write = functools.partial(next, steps)


async def main(inputs):
    sys.settrace(None)
    r = {"compiled": len(got), "traced": bool(traced), "posix": False}
    if got:
        exec(got[0], {})
        r["posix"] = True
    return r


out = Out()  # held: print borrows sys.stdout while the steps replace it
builtins.__import__ = print
sys.stdout = out
