# policy: data
# expect: {"top":[{"region":"east","total":300.0},{"region":"north","total":135.75},{"region":"south","total":99.99}],"pivot":[{"region":"east","low":0.0,"mid":0.0,"high":300},{"region":"north","low":15.25,"mid":120.5,"high":0},{"region":"south","low":0.0,"mid":99.99,"high":0}],"probe":"db","dtypes":{"region":"object","product":"object","amount":"float64","band":"category"}}
import sqlite3

import numpy as np
import pandas as pd


def main(inputs):
    sales = pd.read_csv("sales.csv")
    con = sqlite3.connect(":memory:")
    sales.to_sql("sales", con, index=False)
    top = pd.read_sql("SELECT region, SUM(amount) AS total FROM sales GROUP BY region ORDER BY total DESC", con)
    sales["band"] = pd.cut(sales["amount"], bins=[0, 50, 150, np.inf], labels=["low", "mid", "high"])
    pivot = sales.pivot_table(index="region", columns="band", values="amount", aggfunc="sum", fill_value=0, observed=False)
    ro = sqlite3.connect("file:sales.csv?mode=ro", uri=True)
    try:
        pd.read_sql("SELECT 1", ro)
        probe = "db"
    except Exception as e:
        probe = type(e).__name__
    return {"top": top.to_dict("records"), "pivot": pivot.reset_index().to_dict("records"), "probe": probe,
            "dtypes": {k: str(v) for k, v in sales.dtypes.items()}}
