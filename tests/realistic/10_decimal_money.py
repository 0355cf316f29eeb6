# policy: strict
# inputs: {"items": [{"price": "19.99", "qty": 3}, {"price": "0.10", "qty": 7}], "tax_rate": "0.0825"}
# expect: {"subtotal":"60.67","tax":"5.01","total":"65.68"}
from decimal import Decimal, ROUND_HALF_UP

CENT = Decimal("0.01")

def main(inputs):
    subtotal = sum(Decimal(i["price"]) * i["qty"] for i in inputs["items"])
    tax = (subtotal * Decimal(inputs["tax_rate"])).quantize(CENT, rounding=ROUND_HALF_UP)
    return {"subtotal": str(subtotal), "tax": str(tax), "total": str(subtotal + tax)}
