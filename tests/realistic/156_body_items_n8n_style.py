# policy: default
# mode: body
# inputs: {"_items": [{"json": {"email": "ANN@Example.com ", "amount": "12.5"}}, {"json": {"email": "bob@example.org", "amount": "x"}}, {"json": {"email": "", "amount": "3"}}]}
# expect: [{"json":{"email":"ann@example.com","amount":12.5,"valid":true,"stamp":"2024-01-01T00:00:00+00:00"}},{"json":{"email":"bob@example.org","amount":null,"valid":false,"stamp":"2024-01-01T00:00:00+00:00"}},{"json":{"email":"","amount":3.0,"valid":false,"stamp":"2024-01-01T00:00:00+00:00"}}]
import re
from datetime import datetime, timezone

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
out = []
for item in _items:
    j = dict(item["json"])
    j["email"] = j["email"].strip().lower()
    try:
        j["amount"] = float(j["amount"])
    except ValueError:
        j["amount"] = None
    j["valid"] = bool(EMAIL.match(j["email"])) and j["amount"] is not None
    j["stamp"] = datetime(2024, 1, 1, tzinfo=timezone.utc).isoformat()
    out.append({"json": j})
return out
