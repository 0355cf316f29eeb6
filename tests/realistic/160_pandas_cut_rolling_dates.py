# policy: data
# inputs: {"ages": [3, 17, 18, 25, 34, 47, 51, 64, 65, 90], "daily": [5, 7, 6, 9, 12, 11, 15, 14, 13, 20], "start": "2024-02-26"}
# expect: {"bands":["child","child","young","young","young","adult","adult","adult","senior","senior"],"band_counts":{"child":2,"young":3,"adult":3,"senior":2},"quartile":[0,0,0,1,1,2,2,3,3,3],"rolling3":[6.0,7.333,9.0,10.667,12.667,13.333,14.0,15.667],"ewm":[13.3438,13.1719,16.5859],"cumsum":[5,12,18,27,39,50,65,79,92,112],"diff":[0,2,-1,3,3,-1,4,-1,-1,7],"weekly":{"2024-03-03":65.0,"2024-03-10":47.0},"month_end":"2024-02-29","bdays":10,"weekday":["Monday","Tuesday","Wednesday"],"leap":true,"shifted":[-1,-1,5,7],"clip":[6,7,6,9,12,11,14,14,13,14]}
import numpy as np
import pandas as pd


def main(inputs):
    ages = pd.Series(inputs["ages"])
    bands = pd.cut(ages, bins=[0, 17, 34, 64, 120], labels=["child", "young", "adult", "senior"])
    q = pd.qcut(ages, 4, labels=False)
    idx = pd.date_range(inputs["start"], periods=len(inputs["daily"]), freq="D")
    s = pd.Series(inputs["daily"], index=idx, dtype="float64")
    weekly = s.resample("W-SUN").sum()
    bdays = pd.bdate_range("2024-02-26", "2024-03-08")
    return {
        "bands": bands.astype(str).tolist(),
        "band_counts": bands.value_counts().sort_index().to_dict(),
        "quartile": q.tolist(),
        "rolling3": s.rolling(3).mean().round(3).dropna().tolist(),
        "ewm": s.ewm(span=3, adjust=False).mean().round(4).tolist()[-3:],
        "cumsum": s.cumsum().astype(int).tolist(),
        "diff": s.diff().fillna(0).astype(int).tolist(),
        "weekly": {d.strftime("%Y-%m-%d"): float(v) for d, v in weekly.items()},
        "month_end": (pd.Timestamp("2024-01-31") + pd.offsets.MonthEnd(1)).strftime("%Y-%m-%d"),
        "bdays": len(bdays),
        "weekday": [d.day_name() for d in idx[:3]],
        "leap": bool(idx.is_leap_year.any()),
        "shifted": s.shift(2).fillna(-1).astype(int).tolist()[:4],
        "clip": np.clip(s.to_numpy(), 6, 14).astype(int).tolist(),
    }
