# policy: data
# inputs: {"events": [{"id": 1, "user": {"name": "Ann", "geo": {"country": "NO"}}, "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}], "raw": "order #1001 by ann@x.org"}, {"id": 2, "user": {"name": "Bob", "geo": {"country": "SE"}}, "items": [{"sku": "A-1", "qty": 5}], "raw": "order #1002 by bob@y.se"}]}
# expect: {"flat_cols":["id","raw","user_geo_country","user_name"],"flat":[{"id":1,"user_name":"Ann","user_geo_country":"NO"},{"id":2,"user_name":"Bob","user_geo_country":"SE"}],"items":[{"sku":"A-1","qty":2,"id":1,"user.name":"Ann","family":"A"},{"sku":"B-7","qty":1,"id":1,"user.name":"Ann","family":"B"},{"sku":"A-1","qty":5,"id":2,"user.name":"Bob","family":"A"}],"ext":{"order":["1001","1002"],"email":["ann@x.org","bob@y.se"],"domain":["X.ORG","Y.SE"]},"by_family":{"A":7,"B":1},"contains":[false,true],"padded":["__Ann","__Bob"]}
import pandas as pd


def main(inputs):
    ev = inputs["events"]
    flat = pd.json_normalize(ev, sep="_").drop(columns=["items"])
    items = pd.json_normalize(ev, record_path="items", meta=["id", ["user", "name"]])
    ext = flat["raw"].str.extract(r"#(?P<order>\d+) by (?P<email>\S+)")
    ext["domain"] = ext["email"].str.split("@").str[1].str.upper()
    items["family"] = items["sku"].str.replace(r"-\d+$", "", regex=True)
    return {
        "flat_cols": sorted(flat.columns),
        "flat": flat.drop(columns=["raw"]).to_dict(orient="records"),
        "items": items.to_dict(orient="records"),
        "ext": ext.to_dict(orient="list"),
        "by_family": items.groupby("family")["qty"].sum().to_dict(),
        "contains": flat["raw"].str.contains("bob", case=False).tolist(),
        "padded": flat["user_name"].str.pad(5, fillchar="_").tolist(),
    }
