# policy: data
# results: lenient
# inputs: {"ticks": [["2024-03-01 09:00", 10.0], ["2024-03-01 09:20", 10.5], ["2024-03-01 10:05", 9.8], ["2024-03-01 11:40", 11.2], ["2024-03-02 09:10", 12.0]]}
# expect: {"hourly_close":[10.5,9.8,11.2,12.0],"hours":["2024-03-01T09:00:00+01:00","2024-03-01T10:00:00+01:00","2024-03-01T11:00:00+01:00","2024-03-02T09:00:00+01:00"],"ret":[0.0,0.05,-0.066667,0.142857,0.071429],"roll_last":11.6,"first_utc":"2024-03-01T08:00:00+00:00","n":5,"json":"{\"columns\":[\"price\",\"ret\",\"roll\"],\"index\":[0,1,2,3,4],\"data\":[[10.0,null,null],[10.5,0.05,10.25],[9.8,-0.066667,10.15],[11.2,0.142857,10.5],[12.0,0.071429,11.6]]}","daily_max":{"2024-03-01":11.2,"2024-03-02":12.0}}
import numpy as np
import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["ticks"], columns=["ts", "price"])
    df["ts"] = pd.to_datetime(df["ts"]).dt.tz_localize("Europe/Paris")
    hourly = df.set_index("ts")["price"].resample("h").ohlc().dropna()
    df["ret"] = df["price"].pct_change().round(6)
    df["roll"] = df["price"].rolling(2).mean()
    utc = df["ts"].dt.tz_convert("UTC")
    return {
        "hourly_close": hourly["close"].to_numpy(),
        "hours": [t.isoformat() for t in hourly.index],
        "ret": df["ret"].fillna(0).to_numpy(),
        "roll_last": df["roll"].iloc[-1],
        "first_utc": utc.iloc[0].isoformat(),
        "n": np.int64(len(df)),
        "json": df.drop(columns=["ts"]).to_json(orient="split"),
        "daily_max": {str(k): v for k, v in df.groupby(df["ts"].dt.date)["price"].max().items()},
    }
