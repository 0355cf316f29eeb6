# policy: strict
# inputs: {"amounts": ["10.005", "2.675", "-0.5", "1E+3", "0.1"], "rate": "0.19"}
# expect: {"up":["10.01","2.68","-0.50","1000.00","0.10"],"even":["10.00","2.68","-0.50","1000.00","0.10"],"inexact":"Inexact","dz":"DivisionByZero","bad":"InvalidOperation","total":"1,012.28","vat":"192.33","sci":"1.235e+6","normalize":["10.005","2.675","-0.5","1E+3","0.1"],"tuple":[1,0,0,0,5],"prec5":"9.7419","float_exact":"0.10000000000000000555","is_signed":[false,false,true,false,false]}
from decimal import (ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, Inexact,
                     InvalidOperation, localcontext)


def main(inputs):
    ds = [Decimal(a) for a in inputs["amounts"]]
    cents = Decimal("0.01")
    up = [str(d.quantize(cents, rounding=ROUND_HALF_UP)) for d in ds]
    even = [str(d.quantize(cents, rounding=ROUND_HALF_EVEN)) for d in ds]
    with localcontext() as ctx:
        ctx.traps[Inexact] = True
        try:
            Decimal(1) / Decimal(3)
            inexact = None
        except Inexact as e:
            inexact = type(e).__name__
    ctx2 = Context(prec=5, traps=[DivisionByZero])
    try:
        ctx2.divide(Decimal(1), Decimal(0))
        dz = None
    except DivisionByZero as e:
        dz = type(e).__name__
    try:
        Decimal("12,50")
        bad = None
    except InvalidOperation as e:
        bad = type(e).__name__
    total = sum(ds)
    vat = (total * Decimal(inputs["rate"])).quantize(cents)
    return {
        "up": up, "even": even, "inexact": inexact, "dz": dz, "bad": bad,
        "total": f"{total:,.2f}", "vat": str(vat), "sci": f"{Decimal('1234567.891'):.3e}",
        "normalize": [str(d.normalize()) for d in ds], "tuple": list(ds[0].as_tuple().digits),
        "prec5": str(ctx2.multiply(Decimal("1.23456"), Decimal("7.891"))),
        "float_exact": str(Decimal(0.1))[:22], "is_signed": [d.is_signed() for d in ds],
    }
