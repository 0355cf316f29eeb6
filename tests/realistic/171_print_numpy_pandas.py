# policy: data
# stdout: "   column_0  column_1  column_2  ...  column_17  column_18  column_19\n0         0         1         2  ...         17         18         19\n1        20        21        22  ...         37         38         39\n2        40        41        42  ...         57         58         59\n\n[3 rows x 20 columns]\n          count  mean   std  min   25%   50%   75%   max\ncolumn_0    3.0  20.0  20.0  0.0  10.0  20.0  30.0  40.0\ncolumn_1    3.0  21.0  20.0  1.0  11.0  21.0  31.0  41.0\ncolumn_2    3.0  22.0  20.0  2.0  12.0  22.0  32.0  42.0\n[0.         0.03448276 0.06896552 0.10344828 0.13793103 0.17241379\n 0.20689655 0.24137931 0.27586207 0.31034483 0.34482759 0.37931034\n 0.4137931  0.44827586 0.48275862 0.51724138 0.55172414 0.5862069\n 0.62068966 0.65517241 0.68965517 0.72413793 0.75862069 0.79310345\n 0.82758621 0.86206897 0.89655172 0.93103448 0.96551724 1.        ]\n[[ 1.5e+00  2.0e-09]\n [ 3.0e+10 -4.0e+00]]\n[0.333 0.667 0.   ]\n0    1.5\n1    NaN\n2    3.0\nName: s, dtype: float64\n2024-01-01 10:00:00+00:00\n"
# expect: 80
import numpy as np, pandas as pd
def main(inputs):
    df = pd.DataFrame(np.arange(60).reshape(3, 20), columns=[f"column_{i}" for i in range(20)])
    print(df)
    print(df.describe().T.head(3))
    print(np.linspace(0, 1, 30))
    print(np.array([[1.5, 2e-9], [3e10, -4]]))
    with np.printoptions(precision=3, suppress=True):
        print(np.array([1/3, 2/3, 1e-9]))
    print(pd.Series([1.5, None, 3], name="s"))
    print(pd.Timestamp("2024-01-01 10:00", tz="UTC"))
    return pd.get_option("display.width")
