# policy: data
# inputs: {"orders": [{"oid": 1, "cid": "c1", "month": "2024-01", "total": 50}, {"oid": 2, "cid": "c2", "month": "2024-01", "total": 20}, {"oid": 3, "cid": "c1", "month": "2024-02", "total": 70}, {"oid": 4, "cid": "c9", "month": "2024-02", "total": 5}], "customers": [{"cid": "c1", "name": "Acme", "tier": "gold"}, {"cid": "c2", "name": "Globex", "tier": "silver"}, {"cid": "c3", "name": "Initech", "tier": "gold"}]}
# expect: {"status":{"both":3,"left_only":1,"right_only":1},"orphans":[4],"unused":["Initech"],"pivot":{"gold":{"2024-01":50,"2024-02":70,"all":120},"silver":{"2024-01":20,"2024-02":0,"all":20},"all":{"2024-01":70,"2024-02":70,"all":140}},"crosstab":{"2024-01":{"gold":1,"silver":1},"2024-02":{"gold":1,"silver":0}},"melted":[{"tier":"gold","month":"2024-01","total":50},{"tier":"silver","month":"2024-01","total":20},{"tier":"all","month":"2024-01","total":70},{"tier":"gold","month":"2024-02","total":70}],"json":"[{\"oid\":1,\"name\":\"Acme\"},{\"oid\":3,\"name\":\"Acme\"},{\"oid\":2,\"name\":\"Globex\"}]","split":{"index":[0,1,2],"columns":["oid","total"],"data":[[1,50],[3,70],[2,20]]}}
import pandas as pd


def main(inputs):
    o = pd.DataFrame(inputs["orders"])
    c = pd.DataFrame(inputs["customers"])
    m = o.merge(c, on="cid", how="outer", indicator=True)
    status = m["_merge"].astype(str).value_counts().sort_index().to_dict()
    inner = o.merge(c, on="cid")
    pv = inner.pivot_table(index="tier", columns="month", values="total", aggfunc="sum", fill_value=0, margins=True, margins_name="all")
    ct = pd.crosstab(inner["tier"], inner["month"])
    melted = pv.reset_index().melt(id_vars="tier", var_name="month", value_name="total")
    return {
        "status": status,
        "orphans": m.loc[m["_merge"] == "left_only", "oid"].astype(int).tolist(),
        "unused": m.loc[m["_merge"] == "right_only", "name"].tolist(),
        "pivot": {str(k): {str(kk): int(vv) for kk, vv in v.items()} for k, v in pv.to_dict(orient="index").items()},
        "crosstab": ct.to_dict(),
        "melted": melted.head(4).to_dict(orient="records"),
        "json": inner[["oid", "name"]].to_json(orient="records"),
        "split": inner[["oid", "total"]].to_dict(orient="split"),
    }
