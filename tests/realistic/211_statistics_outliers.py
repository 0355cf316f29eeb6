# policy: strict
# inputs: {"latency_ms": [102, 98, 110, 95, 101, 99, 480, 97, 103, 100, 96, 250], "load": [10, 9, 12, 8, 10, 9, 40, 9, 11, 10, 8, 25]}
# expect: {"z_outliers":[480],"mad_outliers":[480,250],"median_low":100,"median_high":101,"quartiles":[97.75,100.5,104.75],"corr":0.991249,"fit":[11.8719,-15.0309],"fmean":144.25,"geo":123.026,"harm":113.053}
import statistics as st


def main(inputs):
    xs, ys = inputs["latency_ms"], inputs["load"]
    mean, sd = st.mean(xs), st.stdev(xs)
    med = st.median(xs)
    mad = st.median([abs(x - med) for x in xs])
    robust = [x for x in xs if abs(x - med) / (1.4826 * mad) > 3.5]
    slope, intercept = st.linear_regression(ys, xs)
    return {
        "z_outliers": [x for x in xs if abs(x - mean) / sd > 2],
        "mad_outliers": robust,
        "median_low": st.median_low(xs), "median_high": st.median_high(xs),
        "quartiles": st.quantiles(xs, n=4, method="inclusive"),
        "corr": round(st.correlation(xs, ys), 6),
        "fit": [round(slope, 4), round(intercept, 4)],
        "fmean": st.fmean(xs), "geo": round(st.geometric_mean(xs), 3), "harm": round(st.harmonic_mean(xs), 3),
    }
