# policy: default
# inputs: {"text": "the quick brown fox jumps over the lazy dog. ", "n": 200}
# expect: {"zlib":[true,true],"gzip":[true,true],"bz2":[true,true],"lzma":[true,true],"xz_raw":[true,true],"gzip_b64":"H4sIAAAAAAACA0tMSgYAwkEkNQMAAAA=","md5":"689b3561fc2333c4e805e6d608932f3c","tar":[["a.txt"],"abc"]}
import bz2, gzip, lzma, zlib, base64, hashlib, io, tarfile
def main(inputs):
    data = (inputs["text"] * inputs["n"]).encode()
    out = {}
    for name, comp, decomp in [("zlib", lambda d: zlib.compress(d, 9), zlib.decompress), ("gzip", lambda d: gzip.compress(d, mtime=0), gzip.decompress), ("bz2", bz2.compress, bz2.decompress), ("lzma", lzma.compress, lzma.decompress), ("xz_raw", lambda d: lzma.compress(d, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}]), lambda d: lzma.decompress(d, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2}]))]:
        c = comp(data)
        out[name] = [len(c) < len(data), decomp(c) == data]
    out["gzip_b64"] = base64.b64encode(gzip.compress(b"abc", mtime=0)).decode()
    out["md5"] = hashlib.md5(data, usedforsecurity=False).hexdigest()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:xz") as t:
        info = tarfile.TarInfo("a.txt"); info.size = 3; info.mtime = 0
        t.addfile(info, io.BytesIO(b"abc"))
    buf.seek(0)
    with tarfile.open(fileobj=buf, mode="r:xz") as t:
        out["tar"] = [m.name for m in t.getmembers()], t.extractfile("a.txt").read().decode()
    return out
