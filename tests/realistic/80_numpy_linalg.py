# policy: data
# inputs: {"x": [0, 1, 2, 3, 4, 5], "y": [1.1, 2.9, 5.2, 7.1, 8.8, 11.2]}
# expect: {"fit":[2.002857,1.042857],"pct":[3.475,6.15,10.0],"hist":[2,2,2],"edges":[1.1,4.467,7.833,11.2],"eig":[1.381966,3.618034],"inv_ok":true,"mask":[2,3,4,5],"days":["2024-02-27","2024-02-28","2024-02-29","2024-03-01"],"weekday":[true,true,true,true],"rng":[8,77,65,43,43],"cumsum":[1.1,4.0,9.2,16.3,25.1,36.3],"where":["lo","lo","lo","hi","hi","hi"]}
import numpy as np


def main(inputs):
    x = np.asarray(inputs["x"], dtype=float)
    y = np.asarray(inputs["y"])
    A = np.vstack([x, np.ones_like(x)]).T
    (m, c), *_ = np.linalg.lstsq(A, y, rcond=None)
    hist, edges = np.histogram(y, bins=3)
    M = np.array([[2.0, 1.0], [1.0, 3.0]])
    days = np.arange("2024-02-27", "2024-03-02", dtype="datetime64[D]")
    rng = np.random.default_rng(42)
    return {
        "fit": [round(float(m), 6), round(float(c), 6)],
        "pct": np.percentile(y, [25, 50, 90]).round(4).tolist(),
        "hist": hist.tolist(),
        "edges": edges.round(3).tolist(),
        "eig": sorted(np.linalg.eigvalsh(M).round(6).tolist()),
        "inv_ok": bool(np.allclose(M @ np.linalg.inv(M), np.eye(2))),
        "mask": x[y > 5].astype(int).tolist(),
        "days": [str(d) for d in days],
        "weekday": np.is_busday(days).tolist(),
        "rng": rng.integers(0, 100, 5).tolist(),
        "cumsum": np.cumsum(y).round(2).tolist(),
        "where": np.where(y > 7, "hi", "lo").tolist(),
    }
