# policy: default
# inputs: {"principal": "25000.00", "annual_rate": "0.0675", "months": 6, "splits": ["0.1", "0.2", "0.3"]}
# expect: {"payment":"4249.08","rows":[[1,"140.62","4108.46","20891.54"],[2,"117.51","4131.57","16759.97"],[3,"94.27","4154.81","12605.16"],[4,"70.90","4178.18","8426.98"],[5,"47.40","4201.68","4225.30"],[6,"23.77","4225.30","0.00"]],"bankers":["0","2","2"],"halfup":["1","2","3"],"split_sum":"0.6","float_sum":0.6000000000000001,"errs":{"div0":["DivisionByZero","[<class 'decimal.DivisionByZero'>]"],"bad":["InvalidOperation","[<class 'decimal.ConversionSyntax'>]"],"sqrt":["InvalidOperation","[<class 'decimal.InvalidOperation'>]"],"q":["InvalidOperation","[<class 'decimal.InvalidOperation'>]"]},"ctx":"0.14286","prec":28,"fmt":"1,234,567.89","sci":"1.20e-5","tuple":[1,5,0],"normalize":"1E+2","eng":"1.23E+6"}
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, getcontext, localcontext

CENT = Decimal("0.01")


def payment(p, r, n):
    with localcontext() as ctx:
        ctx.prec = 28
        f = (1 + r) ** n
        return (p * r * f / (f - 1)).quantize(CENT, rounding=ROUND_HALF_UP)


def main(inputs):
    p = Decimal(inputs["principal"])
    r = Decimal(inputs["annual_rate"]) / 12
    n = inputs["months"]
    pay = payment(p, r, n)
    bal = p
    rows = []
    for k in range(1, n + 1):
        interest = (bal * r).quantize(CENT, ROUND_HALF_EVEN)
        principal = pay - interest if k < n else bal
        bal -= principal
        rows.append([k, str(interest), str(principal), str(bal)])
    errs = {}
    for label, fn in {"div0": lambda: Decimal(1) / Decimal(0), "bad": lambda: Decimal("12,5"),
                      "sqrt": lambda: Decimal(-1).sqrt(), "q": lambda: Decimal("1e30").quantize(CENT)}.items():
        try:
            fn()
        except (DivisionByZero, InvalidOperation) as e:
            errs[label] = [type(e).__name__, repr(e.args[0])[:60]]
    ctx = Context(prec=5, rounding=ROUND_HALF_EVEN)
    return {
        "payment": str(pay), "rows": rows,
        "bankers": [str(Decimal(x).quantize(Decimal("1"), ROUND_HALF_EVEN)) for x in ("0.5", "1.5", "2.5")],
        "halfup": [str(Decimal(x).quantize(Decimal("1"), ROUND_HALF_UP)) for x in ("0.5", "1.5", "2.5")],
        "split_sum": str(sum(Decimal(s) for s in inputs["splits"])), "float_sum": sum(float(s) for s in inputs["splits"]),
        "errs": errs, "ctx": str(ctx.divide(Decimal(1), Decimal(7))), "prec": getcontext().prec,
        "fmt": f"{Decimal('1234567.891'):,.2f}", "sci": f"{Decimal('0.000012'):.2e}", "tuple": list(Decimal("-1.50").as_tuple().digits),
        "normalize": str(Decimal("100.00").normalize()), "eng": Decimal("123E+4").to_eng_string(),
    }
