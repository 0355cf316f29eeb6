# policy: data
# results: lenient
# inputs: {"values": [2.5, 3.1, 4.7, 5.0, 5.5, 6.1, 7.9, 8.2, 9.9, 12.0, 3.3, 4.4], "grid": [[1, 2, 3], [4, 5, 6]]}
# expect: {"hist":[1,6,3,2],"edges":[0.0,3.0,6.0,9.0,12.0],"pct":[3.12,5.25,9.73],"median":5.25,"std":2.9090767045,"argsort":[0,1,10],"where":["lo","lo","lo","lo","lo","hi","hi","hi","hi","hi","lo","lo"],"cumprod":[[1,2,6],[4,20,120]],"broadcast":[[-1.5,-1.5,-1.5],[1.5,1.5,1.5]],"mask_sum":40.0,"unique":[[2,3,4,5,6,8,10,12],[1,2,1,2,2,2,1,1]],"rec":4.0,"fft_mag":[0.0,0.0,0.0,0.0,8.0,0.0,0.0,0.0,0.0],"dtype":"int64","int64":21,"bool":true,"nan_safe":2.0}
import numpy as np


def main(inputs):
    v = np.array(inputs["values"])
    hist, edges = np.histogram(v, bins=4, range=(0, 12))
    g = np.array(inputs["grid"])
    rec = np.array([("a", 1.5), ("b", 2.5)], dtype=[("name", "U5"), ("val", "f8")])
    f = np.fft.rfft(np.array([0, 1, 0, -1] * 4, dtype=float))
    return {
        "hist": hist,
        "edges": edges,
        "pct": np.percentile(v, [10, 50, 90]),
        "median": np.median(v),
        "std": np.std(v, ddof=1).round(10),
        "argsort": np.argsort(v)[:3],
        "where": np.where(v > 6, "hi", "lo"),
        "cumprod": np.cumprod(g, axis=1),
        "broadcast": (g - g.mean(axis=0)),
        "mask_sum": v[(v > 3) & (v < 8)].sum().round(6),
        "unique": np.unique(np.round(v).astype(int), return_counts=True),
        "rec": rec["val"].sum(),
        "fft_mag": np.round(np.abs(f), 6),
        "dtype": str(g.dtype),
        "int64": g.sum(),
        "bool": bool(np.any(v > 11)),
        "nan_safe": np.nanmean(np.array([1.0, np.nan, 3.0])),
    }
