# policy: default
# inputs: {"n": 8, "coins": [1, 5, 10, 25], "amount": 63, "words": ["cat", "cats", "and", "sand", "dog"], "s": "catsanddog"}
# expect: {"queens":92,"first":[0,4,7,5,2,6,1,3],"perms":720,"change":73,"breaks":["cat sand dog","cats and dog"],"depth900":900,"limit":1000,"hanoi":1023}
import sys
from functools import lru_cache


def queens(n):
    sols = []
    cols, d1, d2 = set(), set(), set()
    board = []

    def place(r):
        if r == n:
            sols.append(board[:])
            return
        for c in range(n):
            if c in cols or r - c in d1 or r + c in d2:
                continue
            cols.add(c); d1.add(r - c); d2.add(r + c); board.append(c)
            place(r + 1)
            cols.remove(c); d1.remove(r - c); d2.remove(r + c); board.pop()

    place(0)
    return sols


def permutations(xs):
    if len(xs) <= 1:
        return [xs]
    return [[x] + p for i, x in enumerate(xs) for p in permutations(xs[:i] + xs[i + 1:])]


def main(inputs):
    sols = queens(inputs["n"])
    coins = inputs["coins"]

    @lru_cache(maxsize=None)
    def change(a, i):
        if a == 0:
            return 1
        if a < 0 or i == len(coins):
            return 0
        return change(a - coins[i], i) + change(a, i + 1)

    words = set(inputs["words"])

    def breaks(s):
        if not s:
            return [[]]
        return [[s[:k]] + rest for k in range(1, len(s) + 1) if s[:k] in words for rest in breaks(s[k:])]

    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    return {
        "queens": len(sols),
        "first": sols[0],
        "perms": len(permutations(list(range(6)))),
        "change": change(inputs["amount"], 0),
        "breaks": sorted(" ".join(b) for b in breaks(inputs["s"])),
        "depth900": depth(900),
        "limit": sys.getrecursionlimit(),
        "hanoi": (lambda h: h(h, 10))(lambda h, k: 0 if k == 0 else 2 * h(h, k - 1) + 1),
    }
