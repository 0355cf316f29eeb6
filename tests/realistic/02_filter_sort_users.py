# policy: strict
# inputs: {"users": [{"name": "bo", "age": 31, "active": true}, {"name": "al", "age": 25, "active": true}, {"name": "cy", "age": 40, "active": false}]}
# expect: ["al","bo"]
def main(inputs):
    active = [u for u in inputs["users"] if u["active"]]
    return [u["name"] for u in sorted(active, key=lambda u: u["age"])]
