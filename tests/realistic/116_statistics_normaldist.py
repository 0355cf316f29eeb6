# policy: default
# inputs: {"latencies_ms": [12, 15, 11, 14, 200, 13, 16, 12, 15, 14, 13, 17, 12, 11, 15]}
# expect: {"quartiles":[12.0,14.0,15.0],"deciles":[11.4,12.0,12.2,13.0,14.0,14.4,15.0,15.2,16.6],"outliers":[200],"mean":13.571428571428571,"median":14,"median_grouped":13.75,"mode":12,"multimode":[12,15],"pstdev":1.8013600304169273,"harmonic":13.335301777126917,"geometric":13.452660532885112,"p_below_18":0.99108262682,"p95":16.646251569,"overlap":0.907961352,"zscore_of_20":3.438916334,"corr":0.10820253724511096}
import statistics as st
from statistics import NormalDist


def main(inputs):
    xs = inputs["latencies_ms"]
    q = st.quantiles(xs, n=4)
    iqr = q[2] - q[0]
    outliers = [x for x in xs if x > q[2] + 1.5 * iqr or x < q[0] - 1.5 * iqr]
    clean = [x for x in xs if x not in outliers]
    nd = NormalDist.from_samples(clean)
    return {
        "quartiles": q,
        "deciles": st.quantiles(xs, n=10, method="inclusive"),
        "outliers": outliers,
        "mean": st.fmean(clean),
        "median": st.median(xs),
        "median_grouped": st.median_grouped(xs),
        "mode": st.mode(xs),
        "multimode": st.multimode(xs),
        "pstdev": st.pstdev(clean),
        "harmonic": st.harmonic_mean(clean),
        "geometric": st.geometric_mean(clean),
        "p_below_18": round(nd.cdf(18), 12),
        "p95": round(nd.inv_cdf(0.95), 9),
        "overlap": round(nd.overlap(NormalDist(14, 2)), 9),
        "zscore_of_20": round(nd.zscore(20), 9),
        "corr": st.correlation(list(range(len(clean))), clean),
    }
