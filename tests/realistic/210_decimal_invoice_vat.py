# policy: strict
# inputs: {"lines": [{"sku": "A-1", "qty": 3, "unit": "19.99", "vat": "0.20"}, {"sku": "B-2", "qty": 1, "unit": "0.333", "vat": "0.05"}, {"sku": "C-3", "qty": 7, "unit": "2.675", "vat": "0"}], "currency": "GBP"}
# expect: {"lines":[{"sku":"A-1","net":"59.97"},{"sku":"B-2","net":"0.33"},{"sku":"C-3","net":"18.73"}],"net":"79.03","vat":{"0%":"0.00","5%":"0.02","20%":"11.99"},"gross":"GBP 91.04","as_tuple":[9,1,0,4]}
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")


def main(inputs):
    lines, net_total, vat_by_rate = [], Decimal(0), {}
    with localcontext() as ctx:
        ctx.prec = 28
        for l in inputs["lines"]:
            net = (Decimal(l["unit"]) * l["qty"]).quantize(CENT, ROUND_HALF_UP)
            rate = Decimal(l["vat"])
            vat_by_rate[rate] = vat_by_rate.get(rate, Decimal(0)) + net * rate
            net_total += net
            lines.append({"sku": l["sku"], "net": f"{net:,.2f}"})
    vat = {f"{r * 100:.0f}%": str(v.quantize(CENT, ROUND_HALF_EVEN)) for r, v in sorted(vat_by_rate.items())}
    gross = net_total + sum(Decimal(v) for v in vat.values())
    return {"lines": lines, "net": str(net_total), "vat": vat, "gross": f"{inputs['currency']} {gross:,.2f}",
            "as_tuple": list(gross.as_tuple().digits)}
