# policy: data
# inputs: {"rows": [{"a": 1, "b": null}, {"a": null, "b": "x"}]}
# error: {"type":"invalid_result","path":"result[1].a","python_type":"float"}
# expect: null
import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["rows"])
    return df.to_dict(orient="records")
