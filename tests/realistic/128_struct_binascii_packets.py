# policy: default
# inputs: {"hex": "a1b2c3d4000100020000000a0000000048656c6c6f2c20776f726c6421000000", "records": [[1, 2.5, "ab"], [2, -1.25, "xyz"]]}
# expect: {"header":["0xa1b2c3d4",1,2,10,0],"body":"Hello, wor","packed_hex":"01000000 00000000 04406162 00000200 00000000 0000f4bf 78797a00","back":[[1,2.5,"ab"],[2,-1.25,"xyz"]],"sizes":[14,16,10],"buf":"FFFFFFFFFFFFFF7F","err":"short format requires -32768 <= number <= 32767","b32":"OB4XOYLSMRSW4===","b85":"0RLoRbYT","a85":"BOu!rDZ","urlsafe":"-__-","hexlify":"01-02","float_bits":4591870180066957722}
import base64
import binascii
import struct

HDR = struct.Struct(">IHHII")


def main(inputs):
    raw = binascii.unhexlify(inputs["hex"])
    magic, major, minor, length, flags = HDR.unpack_from(raw)
    body = raw[HDR.size:HDR.size + length].decode()
    rec = struct.Struct("<Hd4s")
    packed = b"".join(rec.pack(i, v, s.encode()) for i, v, s in inputs["records"])
    back = [(i, v, s.rstrip(b"\0").decode()) for i, v, s in rec.iter_unpack(packed)]
    buf = bytearray(8)
    struct.pack_into("<ii", buf, 0, -1, 2 ** 31 - 1)
    err = None
    try:
        struct.pack("<h", 70000)
    except struct.error as e:
        err = str(e)
    return {
        "header": [hex(magic), major, minor, length, flags],
        "body": body,
        "packed_hex": packed.hex(" ", 4),
        "back": back,
        "sizes": [rec.size, struct.calcsize("@Hd"), struct.calcsize("=Hd")],
        "buf": base64.b16encode(bytes(buf)).decode(),
        "err": err,
        "b32": base64.b32encode(b"pywarden").decode(),
        "b85": base64.b85encode(b"\x00\xffdata").decode(),
        "a85": base64.a85encode(b"hello").decode(),
        "urlsafe": base64.urlsafe_b64encode(bytes([251, 255, 254])).decode(),
        "hexlify": binascii.hexlify(b"\x01\x02", "-").decode(),
        "float_bits": struct.unpack("<Q", struct.pack("<d", 0.1))[0],
    }
