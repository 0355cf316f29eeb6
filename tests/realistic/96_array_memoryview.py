# policy: strict
# inputs: {"samples": [0, 1000, -1000, 32767, -32768, 12]}
# expect: {"itemsize":2,"len":12,"mv":[0,1000,-1000,32767,-32768,12],"swapped":[0,-6141,6396],"rms":18927.133,"mutated":"aXYdef","slice":"0000e803","doubles":[1.5,2.25],"overflow":"signed short integer is greater than maximum"}
import array
import math


def main(inputs):
    a = array.array("h", inputs["samples"])
    raw = a.tobytes()
    mv = memoryview(raw).cast("h")
    b = array.array("h")
    b.frombytes(raw)
    b.byteswap()
    rms = math.sqrt(sum(x * x for x in a) / len(a))
    mv2 = memoryview(bytearray(b"abcdef"))
    mv2[1:3] = b"XY"
    return {"itemsize": a.itemsize, "len": len(raw), "mv": mv.tolist(), "swapped": b.tolist()[:3],
            "rms": round(rms, 3), "mutated": bytes(mv2).decode(), "slice": bytes(memoryview(raw)[:4]).hex(),
            "doubles": array.array("d", [1.5, 2.25]).tolist(), "overflow": _overflow()}


def _overflow():
    try:
        array.array("h", [40000])
    except OverflowError as e:
        return str(e)
