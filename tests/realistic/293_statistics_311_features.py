# policy: strict
# inputs: {"scores": [72, 85, 85, 90, 61, 77, 85, 93, 72], "weights": [1, 2, 2, 1, 1, 1, 3, 1, 1], "hours": [2, 5, 5, 6, 1, 4, 5, 7, 3]}
# expect: {"fmean_w":81.53846153846153,"quartiles":[72.0,85.0,87.5],"deciles_incl":[69.8,72.0,74.0,78.6,85.0,85.0,85.0,87.0,90.6],"multimode":[85],"corr":0.982553232618,"cov":19.375,"slope":[16.815789474,0.0],"geo":79.381379732,"harm":80.557720259,"median_grouped":83.33333333333333,"pstdev":9.672412085697939,"empty":"no mode for empty data"}
import statistics as st


def main(inputs):
    s, w, h = inputs["scores"], inputs["weights"], inputs["hours"]
    try:
        st.mode([])
        empty = None
    except st.StatisticsError as e:
        empty = str(e)
    return {
        "fmean_w": st.fmean(s, w),
        "quartiles": st.quantiles(s, n=4),
        "deciles_incl": st.quantiles(s, n=10, method="inclusive"),
        "multimode": st.multimode(s),
        "corr": round(st.correlation(h, s), 12),
        "cov": st.covariance(h, s),
        "slope": [round(x, 9) for x in st.linear_regression(h, s, proportional=True)],
        "geo": round(st.geometric_mean(s), 9),
        "harm": round(st.harmonic_mean(s, weights=w), 9),
        "median_grouped": st.median_grouped(s, interval=5),
        "pstdev": st.pstdev(s),
        "empty": empty,
    }
