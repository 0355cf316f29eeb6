# policy: strict
# inputs: {"n": 80, "prices": {"apple": 1.25, "pear": 2}}
# expect: {"fib":23416728348467685,"hits":78,"misses":81,"pretty":"$1.50","calls":1,"ge":true,"sorted":[1,2,3],"add":[155,176],"err":"str","product":3628800,"price":4.17,"cleared":0,"wraps":"fib","cmp":["A","b","c"]}
import functools
import operator
from functools import cached_property, lru_cache, partial, reduce, singledispatchmethod, total_ordering


@lru_cache(maxsize=128)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@total_ordering
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        return self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    @cached_property
    def pretty(self):
        Money.calls += 1
        return f"${self.cents / 100:.2f}"

    @singledispatchmethod
    def add(self, other):
        raise TypeError(type(other).__name__)

    @add.register
    def _(self, other: int):
        return Money(self.cents + other)

    @add.register
    def _(self, other: float):
        return Money(self.cents + round(other * 100))


Money.calls = 0


def main(inputs):
    f = fib(inputs["n"])
    info = fib.cache_info()
    m = Money(150)
    _ = m.pretty, m.pretty
    price = partial(round, ndigits=2)
    try:
        m.add("x")
        err = None
    except TypeError as e:
        err = str(e)
    fib.cache_clear()
    return {"fib": f, "hits": info.hits, "misses": info.misses, "pretty": m.pretty, "calls": Money.calls,
            "ge": Money(200) >= m, "sorted": [x.cents for x in sorted([Money(3), Money(1), Money(2)])],
            "add": [m.add(5).cents, m.add(0.255).cents], "err": err,
            "product": reduce(operator.mul, range(1, 11)), "price": price(inputs["prices"]["apple"] * 3.333),
            "cleared": fib.cache_info().currsize, "wraps": fib.__wrapped__.__name__,
            "cmp": sorted(["b", "A", "c"], key=functools.cmp_to_key(lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower())))}
