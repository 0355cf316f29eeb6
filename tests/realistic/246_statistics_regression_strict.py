# policy: strict
# inputs: {"x": [1, 2, 3, 4, 5, 6, 7, 8], "y": [2.1, 3.9, 6.2, 8.1, 9.8, 12.2, 13.8, 16.1], "resp": [120, 135, 150, 150, 170, 600, 140]}
# expect: {"slope":1.990476,"intercept":0.067857,"slope0":2.002451,"r":0.999426,"cov":11.942857,"q":[135.0,150.0,170.0],"qi":[129.0,136.0,139.0,144.0,150.0,150.0,154.0,166.0,342.0],"gm":175.874825,"hm":159.941687,"fmean":200.625,"modes":["c"],"median_grouped":3.7,"nd":[9.025,4.8785,0.5792,17.0493],"overlap":0.653877,"z":1.4503,"errs":[["mean","mean requires at least one data point"],["correlation","at least one of the inputs is constant"],["stdev","stdev requires at least two data points"],["harmonic_mean","harmonic mean does not support negative values"],["quantiles","must have at least two data points"]],"pvar":0.9739583333333334}
import statistics as st


def main(inputs):
    x, y, resp = inputs["x"], inputs["y"], inputs["resp"]
    lr = st.linear_regression(x, y)
    lr0 = st.linear_regression(x, y, proportional=True)
    nd = st.NormalDist.from_samples(y)
    errs = []
    for fn, args in ((st.mean, ([],)), (st.correlation, ([1, 1, 1], [1, 2, 3])), (st.stdev, ([1],)), (st.harmonic_mean, ([1, -1],)), (st.quantiles, ([1], ))):
        try:
            fn(*args)
        except st.StatisticsError as e:
            errs.append([fn.__name__, str(e)])
    return {
        "slope": round(lr.slope, 6), "intercept": round(lr.intercept, 6), "slope0": round(lr0.slope, 6),
        "r": round(st.correlation(x, y), 6), "cov": round(st.covariance(x, y), 6),
        "q": st.quantiles(resp, n=4), "qi": st.quantiles(resp, n=10, method="inclusive"),
        "gm": round(st.geometric_mean(resp), 6), "hm": round(st.harmonic_mean(resp), 6),
        "fmean": st.fmean(resp, weights=[1] * 6 + [2]) if hasattr(st, "fmean") else None,
        "modes": st.multimode("aabbbcccc"), "median_grouped": st.median_grouped([1, 2, 2, 3, 4, 4, 4, 4, 4, 5]),
        "nd": [round(nd.mean, 4), round(nd.stdev, 4), round(nd.cdf(10), 4), round(nd.inv_cdf(0.95), 4)],
        "overlap": round(st.NormalDist(0, 1).overlap(st.NormalDist(1, 1.5)), 6),
        "z": round(nd.zscore(16.1), 4), "errs": errs, "pvar": st.pvariance([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]),
    }
