# policy: data
# inputs: {"orders": [{"id": 1, "cust": "c1", "day": "2024-01-05", "amount": 30.0}, {"id": 2, "cust": "c2", "day": "2024-01-20", "amount": 12.5}, {"id": 3, "cust": "c1", "day": "2024-02-02", "amount": 7.5}, {"id": 4, "cust": "c3", "day": "2024-02-14", "amount": 99.0}], "customers": [{"cust": "c1", "tier": "gold"}, {"cust": "c2", "tier": "silver"}]}
# expect: {"pivot":{"gold":{"2024-01":30.0,"2024-02":7.5},"none":{"2024-01":0.0,"2024-02":99.0},"silver":{"2024-01":12.5,"2024-02":0.0}},"monthly":{"2024-01":42.5,"2024-02":106.5},"back_dtypes":{"id":"int64","cust":"object","day":"datetime64[ns]","amount":"float64","tier":"object","month":"object"},"weekday":["Friday","Saturday","Friday","Wednesday"],"records":[{"id":1,"cust":"c1","day":"2024-01-05","amount":30.0,"tier":"gold","month":"2024-01"},{"id":2,"cust":"c2","day":"2024-01-20","amount":12.5,"tier":"silver","month":"2024-01"},{"id":3,"cust":"c1","day":"2024-02-02","amount":7.5,"tier":"gold","month":"2024-02"},{"id":4,"cust":"c3","day":"2024-02-14","amount":99.0,"tier":"none","month":"2024-02"}],"describe_mean":37.25}
import pandas as pd


def main(inputs):
    orders = pd.DataFrame(inputs["orders"])
    orders["day"] = pd.to_datetime(orders["day"])
    cust = pd.DataFrame(inputs["customers"])
    df = orders.merge(cust, on="cust", how="left").fillna({"tier": "none"})
    df["month"] = df["day"].dt.to_period("M").astype(str)
    pivot = df.pivot_table(index="tier", columns="month", values="amount", aggfunc="sum", fill_value=0)
    monthly = df.set_index("day").resample("MS")["amount"].sum()
    df.to_csv("out/orders.csv", index=False)
    back = pd.read_csv("out/orders.csv", parse_dates=["day"])
    return {
        "pivot": {t: {m: float(v) for m, v in row.items()} for t, row in pivot.iterrows()},
        "monthly": {d.strftime("%Y-%m"): float(v) for d, v in monthly.items()},
        "back_dtypes": {k: str(v) for k, v in back.dtypes.items()},
        "weekday": back["day"].dt.day_name().tolist(),
        "records": back.assign(day=back["day"].dt.strftime("%Y-%m-%d")).to_dict("records"),
        "describe_mean": round(float(df["amount"].describe()["mean"]), 4),
    }
