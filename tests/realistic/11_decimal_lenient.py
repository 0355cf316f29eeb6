# policy: strict
# results: lenient
# inputs: {"amounts": ["1.10", "2.20", "3.30"]}
# expect: {"sum":"6.60","max":"3.30","as_float_would_be":6.6}
from decimal import Decimal

def main(inputs):
    values = [Decimal(a) for a in inputs["amounts"]]
    return {"sum": sum(values), "max": max(values), "as_float_would_be": float(sum(values))}
