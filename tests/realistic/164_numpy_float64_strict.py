# policy: data
# inputs: {"v": [1.5, 2.5, 3.0]}
# expect: {"mean":2.3333333333333335,"max":3.0,"first":1.5,"py":7.0}
import numpy as np


def main(inputs):
    a = np.array(inputs["v"])
    return {"mean": a.mean(), "max": np.max(a), "first": a[0], "py": float(a.sum())}
