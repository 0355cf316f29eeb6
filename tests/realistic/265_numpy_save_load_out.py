# policy: data
# inputs: {"seed": 7}
# stdout: "[[ 0.    0.3  -0.27]\n [-0.89 -0.46 -0.99]\n [ 0.06  1.34 -0.49]\n [-0.62  0.49  0.36]]\narray([      0. ,       1.5, 1000000. ])\n[ 0  1 ... 98 99]\n"
# expect: {"same":true,"b":[0,1,2,3,4],"txt_ok":true,"sales":[["north","south","north","east"],535.74],"ratio":["inf","nan","-inf"],"bad":["nan","-inf"],"eye":"1 0\n0 1\n","ver_ok":true,"dtype":"('region', 'product', 'amount')","mean":-0.098083}
import io

import numpy as np


def main(inputs):
    rng = np.random.default_rng(inputs["seed"])
    a = rng.normal(size=(4, 3)).round(3)
    np.save("out/a.npy", a)
    np.savez_compressed("out/ab.npz", a=a, b=np.arange(5))
    np.savetxt("out/a.csv", a, delimiter=",", fmt="%.3f", header="x,y,z", comments="")
    back = np.load("out/a.npy")
    z = np.load("out/ab.npz")
    txt = np.loadtxt("out/a.csv", delimiter=",", skiprows=1)
    sales = np.genfromtxt("sales.csv", delimiter=",", names=True, dtype=None, encoding="utf-8")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.array([1.0, 0.0, -1.0]) / np.array([0.0, 0.0, 0.0])
    np.set_printoptions(precision=2, suppress=True)
    print(a)
    print(repr(np.array([1e-9, 1.5, 1e6])))
    np.set_printoptions(edgeitems=2, threshold=5)
    print(np.arange(100))
    np.set_printoptions()
    bad = np.log(np.array([-1.0, 0.0]))
    s = io.StringIO()
    np.savetxt(s, np.eye(2), fmt="%d")
    for p in ("out/a.npy", "out/ab.npz", "out/a.csv"):
        __import__("os").remove(p)
    return {"same": bool((back == a).all()), "b": z["b"].tolist(), "txt_ok": bool(np.allclose(txt, a)),
            "sales": [sales["region"].tolist(), sales["amount"].sum().round(2).item()], "ratio": [str(x) for x in ratio],
            "bad": [str(x) for x in bad], "eye": s.getvalue(), "ver_ok": int(np.__version__.split(".")[0]) >= 1,
            "dtype": str(sales.dtype.names), "mean": float(a.mean().round(6))}
