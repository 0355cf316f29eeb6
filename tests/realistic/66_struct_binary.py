# policy: strict
# inputs: {"png_b64": "iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEUlEQVR4nGP4z8DwH4QZMBgAoXkL9U3EmgcAAAAASUVORK5CYII="}
# expect: {"chunks":[{"type":"IHDR","len":13,"crc_ok":true,"width":2,"height":3,"depth":8,"color":6},{"type":"IDAT","len":17,"crc_ok":true},{"type":"IEND","len":0,"crc_ok":true}],"size":25,"packed":"feffffffffffffff000000000001000001616263000000c03f","unpacked":[-2,65535,-1,1099511627776,true,"abc",1.5],"iter":[1,2]}
import base64
import struct
import zlib


def chunks(data):
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        yield kind.decode(), body, crc == zlib.crc32(kind + body)
        pos += 12 + length


def main(inputs):
    data = base64.b64decode(inputs["png_b64"])
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a png"
    out = []
    for kind, body, ok in chunks(data):
        item = {"type": kind, "len": len(body), "crc_ok": ok}
        if kind == "IHDR":
            w, h, depth, color, *_ = struct.unpack(">IIBBBBB", body)
            item.update(width=w, height=h, depth=depth, color=color)
        out.append(item)
    rec = struct.Struct("<hHiq?3sxf")
    packed = rec.pack(-2, 65535, -1, 2**40, True, b"abc", 1.5)
    return {"chunks": out, "size": rec.size, "packed": packed.hex(), "unpacked": [x.decode() if isinstance(x, bytes) else x for x in rec.unpack(packed)],
            "iter": [v for (v,) in struct.iter_unpack("<H", b"\x01\x00\x02\x00")]}
