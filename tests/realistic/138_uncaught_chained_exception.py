# policy: default
# inputs: {"rows": [{"id": 1, "qty": "2"}, {"id": 2, "qty": "two"}]}
# error: {"type":"exception","exception":"ValidationError","message":"row 2: bad qty","line":15,"traceback":"The above exception was the direct cause of the following exception"}
# expect: null
class ValidationError(Exception):
    def __init__(self, row_id, field):
        super().__init__(f"row {row_id}: bad {field}")
        self.row_id = row_id


def parse_row(row):
    try:
        return int(row["qty"])
    except ValueError as e:
        raise ValidationError(row["id"], "qty") from e


def main(inputs):
    return [parse_row(r) for r in inputs["rows"]]
