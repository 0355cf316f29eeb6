# policy: data
# inputs: {"matrix": [[1, 2], [3, 4]]}
# expect: {"det":-2.0,"mean":2.5,"col_sums":[4.0,6.0],"t":[[1.0,3.0],[2.0,4.0]]}
import numpy as np

def main(inputs):
    m = np.array(inputs["matrix"], dtype=float)
    return {"det": round(float(np.linalg.det(m)), 6), "mean": float(m.mean()),
            "col_sums": m.sum(axis=0).tolist(), "t": m.T.tolist()}
