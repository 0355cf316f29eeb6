# policy: default
# inputs: {"rows": [{"qty": 2}, {"qty": -1}]}
# error: {"type": "exception", "exception": "AssertionError", "message": "AssertionError: row 1: qty must be positive, got -1", "line": 8, "traceback": "    assert row[\"qty\"] > 0, f\"row {i}: qty must be positive, got {row['qty']}\"\n           ^^^^^^^^^^^^^^\nAssertionError: row 1: qty must be positive"}
# expect: null
def main(inputs):
    total = 0
    for i, row in enumerate(inputs["rows"]):
        assert row["qty"] > 0, f"row {i}: qty must be positive, got {row['qty']}"
        total += row["qty"]
    return total
