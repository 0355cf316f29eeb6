# policy: default
# expect: {"mean":100.630941133,"sample":[16,7,72,79,37],"choices":["a","b","a","a","a","c"],"shuffle":[4,3,0,6,2,5,1,7],"tri":6.30795763,"bits":6343537092680139776,"randbytes":"138d902c","uniform":1.228218847582,"expo":0.236809198283}
import random, statistics
def main(inputs):
    rng = random.Random(1234)
    xs = [rng.gauss(100, 15) for _ in range(1000)]
    return {"mean": round(statistics.fmean(xs), 9), "sample": rng.sample(range(100), 5), "choices": rng.choices("abc", weights=[5, 1, 1], k=6), "shuffle": (lambda l: (rng.shuffle(l), l)[1])(list(range(8))), "tri": round(rng.triangular(0, 10, 3), 9), "bits": rng.getrandbits(64), "randbytes": rng.randbytes(4).hex(), "uniform": round(rng.uniform(1, 2), 12), "expo": round(rng.expovariate(0.5), 12)}
