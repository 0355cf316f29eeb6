# policy: strict
# inputs: {"x": [1, 2, 3, 4, 5, 6], "y": [2.1, 3.9, 6.2, 7.8, 10.1, 12.2]}
# expect: {"slope":2.02,"intercept":-0.02,"r":0.999105,"quartiles":[3.45,7.0,10.625],"median_grouped":3.7,"pstdev":3.452897,"fmean_w":1.6,"geometric":10.0,"harmonic":48.0,"p_below_8":0.599155,"multimode":["b","c"],"err":"mean requires at least one data point"}
import statistics as st


def main(inputs):
    x, y = inputs["x"], inputs["y"]
    slope, intercept = st.linear_regression(x, y)
    nd = st.NormalDist.from_samples(y)
    return {
        "slope": round(slope, 6),
        "intercept": round(intercept, 6),
        "r": round(st.correlation(x, y), 6),
        "quartiles": [round(q, 4) for q in st.quantiles(y, n=4)],
        "median_grouped": st.median_grouped([1, 2, 2, 3, 4, 4, 4, 4, 4, 5]),
        "pstdev": round(st.pstdev(y), 6),
        "fmean_w": st.fmean([1, 2, 3], weights=[3, 1, 1]),
        "geometric": round(st.geometric_mean([1, 10, 100]), 9),
        "harmonic": st.harmonic_mean([40, 60]),
        "p_below_8": round(nd.cdf(8), 6),
        "multimode": st.multimode("aabbbccc"),
        "err": _err(),
    }


def _err():
    try:
        st.mean([])
    except st.StatisticsError as e:
        return str(e)
