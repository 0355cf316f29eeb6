# policy: strict
# expect: {"sum":0.30000000000000004,"fsum":1.0,"third":0.3333333333333333,"tiny":5e-324,"big":1.1805916207174113e+21}
import math

def main(inputs):
    return {"sum": 0.1 + 0.2, "fsum": math.fsum([0.1] * 10), "third": 1 / 3, "tiny": 5e-324, "big": 2.0 ** 70}
