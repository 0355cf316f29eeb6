# policy: default
# inputs: {"files": {"a.txt": "alpha\n", "dir/b.csv": "x,y\n1,2\n", "ü.txt": "unicode name"}}
# expect: {"listing":[["a.txt",6],["dir/b.csv",8],["ü.txt",12]],"rows":[["x","y"],["1","2"]],"gz_len":53,"gz_back":6000,"members":[["member.txt","tar member"]],"sio":["line1","line2"],"zip_ok":true}
import csv
import gzip
import io
import tarfile
import zipfile


def main(inputs):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, text in inputs["files"].items():
            z.writestr(name, text)
    zbytes = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(zbytes)) as z:
        listing = [(i.filename, i.file_size) for i in z.infolist()]
        b = z.read("dir/b.csv").decode()
    rows = list(csv.reader(io.StringIO(b)))
    gz = gzip.compress(b"hello " * 1000, mtime=0)
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w:gz") as t:
        data = b"tar member"
        info = tarfile.TarInfo("member.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    tbuf.seek(0)
    with tarfile.open(fileobj=tbuf, mode="r:gz") as t:
        members = [(m.name, t.extractfile(m).read().decode()) for m in t]
    s = io.StringIO()
    print("line1", file=s)
    s.write("line2")
    return {"listing": listing, "rows": rows, "gz_len": len(gz), "gz_back": len(gzip.decompress(gz)),
            "members": members, "sio": s.getvalue().splitlines(), "zip_ok": zipfile.is_zipfile(io.BytesIO(zbytes))}
