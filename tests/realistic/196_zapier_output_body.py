# policy: default
# mode: body
# inputs: {"name": "  ada LOVELACE ", "email": "Ada@Example.COM", "amount": "1,234.50", "tags": "vip, beta,,vip"}
# expect: {"first":"Ada","last":"Lovelace","email":"ada@example.com","amount_cents":123450,"tags":["beta","vip"],"seen":7}
# A "Code by Zapier" Python step: input_data in, `output` out, no return; a helper counts
# what it saw in a module global, as the step was written and tested.
import re

seen = 0


def clean(value):
    global seen
    seen += 1
    return re.sub(r"\s+", " ", value).strip()


first, last = clean(input_data["name"]).title().split(" ", 1)
amount = clean(input_data["amount"]).replace(",", "")
tags = sorted({t for t in (clean(x) for x in input_data["tags"].split(",")) if t})
output = {
    "first": first,
    "last": last,
    "email": clean(input_data["email"]).lower(),
    "amount_cents": round(float(amount) * 100),
    "tags": tags,
    "seen": seen,
}
