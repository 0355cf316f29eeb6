# policy: data
# inputs: {"rows": [{"ts": "2024-05-01 09:15", "store": " North ", "sales": "120.5"}, {"ts": "2024-05-01 17:40", "store": "north", "sales": "80"}, {"ts": "2024-05-03 11:00", "store": "South", "sales": "n/a"}, {"ts": "2024-05-08 10:00", "store": "south", "sales": "42.25"}, {"ts": "2024-05-09 12:00", "store": "North", "sales": "10"}]}
# expect: {"bad":1,"weekly":[{"store":"North","ts":"2024-05-05","sales":200.5},{"store":"North","ts":"2024-05-12","sales":10.0},{"store":"South","ts":"2024-05-12","sales":42.25}],"pivot":{"2024-05-01":{"North":200.5,"South":0.0},"2024-05-08":{"North":0.0,"South":42.25},"2024-05-09":{"North":10.0,"South":0.0}},"roundtrip":4,"dtypes":{"ts":"datetime64[ns]","store":"object","sales":"float64"},"describe":{"count":4.0,"mean":63.19,"std":47.73,"min":10.0,"25%":34.19,"50%":61.12,"75%":90.12,"max":120.5}}
import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["rows"])
    df["ts"] = pd.to_datetime(df["ts"])
    df["store"] = df["store"].str.strip().str.title()
    df["sales"] = pd.to_numeric(df["sales"], errors="coerce")
    bad = int(df["sales"].isna().sum())
    df = df.dropna(subset=["sales"])
    weekly = (df.set_index("ts").groupby("store")["sales"].resample("W-SUN").sum().reset_index())
    weekly["ts"] = weekly["ts"].dt.strftime("%Y-%m-%d")
    pivot = df.pivot_table(index=df["ts"].dt.date.astype(str), columns="store", values="sales", aggfunc="sum", fill_value=0)
    df.to_csv("out/clean.csv", index=False)
    back = pd.read_csv("out/clean.csv", parse_dates=["ts"])
    return {"bad": bad, "weekly": weekly.to_dict("records"), "pivot": pivot.to_dict("index"),
            "roundtrip": len(back), "dtypes": {k: str(v) for k, v in back.dtypes.items()},
            "describe": df["sales"].describe().round(2).to_dict()}
