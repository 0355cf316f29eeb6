# policy: strict
# inputs: {"n": 90, "xs": [1, 2, 3, 4]}
# expect: {"fib":2880067194370816120,"product":24}
from functools import lru_cache, reduce
import operator

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def main(inputs):
    return {"fib": fib(inputs["n"]), "product": reduce(operator.mul, inputs["xs"], 1)}
