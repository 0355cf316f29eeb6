# policy: data
# inputs: {"readings": [["s1", 20.5, 1], ["s2", 19.0, 0], ["s1", 21.5, 1], ["s3", 25.25, 1], ["s2", 18.0, 1]]}
# expect: {"names":["s1","s2","s3"],"counts":[2,1,1],"means":[21.0,18.0,25.25],"order":[0,2,4,1,3],"where":["hot","ok","hot","hot","ok"],"einsum":[14,126,366],"clip":[20.5,19.0,21.0,21.0,19.0],"percentile":21.5,"dtype":"[('sensor', '<U4'), ('temp', '<f8'), ('ok', '?')]","nan_mean":2.0}
import numpy as np


def main(inputs):
    dt = np.dtype([("sensor", "U4"), ("temp", "f8"), ("ok", "?")])
    a = np.array([tuple(r) for r in inputs["readings"]], dtype=dt)
    good = a[a["ok"]]
    names, idx, counts = np.unique(good["sensor"], return_inverse=True, return_counts=True)
    means = np.bincount(idx, weights=good["temp"]) / counts
    order = np.argsort(a, order=("sensor", "temp"))
    m = np.arange(12).reshape(3, 4)
    return {
        "names": names.tolist(),
        "counts": counts.tolist(),
        "means": means.round(3).tolist(),
        "order": order.tolist(),
        "where": np.where(a["temp"] > 20, "hot", "ok").tolist(),
        "einsum": np.einsum("ij,ij->i", m, m).tolist(),
        "clip": np.clip(a["temp"], 19, 21).tolist(),
        "percentile": float(np.percentile(a["temp"], 75)),
        "dtype": str(a.dtype),
        "nan_mean": float(np.nanmean(np.array([1.0, np.nan, 3.0]))),
    }
