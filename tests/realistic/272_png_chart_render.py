# policy: data
# inputs: {"w": 24, "h": 8, "bars": [3, 7, 5, 8, 2, 6]}
# expect: {"kind":"png","size":98,"sha":"f33829dd819d89c0","uri_head":"data:image/png;base64,iVBORw0KGgoAAAANSU","ihdr":[24,8,8,2,0,0,0]}
import base64
import binascii
import colorsys
import hashlib
import imghdr
import struct
import zlib
from pathlib import Path


def png(width, height, rows):
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", binascii.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(inputs):
    w, h, bars = inputs["w"], inputs["h"], inputs["bars"]
    bw = w // len(bars)
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            i = min(x // bw, len(bars) - 1)
            on = h - y <= bars[i]
            r, g, b = colorsys.hsv_to_rgb(i / len(bars), 0.8, 1.0) if on else (1, 1, 1)
            row += [int(r * 255), int(g * 255), int(b * 255)]
        rows.append(row)
    data = png(w, h, rows)
    Path("out/chart.png").write_bytes(data)
    kind = imghdr.what("out/chart.png")
    uri = "data:image/png;base64," + base64.b64encode(data).decode()
    Path("out/chart.png").unlink()
    return {"kind": kind, "size": len(data), "sha": hashlib.sha256(data).hexdigest()[:16], "uri_head": uri[:40],
            "ihdr": list(struct.unpack(">IIBBBBB", data[16:29]))}
