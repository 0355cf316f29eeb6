# policy: default
# mode: body
# inputs: {"_items": [{"json": {"name": "ann", "score": 7}}, {"json": {"name": "bob", "score": 3}}]}
# expect: [{"json":{"name":"Ann","passed":true}},{"json":{"name":"Bob","passed":false}}]
out = []
for item in _items:
    data = item["json"]
    out.append({"json": {"name": data["name"].title(), "passed": data["score"] >= 5}})
return out
