# policy: data
# inputs: {"A": [[4, -2, 1], [-2, 4, -2], [1, -2, 4]], "b": [11, -16, 17], "x": [1, 2, 3, 4, 5, 6], "y": [1.1, 3.9, 9.2, 15.8, 25.1, 36.2]}
# expect: {"solve":[1.0,-2.0,3.0],"det":36.0,"inv_ok":true,"eig":[1.62771868,3.0,7.37228132],"chol_ok":true,"qr_ok":true,"norm":[8.12403840463596,44.0,3],"cond":4.52921099,"polyfit":[1.02678571,-0.1675,0.23],"lstsq":[7.02,-9.35333333],"rng_ints":[69,22,78,31,20],"rng_normal":[9.4816535301,9.849313386,8.5182306958],"rng_choice":["b","a","b","c"],"perm":[0,4,5,3,1,2],"legacy":[5,0,3,3,7],"legacy_rand":0.423654799339,"einsum":[93.0,-120.0,111.0],"svd":[7.37228132,3.0,1.62771868]}
import numpy as np


def main(inputs):
    A = np.array(inputs["A"], dtype=float)
    b = np.array(inputs["b"], dtype=float)
    sol = np.linalg.solve(A, b)
    w, v = np.linalg.eigh(A)
    L = np.linalg.cholesky(A)
    Q, R = np.linalg.qr(A)
    x = np.array(inputs["x"], float)
    y = np.array(inputs["y"], float)
    coef = np.polyfit(x, y, 2)
    lst, res, rank, sv = np.linalg.lstsq(np.vstack([x, np.ones_like(x)]).T, y, rcond=None)
    rng = np.random.default_rng(12345)
    legacy = np.random.RandomState(0)
    return {
        "solve": np.round(sol, 10).tolist(),
        "det": round(float(np.linalg.det(A)), 8),
        "inv_ok": bool(np.allclose(np.linalg.inv(A) @ A, np.eye(3))),
        "eig": np.round(w, 8).tolist(),
        "chol_ok": bool(np.allclose(L @ L.T, A)),
        "qr_ok": bool(np.allclose(Q @ R, A)),
        "norm": [float(np.linalg.norm(A)), float(np.linalg.norm(b, 1)), int(np.linalg.matrix_rank(A))],
        "cond": round(float(np.linalg.cond(A)), 8),
        "polyfit": np.round(coef, 8).tolist(),
        "lstsq": np.round(lst, 8).tolist(),
        "rng_ints": rng.integers(0, 100, size=5).tolist(),
        "rng_normal": np.round(rng.normal(10, 2, size=3), 10).tolist(),
        "rng_choice": rng.choice(["a", "b", "c"], size=4, p=[0.5, 0.3, 0.2]).tolist(),
        "perm": rng.permutation(6).tolist(),
        "legacy": legacy.randint(0, 10, 5).tolist(),
        "legacy_rand": round(float(legacy.rand()), 12),
        "einsum": np.einsum("ij,j->i", A, b).tolist(),
        "svd": np.round(np.linalg.svd(A, compute_uv=False), 8).tolist(),
    }
