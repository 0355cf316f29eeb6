# policy: default
# inputs: {"orders": [{"qty": 2, "price": 3.5}, {"qty": 1, "price": 10}]}
# error: {"type":"exception","exception":"NameError","message":"NameError: name 'totl' is not defined. Did you mean: 'total'?","line":9,"traceback":"    return {\"total\": totl}\n                     ^^^^\nNameError: name 'totl' is not defined. Did you mean: 'total'?"}
# expect: null
def main(inputs):
    total = 0
    for order in inputs["orders"]:
        total += order["qty"] * order["price"]
    return {"total": totl}
