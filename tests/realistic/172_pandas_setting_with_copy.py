# policy: data
# expect: {"warnings":["SettingWithCopyWarning"],"r":{"a":{"x":1.0,"y":2.0}}}
import pandas as pd, warnings
def main(inputs):
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        sub = df[df.a > 1]
        sub["c"] = 1
        r = df.groupby("b").mean(numeric_only=True)
    return {"warnings": sorted({x.category.__name__ for x in w}), "r": r.to_dict()}
