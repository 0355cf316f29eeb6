# policy: default
# inputs: {"orders": [{"id": 1, "qty": 2, "price": 3.5}, {"id": 2, "qty": 1, "price": 10}]}
# expect: {"lines":[{"id":1,"total":7.0},{"id":2,"total":10}],"grand_total":17.0}
def main(inputs):
    out = []
    for o in inputs["orders"]:
        out.append({"id": o["id"], "total": o["qty"] * o["price"]})
    return {"lines": out, "grand_total": sum(l["total"] for l in out)}
