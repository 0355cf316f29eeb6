# policy: data
# inputs: {"rows": [{"region": "north", "product": "a", "tags": "x;y", "q1": 10, "q2": 12}, {"region": "south", "product": "a", "tags": "y", "q1": 7, "q2": null}, {"region": "north", "product": "b", "tags": "", "q1": 3, "q2": 4}]}
# expect: {"crosstab":{"a":{"north":10,"south":7,"All":17},"b":{"north":3,"south":-1,"All":3},"All":{"north":13,"south":7,"All":20}},"long":[{"region":"north","product":"a","quarter":"q1","qty":10},{"region":"north","product":"a","quarter":"q2","qty":12},{"region":"north","product":"b","quarter":"q1","qty":3},{"region":"north","product":"b","quarter":"q2","qty":4},{"region":"south","product":"a","quarter":"q1","qty":7},{"region":"south","product":"a","quarter":"q2","qty":0}],"tags":{"x":1,"y":2},"share":[0.769,1.0,0.231],"extracted":[{"num":"001","zone":"eu"},{"num":"042","zone":"us"},{"num":null,"zone":null}],"csv":"region,q1\nnorth,10\nsouth,7\nnorth,3\n"}
import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["rows"])
    ct = pd.crosstab(df["region"], df["product"], values=df["q1"], aggfunc="sum", margins=True)
    long = df.melt(id_vars=["region", "product"], value_vars=["q1", "q2"], var_name="quarter", value_name="qty")
    long["qty"] = long["qty"].fillna(0).astype(int)
    tags = df.assign(tag=df["tags"].str.split(";")).explode("tag")
    tags = tags[tags["tag"] != ""]
    df["share"] = df.groupby("region")["q1"].transform(lambda s: (s / s.sum()).round(3))
    extracted = pd.Series(["INV-001/eu", "INV-042/us", "bad"]).str.extract(r"INV-(?P<num>\d+)/(?P<zone>\w+)")
    return {
        "crosstab": {k: {kk: int(vv) if vv == vv else None for kk, vv in v.items()} for k, v in ct.fillna(-1).to_dict().items()},
        "long": long.sort_values(["region", "product", "quarter"]).to_dict("records"),
        "tags": tags.groupby("tag").size().to_dict(),
        "share": df["share"].tolist(),
        "extracted": extracted.where(extracted.notna(), None).to_dict("records"),
        "csv": df[["region", "q1"]].to_csv(index=False),
    }
