# policy: default
# inputs: {"orders": [{"id": 1, "total": 10}, {"id": 2}]}
# error: {"type": "exception", "exception": "KeyError", "line": 8, "message": "'total'"}
# expect: null
def fmt(order):
    return (
        f"#{order['id']}: "
        f"{order['total']:.2f}"
    )


def main(inputs):
    lines = []
    for o in inputs["orders"]:
        lines.append(fmt(o))
    return lines
