# policy: default
# mode: body
# inputs: {"_items": [{"json": {"email": " Ann@Example.COM ", "plan": "pro", "seats": "3"}}, {"json": {"email": "bob@example.org", "plan": "free", "seats": "1"}}]}
# stdout: "first is ann@example.com, 2 items\n"
# expect: [{"json":{"email":"ann@example.com","plan":"pro","seats":"3","domain":"example.com","mrr":36}},{"json":{"email":"bob@example.org","plan":"free","seats":"1","domain":"example.org","mrr":0}}]
import re

PRICES = {"free": 0, "pro": 12, "team": 30}
for item in _input.all():
    email = item.json.email.strip().lower()
    item.json.email = email
    item.json.domain = re.sub(r"^.*@", "", email)
    item.json.mrr = PRICES[item.json.plan] * int(item.json.seats)
first = _input.first().json
print(f"first is {first.email}, {len(_input.all())} items")
return _input.all()
