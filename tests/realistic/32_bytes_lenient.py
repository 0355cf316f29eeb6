# policy: strict
# results: lenient
# inputs: {"text": "hi"}
# expect: {"raw":"aGk=","crc":3633523372,"sizes":[2,10]}
import zlib

def main(inputs):
    raw = inputs["text"].encode()
    return {"raw": raw, "crc": zlib.crc32(raw), "sizes": (len(raw), len(zlib.compress(raw)))}
