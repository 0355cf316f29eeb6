# policy: strict
# inputs: {"servings_from": 4, "servings_to": 6, "ingredients": {"flour cups": "2 1/4", "sugar cups": "3/4", "eggs": "3", "milk cups": "0.5"}}
# expect: {"scaled":{"flour cups":"3 3/8","sugar cups":"1 1/8","eggs":"4 1/2","milk cups":"3/4"},"pi_approx":"355/113","cf_of_415_93":[4,2,6,7],"float_exact":"3602879701896397/36028797018963968","sum_exact":true,"ratio":[5,4]}
from fractions import Fraction


def parse(q):
    total = Fraction(0)
    for part in q.split():
        total += Fraction(part)
    return total


def pretty(f):
    whole, rest = divmod(f.numerator, f.denominator)
    if rest == 0:
        return str(whole)
    frac = f"{rest}/{f.denominator}"
    return f"{whole} {frac}" if whole else frac


def cf(f, n=6):
    terms = []
    while n and f.denominator != 0:
        a = f.numerator // f.denominator
        terms.append(a)
        f -= a
        if f == 0:
            break
        f = 1 / f
        n -= 1
    return terms


def main(inputs):
    k = Fraction(inputs["servings_to"], inputs["servings_from"])
    scaled = {name: pretty(parse(q) * k) for name, q in inputs["ingredients"].items()}
    return {
        "scaled": scaled,
        "pi_approx": str(Fraction(3.141592653589793).limit_denominator(1000)),
        "cf_of_415_93": cf(Fraction(415, 93)),
        "float_exact": str(Fraction(0.1)),
        "sum_exact": Fraction(1, 3) + Fraction(1, 6) == Fraction(1, 2),
        "ratio": Fraction("1.25").as_integer_ratio(),
    }
