# policy: default
# inputs: {"amount": "1234.5", "currency": "EUR", "rates": {"EUR": 1.1, "GBP": 1.27}}
# expect: {"usd":"1357.95","formatted":"$1,357.95","precision":2}
from decimal import Decimal, ROUND_HALF_UP


def main(amount: str, currency: str, rates: dict, precision: int = 2) -> dict:
    usd = Decimal(amount) * Decimal(str(rates[currency]))
    q = Decimal(1).scaleb(-precision)
    return {"usd": str(usd.quantize(q, rounding=ROUND_HALF_UP)), "formatted": f"${usd:,.{precision}f}", "precision": precision}
