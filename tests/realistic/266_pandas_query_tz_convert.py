# policy: data
# inputs: {"events": [{"ts": "2024-03-30T23:30:00Z", "user": "ann", "amount": 10.5}, {"ts": "2024-03-31T01:30:00Z", "user": "bo", "amount": 3}, {"ts": "2024-03-31T12:00:00Z", "user": "ann", "amount": 7.25}, {"ts": "2024-10-27T00:30:00Z", "user": "cy", "amount": 100}], "threshold": 5, "tz": "Europe/Berlin"}
# stdout: "user  amount\n ann   10.50\n  bo    3.00\n ann    7.25\n  cy  100.00\n"
# expect: {"big":["ann","ann","cy"],"local":["2024-03-31T00:30:00+01:00","2024-03-31T03:30:00+02:00","2024-03-31T14:00:00+02:00","2024-10-27T02:30:00+02:00"],"daily":{"2024-03-31":20.75,"2024-10-27":100.0},"double":[21.0,6.0,14.5,200.0],"back_dtype":"datetime64[ns, UTC]","js":[{"user":"ann","amount":10.5},{"user":"bo","amount":3.0},{"user":"ann","amount":7.25},{"user":"cy","amount":100.0}],"naive":"2024-03-31T03:00:00+02:00","desc":{"count":4.0,"mean":30.188,"std":46.643,"min":3.0,"25%":6.188,"50%":8.875,"75%":32.875,"max":100.0},"html_ok":true}
import io

import pandas as pd


def main(inputs):
    df = pd.DataFrame(inputs["events"])
    df["ts"] = pd.to_datetime(df["ts"], utc=True)
    df["local"] = df["ts"].dt.tz_convert(inputs["tz"])
    threshold = inputs["threshold"]
    big = df.query("amount > @threshold and user != 'bo'")
    df["double"] = df.eval("amount * 2")
    daily = df.groupby(df["local"].dt.date)["amount"].sum()
    df.to_csv("out/events.csv", index=False)
    back = pd.read_csv("out/events.csv", parse_dates=["ts"])
    js = pd.read_json(io.StringIO(df[["user", "amount"]].to_json(orient="records")))
    naive = pd.Timestamp("2024-03-31 02:30").tz_localize(inputs["tz"], nonexistent="shift_forward")
    print(df[["user", "amount"]].to_string(index=False))
    desc = df["amount"].describe().round(3)
    __import__("os").remove("out/events.csv")
    return {"big": big["user"].tolist(), "local": [t.isoformat() for t in df["local"]], "daily": {str(k): v for k, v in daily.items()},
            "double": df["double"].tolist(), "back_dtype": str(back["ts"].dtype), "js": js.to_dict("records"),
            "naive": naive.isoformat(), "desc": desc.to_dict(), "html_ok": "<table" in df.head(1).to_html()}
