# policy: data
# inputs: {"sales": [{"region": "north", "rep": "ann", "amount": 120.5, "units": 3}, {"region": "south", "rep": "bob", "amount": 99.99, "units": 1}, {"region": "north", "rep": "cid", "amount": 15.25, "units": 5}, {"region": "east", "rep": "ann", "amount": 300.0, "units": 2}, {"region": "south", "rep": "bob", "amount": 42.0, "units": null}]}
# expect: {"agg":[{"region":"east","total":300.0,"avg":300.0,"reps":1,"units":2.0},{"region":"south","total":141.99,"avg":70.995,"reps":1,"units":1.0},{"region":"north","total":135.75,"avg":67.875,"reps":2,"units":8.0}],"rows":[{"region":"north","rep":"ann","amount":120.5,"units":3.0,"share":0.8877,"rank":1},{"region":"south","rep":"bob","amount":99.99,"units":1.0,"share":0.7042,"rank":1},{"region":"north","rep":"cid","amount":15.25,"units":5.0,"share":0.1123,"rank":2},{"region":"east","rep":"ann","amount":300.0,"units":2.0,"share":1.0,"rank":1},{"region":"south","rep":"bob","amount":42.0,"units":null,"share":0.2958,"rank":2}],"by_rep":{"ann":420.5,"bob":141.99,"cid":15.25},"describe":{"count":5.0,"mean":115.548,"std":111.533,"min":15.25,"25%":42.0,"50%":99.99,"75%":120.5,"max":300.0},"columns":["region","rep","amount","units","share","rank"],"dtypes":{"region":"object","rep":"object","amount":"float64","units":"float64","share":"float64","rank":"int64"},"missing":1}
import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["sales"])
    agg = (df.groupby("region", as_index=False)
             .agg(total=("amount", "sum"), avg=("amount", "mean"), reps=("rep", "nunique"), units=("units", "sum"))
             .sort_values("total", ascending=False))
    agg["avg"] = agg["avg"].round(3)
    df["share"] = (df["amount"] / df.groupby("region")["amount"].transform("sum")).round(4)
    df["rank"] = df.groupby("region")["amount"].rank(ascending=False).astype(int)
    clean = df.astype(object).where(df.notna(), None)
    return {
        "agg": agg.to_dict(orient="records"),
        "rows": clean.to_dict(orient="records"),
        "by_rep": df.groupby("rep")["amount"].sum().round(2).to_dict(),
        "describe": df["amount"].describe().round(3).to_dict(),
        "columns": list(df.columns),
        "dtypes": {k: str(v) for k, v in df.dtypes.items()},
        "missing": int(df["units"].isna().sum()),
    }
