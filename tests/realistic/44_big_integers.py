# policy: strict
# inputs: {"n": 30, "big": 18446744073709551617}
# expect: {"factorial":265252859812191058636308480000000,"digit_sum":117,"big_plus_one":18446744073709551618}
import math

def main(inputs):
    f = math.factorial(inputs["n"])
    return {"factorial": f, "digit_sum": sum(map(int, str(f))), "big_plus_one": inputs["big"] + 1}
