# policy: default
# inputs: {"points": [[0, 0], [3, 4], [6, 8], [9, 13]], "values": [0.1, 0.2, 0.3, 1e100, -1e100], "n": 52, "k": 5}
# expect: {"dists":[5.0,5.0,5.830951894845301],"hypot":13.0,"sum":0.0,"fsum":0.6,"comb":2598960,"perm":720,"prod":2432902008176640000,"gcd_lcm":[12,60],"isqrt":100000000000000000000,"isclose":[true,true],"rounding":[2,4,0,2.67,-3,-2,-2],"special":[2.718281828459045,2.0,10.0,9.999999999500001e-11,1.00000000005e-10,3.0000000000000004,1024.0],"trig":[180.0,0.49999999999999994,2.356194490192345],"frexp":[0.75,6],"nextafter":[1.0000000000000002,2.220446049250313e-16],"inf_checks":[true,true,-1.0],"cmath":["2j",true,[1.4142135623730951,0.7853981633974483]],"int_ops":[[-4,1],-4,1,5,16,8,2,1],"float_hex":["0x1.999999999999ap-4",3.0,[3,4]]}
import cmath
import math


def main(inputs):
    pts = inputs["points"]
    xs = inputs["values"]
    return {
        "dists": [math.dist(a, b) for a, b in zip(pts, pts[1:])],
        "hypot": math.hypot(3, 4, 12),
        "sum": sum(xs),
        "fsum": math.fsum(xs),
        "comb": math.comb(inputs["n"], inputs["k"]),
        "perm": math.perm(10, 3),
        "prod": math.prod(range(1, 21)),
        "gcd_lcm": [math.gcd(84, 36, 120), math.lcm(4, 6, 10)],
        "isqrt": math.isqrt(10 ** 40 + 1),
        "isclose": [math.isclose(0.1 + 0.2, 0.3), math.isclose(1e-10, 0, abs_tol=1e-9)],
        "rounding": [round(2.5), round(3.5), round(-0.5), round(2.675, 2), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7)],
        "special": [math.exp(1), math.log(100, 10), math.log2(1024), math.log1p(1e-10), math.expm1(1e-10), math.cbrt(27.0), math.exp2(10)],
        "trig": [math.degrees(math.pi), math.sin(math.pi / 6), math.atan2(1, -1)],
        "frexp": math.frexp(48.0),
        "nextafter": [math.nextafter(1.0, 2.0), math.ulp(1.0)],
        "inf_checks": [math.isinf(1e308 * 10), math.isnan(float("nan")), math.copysign(1, -0.0)],
        "cmath": [str(cmath.sqrt(-4)), abs(cmath.exp(1j * math.pi) + 1) < 1e-15, list(cmath.polar(1 + 1j))],
        "int_ops": [divmod(-7, 2), -7 // 2, -7 % 2, pow(3, -1, 7), pow(2, 100, 97), (255).bit_length(), (10).bit_count(), int.from_bytes(b"\x01\x00", "little")],
        "float_hex": [(0.1).hex(), float.fromhex("0x1.8p1"), (0.75).as_integer_ratio()],
    }
