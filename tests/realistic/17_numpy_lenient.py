# policy: data
# results: lenient
# inputs: {"xs": [1, 2, 3, 4]}
# expect: {"cumsum":[1,3,6,10],"max":4,"even":[false,true,false,true],"scaled":[0.5,1.0,1.5,2.0]}
import numpy as np

def main(inputs):
    a = np.array(inputs["xs"])
    return {"cumsum": np.cumsum(a), "max": a.max(), "even": a % 2 == 0, "scaled": a / 2}
