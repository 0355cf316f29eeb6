# policy: strict
# inputs: {"parts": ["1/3", "1/6", "1/4"]}
# expect: {"total":"3/4","float":0.75,"limited":"1/10"}
from fractions import Fraction

def main(inputs):
    total = sum(Fraction(p) for p in inputs["parts"])
    return {"total": str(total), "float": float(total), "limited": str(Fraction(0.1).limit_denominator(1000))}
