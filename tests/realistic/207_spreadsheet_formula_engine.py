# policy: strict
# inputs: {"cells": {"A1": 10, "A2": 20, "A3": 30.5, "B1": "=SUM(A1:A3)", "B2": "=B1/3 + MAX(A1, A2) * 2", "B3": "=IF(B1 > 60, \"high\", \"low\")", "C1": "=ROUND(AVERAGE(A1:A3), 2)", "C2": "=CONCAT(B3, \"-\", LEN(\"abc\"))"}}
# expect: {"values":{"A1":10,"A2":20,"A3":30.5,"B1":60.5,"B2":60.16666666666667,"B3":"high","C1":20.17,"C2":"high-3"},"cache":{"hits":11,"misses":8,"maxsize":null,"currsize":8}}
import math
import re
from functools import lru_cache

TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d*)?)|(?P<str>"[^"]*")|(?P<range>[A-Z]+\d+:[A-Z]+\d+)|(?P<ref>[A-Z]+\d+)|(?P<fn>[A-Z]+)\(|(?P<op><=|>=|<>|[-+*/(),<>=&]))')


def expand(rng):
    (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", p).groups() for p in rng.split(":"))
    return [f"{chr(c)}{r}" for c in range(ord(c1), ord(c2) + 1) for r in range(int(r1), int(r2) + 1)]


FUNCS = {
    "SUM": lambda *a: sum(a), "MAX": max, "MIN": min, "AVERAGE": lambda *a: sum(a) / len(a),
    "ROUND": lambda x, n=0: round(x, int(n)), "IF": lambda c, a, b: a if c else b,
    "LEN": lambda s: len(s), "CONCAT": lambda *a: "".join(str(x) for x in a), "SQRT": math.sqrt,
}


def main(inputs):
    cells = inputs["cells"]

    @lru_cache(maxsize=None)
    def value(ref):
        v = cells.get(ref, 0)
        return evaluate(v[1:]) if isinstance(v, str) and v.startswith("=") else v

    def evaluate(src):
        toks, pos = [], 0
        while pos < len(src.rstrip()):
            m = TOKEN.match(src, pos)
            if not m:
                raise SyntaxError(f"bad formula at {pos}: {src!r}")
            toks.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        toks.append(("end", None))
        i = 0

        def peek():
            return toks[i]

        def take():
            nonlocal i
            i += 1
            return toks[i - 1]

        def args():
            out = []
            while peek()[1] != ")":
                kind, val = peek()
                if kind == "range":
                    take()
                    out.extend(value(r) for r in expand(val))
                else:
                    out.append(compare())
                if peek()[1] == ",":
                    take()
            take()
            return out

        def atom():
            kind, val = take()
            if kind == "num":
                return float(val) if "." in val else int(val)
            if kind == "str":
                return val[1:-1]
            if kind == "ref":
                return value(val)
            if kind == "fn":
                return FUNCS[val](*args())
            if val == "(":
                v = compare()
                take()
                return v
            if val == "-":
                return -atom()
            raise SyntaxError(f"unexpected {val!r}")

        def term():
            v = atom()
            while peek()[1] in ("*", "/"):
                v = v * atom() if take()[1] == "*" else v / atom()
            return v

        def arith():
            v = term()
            while peek()[1] in ("+", "-", "&"):
                op = take()[1]
                r = term()
                v = v + r if op == "+" else v - r if op == "-" else f"{v}{r}"
            return v

        def compare():
            v = arith()
            ops = {">": lambda a, b: a > b, "<": lambda a, b: a < b, "=": lambda a, b: a == b,
                   ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "<>": lambda a, b: a != b}
            while peek()[1] in ops:
                v = ops[take()[1]](v, arith())
            return v

        return compare()

    out = {ref: value(ref) for ref in sorted(cells)}
    return {"values": out, "cache": value.cache_info()._asdict()}
