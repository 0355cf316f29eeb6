# policy: default
# inputs: {"total": "100.00", "weights": [1, 1, 1], "rates": ["0.0825", "0.19", "0.075"], "prices": ["19.99", "5.05", "0.125", "2.675"]}
# expect: {"parts":["33.34","33.33","33.33"],"sum_ok":true,"even":["19.99","5.05","0.12","2.68"],"up":["19.99","5.05","0.13","2.68"],"taxes":["4.12","9.50","3.75"],"third":"0.33333333333333333333333333333333333333333333333333","float_vs_dec":["3.3000000000000003","3.3"],"bad":"InvalidOperation","fmt":"1,234,567.89","tuple":[3,1,4,0]}
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, localcontext, InvalidOperation

CENT = Decimal("0.01")


def allocate(total, weights):
    """Split total in proportion to weights, cents distributed by largest remainder."""
    wsum = sum(weights)
    raw = [total * w / wsum for w in weights]
    floors = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    left = int((total - sum(floors)) / CENT)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += CENT
    return floors


def main(inputs):
    total = Decimal(inputs["total"])
    parts = allocate(total, inputs["weights"])
    prices = [Decimal(p) for p in inputs["prices"]]
    with localcontext() as ctx:
        ctx.prec = 50
        third = Decimal(1) / Decimal(3)
    bad = None
    try:
        Decimal("12,50")
    except InvalidOperation as e:
        bad = type(e).__name__
    return {
        "parts": [str(p) for p in parts],
        "sum_ok": sum(parts) == total,
        "even": [str(p.quantize(CENT, rounding=ROUND_HALF_EVEN)) for p in prices],
        "up": [str(p.quantize(CENT, rounding=ROUND_HALF_UP)) for p in prices],
        "taxes": [str((Decimal("49.99") * Decimal(r)).quantize(CENT)) for r in inputs["rates"]],
        "third": str(third),
        "float_vs_dec": [repr(1.1 + 2.2), str(Decimal("1.1") + Decimal("2.2"))],
        "bad": bad,
        "fmt": f"{Decimal('1234567.891'):,.2f}",
        "tuple": list(Decimal("-3.140").as_tuple().digits),
    }
