# policy: strict
# inputs: {"xs": [2, 4, 4, 4, 5, 5, 7, 9]}
# expect: {"mean":5,"median":4.5,"mode":4,"pstdev":2.0,"quantiles":[4.0,4.5,6.5]}
import statistics

def main(inputs):
    xs = inputs["xs"]
    return {"mean": statistics.mean(xs), "median": statistics.median(xs),
            "mode": statistics.mode(xs), "pstdev": statistics.pstdev(xs),
            "quantiles": statistics.quantiles(xs, n=4)}
