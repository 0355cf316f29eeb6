# policy: data
# inputs: {"series": [3, 5, 4, 6, 30, 5, 7, 6, 8, 7, 9, 8], "window": 3}
# expect: {"ma":[4.0,5.0,13.333,13.667,14.0,6.0,7.0,7.0,8.0,8.0],"outliers":[4],"pct":[5.0,6.5,8.9],"boot_ci_ok":true,"mod3":{"0":5,"1":3,"2":4},"trend":[0.1818,7.1667],"max_jump":4.0,"argsort_top3":[4,10,11],"dtype":"float64"}
import numpy as np


def main(inputs):
    x = np.asarray(inputs["series"], dtype=float)
    w = inputs["window"]
    ma = np.convolve(x, np.ones(w) / w, mode="valid")
    z = (x - x.mean()) / x.std(ddof=1)
    rng = np.random.default_rng(42)
    boot = rng.choice(x, size=(200, x.size), replace=True).mean(axis=1)
    uniq, counts = np.unique(x.astype(int) % 3, return_counts=True)
    A = np.vstack([np.arange(x.size), np.ones(x.size)]).T
    slope, intercept = np.linalg.lstsq(A, x, rcond=None)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(x[:-1] != 0, np.diff(x) / x[:-1], 0)
    return {"ma": np.round(ma, 3).tolist(), "outliers": np.flatnonzero(np.abs(z) > 2).tolist(),
            "pct": np.percentile(x, [25, 50, 90]).tolist(), "boot_ci_ok": bool(np.percentile(boot, 2.5) < x.mean() < np.percentile(boot, 97.5)),
            "mod3": dict(zip(uniq.tolist(), counts.tolist())), "trend": [round(float(slope), 4), round(float(intercept), 4)],
            "max_jump": round(float(ratio.max()), 4), "argsort_top3": np.argsort(x)[-3:][::-1].tolist(), "dtype": str(x.dtype)}
