# policy: strict
# inputs: {"records": [{"id": 1, "msg": "hello"}, {"id": 2, "msg": "world"}]}
# expect: {"gz_b64_head":"H4sIAAAAAAACAw==","same":false,"back":[{"id":1,"msg":"hello"},{"id":2,"msg":"world"}],"ratio_ok":true,"inflated":true,"adler":1756499546,"crc":1487538425,"lines":["ümlaut line\n","zwei\n"],"decompress_gz":true}
import base64
import gzip
import io
import json
import zlib


def main(inputs):
    raw = "\n".join(json.dumps(r) for r in inputs["records"]).encode()
    gz = gzip.compress(raw, mtime=0)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as f:
        f.write(raw)
    back = [json.loads(l) for l in gzip.GzipFile(fileobj=io.BytesIO(buf.getvalue())).read().splitlines()]
    co = zlib.compressobj(level=9, wbits=-15)
    deflated = co.compress(raw * 50) + co.flush()
    do = zlib.decompressobj(wbits=-15)
    inflated = do.decompress(deflated, 100)
    rest = do.decompress(do.unconsumed_tail) + do.flush()
    text = io.TextIOWrapper(io.BytesIO("ümlaut line\nzwei\n".encode("utf-8")), encoding="utf-8")
    return {"gz_b64_head": base64.b64encode(gz[:10]).decode(), "same": gz == buf.getvalue(), "back": back,
            "ratio_ok": len(deflated) < len(raw) * 5, "inflated": len(inflated) + len(rest) == len(raw) * 50,
            "adler": zlib.adler32(raw), "crc": zlib.crc32(raw), "lines": text.readlines(),
            "decompress_gz": zlib.decompress(gz, wbits=31) == raw}
